#include "core/hub/HubCache.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "core/hub/HubError.h"

namespace headliner::hub {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxRepoIdLength = 96;
constexpr std::size_t kMaxFilenameLength = 1024;
constexpr std::size_t kMaxRevisionLength = 255;
constexpr std::size_t kMaxCommitLength = 128;
constexpr std::size_t kMaxEtagLength = 128;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAlnum(char c) {
    return isDigit(c) || isAlpha(c);
}
bool isLowerHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f');
}
bool isHex(char c) {
    return isLowerHex(c) || (c >= 'A' && c <= 'F');
}

// Splits on '/', keeping empty components.
std::vector<std::string_view> components(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = s.find('/', start);
        out.push_back(
            s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool isRepoNamePart(std::string_view part) {
    if (part.empty()) return false;
    if (!std::all_of(part.begin(), part.end(),
                     [](char c) { return isAlnum(c) || c == '.' || c == '_' || c == '-'; }))
        return false;
    const char first = part.front(), last = part.back();
    return first != '.' && first != '-' && last != '.' && last != '-';
}

std::string readSmallFile(const fs::path& file, std::size_t limit) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    std::string text(limit + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    while (!text.empty() &&
           (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
    return text;
}

// --- fnmatch ---------------------------------------------------------------------------------

struct GlobToken {
    enum Kind { Literal, AnyOne, AnyRun, Class };
    Kind kind;
    char literal = 0;
    std::string_view set;  // for Class: the text between '[' (and '!') and ']'
    bool negated = false;

    static GlobToken make(Kind kind, char literal = 0) {
        GlobToken t{kind, literal, {}, false};
        return t;
    }
};

std::vector<GlobToken> tokenize(std::string_view pattern) {
    std::vector<GlobToken> out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*') {
            if (out.empty() || out.back().kind != GlobToken::AnyRun)
                out.push_back(GlobToken::make(GlobToken::AnyRun));
        } else if (c == '?') {
            out.push_back(GlobToken::make(GlobToken::AnyOne));
        } else if (c == '[') {
            std::size_t j = i + 1;
            bool negated = false;
            if (j < pattern.size() && pattern[j] == '!') negated = true, ++j;
            const std::size_t setStart = j;
            if (j < pattern.size() && pattern[j] == ']') ++j;
            while (j < pattern.size() && pattern[j] != ']') ++j;
            if (j >= pattern.size()) {  // no closing bracket: a literal '['
                out.push_back(GlobToken::make(GlobToken::Literal, '['));
                continue;
            }
            GlobToken t = GlobToken::make(GlobToken::Class);
            t.set = pattern.substr(setStart, j - setStart);
            t.negated = negated;
            out.push_back(t);
            i = j;
        } else {
            out.push_back(GlobToken::make(GlobToken::Literal, c));
        }
    }
    return out;
}

bool classMatches(const GlobToken& t, char c) {
    bool found = false;
    for (std::size_t k = 0; k < t.set.size();) {
        if (k + 2 < t.set.size() && t.set[k + 1] == '-') {
            if (static_cast<unsigned char>(c) >= static_cast<unsigned char>(t.set[k]) &&
                static_cast<unsigned char>(c) <= static_cast<unsigned char>(t.set[k + 2]))
                found = true;
            k += 3;
        } else {
            if (t.set[k] == c) found = true;
            ++k;
        }
    }
    return found != t.negated;
}

bool tokenMatches(const GlobToken& t, char c) {
    switch (t.kind) {
        case GlobToken::Literal:
            return t.literal == c;
        case GlobToken::AnyOne:
            return true;
        case GlobToken::Class:
            return classMatches(t, c);
        case GlobToken::AnyRun:
            return true;
    }
    return false;
}

}  // namespace

const char* repoTypePlural(RepoType type) {
    return type == RepoType::Dataset ? "datasets" : "models";
}

bool isValidRepoId(std::string_view repo) {
    if (repo.empty() || repo.size() > kMaxRepoIdLength) return false;
    if (repo.find("--") != std::string_view::npos || repo.find("..") != std::string_view::npos) return false;
    const auto parts = components(repo);
    if (parts.size() > 2) return false;
    return std::all_of(parts.begin(), parts.end(), isRepoNamePart);
}

bool isSafeRepoFilename(std::string_view file) {
    if (file.empty() || file.size() > kMaxFilenameLength) return false;
    for (const char c : file) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '\\') return false;
    }
    for (const auto part : components(file))
        if (part.empty() || part == "." || part == "..") return false;
    return true;
}

bool isValidRevision(std::string_view revision) {
    if (revision.empty() || revision.size() > kMaxRevisionLength) return false;
    const auto allowed = [](char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == '+';
    };
    if (!std::all_of(revision.begin(), revision.end(), allowed)) return false;
    // git's own rules: no component is empty, starts with '.' or ends with ".lock".
    for (const auto part : components(revision)) {
        if (part.empty() || part.front() == '.') return false;
        if (part.size() >= 5 && part.substr(part.size() - 5) == ".lock") return false;
    }
    return true;
}

bool isCommitHash(std::string_view revision) {
    return revision.size() == 40 && std::all_of(revision.begin(), revision.end(), isLowerHex);
}

bool isValidCommit(std::string_view commit) {
    return !commit.empty() && commit.size() <= kMaxCommitLength &&
           std::all_of(commit.begin(), commit.end(), isAlnum);
}

std::optional<std::string> normalizeEtag(std::string_view header) {
    std::string_view e = header;
    while (!e.empty() && (e.front() == ' ' || e.front() == '\t')) e.remove_prefix(1);
    while (!e.empty() && (e.back() == ' ' || e.back() == '\t' || e.back() == '\r' || e.back() == '\n'))
        e.remove_suffix(1);
    if (e.size() >= 2 && (e[0] == 'W' || e[0] == 'w') && e[1] == '/') e.remove_prefix(2);
    if (e.size() >= 2 && e.front() == '"' && e.back() == '"') e = e.substr(1, e.size() - 2);
    if (e.empty() || e.size() > kMaxEtagLength || !isAlnum(e.front())) return std::nullopt;
    if (!std::all_of(e.begin(), e.end(), [](char c) { return isAlnum(c) || c == '-' || c == '_'; }))
        return std::nullopt;
    return std::string(e);
}

bool isSha256Etag(std::string_view etag) {
    return etag.size() == 64 && std::all_of(etag.begin(), etag.end(), isHex);
}

bool matchesGlob(std::string_view pattern, std::string_view name) {
    std::string withStar;
    if (!pattern.empty() && pattern.back() == '/') {
        withStar = std::string(pattern) + "*";
        pattern = withStar;
    }
    const auto tokens = tokenize(pattern);
    // Greedy matching with backtracking to the last '*'.
    std::size_t t = 0, n = 0;
    std::size_t starToken = std::string_view::npos, starName = 0;
    while (n < name.size()) {
        if (t < tokens.size() && tokens[t].kind == GlobToken::AnyRun) {
            starToken = t++;
            starName = n;
        } else if (t < tokens.size() && tokenMatches(tokens[t], name[n])) {
            ++t;
            ++n;
        } else if (starToken != std::string_view::npos) {
            t = starToken + 1;
            n = ++starName;
        } else {
            return false;
        }
    }
    while (t < tokens.size() && tokens[t].kind == GlobToken::AnyRun) ++t;
    return t == tokens.size();
}

bool matchesAnyGlob(const std::vector<std::string>& patterns, std::string_view name) {
    if (patterns.empty()) return true;
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return matchesGlob(p, name); });
}

std::string repoFolderName(const std::string& repo, RepoType type) {
    if (!isValidRepoId(repo))
        throw HubError(HubError::Kind::InvalidArgument,
                       "\"" + repo.substr(0, 120) +
                           "\" is not a repository id (expected \"name\" or \"org/name\": letters, digits, "
                           "'.', '_', '-')");
    std::string out = std::string(repoTypePlural(type)) + "--";
    for (const char c : repo) {
        if (c == '/')
            out += "--";
        else
            out += c;
    }
    return out;
}

fs::path repoCacheFolder(const std::string& repo, RepoType type, const HubSettings& settings) {
    return settings.cacheDir / repoFolderName(repo, type);
}

std::optional<std::string> cachedCommit(const std::string& repo, RepoType type, const std::string& revision,
                                        const HubSettings& settings) {
    if (!isValidRepoId(repo) || !isValidRevision(revision)) return std::nullopt;
    const fs::path folder = repoCacheFolder(repo, type, settings);
    std::error_code ec;
    if (isCommitHash(revision) && fs::is_directory(folder / "snapshots" / revision, ec)) return revision;
    const fs::path ref = folder / "refs" / revision;
    if (!fs::is_regular_file(ref, ec)) return std::nullopt;
    std::string commit = readSmallFile(ref, kMaxCommitLength);
    if (!isValidCommit(commit)) return std::nullopt;
    return commit;
}

std::optional<fs::path> cachedSnapshot(const std::string& repo, RepoType type, const std::string& revision,
                                       const HubSettings& settings) {
    const auto commit = cachedCommit(repo, type, revision, settings);
    if (!commit) return std::nullopt;
    const fs::path snapshot = repoCacheFolder(repo, type, settings) / "snapshots" / *commit;
    std::error_code ec;
    if (!fs::is_directory(snapshot, ec)) return std::nullopt;
    return snapshot;
}

std::optional<fs::path> cachedFile(const std::string& repo, RepoType type, const std::string& file,
                                   const std::string& revision, const HubSettings& settings) {
    if (!isSafeRepoFilename(file)) return std::nullopt;
    const auto snapshot = cachedSnapshot(repo, type, revision, settings);
    if (!snapshot) return std::nullopt;
    const fs::path path = *snapshot / fs::path(file);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return std::nullopt;  // follows the link: a dangling one is not cached
    return path;
}

}  // namespace headliner::hub
