// One optimizer step of the real Trainer (forward, cross-entropy, backward, clip at norm 1,
// AdamW, the step event) on fixed-shape random batches, the shapes of
// ../shared/bench/anchor_cpu.py train: run both side by side (bench/train/compare_cpu.sh).
// Prints one JSON line: median step time, samples/s, achieved GFLOP/s (matrix products, as
// SequenceClassifier::forwardFlops counts them), peak resident memory.
//   bench_train_step [--dim 768 --layers 6 --heads 12 --hidden 3072 --vocab 30522]
//                    [--batch 8 --tokens 30 --steps 10] [--dropout 0] [--precision fp32|bf16]
//                    [--threads N] [--full-last-layer] [--fused-layers on|off] [--count-operations]
// --fused-layers: core/model/FusedLayers.h (default off, as the CPU trainer). --count-operations:
// the JSON line also gives the LibTorch operations per step (every dispatched operation, nested
// ones included) and the autograd nodes run by backward, the host's work per step, which bounds a
// step on a GPU (counting slows every operation a little: times are then not comparable).
// --full-last-layer: the last layer computes every row, as transformers does, instead of the
// [CLS] row alone (DistilBertForSequenceClassificationImpl::lastLayerForClsOnly).

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <ATen/record_function.h>
#include <torch/torch.h>

#include "bench/BenchArgs.h"
#include "core/BlasKernels.h"
#include "core/Runtime.h"
#include "core/model/DistilBert.h"
#include "core/train/Trainer.h"

using namespace headliner;

using bench::argInt;

namespace {

std::atomic<std::int64_t> operations{0}, backwardNodes{0};
std::unique_ptr<at::ObserverContext> countOperation(const at::RecordFunction& fn) {
    (fn.scope() == at::RecordScope::BACKWARD_FUNCTION ? backwardNodes : operations)++;
    return nullptr;
}

struct StepTimes final : train::TrainingEvents {
    std::vector<double> seconds;
    void onStep(const train::StepEvent& e) override {
        if (e.samplesPerSecond > 0) seconds.push_back(1.0 / e.samplesPerSecond);  // per sample; scaled below
    }
    void onError(const std::string& message) override { std::fprintf(stderr, "error: %s\n", message.c_str()); }
};

}  // namespace

int main(int argc, char** argv) {
    const int threads = initRuntime({.threads = argInt(argc, argv, "--threads", 0)});
    const double dropout = std::atof(bench::argString(argc, argv, "--dropout", "0").c_str());
    const auto config = bench::distilBertShapes(argc, argv, dropout);
    const int batch = argInt(argc, argv, "--batch", 8), tokens = argInt(argc, argv, "--tokens", 30);
    const int steps = argInt(argc, argv, "--steps", 10), warmups = 2;
    const std::string precision = bench::argString(argc, argv, "--precision", "fp32");

    auto net = std::make_shared<model::DistilBertForSequenceClassificationImpl>(config);
    net->initWeights(1);
    const bool fullLastLayer = bench::hasFlag(argc, argv, "--full-last-layer");
    net->lastLayerForClsOnly = !fullLastLayer;
    torch::manual_seed(0);
    std::vector<train::Batch> batches;
    for (int s = 0; s < steps + warmups; ++s) {
        train::Batch b;
        b.rows = std::size_t(batch), b.columns = std::size_t(tokens), b.tokens = b.rows * b.columns;
        const auto ids = torch::randint(1000, config.vocabSize - 1, {batch * tokens}, torch::kLong);
        b.ids.assign(ids.data_ptr<std::int64_t>(), ids.data_ptr<std::int64_t>() + ids.numel());
        b.attentionMask.assign(b.ids.size(), 1);
        const auto y = torch::randint(0, 4, {batch}, torch::kLong);
        b.labels.assign(y.data_ptr<std::int64_t>(), y.data_ptr<std::int64_t>() + batch);
        batches.push_back(std::move(b));
    }
    train::TrainerOptions o;
    o.maxSteps = steps + warmups;
    o.batchSize = batch;
    o.precision = train::parsePrecision(precision);
    o.device = "cpu";
    const bool fused = bench::argString(argc, argv, "--fused-layers", "off") == "on";
    o.fusedLayers = fused ? train::Switch::On : train::Switch::Off;
    StepTimes times;
    const bool count = bench::hasFlag(argc, argv, "--count-operations");
    if (count)
        at::addGlobalCallback(at::RecordFunctionCallback(countOperation)
                                  .scopes({at::RecordScope::FUNCTION, at::RecordScope::BACKWARD_FUNCTION}));
    train::Trainer trainer(net, o, &times);
    train::FixedBatches source(std::move(batches));
    const auto result = trainer.run(source, nullptr);
    if (result.status != train::RunStatus::Completed || times.seconds.size() != std::size_t(steps + warmups)) return 1;

    std::vector<double> ms(times.seconds.begin() + warmups, times.seconds.end());
    for (auto& v : ms) v *= 1e3 * batch;
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    nlohmann::ordered_json j{{"mode", "train"},        {"system", "headliner"},         {"batch", batch},
                             {"tokens", tokens},       {"step_ms_median", median},      {"samples_per_s", batch * 1e3 / median},
                             {"precision", precision}, {"peak_rss_mib", peakResidentMiB()}, {"dim", config.dim},
                             {"layers", config.nLayers}, {"threads", threads},
                             {"last_layer", fullLastLayer ? "full" : "cls"}, {"fused_layers", fused},
                             {"gflops", 3 * net->forwardFlops(batch, tokens) / median / 1e6},
                             {"blas_kernels", blas::kernels().active}};
    if (count) {
        j["operations_per_step"] = double(operations) / (steps + warmups);
        j["autograd_nodes_per_step"] = double(backwardNodes) / (steps + warmups);
    }
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
