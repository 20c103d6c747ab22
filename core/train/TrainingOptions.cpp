#include "core/train/TrainingOptions.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace headliner::train {

std::string precisionName(Precision p) {
    switch (p) {
    case Precision::Auto: return "auto";
    case Precision::Fp32: return "fp32";
    case Precision::Bf16: return "bf16";
    case Precision::Fp16: return "fp16";
    }
    return "auto";
}

Precision parsePrecision(const std::string& name) {
    if (name == "auto") return Precision::Auto;
    if (name == "fp32") return Precision::Fp32;
    if (name == "bf16") return Precision::Bf16;
    if (name == "fp16") return Precision::Fp16;
    throw std::invalid_argument("precision must be fp32, fp16, bf16 or auto, not '" + name + "'");
}

std::string bestMetricName(BestMetric m) { return m == BestMetric::EvalLoss ? "eval_loss" : "accuracy"; }

BestMetric parseBestMetric(const std::string& name) {
    if (name == "accuracy") return BestMetric::Accuracy;
    if (name == "eval_loss" || name == "loss") return BestMetric::EvalLoss;
    throw std::invalid_argument("best metric must be accuracy or eval_loss, not '" + name + "'");
}

std::string switchName(Switch s) {
    switch (s) {
    case Switch::Auto: return "auto";
    case Switch::On: return "on";
    case Switch::Off: return "off";
    }
    return "auto";
}

Switch parseSwitch(const std::string& name) {
    if (name == "auto") return Switch::Auto;
    if (name == "on") return Switch::On;
    if (name == "off") return Switch::Off;
    throw std::invalid_argument("must be auto, on or off, not '" + name + "'");
}

nlohmann::json toJson(const TrainerOptions& o) {
    return {{"epochs", o.epochs},
            {"max_steps", o.maxSteps},
            {"batch_size", o.batchSize},
            {"gradient_accumulation", o.gradientAccumulation},
            {"learning_rate", o.learningRate},
            {"weight_decay", o.weightDecay},
            {"adam_beta1", o.beta1},
            {"adam_beta2", o.beta2},
            {"adam_epsilon", o.epsilon},
            {"warmup_steps", o.warmupSteps},
            {"warmup_ratio", o.warmupRatio},
            {"max_grad_norm", o.maxGradNorm},
            {"label_smoothing", o.labelSmoothing},
            {"class_weights", o.classWeights},
            {"seed", o.seed},
            {"shuffle", o.shuffle},
            {"bucket_by_length", o.bucketByLength},
            {"eval_batch_size", o.evalBatchSize},
            {"pad_id", o.padId},
            {"eval_every_steps", o.evalEverySteps},
            {"save_every_steps", o.saveEverySteps},
            {"best_metric", bestMetricName(o.bestMetric)},
            {"early_stopping_patience", o.earlyStoppingPatience},
            {"early_stopping_threshold", o.earlyStoppingThreshold},
            {"load_best_at_end", o.loadBestAtEnd},
            {"checkpoint_folder", o.checkpointFolder.string()},
            {"async_checkpoints", switchName(o.asyncCheckpoints)},
            {"device", o.device},
            {"precision", precisionName(o.precision)},
            {"defer_step_readback", switchName(o.deferStepReadback)},
            {"fused_layers", switchName(o.fusedLayers)},
            {"cuda_graphs", switchName(o.cudaGraphs)},
            {"loss_scaling", o.lossScaling},
            {"initial_loss_scale", o.initialLossScale},
            {"loss_scale_growth_interval", o.lossScaleGrowthInterval}};
}

TrainerOptions trainerOptionsFromJson(const nlohmann::json& j) {
    TrainerOptions o;
    auto get = [&](const char* key, auto& field) {
        if (j.contains(key)) j.at(key).get_to(field);
    };
    get("epochs", o.epochs);
    get("max_steps", o.maxSteps);
    get("batch_size", o.batchSize);
    get("gradient_accumulation", o.gradientAccumulation);
    get("learning_rate", o.learningRate);
    get("weight_decay", o.weightDecay);
    get("adam_beta1", o.beta1);
    get("adam_beta2", o.beta2);
    get("adam_epsilon", o.epsilon);
    get("warmup_steps", o.warmupSteps);
    get("warmup_ratio", o.warmupRatio);
    get("max_grad_norm", o.maxGradNorm);
    get("label_smoothing", o.labelSmoothing);
    get("class_weights", o.classWeights);
    get("seed", o.seed);
    get("shuffle", o.shuffle);
    get("bucket_by_length", o.bucketByLength);
    get("eval_batch_size", o.evalBatchSize);
    get("pad_id", o.padId);
    get("eval_every_steps", o.evalEverySteps);
    get("save_every_steps", o.saveEverySteps);
    if (j.contains("best_metric")) o.bestMetric = parseBestMetric(j.at("best_metric").get<std::string>());
    get("early_stopping_patience", o.earlyStoppingPatience);
    get("early_stopping_threshold", o.earlyStoppingThreshold);
    get("load_best_at_end", o.loadBestAtEnd);
    if (j.contains("checkpoint_folder")) o.checkpointFolder = j.at("checkpoint_folder").get<std::string>();
    if (j.contains("async_checkpoints")) o.asyncCheckpoints = parseSwitch(j.at("async_checkpoints").get<std::string>());
    get("device", o.device);
    if (j.contains("precision")) o.precision = parsePrecision(j.at("precision").get<std::string>());
    if (j.contains("defer_step_readback")) o.deferStepReadback = parseSwitch(j.at("defer_step_readback").get<std::string>());
    if (j.contains("fused_layers")) o.fusedLayers = parseSwitch(j.at("fused_layers").get<std::string>());
    if (j.contains("cuda_graphs")) o.cudaGraphs = parseSwitch(j.at("cuda_graphs").get<std::string>());
    get("loss_scaling", o.lossScaling);
    get("initial_loss_scale", o.initialLossScale);
    get("loss_scale_growth_interval", o.lossScaleGrowthInterval);
    return o;
}

double linearScheduleWithWarmup(double baseLr, std::int64_t step, std::int64_t warmupSteps, std::int64_t totalSteps) {
    if (step < warmupSteps) return baseLr * double(step) / double(std::max<std::int64_t>(1, warmupSteps));
    return baseLr * std::max(0.0, double(totalSteps - step) / double(std::max<std::int64_t>(1, totalSteps - warmupSteps)));
}

std::int64_t warmupStepsFor(const TrainerOptions& o, std::int64_t totalSteps) {
    if (o.warmupSteps > 0) return o.warmupSteps;
    return static_cast<std::int64_t>(std::ceil(o.warmupRatio * double(totalSteps)));
}

}  // namespace headliner::train
