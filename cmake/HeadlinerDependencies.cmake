# Third-party dependencies of the core. No Qt here: the core must build where Qt is absent.
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig)
if(PkgConfig_FOUND)
  pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
  pkg_check_modules(LZMA REQUIRED IMPORTED_TARGET liblzma)  # .xz datasets, read as a stream
else()
  # Machines without pkg-config (some CUDA images): the same targets from a plain search of
  # CMAKE_PREFIX_PATH (bench/gpu/run.sh points it at unpacked Debian packages).
  foreach(_dep IN ITEMS "UTF8PROC;utf8proc.h;utf8proc" "LZMA;lzma.h;lzma")
    list(GET _dep 0 _name)
    list(GET _dep 1 _header)
    list(GET _dep 2 _lib)
    find_path(${_name}_INCLUDE_DIR ${_header} REQUIRED)
    find_library(${_name}_LIBRARY ${_lib} REQUIRED)
    add_library(PkgConfig::${_name} INTERFACE IMPORTED)
    set_target_properties(PkgConfig::${_name} PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${${_name}_INCLUDE_DIR}" INTERFACE_LINK_LIBRARIES "${${_name}_LIBRARY}")
  endforeach()
endif()
find_package(CURL REQUIRED)  # core/hub: the Hugging Face hub client

# libtorch's imported target carries its include dirs; make sure they are SYSTEM so that our
# -Werror never fires on torch headers.
if(TARGET torch)
  get_target_property(_torch_inc torch INTERFACE_INCLUDE_DIRECTORIES)
  if(_torch_inc)
    set_target_properties(torch PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_torch_inc}")
  endif()
endif()
if(NOT Torch_VERSION)
  set(Torch_VERSION "${TORCH_VERSION}")
endif()

# --- sentencepiece ---------------------------------------------------------------------------
# Preferred: the static build made by scripts/build-sentencepiece.sh (protobuf and absl renamed,
# safe next to Debian's libtorch, which loads the system libprotobuf). Fallback: a system
# sentencepiece found with pkg-config, fine with LibTorch 2.x wheels/archives that hide their
# protobuf, and refused next to Debian's libtorch because that combination crashes before main().
set(HEADLINER_SPM_PREFIX "${CMAKE_SOURCE_DIR}/.deps/sentencepiece" CACHE PATH
  "Prefix of the sentencepiece build made by scripts/build-sentencepiece.sh")
add_library(headliner_sentencepiece INTERFACE)
add_library(Headliner::sentencepiece ALIAS headliner_sentencepiece)
if(EXISTS "${HEADLINER_SPM_PREFIX}/lib/libheadliner_spm.a")
  file(READ "${HEADLINER_SPM_PREFIX}/VERSION" HEADLINER_SPM_VERSION)
  string(STRIP "${HEADLINER_SPM_VERSION}" HEADLINER_SPM_VERSION)
  set(HEADLINER_SPM_KIND "static, renamed protobuf")
  target_include_directories(headliner_sentencepiece SYSTEM INTERFACE "${HEADLINER_SPM_PREFIX}/include")
  target_link_libraries(headliner_sentencepiece INTERFACE
    "${HEADLINER_SPM_PREFIX}/lib/libheadliner_spm.a" Threads::Threads)
else()
  if(PkgConfig_FOUND)
    pkg_check_modules(SPM IMPORTED_TARGET sentencepiece)
  endif()
  if(NOT SPM_FOUND)
    message(FATAL_ERROR "sentencepiece not found: run scripts/build-sentencepiece.sh "
                        "(or set HEADLINER_SPM_PREFIX)")
  endif()
  if(Torch_VERSION VERSION_LESS 2.0)
    message(FATAL_ERROR "The system sentencepiece crashes next to Debian's libtorch "
                        "(duplicate protobuf). Run scripts/build-sentencepiece.sh first.")
  endif()
  set(HEADLINER_SPM_VERSION "${SPM_VERSION}")
  set(HEADLINER_SPM_KIND "system")
  target_link_libraries(headliner_sentencepiece INTERFACE PkgConfig::SPM)
endif()
