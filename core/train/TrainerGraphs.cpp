// Whole optimizer steps recorded once per batch shape and replayed (TrainerOptions::cudaGraphs).
//
// A GPU step of DistilBERT-base is bound by the host issuing its ~2,000-4,000 LibTorch
// operations, not by the GPU running them (docs/BENCHMARKS.md, "First GPU run"). A CUDA graph
// records the kernels of one step and replays them with one call. A graph fixes its shapes and
// its memory, so:
//  - batches are padded to a few recurring widths (recordedWidth), each with its own graph and
//    its own input tensors, copied into before each replay;
//  - the learning rate and the step number live in device scalars that the fused AdamW kernel
//    reads when it runs (AdamW::stepFromTensors), set before each replay;
//  - the clip coefficient is computed on the device, and the loss and squared gradient norm
//    come back as the deferred read path's values do: nothing in a step waits for the device.
// Without a GPU the same recorded body runs directly each step, over the same padded inputs:
// the tests check the path (padding, device scalars, clip, bookkeeping) on the CPU, and the
// GPU run (bench/gpu/run.sh) checks the graphs against the golden training.

#include <algorithm>
#include <string>

#include "core/TorchCompat.h"
#include "core/train/TrainerImpl.h"

namespace headliner::train {

namespace {

// Widths that recur: multiples of 8 ids up to 128, of 32 beyond (AG News batches, 20-160 ids
// wide after length bucketing, share about fifteen of them; a padded column costs at most 7/8
// of a token per row below 128).
std::size_t roundedWidth(std::size_t columns) {
    const std::size_t step = columns <= 128 ? 8 : 32;
    return (columns + step - 1) / step * step;
}

// Runs before a run records anything: lazy initialisations (the stream's BLAS handles and
// workspaces, autograd's device threads) happen outside any capture.
constexpr std::size_t kWarmUpSteps = 3;
// Widths recorded at most per run; wider variety runs as usual.
constexpr std::size_t kMaxRecordedWidths = 32;

}  // namespace

void Trainer::Impl::setUpRecordedSteps() {
    recordedSteps.clear();
    plainRunsOfWidth.clear();
    plainSteps = 0, replayedSteps = 0;
    lrValue = stepValue = torch::Tensor();
    // Auto: on for a CUDA device (measured on an H200: 2.1x the plain steps' samples/s over a
    // DistilBERT-base epoch, the golden training within 2.4e-6 either way); off on the CPU, where
    // a recorded step is a plain one over wider batches.
    const bool asked = options.cudaGraphs == Switch::On;
    recordSteps = asked || (options.cudaGraphs == Switch::Auto && device.is_cuda());
    onGraphs = false;
    if (!recordSteps) return;
    auto without = [&](const std::string& why) {
        // Asked for: a warning. By default: said once, as information, and the run goes on as usual.
        if (asked) log(LogLevel::Warning, "CUDA graphs are off for this run: " + why);
        else log(LogLevel::Info, "CUDA graphs are not used for this run: " + why);
        recordSteps = false;
    };
    if (lossScaling()) return without("fp16 loss scaling decides on the host whether to apply each step");
    if (options.gradientAccumulation > 1) return without("gradient accumulation is not recorded");
    if (model->sparseGradients()) return without("the model's gradients are sparse (the n-gram baseline)");
    if (device.is_cuda()) {
        if (!cudagraph::builtIn())
            return without("this build of Headliner has no CUDA graph support (its LibTorch's CUDA headers were not found)");
        if (!compat::kHasFusedAdamWFromTensors)
            return without("LibTorch 2.4 or later is needed (AdamW with a device learning rate)");
        onGraphs = true;
        graphPool = cudagraph::newPool();
    } else {
        log(LogLevel::Info, "CUDA graphs need a CUDA device: each recorded step runs directly instead, "
                            "over the same padded batches");
    }
    // float32, as the fused CUDA kernel reads them; on the CPU, where they are read back, the
    // learning rate in double, so a recorded step updates exactly as a plain one.
    lrValue = torch::zeros({}, torch::TensorOptions(onGraphs ? torch::kFloat : torch::kDouble).device(device));
    stepValue = torch::zeros({}, torch::TensorOptions(torch::kFloat).device(device));
}

void Trainer::Impl::beginRecordedSteps() {
    if (!onGraphs) return;
    // What setUp queued on the default stream (the model's weights, the moments) is done first.
    c10::impl::getDeviceGuardImpl(device.type())->getStream(device).synchronize();
    sideStream = c10::impl::getDeviceGuardImpl(device.type())->getStreamFromGlobalPool(device);
    sideStreamGuard.emplace(*sideStream);
}

void Trainer::Impl::endRecordedSteps() noexcept {
    try {
        if (sideStream) sideStream->synchronize();  // the run's work is done before its results are used
    } catch (const std::exception&) {  // a device error; the run has reported its own
    }
    sideStreamGuard.reset();
    sideStream.reset();
    try {
        recordedSteps.clear();  // the graphs' memory goes back to the allocator
        lrValue = stepValue = torch::Tensor();
        if (options.cudaGraphs == Switch::On || onGraphs)
            log(LogLevel::Info, std::string(onGraphs ? "CUDA graphs" : "recorded steps") + ": " +
                                    std::to_string(replayedSteps) + " steps replayed, " + std::to_string(plainSteps) +
                                    " run as usual");
    } catch (const std::exception&) {  // a handler's error at the end of a run changes nothing
    }
}

std::size_t Trainer::Impl::recordedWidth(const Batch& batch) const {
    if (!recordSteps || batch.rows != std::size_t(options.batchSize) || batch.columns == 0) return 0;
    std::size_t width = roundedWidth(batch.columns);
    if (const auto limit = model->maxColumns(); limit > 0) {
        if (batch.columns > std::size_t(limit)) return 0;  // the model refuses it anyway
        width = std::min(width, std::size_t(limit));
    }
    if (!recordedSteps.count(width) && recordedSteps.size() >= kMaxRecordedWidths) return 0;
    return width;
}

bool Trainer::Impl::replayable(std::size_t width) const {
    if (plainSteps < kWarmUpSteps) return false;
    if (recordedSteps.count(width)) return true;
    const auto runs = plainRunsOfWidth.find(width);
    return runs != plainRunsOfWidth.end() && runs->second > 0;
}

torch::Tensor Trainer::Impl::recordedStepBody(RecordedStep& step) {
    const auto l = loss(logits(step.ids, step.mask), step.labels);
    l.backward();
    const auto losses = l.detach().to(torch::kDouble).view({1});
    const auto squared = clipOnDevice(losses);
    torch::NoGradGuard noGrad;
    optimizer.stepFromTensors(lrValue, stepValue, options);
    for (auto& p : optimizer.params) p.mutable_grad() = torch::Tensor();
    return torch::cat({losses, squared.view({1})});
}

torch::Tensor Trainer::Impl::runRecordedStep(const Batch& padded, double lr) {
    RECORD_USER_SCOPE("headliner::recorded_step");
    auto& slot = recordedSteps[padded.columns];
    if (!slot) {
        slot = std::make_unique<RecordedStep>();
        const auto rows = std::int64_t(padded.rows), columns = std::int64_t(padded.columns);
        const auto longs = torch::TensorOptions(torch::kLong).device(device);
        slot->ids = torch::empty({rows, columns}, longs);
        slot->mask = torch::empty({rows, columns}, longs);
        slot->labels = torch::empty({rows}, longs);
    }
    RecordedStep& step = *slot;
    auto fill = [&](torch::Tensor& target, const std::vector<std::int64_t>& values) {
        const auto host = torch::from_blob(const_cast<std::int64_t*>(values.data()), target.sizes(), torch::kLong);
        if (device.is_cpu()) target.copy_(host);
        else target.copy_(host.pin_memory(), /*non_blocking=*/true);
    };
    fill(step.ids, padded.ids);
    fill(step.mask, padded.attentionMask);
    fill(step.labels, padded.labels);
    lrValue.fill_(lr);
    stepValue.fill_(double(optimizer.steps + 1));
    if (!onGraphs) {
        step.out = recordedStepBody(step);
    } else {
        if (!step.recorded) {
            try {
                step.graph.capture([&] { step.out = recordedStepBody(step); }, graphPool);
            } catch (const cudagraph::CaptureError&) {
                for (auto& p : optimizer.params) p.mutable_grad() = torch::Tensor();
                recordedSteps.erase(padded.columns);
                throw;
            }
            step.recorded = true;
        }
        step.graph.replay();
    }
    ++optimizer.steps;
    ++replayedSteps;
    return step.out;
}

}  // namespace headliner::train
