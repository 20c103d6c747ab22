#pragma once
// The hub client's HTTP layer: one request through libcurl, headers and body handed back as
// plain data. Internal to core/hub (the hub client builds on it); no curl type leaks out.
// libcurl is initialized once per process, thread-safely, on the first request.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace headliner::hub::detail {

// Response headers of one HTTP response, names in lower case, values trimmed.
struct HttpHeaders {
    std::vector<std::pair<std::string, std::string>> items;
    // The last value of a header (name in lower case).
    std::optional<std::string> get(std::string_view lowerName) const;
};

enum class TransferStatus {
    Ok,              // an HTTP response came (its status may still be an error)
    ConnectFailed,   // host not resolved, connection refused, ...
    Timeout,         // connecting took too long, or no byte arrived for too long
    ConnectionLost,  // the response was cut short
    Aborted,         // a callback asked to stop
    Other,           // TLS problems and the rest (errorText says what)
};

struct HttpRequest {
    bool head = false;  // HEAD instead of GET
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    bool followRedirects = false;
    long connectTimeoutSeconds = 10;
    long totalTimeoutSeconds = 0;        // 0: none
    long stallTimeoutSeconds = 0;        // abort when under 1 byte/s for this long; 0: never
    std::size_t maxBodyBytes = 1 << 20;  // bodies kept in HttpResult::body are cut at this size
    // When set, the body of a 2xx response goes here instead of HttpResult::body: onBodyStart
    // first (status and headers of that response), then onBody for each piece. false aborts.
    std::function<bool(long status, const HttpHeaders& headers)> onBodyStart;
    std::function<bool(const char* data, std::size_t size)> onBody;
    // Called regularly while the transfer runs (also when no byte arrives); false aborts.
    std::function<bool()> onTick;
};

struct HttpResult {
    TransferStatus transfer = TransferStatus::Other;
    std::string errorText;     // what curl said when transfer != Ok
    long status = 0;           // HTTP status of the last response (0: none)
    HttpHeaders headers;       // of the last response
    std::string body;          // the body when not handed to onBody (cut at maxBodyBytes)
    bool bodyStarted = false;  // onBodyStart was called
};

HttpResult perform(const HttpRequest& request);

// Percent-encodes everything but RFC 3986's unreserved characters (and '/' when keepSlash),
// as Python's urllib.parse.quote does.
std::string urlQuote(std::string_view text, bool keepSlash);

// "scheme://host[:port]" of a URL, in lower case ("" when it has none).
std::string urlOrigin(std::string_view url);

// The libcurl version in use, e.g. "7.88.1".
std::string curlVersion();

}  // namespace headliner::hub::detail
