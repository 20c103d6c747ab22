#include "core/hub/HubClient.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <sstream>
#include <system_error>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/hub/Http.h"
#include "core/io/AtomicFile.h"
#include "core/io/Sha256.h"

#ifndef HEADLINER_VERSION
#define HEADLINER_VERSION "0"
#endif

namespace headliner::hub {

namespace fs = std::filesystem;
using detail::HttpHeaders;
using detail::HttpRequest;
using detail::HttpResult;
using detail::TransferStatus;

const char* toString(HubError::Kind kind) {
    switch (kind) {
        case HubError::Kind::InvalidArgument:
            return "invalid argument";
        case HubError::Kind::Unauthorized:
            return "unauthorized";
        case HubError::Kind::NotFound:
            return "not found";
        case HubError::Kind::Network:
            return "network";
        case HubError::Kind::Offline:
            return "offline";
        case HubError::Kind::Disk:
            return "disk";
        case HubError::Kind::Integrity:
            return "integrity";
        case HubError::Kind::InvalidResponse:
            return "invalid response";
        case HubError::Kind::Cancelled:
            return "cancelled";
        case HubError::Kind::Http:
            return "http";
    }
    return "unknown";
}

namespace {

using Kind = HubError::Kind;

constexpr int kMaxRetries = 5;                       // as huggingface_hub's http_get
constexpr std::size_t kMaxListingBytes = 64u << 20;  // the JSON listing of a revision
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

// Everything one call works with.
struct Call {
    const std::string& repo;
    const DownloadOptions& options;
    const HubSettings& settings;
    fs::path folder;  // {cacheDir}/models--org--name

    std::string describe() const {
        return std::string(options.type == RepoType::Dataset ? "dataset " : "model ") + repo;
    }
    void notice(const std::string& text) const {
        if (options.notice) options.notice(redact(text));
    }
    bool cancelled() const { return options.cancel && options.cancel->load(); }

    // Removes the token from any text that could reach the user (a server may echo it back).
    std::string redact(std::string text) const {
        if (!settings.token || settings.token->empty()) return text;
        const std::string& token = *settings.token;
        for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at))
            text.replace(at, token.size(), "***");
        return text;
    }
    [[noreturn]] void fail(Kind kind, const std::string& message, long status = 0) const {
        throw HubError(kind, redact(message), status);
    }

    std::vector<std::string> headers(const std::string& url) const {
        std::vector<std::string> h = {std::string("User-Agent: headliner/") + HEADLINER_VERSION +
                                      "; hf_hub/compatible; curl/" + detail::curlVersion()};
        // The token goes to the endpoint only, never to a CDN or any other host.
        if (settings.token && !settings.token->empty() &&
            detail::urlOrigin(url) == detail::urlOrigin(settings.endpoint))
            h.push_back("Authorization: Bearer " + *settings.token);
        return h;
    }
};

std::string humanBytes(std::uint64_t bytes) {
    std::ostringstream o;
    if (bytes < 1000)
        o << bytes << " B";
    else if (bytes < 1000 * 1000)
        o << std::fixed << std::setprecision(1) << double(bytes) / 1e3 << " kB";
    else if (bytes < 1000ull * 1000 * 1000)
        o << std::fixed << std::setprecision(1) << double(bytes) / 1e6 << " MB";
    else
        o << std::fixed << std::setprecision(2) << double(bytes) / 1e9 << " GB";
    return o.str();
}

// A short, printable excerpt of a text the server sent.
std::string serverText(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (out.size() >= 300) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? ' ' : c;
    }
    return out;
}

// The hub's explanation of an error: X-Error-Message, else {"error": "..."} in the body.
std::string serverMessage(const HttpResult& r) {
    if (const auto m = r.headers.get("x-error-message")) return serverText(*m);
    try {
        const auto j = nlohmann::json::parse(r.body);
        if (j.is_object() && j.contains("error") && j["error"].is_string())
            return serverText(j["error"].get<std::string>());
    } catch (const nlohmann::json::exception&) {
    }
    return {};
}

std::string resolveUrl(const Call& c, const std::string& revision, const std::string& file) {
    const std::string prefix = c.options.type == RepoType::Dataset ? "/datasets/" : "/";
    return c.settings.endpoint + prefix + c.repo + "/resolve/" + detail::urlQuote(revision, false) + "/" +
           detail::urlQuote(file, true);
}

// Turns an HTTP error status into a HubError that says what to do.
[[noreturn]] void failForStatus(const Call& c, const HttpResult& r, const std::string& what,
                                const std::string& revision) {
    const std::string code = r.headers.get("x-error-code").value_or("");
    const std::string said = serverMessage(r);
    const std::string server = said.empty() ? "" : " (the server said: " + said + ")";
    const bool sentToken = c.settings.token && !c.settings.token->empty();
    const std::string status = "HTTP " + std::to_string(r.status);
    const std::string login = "set HF_TOKEN to a token that has access, or run `huggingface-cli login`";
    if (r.status == 401 || r.status == 403) {
        // The hub answers 401 RepoNotFound for a private repository without a token, as for one
        // that does not exist.
        if (code == "RepoNotFound")
            c.fail(Kind::Unauthorized,
                   c.describe() + " not found on " + c.settings.endpoint + " (" + status +
                       "): check the name; if it is private or gated, " +
                       (sentToken ? "check that your token has access" : login) + server,
                   r.status);
        if (sentToken)
            c.fail(Kind::Unauthorized,
                   c.settings.endpoint + " refused the token for " + c.describe() +
                       (what.empty() ? "" : ", " + what) + " (" + status +
                       "): check that the token is valid and that your account has access "
                       "(a gated model: accept its conditions on the model's page)" +
                       server,
                   r.status);
        c.fail(Kind::Unauthorized,
               c.describe() + " is gated or private: " + c.settings.endpoint + " answered " + status +
                   (what.empty() ? "" : " for " + what) + ". A token is needed: " + login + server,
               r.status);
    }
    if (r.status == 404) {
        if (code == "RepoNotFound" || (code.empty() && what.empty()))
            c.fail(Kind::NotFound,
                   c.describe() + " not found on " + c.settings.endpoint + " (" + status +
                       "): check the name; if it is private or gated, " +
                       (sentToken ? "check that your token has access" : login) + server,
                   r.status);
        if (code == "RevisionNotFound")
            c.fail(Kind::NotFound, "revision \"" + revision + "\" not found in " + c.describe() + server,
                   r.status);
        c.fail(Kind::NotFound,
               (what.empty() ? std::string("the file list") : what) + " not found in " + c.describe() +
                   " at revision " + revision + " on " + c.settings.endpoint + " (" + status + ")" + server,
               r.status);
    }
    std::string hint;
    if (r.status == 429)
        hint = ": too many requests, try again later";
    else if (r.status >= 500)
        hint = ": the server has a problem, try again later";
    c.fail(Kind::Http,
           c.settings.endpoint + " answered " + status + " for " + (what.empty() ? "the file list" : what) +
               " of " + c.describe() + hint + server,
           r.status);
}

[[noreturn]] void failForTransfer(const Call& c, const HttpResult& r) {
    switch (r.transfer) {
        case TransferStatus::ConnectFailed:
            c.fail(Kind::Network, "could not connect to " + c.settings.endpoint + " (" + r.errorText +
                                      "); check the network, or set HF_HUB_OFFLINE=1 to use the cache only");
        case TransferStatus::Timeout:
            c.fail(Kind::Network, "no answer from " + c.settings.endpoint + " in time (" + r.errorText + ")");
        case TransferStatus::ConnectionLost:
            c.fail(Kind::Network,
                   "the connection to " + c.settings.endpoint + " was lost (" + r.errorText + ")");
        default:
            c.fail(Kind::Network, "request to " + c.settings.endpoint + " failed: " + r.errorText);
    }
}

// Failures after which huggingface_hub still serves a cached copy: no connection, and HTTP
// errors other than a missing revision or file (a server error, a token that expired).
bool cacheMayAnswer(const HubError& e) {
    return e.kind() == Kind::Network || e.kind() == Kind::Http || e.kind() == Kind::Unauthorized;
}

// --- metadata (HEAD) -------------------------------------------------------------------------

struct FileMetadata {
    std::string commit;
    std::string etag;
    std::optional<std::uint64_t> size;
    std::string location;  // where the bytes are (the CDN for LFS files)
};

std::optional<std::uint64_t> parseSize(const std::optional<std::string>& text) {
    if (!text || text->empty() || text->size() > 19) return std::nullopt;
    std::uint64_t v = 0;
    for (const char ch : *text) {
        if (ch < '0' || ch > '9') return std::nullopt;
        v = v * 10 + std::uint64_t(ch - '0');
    }
    return v;
}

// huggingface_hub's get_hf_file_metadata: HEAD, relative redirects followed (a renamed repo),
// others not (the Location of an LFS file's redirect is where the bytes are).
FileMetadata headFile(const Call& c, const std::string& file, const std::string& revision) {
    std::string url = resolveUrl(c, revision, file);
    HttpResult r;
    for (int hop = 0;; ++hop) {
        HttpRequest rq;
        rq.head = true;
        rq.url = url;
        rq.headers = c.headers(url);
        rq.headers.push_back("Accept-Encoding: identity");
        rq.connectTimeoutSeconds = c.settings.etagTimeoutSeconds;
        rq.totalTimeoutSeconds = c.settings.etagTimeoutSeconds;
        r = detail::perform(rq);
        if (r.transfer != TransferStatus::Ok) failForTransfer(c, r);
        if (r.status >= 300 && r.status < 400 && hop < 10) {
            const auto location = r.headers.get("location");
            if (location && location->size() > 1 && (*location)[0] == '/' && (*location)[1] != '/') {
                url = detail::urlOrigin(url) + *location;
                continue;
            }
        }
        break;
    }
    if (r.status >= 400) failForStatus(c, r, "file " + file, revision);
    if (r.status < 200 || r.status >= 400)
        c.fail(Kind::InvalidResponse, c.settings.endpoint + " answered HTTP " + std::to_string(r.status) +
                                          " to the metadata request for " + file + " of " + c.describe());
    FileMetadata m;
    const auto commit = r.headers.get("x-repo-commit");
    if (!commit)
        c.fail(Kind::InvalidResponse, c.settings.endpoint + " sent no X-Repo-Commit header for " + file +
                                          " of " + c.describe() + ": is HF_ENDPOINT a Hugging Face hub?");
    if (!isValidCommit(*commit))
        c.fail(Kind::InvalidResponse, "the commit \"" + serverText(*commit).substr(0, 80) + "\" sent for " +
                                          file + " of " + c.describe() + " is not a plain hash: refusing it");
    m.commit = *commit;
    const auto etagHeader =
        r.headers.get("x-linked-etag") ? r.headers.get("x-linked-etag") : r.headers.get("etag");
    if (!etagHeader)
        c.fail(Kind::InvalidResponse, c.settings.endpoint + " sent no ETag for " + file + " of " +
                                          c.describe() + ": cannot name the file in the cache");
    const auto etag = normalizeEtag(*etagHeader);
    if (!etag)
        c.fail(Kind::InvalidResponse, "the ETag \"" + serverText(*etagHeader).substr(0, 80) + "\" sent for " +
                                          file + " of " + c.describe() + " is not a plain hash: refusing it");
    m.etag = *etag;
    m.size = parseSize(r.headers.get("x-linked-size") ? r.headers.get("x-linked-size")
                                                      : r.headers.get("content-length"));
    m.location = r.headers.get("location").value_or(url);
    if (!m.location.empty() && m.location[0] == '/') m.location = detail::urlOrigin(url) + m.location;
    return m;
}

// --- cache writes ----------------------------------------------------------------------------

// An exclusive flock on {cacheDir}/.locks/{folder}/{etag}.lock, as huggingface_hub's filelock.
class BlobLock {
public:
    BlobLock(const Call& c, const std::string& etag) {
        const fs::path dir = c.settings.cacheDir / ".locks" / c.folder.filename();
        std::error_code ec;
        fs::create_directories(dir, ec);
        path_ = dir / (etag + ".lock");
        if (ec) c.fail(Kind::Disk, "cannot create the folder " + dir.string() + ": " + ec.message());
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            c.fail(Kind::Disk, "cannot create the lock file " + path_.string() + ": " + std::strerror(errno));
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd_);
            c.fail(Kind::Disk, "cannot lock " + path_.string() + ": " + std::strerror(err));
        }
    }
    ~BlobLock() {
        if (fd_ >= 0) ::close(fd_);  // releases the lock; the file stays, as with filelock
    }
    BlobLock(const BlobLock&) = delete;
    BlobLock& operator=(const BlobLock&) = delete;

private:
    fs::path path_;
    int fd_ = -1;
};

void writeRef(const Call& c, const std::string& revision, const std::string& commit) {
    if (revision == commit) return;
    const fs::path ref = c.folder / "refs" / fs::path(revision);
    std::error_code ec;
    if (fs::is_regular_file(ref, ec)) {
        std::ifstream in(ref, std::ios::binary);
        std::string current((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (current == commit) return;
    }
    fs::create_directories(ref.parent_path(), ec);
    if (ec)
        c.fail(Kind::Disk, "cannot create the folder " + ref.parent_path().string() + ": " + ec.message());
    try {
        io::writeFileAtomically(ref, commit);
    } catch (const FileError& e) {
        c.fail(Kind::Disk, std::string("cannot write the reference: ") + e.what());
    }
}

// snapshots/{commit}/{file} -> ../../blobs/{etag} (relative, as huggingface_hub makes it); a
// copy where the file system has no symbolic links.
void linkIntoSnapshot(const Call& c, const fs::path& blob, const fs::path& pointer) {
    std::error_code ec;
    fs::create_directories(pointer.parent_path(), ec);
    if (ec)
        c.fail(Kind::Disk,
               "cannot create the folder " + pointer.parent_path().string() + ": " + ec.message());
    fs::remove(pointer, ec);  // a dangling link left by a deleted blob
    const fs::path target = blob.lexically_relative(pointer.parent_path());
    fs::create_symlink(target, pointer, ec);
    if (!ec) return;
    const std::string why = ec.message();
    fs::copy_file(blob, pointer, fs::copy_options::overwrite_existing, ec);
    if (ec)
        c.fail(Kind::Disk,
               "cannot link or copy " + blob.string() + " to " + pointer.string() + ": " + ec.message());
    c.notice("symbolic links are not possible in " + pointer.parent_path().string() + " (" + why +
             "): copied the file instead");
}

// --- the download of one blob ----------------------------------------------------------------

struct ProgressReporter {
    const Call& call;
    DownloadProgress p;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point lastReport{};
    std::uint64_t startBytes = 0;  // on disk when this transfer began

    void report(bool force) {
        if (!call.options.progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - lastReport < kProgressInterval) return;
        lastReport = now;
        const double seconds = std::chrono::duration<double>(now - started).count();
        p.bytesPerSecond = seconds > 0.05 ? double(p.bytes - startBytes) / seconds : 0;
        p.etaSeconds = (p.total > 0 && p.bytesPerSecond > 0 && p.total >= p.bytes)
                           ? double(p.total - p.bytes) / p.bytesPerSecond
                           : (p.total > 0 && p.bytes >= p.total ? 0 : -1);
        call.options.progress(p);
    }
};

struct OpenFile {
    std::FILE* f = nullptr;
    ~OpenFile() {
        if (f) std::fclose(f);
    }
};

std::uint64_t fileSize(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

// Brings blobs/{etag}.incomplete to the full file (resuming what is there), checks its size
// and, for LFS files, its sha256.
void fetchBlob(const Call& c, const std::string& file, const FileMetadata& m, const fs::path& incomplete,
               ProgressReporter& progress) {
    OpenFile out;
    const auto openFile = [&](const char* mode) {
        if (out.f) std::fclose(out.f);
        out.f = std::fopen(incomplete.c_str(), mode);
        if (!out.f) c.fail(Kind::Disk, "cannot write " + incomplete.string() + ": " + std::strerror(errno));
    };
    std::uint64_t have = fileSize(incomplete);
    if (m.size && have > *m.size) have = 0;
    openFile(have > 0 ? "ab" : "wb");
    if (have > 0) c.notice("resuming " + file + " at " + humanBytes(have));

    int retries = 0;
    while (true) {
        if (m.size && have == *m.size) break;
        bool cancelled = false, restart = false;
        int writeErrno = 0;
        progress.p.bytes = have;
        progress.startBytes = have;
        progress.started = std::chrono::steady_clock::now();
        progress.report(true);

        HttpRequest rq;
        rq.url = m.location;
        rq.headers = c.headers(m.location);
        if (have > 0) rq.headers.push_back("Range: bytes=" + std::to_string(have) + "-");
        rq.followRedirects = true;
        rq.connectTimeoutSeconds = c.settings.etagTimeoutSeconds;
        rq.stallTimeoutSeconds = c.settings.downloadTimeoutSeconds;
        rq.onBodyStart = [&](long status, const HttpHeaders& headers) {
            if (status == 206) {
                // "bytes START-END/TOTAL": it must start where the file ends.
                const std::string range = headers.get("content-range").value_or("");
                const auto dash = range.find('-');
                const auto start = range.rfind("bytes ", 0) == 0 && dash != std::string::npos
                                       ? parseSize(range.substr(6, dash - 6))
                                       : std::nullopt;
                if (!start || *start != have) {
                    restart = true;
                    return false;
                }
            } else if (have > 0) {  // 200: the server sends the whole file again
                openFile("wb");
                have = 0;
                progress.p.bytes = progress.startBytes = 0;
            }
            return true;
        };
        rq.onBody = [&](const char* data, std::size_t size) {
            if (c.cancelled()) {
                cancelled = true;
                return false;
            }
            if (std::fwrite(data, 1, size, out.f) != size) {
                writeErrno = errno != 0 ? errno : EIO;
                return false;
            }
            have += size;
            progress.p.bytes = have;
            progress.report(false);
            return true;
        };
        rq.onTick = [&] {
            if (c.cancelled()) {
                cancelled = true;
                return false;
            }
            progress.report(false);
            return true;
        };
        const HttpResult r = detail::perform(rq);
        if (std::fflush(out.f) != 0 && writeErrno == 0) writeErrno = errno != 0 ? errno : EIO;
        if (writeErrno != 0)
            c.fail(Kind::Disk, "cannot write " + incomplete.string() + ": " + std::strerror(writeErrno) +
                                   (writeErrno == ENOSPC ? " (the disk is full)" : ""));
        if (cancelled || (r.transfer == TransferStatus::Aborted && c.cancelled()))
            c.fail(Kind::Cancelled, "download of " + file + " (" + c.describe() + ") cancelled; " +
                                        humanBytes(have) + " kept in " + incomplete.string() +
                                        " for the next download to resume");
        if (restart || r.status == 416) {  // the server cannot continue where the file ends
            openFile("wb");
            have = 0;
            if (++retries > kMaxRetries)
                c.fail(Kind::Network, "could not resume " + file + " of " + c.describe() +
                                          ": the server does not honour byte ranges");
            continue;
        }
        if (r.transfer == TransferStatus::Ok && r.status >= 400)
            failForStatus(c, r, "file " + file, c.options.revision);
        if (r.transfer == TransferStatus::Ok && (r.status < 200 || r.status >= 300))
            c.fail(Kind::InvalidResponse, "unexpected HTTP " + std::to_string(r.status) +
                                              " while downloading " + file + " of " + c.describe());
        if (r.transfer == TransferStatus::Ok) {
            if (!m.size || have >= *m.size) break;
            // The server closed the body early without an error: resume like a lost connection.
        } else if (r.transfer == TransferStatus::Other || r.transfer == TransferStatus::Aborted) {
            failForTransfer(c, r);
        }
        if (++retries > kMaxRetries) {
            if (r.transfer == TransferStatus::Ok)
                c.fail(Kind::Network,
                       "the download of " + file + " of " + c.describe() + " keeps ending early");
            failForTransfer(c, r);
        }
        c.notice("connection lost while downloading " + file + " at " + humanBytes(have) + " (" +
                 (r.errorText.empty() ? std::string("the body ended early") : r.errorText) +
                 "); resuming, retry " + std::to_string(retries) + " of " + std::to_string(kMaxRetries));
        std::this_thread::sleep_for(std::chrono::milliseconds(100 * retries));
    }
    if (std::fclose(out.f) != 0) {
        out.f = nullptr;
        c.fail(Kind::Disk, "cannot write " + incomplete.string() + ": " + std::strerror(errno));
    }
    out.f = nullptr;

    const std::uint64_t onDisk = fileSize(incomplete);
    if (m.size && onDisk != *m.size) {
        std::error_code ec;
        fs::remove(incomplete, ec);
        c.fail(Kind::Integrity, file + " of " + c.describe() + ": downloaded " + std::to_string(onDisk) +
                                    " bytes, the hub announced " + std::to_string(*m.size) +
                                    "; the partial file was removed, try again");
    }
    if (isSha256Etag(m.etag)) {
        std::string actual;
        try {
            actual = io::toHex(io::sha256File(incomplete));
        } catch (const FileError& e) {
            c.fail(Kind::Disk, std::string("cannot read back the download: ") + e.what());
        }
        std::string expected = m.etag;
        for (char& ch : expected) ch = char(std::tolower(static_cast<unsigned char>(ch)));
        if (actual != expected) {
            std::error_code ec;
            fs::remove(incomplete, ec);
            c.fail(Kind::Integrity, file + " of " + c.describe() + ": the downloaded bytes have sha256 " +
                                        actual + ", the hub announced " + expected +
                                        "; the file was removed, try again");
        }
    }
    progress.p.bytes = onDisk;
    if (progress.p.total == 0) progress.p.total = onDisk;
}

void requireCache(const Call& c) {
    if (c.settings.cacheDir.empty())
        c.fail(Kind::InvalidArgument, "no hub cache folder is set (HubSettings::cacheDir; see HF_HUB_CACHE)");
}

void validateArguments(const Call& c, const std::string* file) {
    if (!isValidRepoId(c.repo)) (void)repoFolderName(c.repo, c.options.type);  // throws the message
    if (!isValidRevision(c.options.revision))
        c.fail(Kind::InvalidArgument, "\"" + serverText(c.options.revision).substr(0, 120) +
                                          "\" is not a revision (a branch, tag or commit hash)");
    if (file && !isSafeRepoFilename(*file))
        c.fail(Kind::InvalidArgument, "\"" + serverText(*file).substr(0, 200) +
                                          "\" is not a file name inside " + c.describe() +
                                          " (absolute paths, '..', backslashes are refused)");
}

fs::path fromCacheOrFail(const Call& c, const std::string& file, const std::string& why, bool offlineMode) {
    if (const auto cached = cachedFile(c.repo, c.options.type, file, c.options.revision, c.settings)) {
        c.notice(why + ": using " + file + " of " + c.describe() + " from the cache (" + cached->string() +
                 ")");
        return *cached;
    }
    c.fail(offlineMode ? Kind::Offline : Kind::Network,
           why + ", and " + file + " of " + c.describe() + " at revision " + c.options.revision +
               " is not in the cache " + c.settings.cacheDir.string() +
               (offlineMode ? " (unset HF_HUB_OFFLINE to download it)" : ""));
}

fs::path downloadOne(const Call& c, const std::string& file, const std::string& revision, std::size_t index,
                     std::size_t count) {
    ProgressReporter progress{c, {}};
    progress.p.file = file;
    progress.p.fileIndex = index;
    progress.p.fileCount = count;

    const auto reportCached = [&](const fs::path& path) {
        progress.p.bytes = progress.p.total = fileSize(path);
        progress.p.done = true;
        progress.p.etaSeconds = 0;
        progress.report(true);
        return path;
    };

    // A commit needs no request once its file is there (huggingface_hub does the same).
    if (isCommitHash(revision)) {
        const fs::path pointer = c.folder / "snapshots" / revision / fs::path(file);
        std::error_code ec;
        if (fs::is_regular_file(pointer, ec)) return reportCached(pointer);
    }
    if (c.settings.offline)
        return reportCached(fromCacheOrFail(c, file, "offline mode (HF_HUB_OFFLINE)", true));

    FileMetadata m;
    try {
        m = headFile(c, file, revision);
    } catch (const HubError& e) {
        if (!cacheMayAnswer(e)) throw;
        if (e.kind() != Kind::Network && !cachedFile(c.repo, c.options.type, file, revision, c.settings))
            throw;
        return reportCached(fromCacheOrFail(c, file, e.what(), false));
    }

    const fs::path blob = c.folder / "blobs" / m.etag;
    const fs::path pointer = c.folder / "snapshots" / m.commit / fs::path(file);
    writeRef(c, revision, m.commit);
    std::error_code ec;
    if (fs::is_regular_file(pointer, ec)) return reportCached(pointer);
    if (fs::is_regular_file(blob, ec)) {
        linkIntoSnapshot(c, blob, pointer);
        return reportCached(pointer);
    }

    fs::create_directories(blob.parent_path(), ec);
    if (ec)
        c.fail(Kind::Disk, "cannot create the folder " + blob.parent_path().string() + ": " + ec.message());
    BlobLock lock(c, m.etag);
    if (!fs::is_regular_file(blob, ec)) {  // another process may have finished it meanwhile
        const fs::path incomplete = blob.string() + ".incomplete";
        progress.p.total = m.size.value_or(0);
        fetchBlob(c, file, m, incomplete, progress);
        fs::rename(incomplete, blob, ec);
        if (ec)
            c.fail(Kind::Disk,
                   "cannot rename " + incomplete.string() + " to " + blob.string() + ": " + ec.message());
    }
    linkIntoSnapshot(c, blob, pointer);
    return reportCached(pointer);
}

}  // namespace

RepoFiles listRepoFiles(const std::string& repo, const DownloadOptions& options,
                        const HubSettings& settings) {
    Call c{repo, options, settings, {}};
    validateArguments(c, nullptr);
    if (settings.offline)
        c.fail(Kind::Offline, "offline mode (HF_HUB_OFFLINE): cannot list the files of " + c.describe());
    const std::string url = settings.endpoint + "/api/" + repoTypePlural(options.type) + "/" + repo +
                            "/revision/" + detail::urlQuote(options.revision, false);
    HttpRequest rq;
    rq.url = url;
    rq.headers = c.headers(url);
    rq.followRedirects = true;
    rq.connectTimeoutSeconds = settings.etagTimeoutSeconds;
    rq.stallTimeoutSeconds = settings.downloadTimeoutSeconds;
    rq.maxBodyBytes = kMaxListingBytes;
    const HttpResult r = detail::perform(rq);
    if (r.transfer != TransferStatus::Ok) failForTransfer(c, r);
    if (r.status >= 400) failForStatus(c, r, "", options.revision);
    if (r.status != 200)
        c.fail(Kind::InvalidResponse, settings.endpoint + " answered HTTP " + std::to_string(r.status) +
                                          " to the file list of " + c.describe());
    RepoFiles out;
    try {
        const auto j = nlohmann::json::parse(r.body);
        out.commit = j.at("sha").get<std::string>();
        for (const auto& s : j.at("siblings")) out.files.push_back(s.at("rfilename").get<std::string>());
    } catch (const nlohmann::json::exception&) {
        c.fail(Kind::InvalidResponse, "the file list of " + c.describe() + " from " + settings.endpoint +
                                          " is not the JSON the hub sends (with \"sha\" and \"siblings\")");
    }
    if (!isValidCommit(out.commit))
        c.fail(Kind::InvalidResponse, "the commit \"" + serverText(out.commit).substr(0, 80) +
                                          "\" listed for " + c.describe() +
                                          " is not a plain hash: refusing it");
    return out;
}

std::vector<RepoSummary> searchRepos(const std::string& query, RepoType type, std::size_t limit,
                                     const HubSettings& settings) {
    const std::string anyRepo = "search";
    DownloadOptions options;
    options.type = type;
    Call c{anyRepo, options, settings, {}};
    if (settings.offline) c.fail(Kind::Offline, "offline mode (HF_HUB_OFFLINE): cannot search the hub");
    const std::string url = settings.endpoint + "/api/" + repoTypePlural(type) +
                            "?search=" + detail::urlQuote(query, false) +
                            "&sort=downloads&direction=-1&limit=" + std::to_string(std::max<std::size_t>(1, limit));
    HttpRequest rq;
    rq.url = url;
    rq.headers = c.headers(url);
    rq.followRedirects = true;
    rq.connectTimeoutSeconds = settings.etagTimeoutSeconds;
    rq.stallTimeoutSeconds = settings.downloadTimeoutSeconds;
    rq.maxBodyBytes = kMaxListingBytes;
    const HttpResult r = detail::perform(rq);
    if (r.transfer != TransferStatus::Ok) failForTransfer(c, r);
    if (r.status != 200)
        c.fail(Kind::Http, settings.endpoint + " answered HTTP " + std::to_string(r.status) + " to a search",
               r.status);
    std::vector<RepoSummary> out;
    try {
        const auto j = nlohmann::json::parse(r.body);
        for (const auto& item : j) {
            RepoSummary s;
            s.id = item.at("id").get<std::string>();
            if (!isValidRepoId(s.id)) continue;
            if (item.contains("downloads") && item["downloads"].is_number_integer()) s.downloads = item["downloads"];
            if (item.contains("likes") && item["likes"].is_number_integer()) s.likes = item["likes"];
            // "gated" is false, or "auto" / "manual".
            if (item.contains("gated")) s.gated = !(item["gated"].is_boolean() && !item["gated"].get<bool>());
            out.push_back(std::move(s));
            if (out.size() >= limit) break;
        }
    } catch (const nlohmann::json::exception&) {
        c.fail(Kind::InvalidResponse, "the search results from " + settings.endpoint + " are not the JSON the hub sends");
    }
    return out;
}

fs::path downloadFile(const std::string& repo, const std::string& file, const DownloadOptions& options,
                      const HubSettings& settings) {
    Call c{repo, options, settings, {}};
    validateArguments(c, &file);
    requireCache(c);
    c.folder = repoCacheFolder(repo, options.type, settings);
    return downloadOne(c, file, options.revision, 0, 1);
}

fs::path downloadSnapshot(const std::string& repo, const DownloadOptions& options,
                          const HubSettings& settings) {
    Call c{repo, options, settings, {}};
    validateArguments(c, nullptr);
    requireCache(c);
    c.folder = repoCacheFolder(repo, options.type, settings);

    const auto fromCache = [&](const std::string& why, bool offlineMode) -> fs::path {
        const auto snapshot = cachedSnapshot(repo, options.type, options.revision, settings);
        if (!snapshot)
            c.fail(offlineMode ? Kind::Offline : Kind::Network,
                   why + ", and " + c.describe() + " at revision " + options.revision +
                       " is not in the cache " + settings.cacheDir.string() +
                       (offlineMode ? " (unset HF_HUB_OFFLINE to download it)" : ""));
        if (!options.include.empty()) {
            bool any = false;
            std::error_code ec;
            for (auto it = fs::recursive_directory_iterator(*snapshot, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                const std::string name = it->path().lexically_relative(*snapshot).generic_string();
                if (!it->is_directory(ec) && matchesAnyGlob(options.include, name)) any = true;
            }
            if (!any)
                c.fail(offlineMode ? Kind::Offline : Kind::Network, why + ", and the cached snapshot " +
                                                                        snapshot->string() +
                                                                        " has no file matching the patterns");
        }
        c.notice(why + ": using the cached snapshot of " + c.describe() + " at revision " + options.revision +
                 " (" + snapshot->string() + ")");
        return *snapshot;
    };

    if (settings.offline) return fromCache("offline mode (HF_HUB_OFFLINE)", true);
    RepoFiles listing;
    try {
        listing = listRepoFiles(repo, options, settings);
    } catch (const HubError& e) {
        if (!cacheMayAnswer(e)) throw;
        if (e.kind() != Kind::Network && !cachedSnapshot(repo, options.type, options.revision, settings))
            throw;
        return fromCache(e.what(), false);
    }

    std::vector<std::string> wanted;
    for (const auto& name : listing.files) {
        if (!matchesAnyGlob(options.include, name)) continue;
        if (!isSafeRepoFilename(name))
            c.fail(Kind::InvalidResponse,
                   settings.endpoint + " listed the file \"" + serverText(name).substr(0, 200) + "\" in " +
                       c.describe() +
                       ", a name that would lead outside the cache folder: refusing to download");
        wanted.push_back(name);
    }
    if (!options.include.empty() && wanted.empty())
        c.notice("no file of " + c.describe() + " matches the patterns given");

    DownloadOptions perFile = options;
    perFile.revision = listing.commit;
    Call fileCall{repo, perFile, settings, c.folder};
    for (std::size_t i = 0; i < wanted.size(); ++i)
        (void)downloadOne(fileCall, wanted[i], listing.commit, i, wanted.size());

    writeRef(c, options.revision, listing.commit);
    const fs::path snapshot = c.folder / "snapshots" / listing.commit;
    std::error_code ec;
    fs::create_directories(snapshot, ec);
    if (ec) c.fail(Kind::Disk, "cannot create the folder " + snapshot.string() + ": " + ec.message());
    return snapshot;
}

}  // namespace headliner::hub
