#pragma once
// Output helpers shared by `train`, `eval`, `predict` and `bench`: the metrics table, fixed-point
// numbers, and the max length a model folder was exported with.

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/train/Metrics.h"

namespace headliner::cli {

// `v` with `digits` digits after the point.
std::string formatFixed(double v, int digits);

// The readable metrics block: loss, accuracy, macro-F1, per-class precision/recall/F1/support
// and the confusion matrix, under `title`.
void printMetrics(std::ostream& out, const std::string& title, const train::EvalMetrics& m,
                  const std::vector<std::string>& labels);

// The token limit a model folder was exported with (model_max_length of its
// tokenizer_config.json, as `train` writes it), else `fallback`. Never throws.
std::size_t exportedMaxLength(const std::filesystem::path& modelFolder, std::size_t fallback);

}  // namespace headliner::cli
