// One linear layer at DistilBERT-base's shapes, float32 (OpenBLAS) vs bf16 weights vs int8
// (Int8Linear, AVX512-VNNI where the CPU has it): time per call and achieved GOP/s, and the int8
// result's error against float32.
//   bench_int8_linear [--rows 30] [--repeats 200] [--threads N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <torch/torch.h>

#include "bench/BenchArgs.h"
#include "core/Runtime.h"
#include "core/model/Int8Linear.h"

namespace {

template <class F>
double medianMs(int repeats, F&& f) {
    f();
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    using headliner::bench::argInt;
    const std::int64_t rows = argInt(argc, argv, "--rows", 30);
    const int repeats = argInt(argc, argv, "--repeats", 200);
    headliner::initRuntime({.threads = argInt(argc, argv, "--threads", 0)});
    torch::NoGradGuard noGrad;
    std::printf("rows %lld, %d threads, AVX512-VNNI: %s\n", static_cast<long long>(rows), torch::get_num_threads(),
                headliner::model::Int8Linear::cpuHasVnni() ? "yes" : "no");
    std::printf("%-12s %10s %10s %10s %10s %10s %12s\n", "shape", "fp32 ms", "bf16 ms", "int8 ms", "fp32 GOP/s",
                "int8 GOP/s", "int8 rel err");
    const std::pair<std::int64_t, std::int64_t> shapes[] = {{768, 2304}, {768, 768}, {768, 3072}, {3072, 768}};
    for (const auto& [in, out] : shapes) {
        const auto weight = torch::randn({out, in}) * 0.03, bias = torch::randn({out}) * 0.02;
        const auto x = torch::randn({rows, in});
        const auto weightBf16 = weight.to(torch::kBFloat16), biasBf16 = bias.to(torch::kBFloat16);
        const auto xBf16 = x.to(torch::kBFloat16);
        const headliner::model::Int8Linear layer(weight, bias);
        const double fp32 = medianMs(repeats, [&] { torch::nn::functional::linear(x, weight, bias); });
        const double bf16 = medianMs(repeats, [&] { torch::nn::functional::linear(xBf16, weightBf16, biasBf16); });
        const double int8 = medianMs(repeats, [&] { layer.forward(x); });
        const auto exact = torch::nn::functional::linear(x, weight, bias);
        const double err = ((layer.forward(x) - exact).norm() / exact.norm()).item<double>();
        const double ops = 2.0 * double(rows) * double(in) * double(out);
        char name[32];
        std::snprintf(name, sizeof name, "%lldx%lld", static_cast<long long>(in), static_cast<long long>(out));
        std::printf("%-12s %10.3f %10.3f %10.3f %10.1f %10.1f %12.2e\n", name, fp32, bf16, int8, ops / fp32 / 1e6,
                    ops / int8 / 1e6, err);
    }
    return 0;
}
