#include "core/hub/HubSettings.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

namespace headliner::hub {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

fs::path homeFolder() {
    if (const auto home = env("HOME")) return *home;
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) return pw->pw_dir;
    return fs::temp_directory_path();
}

// os.path.expanduser for "~" and "~/...".
fs::path expandUser(const std::string& path) {
    if (path == "~") return homeFolder();
    if (path.rfind("~/", 0) == 0) return homeFolder() / path.substr(2);
    return path;
}

// huggingface_hub's _is_true.
bool isTrue(const std::optional<std::string>& value) {
    if (!value) return false;
    std::string v = *value;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return v == "1" || v == "ON" || v == "YES" || v == "TRUE";
}

std::string trimmed(std::string s) {
    const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && space(static_cast<unsigned char>(s[start]))) ++start;
    return s.substr(start);
}

long seconds(const char* name, long fallback) {
    const auto v = env(name);
    if (!v) return fallback;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (end == v->c_str() || *end != '\0' || !(d > 0) || d > 86400) return fallback;
    return std::max(1L, static_cast<long>(d + 0.5));
}

std::optional<std::string> readTokenFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string token(4096, '\0');
    in.read(token.data(), static_cast<std::streamsize>(token.size()));
    token.resize(static_cast<std::size_t>(in.gcount()));
    token = trimmed(token);
    if (token.empty()) return std::nullopt;
    return token;
}

}  // namespace

fs::path hfHome() {
    if (const auto home = env("HF_HOME")) return expandUser(*home);
    if (const auto xdg = env("XDG_CACHE_HOME")) return expandUser(*xdg) / "huggingface";
    return homeFolder() / ".cache" / "huggingface";
}

HubSettings HubSettings::fromEnvironment() {
    HubSettings s;
    if (const auto endpoint = env("HF_ENDPOINT")) {
        s.endpoint = trimmed(*endpoint);
        while (!s.endpoint.empty() && s.endpoint.back() == '/') s.endpoint.pop_back();
        if (s.endpoint.empty()) s.endpoint = "https://huggingface.co";
    }
    if (const auto cache = env("HF_HUB_CACHE"))
        s.cacheDir = expandUser(*cache);
    else if (const auto old = env("HUGGINGFACE_HUB_CACHE"))
        s.cacheDir = expandUser(*old);
    else
        s.cacheDir = hfHome() / "hub";

    if (const auto token = env("HF_TOKEN"); token && !trimmed(*token).empty())
        s.token = trimmed(*token);
    else if (const auto old = env("HUGGING_FACE_HUB_TOKEN"); old && !trimmed(*old).empty())
        s.token = trimmed(*old);
    else if (const auto path = env("HF_TOKEN_PATH"))
        s.token = readTokenFile(expandUser(*path));
    else
        s.token = readTokenFile(hfHome() / "token");

    s.offline = isTrue(env("HF_HUB_OFFLINE")) || isTrue(env("TRANSFORMERS_OFFLINE"));
    s.etagTimeoutSeconds = seconds("HF_HUB_ETAG_TIMEOUT", 10);
    s.downloadTimeoutSeconds = seconds("HF_HUB_DOWNLOAD_TIMEOUT", 10);
    return s;
}

}  // namespace headliner::hub
