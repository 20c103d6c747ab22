#include "core/BuildInfo.h"

#include <utf8proc.h>

#include <filesystem>
#include <sstream>
#include <system_error>

#include <torch/torch.h>
#include <torch/version.h>

#include "core/BlasKernels.h"
#include "core/train/CudaGraph.h"

namespace headliner {

namespace {
std::string blasLibrary() {
    // Debian switches libblas.so.3 through alternatives; say which implementation is active.
    std::error_code ec;
    const auto target = std::filesystem::canonical("/usr/lib/x86_64-linux-gnu/libblas.so.3", ec);
    if (ec) return "unknown";
    const std::string path = target.string();
    if (path.find("openblas") != std::string::npos) return "OpenBLAS (" + path + ")";
    if (path.find("blas/libblas") != std::string::npos) return "reference BLAS (slow: install libopenblas0-openmp)";
    return path;
}
}  // namespace

BuildInfo buildInfo() {
    BuildInfo info;
    info.headliner = HEADLINER_VERSION;
    info.libtorch = TORCH_VERSION;
    info.sentencepiece = HEADLINER_SPM_VERSION;
    info.utf8proc = utf8proc_version();
    info.cudaAvailable = torch::cuda::is_available();
    if (info.cudaAvailable) {
        const auto n = torch::cuda::device_count();
        for (std::size_t i = 0; i < n; ++i) info.cudaDevices.push_back("CUDA device " + std::to_string(i));
    }
    info.cudaGraphs = train::cudagraph::builtIn();
    info.cpuThreads = torch::get_num_threads();
    info.blas = blasLibrary();
    info.blasKernels = blas::kernels().describe();
    return info;
}

std::string versionLine() {
    const BuildInfo info = buildInfo();
    std::ostringstream out;
    out << "Headliner " << info.headliner << " (LibTorch " << info.libtorch << ", sentencepiece "
        << info.sentencepiece << ", utf8proc " << info.utf8proc << ", CUDA "
        << (info.cudaAvailable ? "available: " + std::to_string(info.cudaDevices.size()) + " device(s)"
                               : std::string("not available"))
        << ")";
    return out.str();
}

}  // namespace headliner
