#pragma once
// What a training run reports, as plain values: the GUI's TrainingController turns these into
// queued Qt signals, the CLI into a progress bar and JSON lines. Called on the training thread
// (the thread that called Trainer::run); implementations must be quick and must not throw.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/train/Metrics.h"

namespace headliner::train {

// How the error of a run that ran out of memory (on any device) begins; the rest names the
// device, the batch size that failed and the resume that avoids it. The app offers that resume
// when a run fails with it.
inline constexpr std::string_view kOutOfMemoryError = "out of memory on ";

struct StepEvent {
    std::int64_t step = 0;        // optimizer steps done, 1-based after the first
    std::int64_t totalSteps = 0;
    int epoch = 0;                // 0-based epoch the step belongs to
    double epochFraction = 0;     // step / steps per epoch (for charts)
    double loss = 0;              // mean over the step's micro-batches
    double learningRate = 0;      // the rate this step used
    double gradNorm = 0;          // total L2 norm before clipping
    double samplesPerSecond = 0;  // of this step, data waiting included
    double tokensPerSecond = 0;   // real (non-padding) tokens
    double flopsPerSecond = 0;    // achieved: matrix-product operations of the step's batches as
                                  // padded (3 x SequenceClassifier::forwardFlops) per second
    double elapsedSeconds = 0;    // since run() started (this session)
    bool lossScaling = false;     // dynamic loss scaling is on (fp16, or TrainerOptions::lossScaling)
    double lossScale = 1;         // its scale after this step (1 without scaling)
    bool skipped = false;         // loss scaling: the gradients overflowed, the update was skipped
};

struct EvaluationEvent {
    EvalMetrics metrics;
    bool best = false;  // the best so far by the chosen metric
};

// Sent once a checkpoint is complete on disk (after its background write, when asynchronous).
struct CheckpointEvent {
    std::int64_t step = 0;
    std::filesystem::path folder;
    bool best = false;          // the weights of the best evaluation so far were written
    std::uint64_t bytes = 0;    // tensors written (the best weights included)
    double writeSeconds = 0;    // writing and syncing the files
    double waitSeconds = 0;     // training held up: the host copy, a previous write, or all of it
    bool background = false;    // written by the background thread
};

enum class LogLevel { Info, Warning };

enum class RunStatus { Completed, EarlyStopped, Stopped, Failed };
std::string runStatusName(RunStatus s);

struct TrainingResult {
    RunStatus status = RunStatus::Completed;
    std::int64_t steps = 0;
    int epochsDone = 0;
    std::string error;                  // why it failed (Failed only)
    std::vector<EvalMetrics> history;   // every evaluation, in order
    std::vector<double> epochTrainLoss; // mean training loss per finished epoch
    int bestIndex = -1;                 // into history; -1: never evaluated
    bool bestLoaded = false;            // the model now holds the best evaluation's weights
    double seconds = 0;
};

class TrainingEvents {
public:
    virtual ~TrainingEvents() = default;
    virtual void onStep(const StepEvent&) {}
    virtual void onEvaluation(const EvaluationEvent&) {}
    virtual void onCheckpoint(const CheckpointEvent&) {}
    virtual void onLog(LogLevel, const std::string&) {}
    virtual void onError(const std::string&) {}
    virtual void onFinished(const TrainingResult&) {}
};

}  // namespace headliner::train
