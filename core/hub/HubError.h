#pragma once
// The one exception type of the Hugging Face hub client. Its message names the repository and
// the file (or the cache path) and says what the user can do; it never contains the token.

#include <stdexcept>
#include <string>

namespace headliner::hub {

class HubError : public std::runtime_error {
public:
    enum class Kind {
        InvalidArgument,  // a repo id, file name or revision that is not acceptable (refused before any
                          // request)
        Unauthorized,     // 401 / 403: gated or private repository, missing or refused token
        NotFound,         // 404: repository, revision or file not found
        Network,          // could not connect to the endpoint, timed out, connection lost too often
        Offline,          // HF_HUB_OFFLINE (or no network) and the file is not in the cache
        Disk,             // cannot create, write or rename a file of the cache (disk full, permissions)
        Integrity,        // the downloaded bytes do not match the size or sha256 the hub announced
        InvalidResponse,  // the server's answer is unusable: missing headers, unsafe names, bad JSON
        Cancelled,        // the cancel flag was raised; the partial download is kept for resuming
        Http,             // any other HTTP error status
    };

    HubError(Kind kind, const std::string& message, long httpStatus = 0)
        : std::runtime_error(message), kind_(kind), httpStatus_(httpStatus) {}

    Kind kind() const noexcept { return kind_; }
    long httpStatus() const noexcept { return httpStatus_; }  // 0 when no HTTP status is involved

private:
    Kind kind_;
    long httpStatus_;
};

// "unauthorized", "not found", ...: for logs and tests.
const char* toString(HubError::Kind kind);

}  // namespace headliner::hub
