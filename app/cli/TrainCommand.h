#pragma once
// `headliner-cli train`: fine-tune (or train from scratch) a text classifier on a dataset file,
// evaluate and checkpoint every epoch, resume after a crash, export a Hugging Face folder.
//
// Layout of `--out DIR`:
//   DIR/final/   the model the run ends with (the best evaluation's weights), a Hugging Face folder
//   DIR/run/     the run's state (--work-dir moves it): run.json (the options given),
//                checkpoints/{last,best}/, cache/ (token ids), tokenizer/ (a trained tokenizer)

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/CommandLine.h"

namespace headliner::cli {

extern const char* const kTrainSummary;
std::string trainUsage();

// Exit code: 0 trained (or early-stopped) and exported; 1 failed (message on stderr);
// 130 stopped by Ctrl-C (a resumable checkpoint was written). Throws UsageError for bad arguments.
int runTrain(const std::vector<std::string>& args);

// The body of `train` and `resume` (`command` names them in messages); `--resume` among args
// continues the run.
int runTraining(const std::vector<std::string>& args, const std::string& command);

// The options `train` (and `resume`) accept.
const std::vector<OptionSpec>& trainOptions();

// The run's state folder: --work-dir when given, else OUT/run.
std::filesystem::path runStateFolder(const std::string& out, const std::optional<std::string>& workDir);

}  // namespace headliner::cli
