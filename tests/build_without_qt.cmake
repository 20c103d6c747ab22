# Run by CTest: configure + build Headliner with HEADLINER_GUI=OFF and every Qt package hidden
# from CMake, then check that headliner-cli runs and links no Qt library.
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G Ninja
          -DCMAKE_BUILD_TYPE=Release -DHEADLINER_GUI=OFF -DHEADLINER_BENCH=OFF
          -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DHEADLINER_SPM_PREFIX=${SPM_PREFIX}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure with HEADLINER_GUI=OFF failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target headliner-cli
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build with HEADLINER_GUI=OFF failed (${rc})")
endif()
# Direct dependencies only (readelf NEEDED): Debian's libtorch itself pulls in Qt 5 through its
# own dependencies, which is not ours to change; what must hold is that our code needs no Qt.
execute_process(COMMAND readelf -d ${BINARY_DIR}/app/cli/headliner-cli OUTPUT_VARIABLE libs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf failed on the Qt-free headliner-cli")
endif()
if(libs MATCHES "libQt")
  message(FATAL_ERROR "headliner-cli built with HEADLINER_GUI=OFF links Qt:\n${libs}")
endif()
execute_process(COMMAND ${BINARY_DIR}/app/cli/headliner-cli --version OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^Headliner [0-9]+\\.[0-9]+\\.[0-9]+ \\(LibTorch")
  message(FATAL_ERROR "Qt-free headliner-cli --version failed (${rc}): ${out}")
endif()
message(STATUS "Qt-free build OK: ${out}")
