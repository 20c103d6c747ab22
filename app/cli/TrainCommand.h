#pragma once
// `headliner-cli train`: fine-tune (or train from scratch) a text classifier on a dataset file,
// evaluate and checkpoint every epoch, resume after a crash, export a Hugging Face folder.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kTrainSummary;
std::string trainUsage();

// Exit code: 0 trained (or early-stopped) and exported; 1 failed (message on stderr);
// 130 stopped by Ctrl-C (a resumable checkpoint was written). Throws UsageError for bad arguments.
int runTrain(const std::vector<std::string>& args);

}  // namespace headliner::cli
