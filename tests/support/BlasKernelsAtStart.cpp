// Linked into every QtTest executable: the tests multiply with the same BLAS kernels as the app
// and the CLI, which choose them in initRuntime (core/BlasKernels.h). This runs before main, after
// the BLAS's own load-time set-up, while no other thread exists.
#include "core/BlasKernels.h"

namespace {
const bool kernelsChosen = [] {
    headliner::blas::chooseKernels();
    return true;
}();
}  // namespace
