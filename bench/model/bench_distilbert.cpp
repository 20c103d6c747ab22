// DistilBERT-base on the CPU: single-headline latency (p50/p95) and batched evaluation
// throughput, with random weights (same cost as pretrained ones). Run it beside
// ../shared/bench/anchor_cpu.py (bench/model/compare_cpu.sh does both in one go).
//   bench_distilbert [--tokens 30] [--runs 200] [--batch 64] [--batch-tokens 54] [--threads N]
//                    [--full-last-layer]  (every row of the last layer, as transformers)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/BenchArgs.h"
#include "core/Runtime.h"
#include "core/TorchCompat.h"
#include "core/model/DistilBert.h"

using namespace headliner::model;
using Clock = std::chrono::steady_clock;

using headliner::bench::argInt;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Percentiles {
    double p50, p95, mean;
};
Percentiles percentiles(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * double(v.size())))]; };
    return {at(0.50), at(0.95), sum / double(v.size())};
}
}  // namespace

int main(int argc, char** argv) {
    const int tokens = argInt(argc, argv, "--tokens", 30);
    const int runs = argInt(argc, argv, "--runs", 200);
    const int batch = argInt(argc, argv, "--batch", 64);
    const int batchTokens = argInt(argc, argv, "--batch-tokens", 54);
    const int threads = headliner::initRuntime({.threads = argInt(argc, argv, "--threads", 0)});

    ModelConfig config;  // distilbert-base-uncased shapes
    config.labels = {"World", "Sports", "Business", "Sci/Tech"};
    DistilBertForSequenceClassification model(config);
    model->initWeights(1);
    model->eval();
    const bool fullLastLayer = headliner::bench::hasFlag(argc, argv, "--full-last-layer");
    model->lastLayerForClsOnly = !fullLastLayer;
    torch::manual_seed(0);
    std::printf("DistilBERT-base (%lld parameters), %d thread(s), last layer: %s\n",
                static_cast<long long>([&] {
                    std::int64_t n = 0;
                    for (const auto& p : model->parameters()) n += p.numel();
                    return n;
                }()),
                threads, fullLastLayer ? "every row" : "[CLS] row only");

    const auto ids = torch::randint(1000, 30000, {1, tokens}, torch::kLong);
    const auto mask = torch::ones({1, tokens}, torch::kLong);
    struct Variant {
        const char* name;
        AttentionKernel kernel;
        bool bf16;
    };
    for (const Variant v : {Variant{"fp32, plain attention", AttentionKernel::Plain, false},
                            Variant{"fp32, fused attention", AttentionKernel::Fused, false},
                            Variant{"bf16 autocast, fused attention", AttentionKernel::Fused, true}}) {
        model->setAttentionKernel(v.kernel);
        torch::InferenceMode inference;
        headliner::compat::AutocastGuard autocast(c10::DeviceType::CPU, at::kBFloat16, v.bf16);
        for (int i = 0; i < 20; ++i) model->forward(ids, mask);  // warm-up
        std::vector<double> times;
        for (int i = 0; i < runs; ++i) {
            const auto t0 = Clock::now();
            auto logits = model->forward(ids, mask).logits;
            (void)logits.data_ptr();  // force completion (bf16 under autocast)
            times.push_back(ms(Clock::now() - t0));
        }
        const auto p = percentiles(times);
        std::printf("latency, 1 x %d tokens, %-32s p50 %6.2f ms  p95 %6.2f ms  mean %6.2f ms  (%d runs)\n", tokens,
                    v.name, p.p50, p.p95, p.mean, runs);
    }
    // The Predictor's copies (DistilBertForSequenceClassificationImpl::prepareForPrediction):
    // q/k/v joined, and bf16 weights with float32 LayerNorms, or int8 linear layers.
    auto preparedCopy = [&](WeightFormat format) {
        DistilBertForSequenceClassification copy(config);
        {
            torch::NoGradGuard g;
            auto src = model->named_parameters();
            for (auto& item : copy->named_parameters()) item.value().copy_(src[item.key()]);
        }
        copy->lastLayerForClsOnly = !fullLastLayer;
        copy->prepareForPrediction(format);
        return copy;
    };
    const std::pair<WeightFormat, const char*> formats[] = {
        {WeightFormat::Bf16, "bf16 weights, fused attention"}, {WeightFormat::Int8, "int8 linear layers, fused attention"}};
    for (const auto& [format, name] : formats) {
        auto copy = preparedCopy(format);
        torch::InferenceMode inference;
        for (int i = 0; i < 20; ++i) copy->forward(ids, mask);
        std::vector<double> times;
        for (int i = 0; i < runs; ++i) {
            const auto t0 = Clock::now();
            (void)copy->forward(ids, mask).logits.to(torch::kFloat).data_ptr();
            times.push_back(ms(Clock::now() - t0));
        }
        const auto p = percentiles(times);
        std::printf("latency, 1 x %d tokens, %-32s p50 %6.2f ms  p95 %6.2f ms  mean %6.2f ms  (%d runs)\n", tokens,
                    name, p.p50, p.p95, p.mean, runs);
    }

    // Batched evaluation: batches of `batch` rows padded to `batchTokens`.
    {
        model->setAttentionKernel(AttentionKernel::Fused);
        const auto bIds = torch::randint(1000, 30000, {batch, batchTokens}, torch::kLong);
        const auto bMask = torch::ones({batch, batchTokens}, torch::kLong);
        for (bool bf16 : {false, true}) {
            torch::InferenceMode inference;
            headliner::compat::AutocastGuard autocast(c10::DeviceType::CPU, at::kBFloat16, bf16);
            model->forward(bIds, bMask);
            const int batches = 5;
            const auto t0 = Clock::now();
            for (int i = 0; i < batches; ++i) (void)model->forward(bIds, bMask).logits.sum().item<float>();
            const double s = ms(Clock::now() - t0) / 1000.0;
            std::printf("evaluation, batches of %d x %d tokens, %s: %.1f samples/s\n", batch, batchTokens,
                        bf16 ? "bf16 autocast" : "fp32", batch * batches / s);
        }
        for (const auto& [format, name] : formats) {
            auto copy = preparedCopy(format);
            torch::InferenceMode inference;
            copy->forward(bIds, bMask);
            const int batches = 5;
            const auto t0 = Clock::now();
            for (int i = 0; i < batches; ++i)
                (void)copy->forward(bIds, bMask).logits.to(torch::kFloat).sum().item<float>();
            const double s = ms(Clock::now() - t0) / 1000.0;
            std::printf("evaluation, batches of %d x %d tokens, %s: %.1f samples/s\n", batch, batchTokens, name,
                        batch * batches / s);
        }
    }
    return 0;
}
