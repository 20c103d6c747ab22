#pragma once
// Everything that decides how a run trains: transformers.Trainer's recipe and its knobs.
// Plain values only (no LibTorch), so the GUI can fill it in and the CLI can print it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace headliner::train {

enum class Precision { Auto, Fp32, Bf16, Fp16 };  // Auto: fp32 on the CPU; bf16 (else fp16) on CUDA
enum class BestMetric { Accuracy, EvalLoss };
// A setting that is on, off, or chosen by the trainer for the device (Auto).
enum class Switch { Auto, On, Off };

struct TrainerOptions {
    // The recipe (defaults: the AG News fine-tuning notebook).
    int epochs = 3;
    std::int64_t maxSteps = 0;  // > 0: stop after this many optimizer steps (overrides epochs)
    int batchSize = 64;         // rows per micro-batch
    int gradientAccumulation = 1;
    double learningRate = 2e-5;
    double weightDecay = 0.01;  // decoupled (AdamW), not on biases and LayerNorm weights
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    std::int64_t warmupSteps = 0;  // wins over warmupRatio when > 0
    double warmupRatio = 0.0;      // of the total optimizer steps, rounded up
    double maxGradNorm = 1.0;      // <= 0: no clipping (the norm is still reported)
    double labelSmoothing = 0.0;
    std::vector<double> classWeights;  // empty: unweighted cross-entropy
    std::uint64_t seed = 42;

    // Data order.
    bool shuffle = true;          // off: the rows in order, every epoch
    bool bucketByLength = true;   // with shuffle: batches of similar lengths (less padding)
    int evalBatchSize = 0;        // 0: 4 x batchSize
    std::int64_t padId = 0;

    // Evaluation, checkpoints and the final model.
    std::int64_t evalEverySteps = 0;  // 0: at the end of every epoch
    std::int64_t saveEverySteps = 0;  // 0: whenever it evaluates
    BestMetric bestMetric = BestMetric::Accuracy;
    int earlyStoppingPatience = 0;  // evaluations without improvement; 0: never stop early
    double earlyStoppingThreshold = 0.0;
    bool loadBestAtEnd = true;
    std::filesystem::path checkpointFolder;  // empty: no checkpoints (and no resume)
    // Where checkpoints are written. On: the training thread copies the tensors to host memory
    // (a few hundred ms for DistilBERT-base) and a background thread writes and syncs them while
    // training goes on; one write at a time, the next save waits for it. Off: written in place,
    // training waits. Auto: on when training on a GPU, off on the CPU (where the copy would cost
    // host memory the size of the checkpoint, and the write competes with training for the
    // cores).
    Switch asyncCheckpoints = Switch::Auto;

    // Hardware.
    std::string device = "cpu";  // "cpu" or "cuda[:N]"
    Precision precision = Precision::Auto;
    // Reading a step's loss and gradient norm back to the host. On: one step late, so the host
    // queues the next step's work while the device finishes this one (the clip coefficient is
    // computed on the device; a loss or norm that is not finite zeroes it, and the run stops
    // at the read). Off: before the update, the host waiting for the device each step. Auto: on for a
    // GPU (without loss scaling, whose skip decision needs the value), off on the CPU, where
    // nothing runs ahead. Results are the same either way.
    Switch deferStepReadback = Switch::Auto;
    // A model's layers as fused autograd functions where it has them (DistilBERT:
    // core/model/FusedLayers.h): the same arithmetic in a few autograd nodes per layer instead of
    // ~75, for a GPU, where the host issuing operations bounds a step. Auto: on for a GPU, off on
    // the CPU (where the products bound a step and the module path is the one compared with
    // transformers).
    Switch fusedLayers = Switch::Auto;
    // Whole optimizer steps (forward, backward, clipping, AdamW) recorded once per batch shape and
    // replayed as CUDA graphs: the host then queues one graph per step instead of thousands of
    // operations. Batches are padded to a few recurring widths (multiples of 8 tokens up to 128,
    // of 32 beyond); a shape runs once without a graph before it is recorded, and so do the
    // first steps of a run, the last (smaller) batch of an epoch, gradient accumulation and fp16
    // loss scaling. A capture that fails turns graphs off for the rest of the run, with a
    // warning, and the step runs without. On without a GPU (or without CUDA graphs in the
    // build): the same recorded steps run directly, which is how the tests check them. Auto (the
    // default): on for a CUDA device, where it can be (else the run says why not and steps as
    // usual); off on the CPU.
    Switch cudaGraphs = Switch::Auto;

    // Dynamic loss scaling, torch.cuda.amp.GradScaler's rule as transformers.Trainer uses it:
    // the loss is multiplied by the scale before backward and the gradients divided by it after;
    // a step whose gradients overflow is skipped (no update, the learning-rate schedule does not
    // advance) and halves the scale; growthInterval steps in a row without overflow double it.
    // Always on with fp16; `lossScaling` turns it on in other precisions too (on the CPU in fp32
    // the scaling by powers of two is exact, which is how the tests check the rule without a GPU).
    bool lossScaling = false;
    double initialLossScale = 65536.0;
    std::int64_t lossScaleGrowthInterval = 2000;
};

std::string precisionName(Precision p);
Precision parsePrecision(const std::string& name);      // throws std::invalid_argument
std::string bestMetricName(BestMetric m);              // "accuracy", "eval_loss"
BestMetric parseBestMetric(const std::string& name);  // throws std::invalid_argument
std::string switchName(Switch s);                      // "auto", "on", "off"
Switch parseSwitch(const std::string& name);           // throws std::invalid_argument

nlohmann::json toJson(const TrainerOptions& options);
TrainerOptions trainerOptionsFromJson(const nlohmann::json& json);

// Learning rate of transformers' get_linear_schedule_with_warmup at optimizer step `step`
// (0-based; the value used by that step): linear from 0 over warmupSteps, then linear to 0 at
// totalSteps.
double linearScheduleWithWarmup(double baseLr, std::int64_t step, std::int64_t warmupSteps, std::int64_t totalSteps);

// Warm-up steps of a run of totalSteps: warmupSteps when > 0, else ceil(ratio x total).
std::int64_t warmupStepsFor(const TrainerOptions& options, std::int64_t totalSteps);

}  // namespace headliner::train
