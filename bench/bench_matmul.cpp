// Dense fp32 matmul throughput through LibTorch: shows which BLAS is active (Debian's
// reference BLAS gives ~6 GFLOP/s, OpenBLAS ~360 on 2 cores) and whether all cores are used.
//   bench_matmul [size=1024] [repeats=20]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <torch/torch.h>

#include "core/BuildInfo.h"
#include "core/Runtime.h"

int main(int argc, char** argv) {
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 1024;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 20;
    for (int threads : {1, headliner::availableCores()}) {
        headliner::initRuntime({.threads = threads});
        auto a = torch::randn({n, n}), b = torch::randn({n, n});
        torch::mm(a, b);  // warm-up
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < repeats; ++i) torch::mm(a, b);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double gflops = 2.0 * double(n) * double(n) * double(n) * repeats / s / 1e9;
        std::printf("matmul %lldx%lld fp32, %d thread(s): %.1f GFLOP/s\n", static_cast<long long>(n),
                    static_cast<long long>(n), torch::get_num_threads(), gflops);
    }
    std::printf("BLAS: %s\n", headliner::buildInfo().blas.c_str());
    return 0;
}
