#pragma once
// `headliner-cli export --checkpoint DIR --to DIR [--dtype f32|f16|bf16]`: a checkpoint of a train
// run (OUT/run/checkpoints/best or .../last) as a Hugging Face model folder. The model is rebuilt
// as the run built it (the options in OUT/run/run.json, the tokenizer the run trained or the
// pretrained folder it fine-tuned) and given the checkpoint's weights.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kExportSummary;
std::string exportUsage();

// Exit code: 0 exported; 1 a missing or unusable checkpoint, run or tokenizer (message on stderr
// naming the folder or file). Throws UsageError for bad arguments.
int runExport(const std::vector<std::string>& args);

}  // namespace headliner::cli
