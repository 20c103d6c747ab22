#pragma once
// Classification metrics of one evaluation, computed from a confusion matrix. Torch-free, so the
// GUI and the tests can use them directly. Conventions follow scikit-learn with
// zero_division=0: a class that is never predicted has precision 0, one that never occurs has
// recall 0, and F1 is 0 where precision + recall is 0.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace headliner::train {

struct ClassMetrics {
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    std::int64_t support = 0;  // rows whose true label is this class
};

struct EvalMetrics {
    std::int64_t step = 0;  // optimizer steps done when evaluated
    double epoch = 0;       // fractional epoch
    double loss = 0;        // mean cross-entropy per row
    double accuracy = 0;    // 0..1
    // Unweighted mean of the per-class F1 over the classes in the truth or the predictions, as
    // scikit-learn's f1_score(average="macro"): a class an evaluation file lacks and the model
    // never predicts does not count (its per-class F1 is 0 with support 0).
    double macroF1 = 0;
    std::vector<ClassMetrics> perClass;
    // confusion[t][p]: rows of true class t predicted as p.
    std::vector<std::vector<std::int64_t>> confusion;
    std::int64_t rows = 0;
};

// Counts (true, predicted) pairs. Labels must be in [0, numClasses); throws std::invalid_argument.
std::vector<std::vector<std::int64_t>> confusionMatrix(std::span<const std::int32_t> truth,
                                                       std::span<const std::int32_t> predicted,
                                                       std::size_t numClasses);

// Accuracy, macro-F1 and per-class precision/recall/F1 of a confusion matrix (loss left 0).
EvalMetrics metricsFromConfusion(const std::vector<std::vector<std::int64_t>>& confusion);

}  // namespace headliner::train

#include <nlohmann/json.hpp>

namespace headliner::train {

// {"step", "epoch", "loss", "accuracy", "macro_f1", "per_class": [{precision, recall, f1, support}],
//  "confusion": [[...]], "rows"}; fromJson reads it back exactly (doubles round-trip).
nlohmann::json toJson(const EvalMetrics& metrics);
EvalMetrics evalMetricsFromJson(const nlohmann::json& json);

}  // namespace headliner::train
