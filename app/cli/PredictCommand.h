#pragma once
// `headliner-cli predict --model DIR TEXT...`: the most probable class of each text, for people
// ("LABEL  0.93  TEXT" per line) or for scripts (--json: one JSON object per line). Without TEXT
// arguments the texts are the lines of stdin.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kPredictSummary;
std::string predictUsage();

// Exit code: 0 predicted; 1 a model or device problem (message on stderr). Throws UsageError for
// bad arguments.
int runPredict(const std::vector<std::string>& args);

}  // namespace headliner::cli
