// Where a CPU train step's time goes: forward + loss, backward, gradient norm + clip, AdamW,
// timed separately with the Trainer's own optimizer on DistilBERT shapes (random weights).
//   bench_train_phases [--dim 768 --layers 6 --heads 12 --hidden 3072 --vocab 30522]
//                      [--batch 8 --tokens 30 --steps 6] [--threads N] [--attention plain|fused]
//                      [--precision fp32|bf16] [--profile trace.json] [--malloc-default]
//                      [--full-last-layer]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include "bench/BenchArgs.h"
#include "core/Runtime.h"
#include "core/TorchCompat.h"
#include "core/model/DistilBert.h"
#include "core/train/CpuKernels.h"
#include "core/train/TrainerImpl.h"

using namespace headliner;
using Clock = std::chrono::steady_clock;

using bench::argInt;

int main(int argc, char** argv) {
    const int threads = initRuntime({.threads = argInt(argc, argv, "--threads", 0)});
    const auto config = bench::distilBertShapes(argc, argv, /*dropout=*/0.0);
    const int batch = argInt(argc, argv, "--batch", 8), tokens = argInt(argc, argv, "--tokens", 30);
    const int steps = argInt(argc, argv, "--steps", 6);
    const bool bf16 = bench::argString(argc, argv, "--precision", "fp32") == "bf16";

    model::DistilBertForSequenceClassification net(config);
    net->initWeights(1);
    net->lastLayerForClsOnly = !bench::hasFlag(argc, argv, "--full-last-layer");
    net->train();
    if (bench::argString(argc, argv, "--attention", "fused") == "plain")
        net->setAttentionKernel(model::AttentionKernel::Plain);
    train::TrainerOptions options;
    train::AdamW adam;
    for (const auto& item : net->named_parameters()) {
        adam.names.push_back(item.key());
        adam.params.push_back(item.value());
        adam.decays.push_back(net->decays(item.key()));
        adam.expAvg.push_back(torch::zeros_like(item.value()));
        adam.expAvgSq.push_back(torch::zeros_like(item.value()));
    }
    const auto ids = torch::randint(1000, config.vocabSize - 1, {batch, tokens}, torch::kLong);
    const auto mask = torch::ones({batch, tokens}, torch::kLong);
    const auto y = torch::randint(0, 4, {batch}, torch::kLong);
    std::optional<RetainFreedMemory> keepMemory;  // as the Trainer does; --malloc-default: without
    if (!bench::hasFlag(argc, argv, "--malloc-default")) keepMemory.emplace();
    std::map<std::string, double> ms;
    auto timed = [&](const char* name, auto&& f) {
        const auto t0 = Clock::now();
        f();
        ms[name] += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    };
    // --profile FILE: LibTorch's operator profile of the timed steps, as a Chrome trace.
    std::optional<torch::autograd::profiler::RecordProfile> profile;
    const std::string profileFile = bench::argString(argc, argv, "--profile", "");
    for (int s = 0; s < steps + 2; ++s) {
        if (s == 2) {
            ms.clear();
            if (!profileFile.empty()) profile.emplace(profileFile);
        }
        torch::Tensor loss;
        timed("1 forward+loss", [&] {
            compat::AutocastGuard autocast(c10::DeviceType::CPU, c10::ScalarType::BFloat16, bf16);  // as the Trainer
            loss = torch::nn::functional::cross_entropy(net->logits(ids, mask).to(torch::kFloat), y);
        });
        timed("2 backward", [&] { loss.backward(); });
        double clip = 1.0;
        timed("3 grad norm", [&] {
            double sum = 0;
            for (auto& p : adam.params) sum += train::kernels::sumOfSquares(p.grad().data_ptr<float>(), p.numel());
            clip = std::min(1.0, 1.0 / (std::sqrt(sum) + 1e-6));
        });
        timed("4 adamw", [&] { adam.step(2e-5, options, clip); });
        timed("5 free grads", [&] {
            for (auto& p : adam.params) p.mutable_grad() = torch::Tensor();
        });
    }
    std::printf("batch %d x %d tokens, dim %lld, %lld layers, %d threads, %s; ms per step:\n", batch, tokens,
                static_cast<long long>(config.dim), static_cast<long long>(config.nLayers), threads, bf16 ? "bf16" : "fp32");
    double total = 0;
    for (const auto& [k, v] : ms) std::printf("  %-16s %8.1f\n", k.c_str(), v / steps), total += v / steps;
    std::printf("  %-16s %8.1f\n", "total", total);
    return 0;
}
