#pragma once
// Downloading models and datasets from the Hugging Face hub into the shared hub cache
// (HubCache.h), with huggingface_hub's conventions:
//  - GET {endpoint}/api/{models|datasets}/{repo}/revision/{revision} lists a revision's files
//    (JSON: "sha", "siblings": [{"rfilename": ...}]);
//  - HEAD {endpoint}/[datasets/]{repo}/resolve/{revision}/{file}, redirects to other hosts not
//    followed, gives X-Repo-Commit, X-Linked-Etag (LFS) or ETag, X-Linked-Size or
//    Content-Length, and the Location of an LFS file's CDN copy;
//  - GET of that location (redirects followed) into blobs/{etag}.incomplete, resumed with HTTP
//    Range after a dropped connection or an earlier cancelled run; the size, and for LFS files
//    the sha256, are checked before the blob is renamed into place and linked from the snapshot.
// Thread-safe: calls may run at once on several threads (the same blob is downloaded once, under
// a lock file that also keeps huggingface_hub out).
// Errors are hub::HubError (HubError.h), whose messages never contain the token.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/hub/HubCache.h"
#include "core/hub/HubError.h"
#include "core/hub/HubSettings.h"

namespace headliner::hub {

struct DownloadProgress {
    std::string file;           // the file's name in the repository
    std::size_t fileIndex = 0;  // 0-based, among the files of this call
    std::size_t fileCount = 1;
    std::uint64_t bytes = 0;    // of this file, on disk (a resumed part included)
    std::uint64_t total = 0;    // the file's size as the hub announced it (0: unknown)
    double bytesPerSecond = 0;  // during this transfer
    double etaSeconds = -1;     // -1: unknown
    bool done = false;          // the last call for this file (also made for files found in the cache)
};

struct DownloadOptions {
    RepoType type = RepoType::Model;
    std::string revision = "main";     // branch, tag or commit hash
    std::vector<std::string> include;  // downloadSnapshot: globs (fnmatch); empty: every file
    // Called on the calling thread, about ten times a second while bytes arrive, and once with
    // done = true per file.
    std::function<void(const DownloadProgress&)> progress;
    // Things the user should know that are not errors: "offline: using the cached snapshot",
    // "resuming tokenizer.json at 1.2 MB", "connection lost, retrying".
    std::function<void(const std::string&)> notice;
    // Checked while bytes arrive: when it becomes true the download stops with
    // HubError(Cancelled) and its .incomplete file stays for a later call to resume.
    const std::atomic<bool>* cancel = nullptr;
};

struct RepoFiles {
    std::string commit;              // the revision's commit hash ("sha")
    std::vector<std::string> files;  // every "rfilename", as listed (unchecked)
};

// The files of a revision (the listing API). Throws HubError: NotFound, Unauthorized, Network,
// Offline (settings.offline), InvalidResponse (bad JSON, or a commit that is not plain).
RepoFiles listRepoFiles(const std::string& repo, const DownloadOptions& options,
                        const HubSettings& settings = HubSettings::fromEnvironment());

struct RepoSummary {
    std::string id;              // "org/name" (or "name" for the oldest models)
    std::int64_t downloads = 0;  // as the hub reports them (0 when absent)
    std::int64_t likes = 0;
    bool gated = false;          // needs a token and accepted terms
};

// Repositories whose name contains `query`, most downloaded first:
// GET {endpoint}/api/{models|datasets}?search=...&sort=downloads&direction=-1&limit=N.
// Ids that are not valid repository ids are left out. Throws HubError: Offline, Network,
// InvalidResponse, Http.
std::vector<RepoSummary> searchRepos(const std::string& query, RepoType type, std::size_t limit = 20,
                                     const HubSettings& settings = HubSettings::fromEnvironment());

// One file of the repository, in the cache; returns snapshots/{commit}/{file}. With a commit
// hash as revision and the file already cached, no request is made. Offline (settings.offline,
// or the endpoint cannot be reached) the cached file is returned through refs/{revision}, with a
// notice, or HubError (Offline, Network) says it is not cached. As huggingface_hub does, a
// cached file is also returned (with a notice) after a 401/403 or a server error; a missing
// repository, revision or file is always an error.
std::filesystem::path downloadFile(const std::string& repo, const std::string& file,
                                   const DownloadOptions& options,
                                   const HubSettings& settings = HubSettings::fromEnvironment());

// Every file of the revision that matches options.include (all files when it is empty), then
// refs/{revision}; returns snapshots/{commit}. Files already in the snapshot are not requested
// again. A listed name that could escape the cache folder (matching the globs) makes the whole
// call fail with HubError(InvalidResponse) before anything is downloaded. Offline (and after
// the errors downloadFile falls back on) the cached snapshot of the revision is returned with a
// notice; with globs, it must hold at least one matching file.
std::filesystem::path downloadSnapshot(const std::string& repo, const DownloadOptions& options,
                                       const HubSettings& settings = HubSettings::fromEnvironment());

}  // namespace headliner::hub
