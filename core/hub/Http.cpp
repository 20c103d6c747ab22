#include "core/hub/Http.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace headliner::hub::detail {

namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("libcurl failed to initialize");
    });
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// State shared with curl's callbacks during one transfer.
struct Transfer {
    const HttpRequest* request = nullptr;
    HttpResult* result = nullptr;
    long currentStatus = 0;
    bool aborted = false;
    std::exception_ptr error;  // thrown by a callback: must not cross curl's C frames
};

size_t headerLine(Transfer* t, char* data, std::size_t n) {
    const std::string_view line = trim(std::string_view(data, n));
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (a redirect, 100 Continue, ...)
        t->result->headers.items.clear();
        t->currentStatus = 0;
        const auto space = line.find(' ');
        if (space != std::string_view::npos) {
            long status = 0;
            for (std::size_t i = space + 1;
                 i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); ++i)
                status = status * 10 + (line[i] - '0');
            t->currentStatus = status;
        }
        return n;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0)
        t->result->headers.items.emplace_back(lower(trim(line.substr(0, colon))),
                                              std::string(trim(line.substr(colon + 1))));
    return n;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    try {
        return headerLine(t, data, size * count);
    } catch (...) {
        t->error = std::current_exception();
        t->aborted = true;
        return 0;
    }
}

size_t writeBody(Transfer* t, char* data, std::size_t n) {
    const HttpRequest& rq = *t->request;
    const bool success = t->currentStatus >= 200 && t->currentStatus < 300;
    if (success && rq.onBody) {
        if (!t->result->bodyStarted) {
            t->result->bodyStarted = true;
            if (rq.onBodyStart && !rq.onBodyStart(t->currentStatus, t->result->headers)) {
                t->aborted = true;
                return 0;
            }
        }
        if (!rq.onBody(data, n)) {
            t->aborted = true;
            return 0;
        }
        return n;
    }
    std::string& body = t->result->body;
    if (body.size() < rq.maxBodyBytes) body.append(data, std::min(n, rq.maxBodyBytes - body.size()));
    return n;
}

size_t onWrite(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    try {
        return writeBody(t, data, size * count);
    } catch (...) {
        t->error = std::current_exception();
        t->aborted = true;
        return 0;
    }
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    try {
        if (t->request->onTick && !t->request->onTick()) {
            t->aborted = true;
            return 1;
        }
    } catch (...) {
        t->error = std::current_exception();
        t->aborted = true;
        return 1;
    }
    return 0;
}

TransferStatus classify(CURLcode code) {
    switch (code) {
        case CURLE_OK:
            return TransferStatus::Ok;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            return TransferStatus::ConnectFailed;
        case CURLE_OPERATION_TIMEDOUT:
            return TransferStatus::Timeout;
        case CURLE_PARTIAL_FILE:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return TransferStatus::ConnectionLost;
        case CURLE_ABORTED_BY_CALLBACK:
        case CURLE_WRITE_ERROR:
            return TransferStatus::Aborted;
        default:
            return TransferStatus::Other;
    }
}

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};

// One handle per thread, reset between requests: its connection cache lets the files of a
// snapshot reuse one connection.
CURL* threadHandle() {
    thread_local std::unique_ptr<CURL, EasyDeleter> handle;
    if (!handle) {
        handle.reset(curl_easy_init());
        if (!handle) throw std::runtime_error("libcurl could not create a transfer handle");
    } else {
        curl_easy_reset(handle.get());
    }
    return handle.get();
}

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::optional<std::string> HttpHeaders::get(std::string_view lowerName) const {
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        if (it->first == lowerName) return it->second;
    return std::nullopt;
}

HttpResult perform(const HttpRequest& request) {
    initCurlOnce();
    CURL* h = threadHandle();
    HttpResult result;
    Transfer transfer;
    transfer.request = &request;
    transfer.result = &result;

    std::unique_ptr<curl_slist, SlistDeleter> headers;
    for (const auto& line : request.headers) {
        curl_slist* next = curl_slist_append(headers.get(), line.c_str());
        if (!next) throw std::bad_alloc();
        (void)headers.release();
        headers.reset(next);
    }
    char errorBuffer[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    if (request.head) curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, request.connectTimeoutSeconds);
    if (request.totalTimeoutSeconds > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT, request.totalTimeoutSeconds);
    if (request.stallTimeoutSeconds > 0) {
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, request.stallTimeoutSeconds);
    }
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onWrite);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

    const CURLcode code = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    result.status = status != 0 ? status : transfer.currentStatus;
    result.transfer = transfer.aborted ? TransferStatus::Aborted : classify(code);
    if (code != CURLE_OK) {
        result.errorText = errorBuffer[0] ? std::string(errorBuffer) : std::string(curl_easy_strerror(code));
        while (!result.errorText.empty() &&
               (result.errorText.back() == '\n' || result.errorText.back() == '.'))
            result.errorText.pop_back();
    }
    // Detach everything that points into this frame before the handle is reused.
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
    if (transfer.error) std::rethrow_exception(transfer.error);
    return result;
}

std::string urlQuote(std::string_view text, bool keepSlash) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved || (keepSlash && c == '/')) {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

std::string urlOrigin(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    const auto pathStart = url.find_first_of("/?#", scheme + 3);
    std::string origin = lower(url.substr(0, pathStart));
    // An explicit default port names the same origin as none.
    const auto strip = [&](std::string_view prefix, std::string_view port) {
        if (origin.rfind(prefix, 0) == 0 && origin.size() > port.size() &&
            origin.compare(origin.size() - port.size(), port.size(), port) == 0)
            origin.resize(origin.size() - port.size());
    };
    strip("https://", ":443");
    strip("http://", ":80");
    return origin;
}

std::string curlVersion() {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info && info->version ? info->version : "unknown";
}

}  // namespace headliner::hub::detail
