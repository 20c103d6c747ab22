// Attention forward + backward on the CPU in float32: LibTorch's own (at::_scaled_dot_product_
// attention on 1.13, at::scaled_dot_product_attention on 2.x) against Headliner's cpuAttention
// (the batched products split across threads), alternating call by call so that a change in
// the machine's speed hits both alike. Prints one JSON line: median ms per call of each.
//   bench_attention [--batch 64 --heads 2 --tokens 64 --head-dim 64 --calls 60] [--threads N]
//                   [--precision fp32|bf16]   (bf16: under CPU autocast, q k v in bf16 as a
//                                              linear layer under autocast hands them over)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <torch/torch.h>

#include "bench/BenchArgs.h"
#include "core/Runtime.h"
#include "core/TorchCompat.h"
#include "core/model/CpuAttention.h"

using namespace headliner;
using bench::argInt;

int main(int argc, char** argv) {
    const int threads = initRuntime({.threads = argInt(argc, argv, "--threads", 0)});
    const int B = argInt(argc, argv, "--batch", 64), H = argInt(argc, argv, "--heads", 2);
    const int T = argInt(argc, argv, "--tokens", 64), d = argInt(argc, argv, "--head-dim", 64);
    const int calls = argInt(argc, argv, "--calls", 60);
    const bool bf16 = bench::argString(argc, argv, "--precision", "fp32") == "bf16";
    torch::manual_seed(0);
    auto make = [&] { return torch::randn({B, H, T, d}).requires_grad_(true); };
    const auto q = make(), k = make(), v = make();
    const auto mask = torch::zeros({B, 1, 1, T});
    const auto upstream = torch::randn({B, H, T, d});
    auto run = [&](bool ours) {
        const auto t0 = std::chrono::steady_clock::now();
        {
            compat::AutocastGuard autocast(c10::DeviceType::CPU, c10::ScalarType::BFloat16, bf16);
            const auto type = bf16 ? torch::kBFloat16 : torch::kFloat;
            const auto qq = q.to(type), kk = k.to(type), vv = v.to(type), mm = mask.to(type);
            const auto out = ours ? model::cpuAttention(qq, kk, vv, mm, 0.0, true)
                                  : compat::scaledDotProductAttention(qq, kk, vv, mm, 0.0);
            out.backward(upstream.to(out.scalar_type()));
        }
        q.mutable_grad() = k.mutable_grad() = v.mutable_grad() = torch::Tensor();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    };
    std::vector<double> theirs, ours;
    for (int i = 0; i < calls + 3; ++i) {
        const double a = run(false), b = run(true);
        if (i >= 3) theirs.push_back(a), ours.push_back(b);
    }
    auto median = [](std::vector<double> v) { std::sort(v.begin(), v.end()); return v[v.size() / 2]; };
    std::printf("{\"bench\":\"attention fwd+bwd\",\"precision\":\"%s\",\"batch\":%d,\"heads\":%d,\"tokens\":%d,\"head_dim\":%d,"
                "\"threads\":%d,\"libtorch_ms\":%.3f,\"headliner_ms\":%.3f}\n",
                bf16 ? "bf16" : "fp32", B, H, T, d, threads, median(theirs), median(ours));
    return 0;
}
