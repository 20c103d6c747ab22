#pragma once
// `headliner-cli download`: a model or a dataset from the Hugging Face hub into the hub cache
// that huggingface_hub shares (HF_ENDPOINT, HF_HOME, HF_HUB_CACHE, HF_TOKEN, HF_HUB_OFFLINE).

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kDownloadSummary;
std::string downloadUsage();

// Progress on stderr; the last line of stdout is the local snapshot folder. Exit code: 0
// downloaded (or found in the cache); 1 failed (one message on stderr); 130 stopped by Ctrl-C
// (the partial file is kept and resumed by the next run). Throws UsageError for bad arguments.
int runDownload(const std::vector<std::string>& args);

}  // namespace headliner::cli
