#include "core/train/TrainerImpl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>
#include <optional>
#include <sstream>
#include <thread>

#include <ATen/record_function.h>
#include <c10/core/Event.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include "core/Runtime.h"
#include "core/TorchCompat.h"
#include "core/train/CpuKernels.h"

namespace headliner::train {

namespace F = torch::nn::functional;
using Clock = std::chrono::steady_clock;

std::string runStatusName(RunStatus s) {
    switch (s) {
    case RunStatus::Completed: return "completed";
    case RunStatus::EarlyStopped: return "early_stopped";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Failed: return "failed";
    }
    return "failed";
}

namespace {

// Float32 tensors in CPU memory, laid out densely: the fused kernels' domain.
bool denseCpuFloat(const torch::Tensor& t) {
    return t.device().is_cpu() && t.scalar_type() == torch::kFloat && t.is_contiguous() && !t.is_sparse();
}

// One AdamW update with tensor operations, in place on param, mean and second (the rows of a
// sparse gradient gathered into their own tensors).
void adamwOnTensors(torch::Tensor& param, const torch::Tensor& grad, torch::Tensor& mean, torch::Tensor& second,
                    double lr, double weightDecay, const TrainerOptions& o, double stepSize,
                    double biasCorrection2Sqrt) {
    if (weightDecay != 0.0) param.mul_(1.0 - lr * weightDecay);
    mean.lerp_(grad, 1.0 - o.beta1);
    second.mul_(o.beta2).addcmul_(grad, grad, 1.0 - o.beta2);
    const auto denom = (second.sqrt() / biasCorrection2Sqrt).add_(o.epsilon);
    param.addcdiv_(mean, denom, -stepSize);
}

// The same update for many tensors at once with LibTorch's multi-tensor (_foreach_) operations,
// as torch.optim.AdamW(foreach=True): on a GPU each line is one or a few kernel launches for
// all of DistilBERT's ~100 tensors, where a per-tensor loop launches ~800 kernels a step.
// The gradients are scaled in place.
void adamwMultiTensor(std::vector<torch::Tensor>& params, std::vector<torch::Tensor>& grads,
                      std::vector<torch::Tensor>& means, std::vector<torch::Tensor>& seconds, double lr,
                      double weightDecay, const TrainerOptions& o, double stepSize, double biasCorrection2Sqrt,
                      double gradScale, std::int64_t step) {
    if (params.empty()) return;
    if (gradScale != 1.0) at::_foreach_mul_(grads, c10::Scalar(gradScale));
    // On a GPU with LibTorch 2.x: the same update in one kernel (float32 bias corrections: within
    // rounding of the lines below).
    if (compat::fusedAdamW(params, grads, means, seconds, step, lr, o.beta1, o.beta2, weightDecay, o.epsilon)) return;
    if (weightDecay != 0.0) at::_foreach_mul_(params, c10::Scalar(1.0 - lr * weightDecay));
    at::_foreach_mul_(means, c10::Scalar(o.beta1));
    at::_foreach_add_(means, grads, c10::Scalar(1.0 - o.beta1));
    at::_foreach_mul_(seconds, c10::Scalar(o.beta2));
    at::_foreach_addcmul_(seconds, grads, grads, c10::Scalar(1.0 - o.beta2));
    auto denoms = at::_foreach_sqrt(seconds);
    at::_foreach_div_(denoms, c10::Scalar(biasCorrection2Sqrt));
    at::_foreach_add_(denoms, c10::Scalar(o.epsilon));
    at::_foreach_addcdiv_(params, means, denoms, c10::Scalar(-stepSize));
}

}  // namespace

void AdamW::step(double lr, const TrainerOptions& o, double gradScale) {
    update(lr, o, gradScale, ++steps);
}

void AdamW::stepFromTensors(const torch::Tensor& lr, const torch::Tensor& count, const TrainerOptions& o) {
    RECORD_USER_SCOPE("headliner::adamw");
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> groupParams[2], groupGrads[2], groupMeans[2], groupSeconds[2];
    bool dense = true;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& g = params[i].grad();
        if (!g.defined()) continue;
        dense = dense && !g.is_sparse();
        const int group = decays[i] && o.weightDecay != 0.0 ? 1 : 0;
        groupParams[group].push_back(params[i]), groupGrads[group].push_back(g);
        groupMeans[group].push_back(expAvg[i]), groupSeconds[group].push_back(expAvgSq[i]);
    }
    if (dense && compat::kHasFusedAdamWFromTensors && !params.empty() && params.front().is_cuda()) {
        for (int group : {0, 1})
            compat::fusedAdamWFromTensors(groupParams[group], groupGrads[group], groupMeans[group],
                                          groupSeconds[group], count, lr, o.beta1, o.beta2,
                                          group == 1 ? o.weightDecay : 0.0, o.epsilon);
        return;
    }
    update(lr.item<double>(), o, 1.0, std::int64_t(count.item<double>()));
}

void AdamW::update(double lr, const TrainerOptions& o, double gradScale, std::int64_t count) {
    RECORD_USER_SCOPE("headliner::adamw");
    torch::NoGradGuard noGrad;
    const double biasCorrection1 = 1.0 - std::pow(o.beta1, double(count));
    const double biasCorrection2Sqrt = std::sqrt(1.0 - std::pow(o.beta2, double(count)));
    const double stepSize = lr / biasCorrection1;
    // Dense tensors the fused CPU kernel does not take (GPU ones), by weight decay: without, with.
    std::vector<torch::Tensor> groupParams[2], groupGrads[2], groupMeans[2], groupSeconds[2];
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto& p = params[i];
        const auto& g = p.grad();
        if (!g.defined()) continue;
        const double weightDecay = decays[i] ? o.weightDecay : 0.0;
        if (g.is_sparse()) {
            // Lazy AdamW: only the rows the gradient holds (coalesced: each row once) are
            // updated, moments included; the other rows keep their values and their moments.
            const auto rows = g._indices()[0];
            auto grad = g._values();
            if (cpuKernel && denseCpuFloat(p) && denseCpuFloat(expAvg[i]) && denseCpuFloat(expAvgSq[i]) &&
                g.is_coalesced() && grad.scalar_type() == torch::kFloat && p.dim() == 2 && grad.dim() == 2 &&
                grad.size(1) == p.size(1)) {
                // In place, row by row: no gathered copies of the rows and their moments.
                const auto values = grad.contiguous();
                const auto rowIds = rows.contiguous();
                kernels::AdamWConstants c;
                c.lr = lr, c.weightDecay = weightDecay, c.beta1 = o.beta1, c.beta2 = o.beta2, c.epsilon = o.epsilon;
                c.stepSize = stepSize, c.biasCorrection2Sqrt = biasCorrection2Sqrt, c.gradScale = float(gradScale);
                kernels::adamwRows(p.data_ptr<float>(), expAvg[i].data_ptr<float>(), expAvgSq[i].data_ptr<float>(),
                                   p.size(1), rowIds.data_ptr<std::int64_t>(), rowIds.numel(),
                                   values.data_ptr<float>(), c);
                continue;
            }
            if (gradScale != 1.0) grad = grad * gradScale;
            auto weight = p.index_select(0, rows), mean = expAvg[i].index_select(0, rows),
                 second = expAvgSq[i].index_select(0, rows);
            adamwOnTensors(weight, grad, mean, second, lr, weightDecay, o, stepSize, biasCorrection2Sqrt);
            p.index_copy_(0, rows, weight);
            expAvg[i].index_copy_(0, rows, mean);
            expAvgSq[i].index_copy_(0, rows, second);
            continue;
        }
        if (cpuKernel && denseCpuFloat(p) && denseCpuFloat(g) && denseCpuFloat(expAvg[i]) &&
            denseCpuFloat(expAvgSq[i])) {
            kernels::AdamWConstants c;
            c.lr = lr, c.weightDecay = weightDecay, c.beta1 = o.beta1, c.beta2 = o.beta2, c.epsilon = o.epsilon;
            c.stepSize = stepSize, c.biasCorrection2Sqrt = biasCorrection2Sqrt, c.gradScale = float(gradScale);
            kernels::adamwStep(p.data_ptr<float>(), g.data_ptr<float>(), expAvg[i].data_ptr<float>(),
                               expAvgSq[i].data_ptr<float>(), p.numel(), c);
            continue;
        }
        const int group = weightDecay != 0.0 ? 1 : 0;
        groupParams[group].push_back(p), groupGrads[group].push_back(g);
        groupMeans[group].push_back(expAvg[i]), groupSeconds[group].push_back(expAvgSq[i]);
    }
    for (int group : {0, 1})
        adamwMultiTensor(groupParams[group], groupGrads[group], groupMeans[group], groupSeconds[group], lr,
                         group == 1 ? o.weightDecay : 0.0, o, stepSize, biasCorrection2Sqrt, gradScale, count);
}

void Trainer::Impl::setUp() {
    checkOptions(options);
    device = torch::Device(resolveDevice(options.device));
    precision = options.precision;
    if (precision == Precision::Auto)
        precision = device.is_cuda() ? (compat::cudaBf16Works(device) ? Precision::Bf16 : Precision::Fp16) : Precision::Fp32;
    if (precision == Precision::Fp16 && !device.is_cuda())
        throw TrainingError("fp16 needs a CUDA device; on the CPU use bf16 or fp32");
    if (precision == Precision::Bf16 && device.is_cuda() && !compat::cudaBf16Works(device))
        throw TrainingError("this GPU does not support bf16; use --precision fp16");
    model->to(device);
    asyncCheckpoints = options.asyncCheckpoints == Switch::On ||
                       (options.asyncCheckpoints == Switch::Auto && !device.is_cpu());
    deferReadback = options.deferStepReadback == Switch::On ||
                    (options.deferStepReadback == Switch::Auto && !device.is_cpu());
    model->setFusedLayers(options.fusedLayers == Switch::On ||
                          (options.fusedLayers == Switch::Auto && !device.is_cpu()));

    optimizer = AdamW{};
    for (const auto& item : model->named_parameters(/*recurse=*/true)) {
        if (!item.value().requires_grad()) continue;
        optimizer.names.push_back(item.key());
        optimizer.params.push_back(item.value());
        optimizer.decays.push_back(model->decays(item.key()));
        optimizer.expAvg.push_back(torch::zeros_like(item.value()));
        optimizer.expAvgSq.push_back(torch::zeros_like(item.value()));
    }
    classWeights = torch::Tensor();
    if (!options.classWeights.empty()) {
        if (static_cast<std::int64_t>(options.classWeights.size()) != model->numLabels())
            throw TrainingError("class weights: " + std::to_string(options.classWeights.size()) + " given for " +
                                std::to_string(model->numLabels()) + " classes");
        classWeights = torch::tensor(options.classWeights, torch::kDouble).to(torch::kFloat).to(device);
    }
    setUpRecordedSteps();
}

torch::Tensor Trainer::Impl::toDevice(const std::vector<std::int64_t>& values, std::int64_t rows,
                                      std::int64_t columns) const {
    auto t = torch::from_blob(const_cast<std::int64_t*>(values.data()), {rows, columns}, torch::kLong);
    if (device.is_cpu()) return t.clone();
    return t.pin_memory().to(device, /*non_blocking=*/true);
}

torch::Tensor Trainer::Impl::forward(const Batch& batch) {
    RECORD_USER_SCOPE("headliner::forward");
    const auto rows = static_cast<std::int64_t>(batch.rows), columns = static_cast<std::int64_t>(batch.columns);
    const auto ids = toDevice(batch.ids, rows, columns);  // (B,T)
    const auto mask = toDevice(batch.attentionMask, rows, columns);
    return logits(ids, mask);
}

torch::Tensor Trainer::Impl::logits(const torch::Tensor& ids, const torch::Tensor& mask) {
    compat::AutocastGuard autocastRegion(device.type(), autocastType(), autocast());
    return model->logits(ids, mask).to(torch::kFloat);  // (B, labels)
}

torch::Tensor Trainer::Impl::loss(const torch::Tensor& logits, const torch::Tensor& labels) const {
    auto o = F::CrossEntropyFuncOptions().label_smoothing(options.labelSmoothing);
    if (classWeights.defined()) o = o.weight(classWeights);
    return F::cross_entropy(logits, labels, o);
}

EvalMetrics Trainer::Impl::evaluate(const EncodedExamples& eval) {
    RECORD_USER_SCOPE("headliner::evaluate");
    const bool wasTraining = model->is_training();
    model->eval();
    torch::NoGradGuard noGrad;
    const std::size_t batchSize = options.evalBatchSize > 0 ? std::size_t(options.evalBatchSize)
                                                            : std::size_t(4 * std::max(1, options.batchSize));
    // Per-batch losses and predictions stay on the device until the end: on a GPU the host then
    // prepares the next batch while the current one runs, instead of waiting for each.
    std::vector<torch::Tensor> batchLosses, batchPredictions;
    std::vector<std::int32_t> truth, predicted;
    truth.reserve(eval.size());
    predicted.reserve(eval.size());
    evaluating = true;
    for (const auto& rows : evaluationPlan(eval, batchSize)) {
        const Batch batch = batchOfRows(eval, rows, options.padId);
        evalBatchRows = batch.rows, evalBatchColumns = batch.columns;
        const auto logits = forward(batch);
        const auto labels = toDevice(batch.labels, std::int64_t(batch.rows), 1).view({-1});
        batchLosses.push_back(F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().reduction(torch::kSum)));
        batchPredictions.push_back(logits.argmax(1));
        for (std::size_t i = 0; i < batch.rows; ++i) truth.push_back(std::int32_t(batch.labels[i]));
    }
    double lossSum = 0;
    if (!batchLosses.empty()) {
        const auto losses = torch::stack(batchLosses).to(torch::kDouble).to(torch::kCPU);
        const auto* l = losses.data_ptr<double>();
        for (std::int64_t i = 0; i < losses.numel(); ++i) lossSum += l[i];
        const auto argmax = torch::cat(batchPredictions).to(torch::kCPU).contiguous();
        const auto* p = argmax.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < argmax.numel(); ++i) predicted.push_back(std::int32_t(p[i]));
    }
    evaluating = false;
    EvalMetrics m = metricsFromConfusion(confusionMatrix(truth, predicted, std::size_t(model->numLabels())));
    m.loss = eval.size() > 0 ? lossSum / double(eval.size()) : 0.0;
    m.step = state.step;
    if (wasTraining) model->train();
    return m;
}

namespace {

bool improves(const EvalMetrics& m, const TrainerState& s, const TrainerOptions& o) {
    if (s.bestIndex < 0) return true;
    const auto& best = s.history[std::size_t(s.bestIndex)];
    if (o.bestMetric == BestMetric::EvalLoss) return m.loss < best.loss - o.earlyStoppingThreshold;
    return m.accuracy > best.accuracy + o.earlyStoppingThreshold;
}

std::string shortNumber(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

TrainingError lossDiverged(double loss, std::int64_t step, double lr) {
    return TrainingError("the loss became " + shortNumber(loss) + " at step " + std::to_string(step) +
                         " (learning rate " + shortNumber(lr) +
                         "): training diverged. Lower the learning rate (--lr) or keep gradient clipping on "
                         "(--max-grad-norm 1); the last checkpoint is intact");
}

TrainingError gradientDiverged(double norm, std::int64_t step) {
    return TrainingError("the gradient norm became " + shortNumber(norm) + " at step " + std::to_string(step) +
                         ": training diverged. Lower the learning rate (--lr)");
}

// One optimizer step on its way to being reported: its event (all but the figures read back),
// and, when its read is deferred, its losses and squared gradient norm in host memory (pinned,
// filled by a copy behind the step's work on a GPU, which `ready` marks).
struct PendingStep {
    StepEvent ev;
    double lr = 0, lossSum = 0, gradNorm = 0, flops = 0;
    std::size_t micro = 1, samples = 0, tokens = 0;
    bool skipped = false;
    Clock::time_point started;
    torch::Tensor values;  // double: [loss of each micro-batch..., squared norm]; undefined: read already
    std::optional<c10::Event> ready;
};

}  // namespace

bool isDeviceName(const std::string& name) {
    return name == "auto" || name == "cpu" || name == "cuda" ||
           (name.rfind("cuda:", 0) == 0 && name.size() > 5 && name.size() <= 7 &&
            name.find_first_not_of("0123456789", 5) == std::string::npos);
}

std::string resolveDevice(const std::string& asked) {
    if (asked == "auto") return torch::cuda::is_available() ? "cuda" : "cpu";
    if (!isDeviceName(asked)) throw TrainingError("unknown device '" + asked + "' (expected auto, cpu, cuda or cuda:N)");
    if (asked != "cpu") {
        if (!torch::cuda::is_available())
            throw TrainingError("device " + asked + " asked for, but no CUDA device is available (use --device cpu)");
        const auto index = asked == "cuda" ? 0 : std::stoi(asked.substr(5));
        if (index >= int(torch::cuda::device_count()))
            throw TrainingError("device " + asked + " asked for, but LibTorch sees " +
                                std::to_string(torch::cuda::device_count()) + " CUDA device(s), numbered from 0");
    }
    return asked;
}

void checkOptions(const TrainerOptions& o) {
    auto refuse = [](const std::string& what) { throw TrainingError(what); };
    if (!std::isfinite(o.learningRate) || o.learningRate < 0)
        refuse("the learning rate must be a number of at least 0, not " + shortNumber(o.learningRate));
    if (!std::isfinite(o.weightDecay) || o.weightDecay < 0)
        refuse("the weight decay must be a number of at least 0, not " + shortNumber(o.weightDecay));
    if (!(o.warmupRatio >= 0 && o.warmupRatio <= 1))
        refuse("the warm-up ratio must lie in [0, 1] (a share of the run's steps), not " + shortNumber(o.warmupRatio));
    if (!(o.labelSmoothing >= 0 && o.labelSmoothing < 1))
        refuse("label smoothing must lie in [0, 1), not " + shortNumber(o.labelSmoothing));
    if (!std::isfinite(o.maxGradNorm)) refuse("the largest gradient norm must be a number (0 or less: no clipping)");
    if (o.batchSize < 1) refuse("batch size must be at least 1");
    if (o.gradientAccumulation < 1) refuse("gradient accumulation must be at least 1");
}

NormParts gradNormParts(const std::vector<torch::Tensor>& grads) {
    NormParts parts;
    std::vector<torch::Tensor> otherDense;
    for (const auto& g : grads) {
        if (denseCpuFloat(g)) parts.host += kernels::sumOfSquares(g.data_ptr<float>(), g.numel());
        else if (g.is_sparse() && denseCpuFloat(g._values()))
            parts.host += kernels::sumOfSquares(g._values().data_ptr<float>(), g._values().numel());
        else if (g.is_sparse()) parts.norms.push_back(g._values().norm(2));
        else otherDense.push_back(g);
    }
    if (!otherDense.empty())
        for (auto& n : at::_foreach_norm(otherDense)) parts.norms.push_back(n);
    return parts;
}

torch::Tensor Trainer::Impl::clipOnDevice(const torch::Tensor& losses) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    for (auto& p : optimizer.params)
        if (p.grad().defined()) grads.push_back(p.grad());
    const auto parts = gradNormParts(grads);
    auto squared = torch::scalar_tensor(parts.host, torch::TensorOptions(torch::kDouble).device(device));
    if (!parts.norms.empty()) squared = squared + torch::stack(parts.norms).to(torch::kDouble).square().sum();
    const auto norm = squared.sqrt();
    auto clip = options.maxGradNorm > 0 ? (options.maxGradNorm / (norm + 1e-6)).clamp_max(1.0) : torch::ones_like(norm);
    clip = torch::where(torch::isfinite(norm) & torch::isfinite(losses).all(), clip, torch::zeros_like(clip))
               .to(torch::kFloat);
    compat::foreachMulByTensor(grads, clip);
    return squared;
}

std::string Trainer::Impl::outOfMemoryMessage(std::size_t rows, std::size_t columns) const {
    const std::string start = std::string(kOutOfMemoryError) + device.str();
    if (rows == 0) return start + " before the first batch; the last checkpoint is intact";
    const std::size_t smaller = std::max<std::size_t>(1, rows / 2);
    return start + " with batch size " + std::to_string(rows) + " (" +
           std::to_string(columns) + " tokens per row). Resume with a smaller batch, e.g. --resume --batch-size " +
           std::to_string(smaller) + " --grad-accum " + std::to_string(2 * options.gradientAccumulation) +
           " (same effective batch), or a shorter --max-length; the last checkpoint is intact";
}

std::string Trainer::Impl::evalOutOfMemoryMessage() const {
    const std::size_t smaller = std::max<std::size_t>(1, evalBatchRows / 2);
    return std::string(kOutOfMemoryError) + device.str() + " while evaluating, with batches of " +
           std::to_string(evalBatchRows) + " rows (" + std::to_string(evalBatchColumns) +
           " tokens per row). Resume with smaller evaluation batches, e.g. --resume --eval-batch-size " +
           std::to_string(smaller) + " (training is not affected); the last checkpoint is intact";
}

TrainingResult Trainer::Impl::train(BatchSource& source, const EncodedExamples* eval, bool resume) {
    const auto started = Clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
    TrainingResult result;
    RunStatus status = RunStatus::Completed;
    const RetainFreedMemory keepMemory;
    std::optional<ScopedThreads> threads;  // the model's preferred CPU threads, for this run
    std::size_t currentBatchRows = 0, currentColumns = 0;
    evaluating = false;
    try {
        setUp();
        beginRecordedSteps();  // before anything of the run is queued on the device
        if (device.is_cpu() && model->preferredCpuThreads() > 0)
            threads.emplace(model->preferredCpuThreads());
        state = TrainerState{};
        bool resumed = false;
        if (resume) {
            if (options.checkpointFolder.empty()) throw TrainingError("resume needs a checkpoint folder");
            resumed = loadCheckpoint();
            if (!resumed) log(LogLevel::Warning, "no checkpoint in " + options.checkpointFolder.string() + ": starting a new run");
        }
        const bool scaling = lossScaling();
        if (scaling && !(options.initialLossScale >= 1.0 && std::isfinite(options.initialLossScale) &&
                         options.lossScaleGrowthInterval >= 1))
            throw TrainingError("loss scaling needs an initial scale of at least 1 and a growth interval of at least 1");
        if (!resumed) {
            torch::manual_seed(options.seed);
            state.batchSize = std::size_t(options.batchSize);
            state.lossScale = options.initialLossScale;
        }
        const std::size_t perEpoch = source.batchesPerEpoch();
        if (perEpoch == 0) throw TrainingError("there is nothing to train on: the training set is empty");
        const std::size_t accum = std::size_t(options.gradientAccumulation);
        const std::int64_t stepsPerEpoch = std::int64_t((perEpoch + accum - 1) / accum);
        std::int64_t total = options.maxSteps > 0 ? options.maxSteps : stepsPerEpoch * options.epochs;
        // Resumed with another batch size (or inside an epoch re-cut by an earlier such resume):
        // the rest of the epoch is its rows not trained yet, in its order, cut anew.
        const bool batchSizeChanged = resumed && state.batchSize != std::size_t(options.batchSize);
        bool recut = resumed && (batchSizeChanged || state.epochPlanBatchSize != 0) && state.rowsInEpoch > 0;
        if (batchSizeChanged) {
            if (state.epochPlanBatchSize == 0 && state.rowsInEpoch > 0) state.epochPlanBatchSize = state.batchSize;
            log(LogLevel::Info, "batch size changed from " + std::to_string(state.batchSize) + " to " +
                                    std::to_string(options.batchSize) + ": the rest of epoch " +
                                    std::to_string(state.epoch + 1) + " (" + std::to_string(state.rowsInEpoch) +
                                    " rows trained) is its remaining rows in batches of the new size");
            state.batchSize = std::size_t(options.batchSize);
        }
        model->train();

        Prefetcher prefetch(source);
        // Positions the source at the current epoch (state.epoch, batchInEpoch); its batches in all.
        auto beginEpoch = [&]() -> std::size_t {
            std::optional<std::size_t> rest;
            if (recut) rest = prefetch.startEpochFromRow(state.epoch, state.epochPlanBatchSize, state.rowsInEpoch);
            recut = false;
            if (rest) return state.epochBatches = state.batchInEpoch + *rest;  // earlier batches count as done
            if (state.epochPlanBatchSize != 0) {  // a source that cannot re-cut: the nearest batch
                state.batchInEpoch = state.rowsInEpoch / std::size_t(options.batchSize);
                log(LogLevel::Warning, "this batch source cannot re-cut an epoch: resuming at batch " +
                                           std::to_string(state.batchInEpoch));
            }
            state.epochPlanBatchSize = 0, state.epochBatches = 0;
            prefetch.startEpoch(state.epoch, state.batchInEpoch);
            return perEpoch;
        };
        bool done = state.finished || state.step >= total;
        std::size_t epochBatches = done ? perEpoch : beginEpoch();  // the current epoch's batches in all
        // A resumed run counts its steps from where it is: the rest of this epoch, then whole
        // epochs. Without a change of batch size this is the same number as above; with one, the
        // run still ends after its epochs, its learning rate reaching 0 at the last step.
        if (resumed && !done && options.maxSteps <= 0 && state.epoch < options.epochs) {
            const std::size_t left = epochBatches - std::min(epochBatches, state.batchInEpoch);
            total = state.step + std::int64_t((left + accum - 1) / accum) +
                    stepsPerEpoch * std::int64_t(options.epochs - state.epoch - 1);
        }
        const std::int64_t warmup = warmupStepsFor(options, total);
        // The learning rate of the next update: the schedule advances with the updates applied,
        // so a step skipped for a loss-scale overflow does not move it (as transformers.Trainer).
        auto scheduledLr = [&] { return linearScheduleWithWarmup(options.learningRate, optimizer.steps, warmup, total); };
        if (resumed && (done || state.epoch >= options.epochs))
            log(LogLevel::Info, "resumed at step " + std::to_string(state.step) +
                                    ": the run had already finished, nothing is left to train");
        else if (resumed)
            log(LogLevel::Info, "resumed at step " + std::to_string(state.step) + " of " + std::to_string(total) +
                                    " (epoch " + std::to_string(state.epoch + 1) + ", batch " +
                                    std::to_string(state.batchInEpoch) + ")");
        std::optional<PendingStep> pending;  // a step whose read is deferred (deferStepReadback)
        Clock::time_point lastCompleted{};
        // Completes a step: its figures read (a deferred one waits for the device to reach them,
        // and a loss or norm that is not finite stops the run), the epoch's loss summed, the
        // step reported. A deferred step's time runs from the previous step's completion: the
        // steps overlap on the host, not on the device.
        auto complete = [&](PendingStep& s) {
            RECORD_USER_SCOPE("headliner::complete_step");
            if (s.ready)
                while (!s.ready->query()) std::this_thread::yield();
            if (s.values.defined()) {
                const double* v = s.values.data_ptr<double>();
                for (std::size_t m = 0; m < s.micro; ++m) {
                    if (!std::isfinite(v[m])) throw lossDiverged(v[m], s.ev.step, s.lr);
                    s.lossSum += v[m];
                }
                s.gradNorm = std::sqrt(v[s.micro]);
                if (!std::isfinite(s.gradNorm)) throw gradientDiverged(s.gradNorm, s.ev.step);
            }
            const double stepLoss = s.lossSum / double(s.micro);
            state.epochLossSum += stepLoss, state.epochLossSteps++;
            const auto now = Clock::now();
            const double stepSeconds = std::chrono::duration<double>(now - std::max(s.started, lastCompleted)).count();
            lastCompleted = now;
            StepEvent& ev = s.ev;
            ev.loss = stepLoss, ev.learningRate = s.lr, ev.gradNorm = s.gradNorm;
            ev.samplesPerSecond = stepSeconds > 0 ? double(s.samples) / stepSeconds : 0;
            ev.tokensPerSecond = stepSeconds > 0 ? double(s.tokens) / stepSeconds : 0;
            ev.flopsPerSecond = stepSeconds > 0 ? s.flops / stepSeconds : 0;
            ev.elapsedSeconds = seconds();
            if (events) events->onStep(ev);
            finishPendingCheckpoint(/*wait=*/false);  // a background write done (or failed)?
        };
        bool firstEpoch = true;
        while (!done) {
            if (!firstEpoch) epochBatches = beginEpoch();
            firstEpoch = false;
            while (true) {
                const std::size_t remaining = epochBatches - std::min(epochBatches, state.batchInEpoch);
                if (remaining == 0) {  // only after a resume exactly at an epoch's end
                    state.epoch++, state.batchInEpoch = 0, state.rowsInEpoch = 0;
                    state.epochPlanBatchSize = 0, state.epochBatches = 0;
                    break;
                }
                // One optimizer step over `micro` micro-batches; the loss of each is divided by
                // their number, so the gradient is the mean over the step's batches.
                const std::size_t micro = std::min(accum, remaining);
                const auto stepStarted = Clock::now();
                std::size_t samples = 0, tokens = 0;
                double flops = 0;
                auto nextBatch = [&] {
                    RECORD_USER_SCOPE("headliner::next_batch");
                    auto batch = prefetch.next();
                    if (!batch) throw TrainingError("the batch source ended before the epoch's last batch");
                    return std::move(*batch);
                };
                // With recorded steps (TrainerOptions::cudaGraphs), a full batch runs padded to
                // its recorded width: as usual the first time the width comes, then through the
                // width's recording.
                std::optional<Batch> first;
                std::size_t width = 0;
                if (recordSteps && micro == 1) {
                    first = nextBatch();
                    width = recordedWidth(*first);
                    if (width != 0 && width != first->columns) first = padColumns(*first, width, options.padId);
                }
                const double lr = scheduledLr();
                torch::Tensor recorded;  // a recorded step's [loss, squared gradient norm], on the device
                if (width != 0 && replayable(width)) {
                    currentBatchRows = first->rows, currentColumns = first->columns;
                    try {
                        recorded = runRecordedStep(*first, lr);
                        samples = first->rows, tokens = first->tokens;
                        flops = 3 * model->forwardFlops(std::int64_t(first->rows), std::int64_t(width));
                        state.batchInEpoch++, state.rowsInEpoch += first->rows;
                    } catch (const cudagraph::CaptureError& e) {
                        recordSteps = false;
                        log(LogLevel::Warning, "CUDA graphs are off for the rest of this run: recording a step of " +
                                                   std::to_string(first->rows) + " x " + std::to_string(width) +
                                                   " ids failed (" + e.what() + "); steps run as usual");
                    }
                }
                std::vector<torch::Tensor> microLosses;  // read once all backward passes are queued
                for (std::size_t m = 0; !recorded.defined() && m < micro; ++m) {
                    Batch batch = m == 0 && first ? std::move(*first) : nextBatch();
                    currentBatchRows = batch.rows, currentColumns = batch.columns;
                    const auto logits = forward(batch);
                    const auto labels = toDevice(batch.labels, std::int64_t(batch.rows), 1).view({-1});
                    const auto l = loss(logits, labels);
                    microLosses.push_back(l.detach());
                    auto scaled = micro > 1 ? l / double(micro) : l;  // (dividing by 1: an operation for nothing)
                    if (scaling) scaled = scaled * state.lossScale;
                    {
                        RECORD_USER_SCOPE("headliner::backward");
                        scaled.backward();
                    }
                    samples += batch.rows, tokens += batch.tokens;
                    flops += 3 * model->forwardFlops(std::int64_t(batch.rows), std::int64_t(batch.columns));
                    state.batchInEpoch++, state.rowsInEpoch += batch.rows;
                }
                if (!recorded.defined()) {
                    ++plainSteps;
                    if (width != 0) ++plainRunsOfWidth[width];
                }
                bool sparse = false;
                for (const auto& p : optimizer.params) sparse = sparse || (p.grad().defined() && p.grad().is_sparse());
                if (sparse && recordSteps) {
                    recordSteps = false;
                    log(LogLevel::Info, "CUDA graphs are off for this run: the model's gradients are sparse");
                }
                const bool deferThis = deferReadback && !scaling && !sparse;
                PendingStep current;
                current.lr = lr, current.micro = micro, current.started = stepStarted;
                current.samples = samples, current.tokens = tokens, current.flops = flops;
                // The step's losses and squared gradient norm (double, on the device) copied to
                // the host behind its work; complete() waits for them.
                auto readBehind = [&](const torch::Tensor& packed) {
                    if (packed.is_cpu()) {
                        current.values = packed;
                        return;
                    }
                    current.values = torch::empty(packed.sizes(), packed.options().device(torch::kCPU).pinned_memory(true));
                    current.values.copy_(packed, /*non_blocking=*/true);
                    current.ready.emplace(device.type());
                    current.ready->record(c10::impl::getDeviceGuardImpl(device.type())->getStream(device));
                };
                if (recorded.defined()) {
                    readBehind(recorded);
                } else if (deferThis) {
                    // Nothing read here: the clip coefficient is computed on the device, and
                    // the losses and the squared norm go to the host behind this step's work.
                    // A loss or norm that is not finite zeroes the coefficient (finite gradients
                    // then leave the weights be; NaN ones spoil them), and complete() stops the
                    // run a step later with the immediate path's message. A failed run's weights
                    // are never exported; its last checkpoint is intact.
                    RECORD_USER_SCOPE("headliner::clip_and_update");
                    torch::NoGradGuard noGrad;
                    const auto losses = torch::stack(microLosses);
                    const auto squared = clipOnDevice(losses);
                    optimizer.step(lr, options, 1.0);
                    for (auto& p : optimizer.params) p.mutable_grad() = torch::Tensor();
                    readBehind(torch::cat({losses.to(torch::kDouble).view({-1}), squared.view({1})}));
                } else {
                    // The losses come back in one read after the backward passes: on a GPU, reading
                    // each right after its forward pass would make the host wait there instead of
                    // queuing the backward pass behind it.
                    const auto lossValues = torch::stack(microLosses).to(torch::kDouble).to(torch::kCPU);
                    for (std::size_t m = 0; m < micro; ++m) {
                        const double value = lossValues[std::int64_t(m)].item<double>();
                        if (!std::isfinite(value) && !scaling) throw lossDiverged(value, state.step + 1, lr);
                        current.lossSum += value;
                    }
                    torch::NoGradGuard noGrad;
                    std::vector<torch::Tensor> grads;
                    for (auto& p : optimizer.params) {
                        if (!p.grad().defined()) continue;
                        // A sparse gradient may list a row several times (and more so after
                        // accumulation): one entry per row before the norm and the update.
                        if (p.grad().is_sparse() && !p.grad().is_coalesced()) p.mutable_grad() = p.grad().coalesce();
                        grads.push_back(p.grad());
                    }
                    // Dense gradients go through multi-tensor operations (one launch for many
                    // tensors on a GPU), sparse ones one by one.
                    if (scaling) {
                        std::vector<torch::Tensor> dense;
                        for (auto& g : grads) {
                            if (g.is_sparse()) g.mul_(1.0 / state.lossScale);
                            else dense.push_back(g);
                        }
                        if (!dense.empty()) at::_foreach_mul_(dense, c10::Scalar(1.0 / state.lossScale));
                    }
                    const auto parts = gradNormParts(grads);
                    double sumOfSquares = parts.host;
                    if (!parts.norms.empty())
                        sumOfSquares += torch::stack(parts.norms).to(torch::kDouble).square().sum().item<double>();
                    current.gradNorm = std::sqrt(sumOfSquares);
                    if (!std::isfinite(current.gradNorm) || !std::isfinite(current.lossSum)) {
                        if (!scaling) throw gradientDiverged(current.gradNorm, state.step + 1);
                        // Overflow under loss scaling: skip the update (the schedule waits too),
                        // halve the scale.
                        current.skipped = true;
                        state.lossScale *= 0.5, state.stepsSinceBackoff = 0;
                        if (state.lossScale < 1.0)
                            throw TrainingError("the gradients overflow even at loss scale 1 (step " +
                                                std::to_string(state.step + 1) +
                                                "): training diverged, or fp16 cannot hold them; use bf16 or fp32");
                    } else {
                        // Clipping scales the gradients as the optimizer reads them.
                        double clip = 1.0;
                        if (options.maxGradNorm > 0) clip = std::min(1.0, options.maxGradNorm / (current.gradNorm + 1e-6));
                        optimizer.step(lr, options, clip);
                        if (scaling && ++state.stepsSinceBackoff >= options.lossScaleGrowthInterval)
                            state.lossScale *= 2.0, state.stepsSinceBackoff = 0;
                    }
                    for (auto& p : optimizer.params) p.mutable_grad() = torch::Tensor();
                }
                state.step++;
                current.ev.step = state.step, current.ev.totalSteps = total, current.ev.epoch = state.epoch;
                current.ev.epochFraction = double(state.epoch) + double(state.batchInEpoch) / double(epochBatches);
                current.ev.lossScaling = scaling;
                current.ev.lossScale = scaling ? state.lossScale : 1.0;
                current.ev.skipped = current.skipped;
                // The step before, if its read was deferred, is reported first.
                if (pending) {
                    complete(*pending);
                    pending.reset();
                }
                // A deferred step with nothing after it (no epoch end, evaluation, checkpoint,
                // stop or pause) is completed after the next step is queued.
                if (deferThis && state.batchInEpoch < epochBatches && state.step < total &&
                    !(options.evalEverySteps > 0 && state.step % options.evalEverySteps == 0) &&
                    !(options.saveEverySteps > 0 && state.step % options.saveEverySteps == 0) && !stop->load() &&
                    !paused->load()) {
                    pending = std::move(current);
                    continue;
                }
                complete(current);

                const bool epochDone = state.batchInEpoch >= epochBatches;
                const bool last = state.step >= total;
                if (epochDone) {
                    state.epochTrainLoss.push_back(state.epochLossSum / double(std::max<std::int64_t>(1, state.epochLossSteps)));
                    state.epochLossSum = 0, state.epochLossSteps = 0;
                    state.epoch++, state.batchInEpoch = 0, state.rowsInEpoch = 0;
                    state.epochPlanBatchSize = 0, state.epochBatches = 0;
                }
                const bool stopNow = stop->load();
                const bool evalDue = options.evalEverySteps > 0 ? state.step % options.evalEverySteps == 0 : epochDone;
                const bool doEval = eval != nullptr && eval->size() > 0 && (evalDue || last);
                bool improved = false, earlyStop = false;
                if (doEval) {
                    EvalMetrics m = evaluate(*eval);
                    m.epoch = double(state.epoch) + double(state.batchInEpoch) / double(epochBatches);
                    improved = improves(m, state, options);
                    state.history.push_back(m);
                    if (improved) state.bestIndex = int(state.history.size()) - 1, state.evalsWithoutImprovement = 0;
                    else state.evalsWithoutImprovement++;
                    state.lastEvalStep = state.step;
                    if (events) events->onEvaluation({m, improved});
                    earlyStop = options.earlyStoppingPatience > 0 &&
                                state.evalsWithoutImprovement >= options.earlyStoppingPatience;
                    if (improved && options.checkpointFolder.empty()) rememberBestInMemory();
                }
                const bool saveDue = options.saveEverySteps > 0 ? state.step % options.saveEverySteps == 0
                                                                : (doEval || (eval == nullptr && epochDone));
                if (!options.checkpointFolder.empty() && (saveDue || improved || stopNow || earlyStop || last)) {
                    saveCheckpoint(improved);
                    state.lastSaveStep = state.step;
                }
                if (earlyStop) {
                    log(LogLevel::Info, "early stopping: no improvement in " + std::to_string(state.evalsWithoutImprovement) +
                                            " evaluations");
                    status = RunStatus::EarlyStopped;
                    done = true;
                    break;
                }
                while (paused->load() && !stop->load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
                if (stop->load()) {
                    if (!stopNow && !options.checkpointFolder.empty()) saveCheckpoint(false);
                    status = RunStatus::Stopped;
                    done = true;
                    break;
                }
                if (last) {
                    done = true;
                    break;
                }
                if (epochDone) break;  // the next epoch starts with its own batch order
            }
        }
        if (status == RunStatus::Completed && state.finished && state.status == runStatusName(RunStatus::EarlyStopped))
            status = RunStatus::EarlyStopped;
        if (status == RunStatus::Completed || status == RunStatus::EarlyStopped) {
            if (options.loadBestAtEnd && state.bestIndex >= 0) result.bestLoaded = loadBestWeights();
            if (!options.checkpointFolder.empty()) markFinished(runStatusName(status));
        }
    } catch (const c10::Error& e) {
        status = RunStatus::Failed;
        for (auto& p : optimizer.params) p.mutable_grad() = torch::Tensor();
        result.error = !compat::isOutOfMemory(e) ? e.what_without_backtrace()
                       : evaluating             ? evalOutOfMemoryMessage()
                                                : outOfMemoryMessage(currentBatchRows, currentColumns);
    } catch (const std::bad_alloc&) {
        status = RunStatus::Failed;
        for (auto& p : optimizer.params) p.mutable_grad() = torch::Tensor();
        result.error = evaluating ? evalOutOfMemoryMessage() : outOfMemoryMessage(currentBatchRows, currentColumns);
    } catch (const std::exception& e) {
        status = RunStatus::Failed;
        result.error = e.what();
    }
    endRecordedSteps();
    // A background write still in flight completes before the run reports its end; if it fails,
    // so does the run (its last checkpoint is the one before).
    if (const std::string writeError = drainPendingCheckpoint(); !writeError.empty() && status != RunStatus::Failed) {
        status = RunStatus::Failed;
        result.error = writeError;
    }
    if (status == RunStatus::Failed && events) events->onError(result.error);
    result.status = status;
    result.steps = state.step;
    result.epochsDone = state.epoch;
    result.history = state.history;
    result.epochTrainLoss = state.epochTrainLoss;
    result.bestIndex = state.bestIndex;
    result.seconds = seconds();
    if (events) events->onFinished(result);
    return result;
}

Trainer::Trainer(std::shared_ptr<model::SequenceClassifier> model, TrainerOptions options, TrainingEvents* events)
    : impl_(std::make_unique<Impl>()) {
    impl_->model = std::move(model);
    impl_->options = std::move(options);
    impl_->events = events;
    impl_->stop = &stop_;
    impl_->paused = &paused_;
}

Trainer::~Trainer() = default;

TrainingResult Trainer::run(BatchSource& train, const EncodedExamples* eval, bool resume) {
    // A stop requested before run() is honoured at its first check; the flag is cleared after,
    // so the same Trainer can run again.
    auto result = impl_->train(train, eval, resume);
    stop_ = false;
    return result;
}

TrainingResult Trainer::run(const EncodedExamples& train, const EncodedExamples* eval, bool resume) {
    BatchingOptions b;
    b.batchSize = std::size_t(std::max(1, impl_->options.batchSize));
    b.shuffle = impl_->options.shuffle;
    b.bucketByLength = impl_->options.bucketByLength;
    b.seed = impl_->options.seed;
    b.padId = impl_->options.padId;
    DatasetBatches batches(train, b);
    return run(batches, eval, resume);
}

EvalMetrics Trainer::evaluate(const EncodedExamples& eval) {
    // Outside run(): the device and precision as options say (Auto: as run() resolved it, or fp32).
    impl_->device = torch::Device(resolveDevice(impl_->options.device));
    if (impl_->options.precision != Precision::Auto) impl_->precision = impl_->options.precision;
    else if (impl_->device.is_cpu()) impl_->precision = Precision::Fp32;
    impl_->model->to(impl_->device);
    const RetainFreedMemory keepMemory;
    return impl_->evaluate(eval);
}

}  // namespace headliner::train
