#pragma once
// Where the hub client talks to and where it keeps files, read from the environment variables
// huggingface_hub reads, so that Python and Headliner share one cache and one login.

#include <filesystem>
#include <optional>
#include <string>

namespace headliner::hub {

struct HubSettings {
    // Base URL, no trailing slash. HF_ENDPOINT, default https://huggingface.co.
    std::string endpoint = "https://huggingface.co";
    // The hub cache (holds models--org--name/, datasets--org--name/). HF_HUB_CACHE (or the older
    // HUGGINGFACE_HUB_CACHE), else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
    // ~/.cache/huggingface/hub. Must be set: downloads refuse an empty one.
    std::filesystem::path cacheDir;
    // Sent as "Authorization: Bearer ..." to the endpoint only; never logged or put in an error.
    // HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN), else the file HF_TOKEN_PATH, else
    // $HF_HOME/token (what `huggingface-cli login` writes). Empty values mean no token.
    std::optional<std::string> token;
    // HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) set to 1/ON/YES/TRUE: no request at all, files
    // come from the cache only.
    bool offline = false;
    // Seconds to connect / to get the metadata (HF_HUB_ETAG_TIMEOUT, default 10), and seconds a
    // download may stall without receiving a byte (HF_HUB_DOWNLOAD_TIMEOUT, default 10).
    long etagTimeoutSeconds = 10;
    long downloadTimeoutSeconds = 10;

    // The settings huggingface_hub would use in this process's environment. Never throws.
    static HubSettings fromEnvironment();
};

// $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface ("~" expanded).
std::filesystem::path hfHome();

}  // namespace headliner::hub
