#pragma once
// `headliner-cli logits`: JSONL texts on stdin, JSONL logits, label and probabilities on stdout.
// Outside checks rely on this exact interface; keep it stable.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kLogitsSummary;
std::string logitsUsage();

// Returns the exit code: 0 on success, 1 on a bad input line, model or device (message on
// stderr). Throws UsageError for bad arguments.
int runLogits(const std::vector<std::string>& args);

}  // namespace headliner::cli
