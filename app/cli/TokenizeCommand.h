#pragma once
// `headliner-cli tokenize`: JSONL texts on stdin, JSONL ids on stdout. Outside checks rely on
// this exact interface; keep it stable.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kTokenizeSummary;
std::string tokenizeUsage();

// Returns the exit code: 0 on success, 1 on a bad input line or tokenizer (message on stderr).
// Throws UsageError for bad arguments.
int runTokenize(const std::vector<std::string>& args);

}  // namespace headliner::cli
