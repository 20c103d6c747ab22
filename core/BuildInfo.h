#pragma once
// What this build of Headliner is made of, for --version, the About dialog and bug reports.

#include <string>
#include <vector>

namespace headliner {

struct BuildInfo {
    std::string headliner;      // e.g. "0.1.0"
    std::string libtorch;       // e.g. "1.13.1"
    std::string sentencepiece;  // e.g. "0.1.97"
    std::string utf8proc;       // e.g. "2.8.0"
    bool cudaAvailable = false;
    std::vector<std::string> cudaDevices;  // one name per visible CUDA device
    bool cudaGraphs = false;               // training steps can be captured as CUDA graphs
    int cpuThreads = 0;                    // torch intra-op threads in use
    std::string blas;                      // the BLAS library torch calls (libblas.so.3 target)
    std::string blasKernels;               // OpenBLAS's kernel set and who chose it (core/BlasKernels.h)
};

// Queries LibTorch at call time (CUDA devices may come and go between calls).
BuildInfo buildInfo();

// One line for `--version`: "Headliner 0.1.0 (LibTorch 1.13.1, sentencepiece 0.1.97, ...)".
std::string versionLine();

}  // namespace headliner
