#pragma once
// The training loop: transformers.Trainer's recipe (AdamW with decoupled weight decay except on
// biases and LayerNorm weights, linear warm-up then linear decay, clipping at total norm 1.0,
// cross-entropy), evaluated and checkpointed as it goes, resumable after any crash.
//
//   Trainer trainer(model, options, &events);
//   TrainingResult r = trainer.run(trainExamples, &evalExamples);   // on the calling thread
//
// From another thread: requestStop() (finishes the current step, writes a resumable checkpoint),
// pause() / resume(). No LibTorch in this header: the model is only forward-declared.
//
// Checkpoints (options.checkpointFolder):
//   last/  model.safetensors, optimizer.safetensors (AdamW moments, RNG state),
//          trainer_state.json (step, epoch, data position, metrics history, options)
//   best/  model.safetensors and metrics.json of the best evaluation so far
// Each is written into a staging folder and swapped into place, so a kill at any moment leaves
// the previous checkpoint intact.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "core/train/Batcher.h"
#include "core/train/Metrics.h"
#include "core/train/TrainingEvents.h"
#include "core/train/TrainingOptions.h"

namespace headliner::model {
class SequenceClassifier;
}

namespace headliner::train {

// Thrown (and reported through onError) when a run cannot continue; the message says what
// happened and what to do.
struct TrainingError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The device a run whose TrainerOptions::device is `asked` trains on, as LibTorch names it:
// "auto" is the first CUDA device when LibTorch sees one, else the CPU; "cpu", "cuda" and
// "cuda:N" are checked. Throws TrainingError for another name or a CUDA device that is not there.
std::string resolveDevice(const std::string& asked);
// Whether `name` is one of those names ("auto", "cpu", "cuda", "cuda:N"), whatever is installed.
bool isDeviceName(const std::string& name);

// Throws TrainingError naming the first option whose value no run can use (a negative learning
// rate or weight decay, a warm-up ratio outside [0, 1], ...): checked before a run reads anything.
void checkOptions(const TrainerOptions& options);

class Trainer {
public:
    Trainer(std::shared_ptr<model::SequenceClassifier> model, TrainerOptions options,
            TrainingEvents* events = nullptr);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // Trains on the examples (batched per options) and evaluates on `eval` when given.
    // resume: continue from options.checkpointFolder/last when it exists. Errors (out of memory,
    // a non-finite loss, I/O) end the run with status Failed, reported through onError.
    TrainingResult run(const EncodedExamples& train, const EncodedExamples* eval, bool resume = false);
    // Trains on batches made by the caller.
    TrainingResult run(BatchSource& train, const EncodedExamples* eval, bool resume = false);

    // Loss, accuracy, F1 and confusion of the model as it is now (no grad, eval batches).
    EvalMetrics evaluate(const EncodedExamples& eval);

    void requestStop() { stop_ = true; }
    void pause() { paused_ = true; }
    void resume() { paused_ = false; }
    bool isPaused() const { return paused_; }

    // True when folder/last holds a checkpoint to resume from.
    static bool hasCheckpoint(const std::filesystem::path& checkpointFolder);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
};

}  // namespace headliner::train
