#pragma once
// Internal to core/train: the torch state behind Trainer (pimpl), shared by Trainer.cpp (the
// loop) and TrainerCheckpoint.cpp (saving and restoring it).

#include <future>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/model/SequenceClassifier.h"
#include "core/train/Trainer.h"

namespace headliner::train {

// torch.optim.AdamW, step by step as PyTorch computes it (decoupled weight decay first, then
// the bias-corrected Adam update). Per-parameter state is kept by position in `params`.
// A parameter with a sparse gradient (the n-gram embedding) is updated lazily, as
// torch.optim.SparseAdam does: only the rows in the gradient move, their moments with them;
// weight decay, if any, applies to those rows only.
struct AdamW {
    std::vector<std::string> names;
    std::vector<torch::Tensor> params;
    std::vector<bool> decays;
    std::vector<torch::Tensor> expAvg, expAvgSq;
    std::int64_t steps = 0;  // updates applied (PyTorch's per-parameter `step`, all equal here)

    // gradScale multiplies every gradient first (the clip coefficient). Float32 CPU tensors go
    // through the fused kernel (core/train/CpuKernels.h), other dense ones (GPU) through
    // multi-tensor operations, sparse ones row by row.
    void step(double lr, const TrainerOptions& o, double gradScale = 1.0);
    // False: CPU tensors take the multi-tensor path too (tests compare the two).
    bool cpuKernel = true;
};

// Everything a resumed run needs besides the tensors.
struct TrainerState {
    std::int64_t step = 0;
    int epoch = 0;
    std::size_t batchInEpoch = 0;  // batches of `epoch` already consumed
    std::size_t rowsInEpoch = 0;   // rows of `epoch` already consumed (to remap a new batch size)
    std::size_t batchSize = 0;     // the batch size those positions count
    // Nonzero while `epoch` runs re-cut after a resume with another batch size: the batch size
    // its row order comes from (DatasetBatches::startEpochFromRow), and its batches in all.
    std::size_t epochPlanBatchSize = 0;
    std::size_t epochBatches = 0;
    double epochLossSum = 0;
    std::int64_t epochLossSteps = 0;
    std::vector<double> epochTrainLoss;
    std::vector<EvalMetrics> history;
    int bestIndex = -1;
    int evalsWithoutImprovement = 0;
    std::int64_t lastEvalStep = -1, lastSaveStep = -1;
    double lossScale = 65536.0;  // dynamic loss scaling (fp16, or TrainerOptions::lossScaling)
    std::int64_t stepsSinceBackoff = 0;
    bool finished = false;
    std::string status;  // of a finished run
};

nlohmann::json toJson(const TrainerState& s);
TrainerState trainerStateFromJson(const nlohmann::json& j);

// Replaces `folder` with `staged` in one step (rename, or an atomic exchange with the previous
// folder, which is then deleted).
void swapFolderIntoPlace(const std::filesystem::path& staged, const std::filesystem::path& folder);

struct Trainer::Impl {
    std::shared_ptr<model::SequenceClassifier> model;
    TrainerOptions options;
    TrainingEvents* events = nullptr;
    std::atomic<bool>* stop = nullptr;
    std::atomic<bool>* paused = nullptr;

    torch::Device device{torch::kCPU};
    Precision precision = Precision::Fp32;  // resolved (never Auto)
    bool deferReadback = false;             // resolved TrainerOptions::deferStepReadback
    AdamW optimizer;
    TrainerState state;
    torch::Tensor classWeights;  // (numLabels) float on device, or undefined
    std::optional<torch::OrderedDict<std::string, torch::Tensor>> bestInMemory;  // without a folder

    void setUp();
    bool autocast() const { return precision == Precision::Bf16 || precision == Precision::Fp16; }
    bool lossScaling() const { return precision == Precision::Fp16 || options.lossScaling; }
    c10::ScalarType autocastType() const {
        return precision == Precision::Fp16 ? c10::ScalarType::Half : c10::ScalarType::BFloat16;
    }
    torch::Tensor toDevice(const std::vector<std::int64_t>& values, std::int64_t rows, std::int64_t columns) const;
    torch::Tensor forward(const Batch& batch);  // logits (B, labels), in fp32
    torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& labels) const;
    EvalMetrics evaluate(const EncodedExamples& eval);
    TrainingResult train(BatchSource& source, const EncodedExamples* eval, bool resume);

    // The error for running out of memory with a batch of rows × columns: what failed, and the
    // resume that avoids it.
    std::string outOfMemoryMessage(std::size_t rows, std::size_t columns) const;
    // The same for an evaluation batch (evaluate() records its shape while it runs).
    std::string evalOutOfMemoryMessage() const;
    bool evaluating = false;
    std::size_t evalBatchRows = 0, evalBatchColumns = 0;

    void log(LogLevel level, const std::string& message) const {
        if (events) events->onLog(level, message);
    }

    // TrainerCheckpoint.cpp
    bool asyncCheckpoints = false;                    // resolved by setUp()
    std::future<CheckpointEvent> pendingCheckpoint;   // the background write in flight, if any
    // Snapshots the run (weights, moments, RNG states, loop state) and writes it to last/ (and
    // best/): in the background when asyncCheckpoints, else before returning. Waits for the
    // previous write first.
    void saveCheckpoint(bool writeBest);
    // Reports a finished background write (onCheckpoint) and rethrows its error; with wait,
    // waits for one in flight, else returns at once when it is still running.
    void finishPendingCheckpoint(bool wait);
    // The same at the end of a run, never throwing: returns the write's error, "" when none.
    std::string drainPendingCheckpoint() noexcept;
    bool loadCheckpoint();  // false when there is none
    void markFinished(const std::string& status);
    bool loadBestWeights();
    void rememberBestInMemory();
};

}  // namespace headliner::train
