#pragma once
// `headliner-cli eval --model DIR --data FILE [--json]`: the metrics of a model folder on a
// labelled data file (accuracy, macro-F1, per-class precision/recall/F1, confusion matrix, mean
// cross-entropy). The file's classes are matched to the model's by name. Outside checks rely on
// `eval --json`: one JSON object on stdout, train::toJson(EvalMetrics) plus "labels", "model",
// "data", "seconds" and "samples_per_s".

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kEvalSummary;
std::string evalUsage();

// Exit code: 0 evaluated; 1 a model, data or device problem (a class the model does not know
// among them; message on stderr). Throws UsageError for bad arguments.
int runEval(const std::vector<std::string>& args);

}  // namespace headliner::cli
