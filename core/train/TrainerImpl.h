#pragma once
// Internal to core/train: the torch state behind Trainer (pimpl), shared by Trainer.cpp (the
// loop) and TrainerCheckpoint.cpp (saving and restoring it).

#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <c10/core/Stream.h>
#include <c10/core/StreamGuard.h>
#include <torch/torch.h>

#include "core/model/SequenceClassifier.h"
#include "core/train/Batcher.h"
#include "core/train/CudaGraph.h"
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
    // The update with the learning rate and the step number (counted in `steps` already by the
    // caller) in scalars on the parameters' device (float32 on CUDA): with LibTorch 2.4+ one fused
    // kernel per weight-decay group reads them when it runs, so that a CUDA graph replays the
    // update with each step's values; elsewhere they are read here and the update is step()'s.
    // Gradients are used as they are (clipped already).
    void stepFromTensors(const torch::Tensor& lr, const torch::Tensor& count, const TrainerOptions& o);
    // step()'s update as step number `count`, without counting it.
    void update(double lr, const TrainerOptions& o, double gradScale, std::int64_t count);
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

// The squared total norm of `grads` in two parts: what the CPU kernels summed on the host
// (dense float32 CPU tensors, and the values of such sparse ones), and the norms of the others,
// still on their device.
struct NormParts {
    double host = 0;
    std::vector<torch::Tensor> norms;
};
NormParts gradNormParts(const std::vector<torch::Tensor>& grads);

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
    // The same for ids and mask (B,T) already on the device, in the run's precision.
    torch::Tensor logits(const torch::Tensor& ids, const torch::Tensor& mask);
    torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& labels) const;
    EvalMetrics evaluate(const EncodedExamples& eval);
    // Clips the gradients on the device, nothing read back: scales every gradient by
    // min(1, maxGradNorm / (norm + 1e-6)), or by 0 when the norm or any of `losses` is not
    // finite (the step's read then stops the run). Returns the squared total norm (double, on
    // the device).
    torch::Tensor clipOnDevice(const torch::Tensor& losses);
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

    // TrainerGraphs.cpp: whole optimizer steps recorded once per batch shape and replayed
    // (TrainerOptions::cudaGraphs), as CUDA graphs on a GPU, run directly elsewhere.
    struct RecordedStep {
        torch::Tensor ids, mask, labels;  // the step's inputs, filled before each run
        torch::Tensor out;                // [loss, squared gradient norm] (double), of the last run
        cudagraph::Graph graph;
        bool recorded = false;
    };
    bool recordSteps = false;  // resolved TrainerOptions::cudaGraphs; off for the rest of a run once one fails
    bool onGraphs = false;     // the recorded steps are CUDA graphs (else they run directly)
    std::map<std::size_t, std::unique_ptr<RecordedStep>> recordedSteps;  // by padded width
    std::map<std::size_t, std::size_t> plainRunsOfWidth;  // steps of a width run before its recording
    cudagraph::PoolId graphPool{0, 0};
    // The recorded step's learning rate and step number, scalars where the model runs (float32
    // on a GPU, as the fused AdamW kernel reads them; the learning rate in double on the CPU).
    torch::Tensor lrValue, stepValue;
    std::size_t plainSteps = 0, replayedSteps = 0;  // this run's steps without and through recordings
    std::optional<c10::Stream> sideStream;           // on CUDA: the stream this run queues its work on
    std::optional<c10::StreamGuard> sideStreamGuard;

    // Resolves recordSteps and onGraphs for this run (setUp calls it) and clears the last run's.
    void setUpRecordedSteps();
    // On a GPU with graphs: makes a stream of the device's pool current (a capture cannot use
    // the default stream), for the whole run. The end of the run waits for it, then frees the
    // graphs (endRecordedSteps, which never throws).
    void beginRecordedSteps();
    void endRecordedSteps() noexcept;
    // The width `batch` runs padded to through a recorded step, or 0 when it runs as usual
    // (recording off, a smaller batch than the run's, too many widths already).
    std::size_t recordedWidth(const Batch& batch) const;
    // Whether a step of this width runs through its recording now: the run has warmed up, and
    // the width has run once without (its kernels loaded, the library's choices for the shape
    // made, before any capture).
    bool replayable(std::size_t width) const;
    // One optimizer step over `padded` through the recording of its width (recorded first when
    // it is new): inputs copied in, learning rate and step number set, the step run or
    // replayed. Counts the step in optimizer.steps. Returns [loss, squared gradient norm]
    // (double, on the device). Throws cudagraph::CaptureError when recording fails, with nothing
    // run and nothing counted.
    torch::Tensor runRecordedStep(const Batch& padded, double lr);
    // The recorded step itself: forward, loss, backward, gradient norm and clip coefficient on
    // the device, AdamW from the device scalars, gradients released.
    torch::Tensor recordedStepBody(RecordedStep& step);

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
