# Warnings for project code only; third-party headers come in as SYSTEM includes.
function(headliner_warnings target)
  # -Wrestrict: GCC 12 at -O3 reports false positives inside std::string (GCC bug 105329).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter -Wno-restrict)
  if(HEADLINER_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Every Qt target: Qt's `slots`/`signals` macros break torch headers (IValue::slots()).
function(headliner_qt_target target)
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
  set_target_properties(${target} PROPERTIES AUTOMOC ON AUTORCC ON)
endfunction()
