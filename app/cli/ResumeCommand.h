#pragma once
// `headliner-cli resume --out DIR [options to change]`: continues a `train` run from the last
// checkpoint in DIR/run (the same as `headliner-cli train --resume --out DIR ...`).

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kResumeSummary;
std::string resumeUsage();

// Exit codes as runTrain's. Throws UsageError for bad arguments and when DIR holds no run.
int runResume(const std::vector<std::string>& args);

}  // namespace headliner::cli
