#pragma once
// The Hugging Face hub cache as huggingface_hub lays it out, so that either tool reuses the
// other's downloads:
//
//   {cacheDir}/models--org--name/            (datasets--org--name/ for datasets)
//       blobs/{etag}                         the file's bytes, named by its ETag: the sha256 for
//                                            LFS files, the git blob sha1 otherwise
//       blobs/{etag}.incomplete              a download in progress (resumed with HTTP Range)
//       refs/{revision}                      the commit hash the revision (e.g. main) points at
//       snapshots/{commit}/{file}            a relative symlink to ../../blobs/{etag}
//   {cacheDir}/.locks/models--org--name/{etag}.lock   one download of a blob at a time
//
// Every name that comes from the server (file names, etags, commits) goes through the checks
// below before it becomes part of a path, so nothing can be written outside the cache.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hub/HubSettings.h"

namespace headliner::hub {

enum class RepoType { Model, Dataset };

// "models" or "datasets" (as in URLs and folder names).
const char* repoTypePlural(RepoType type);

// "models--org--name" for ("org/name", Model), "datasets--org--name" for datasets; a repo
// without an organization ("gpt2") gives "models--gpt2". Throws HubError(InvalidArgument) when
// the repo id is not valid.
std::string repoFolderName(const std::string& repo, RepoType type);

// {cacheDir}/{repoFolderName}.
std::filesystem::path repoCacheFolder(const std::string& repo, RepoType type, const HubSettings& settings);

// --- checks (pure functions, no I/O) --------------------------------------------------------

// "name" or "org/name": letters, digits, '.', '_', '-'; no "--" or "..", no leading or trailing
// '.' or '-', at most 96 characters (huggingface_hub's rules).
bool isValidRepoId(std::string_view repo);

// A file name relative to the repository root: '/'-separated components, none empty, "." or
// "..", no backslash, NUL or other control character, not absolute, at most 1024 bytes.
bool isSafeRepoFilename(std::string_view file);

// A branch, tag or commit: letters, digits and "._-/+" ('/' for "refs/pr/1"); no component
// empty, starting with '.' (so no "." or "..") or ending in ".lock"; not absolute; at most 255
// characters.
bool isValidRevision(std::string_view revision);

// 40 lower-case hex digits: a git commit (as huggingface_hub's REGEX_COMMIT_HASH).
bool isCommitHash(std::string_view revision);

// A commit as the server names it (X-Repo-Commit, "sha" of the listing, refs/ content): 1 to 128
// letters and digits.
bool isValidCommit(std::string_view commit);

// The ETag header as a blob name: "W/" and surrounding quotes removed; then it must be 1 to 128
// letters, digits, '-' or '_', starting with a letter or digit. nullopt when it is not.
std::optional<std::string> normalizeEtag(std::string_view header);

// True when the etag is a sha256 (64 hex digits): an LFS file, whose bytes are checked against it.
bool isSha256Etag(std::string_view etag);

// Python's fnmatch on POSIX (what huggingface_hub's allow_patterns use): '*' matches any run of
// characters, '/' included; '?' one character; [abc], [a-z], [!abc]. A pattern ending in '/'
// matches everything under that folder.
bool matchesGlob(std::string_view pattern, std::string_view name);

// True when patterns is empty or one of them matches.
bool matchesAnyGlob(const std::vector<std::string>& patterns, std::string_view name);

// --- reading the cache (no network) ---------------------------------------------------------

// The commit a revision points at in the cache: the revision itself when it is a commit hash
// whose snapshot folder exists, else the content of refs/{revision} when it is a valid commit.
std::optional<std::string> cachedCommit(const std::string& repo, RepoType type, const std::string& revision,
                                        const HubSettings& settings);

// snapshots/{commit} for the revision, when the cache has it (see cachedCommit).
std::optional<std::filesystem::path> cachedSnapshot(const std::string& repo, RepoType type,
                                                    const std::string& revision, const HubSettings& settings);

// snapshots/{commit}/{file}, when the cache has it and it leads to an existing file.
std::optional<std::filesystem::path> cachedFile(const std::string& repo, RepoType type,
                                                const std::string& file, const std::string& revision,
                                                const HubSettings& settings);

}  // namespace headliner::hub
