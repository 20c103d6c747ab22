#include "core/io/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/Error.h"

namespace headliner::io {

namespace {
std::string errnoText() { return std::strerror(errno); }

std::filesystem::path temporaryName(const std::filesystem::path& destination) {
    static std::atomic<unsigned> counter{0};
    return destination.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path destination)
    : destination_(std::move(destination)), temporary_(temporaryName(destination_)) {
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0) throw FileError(destination_, 0, "cannot create a temporary file beside it: " + errnoText());
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(temporary_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw FileError(destination_, 0, "write failed: " + errnoText());
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (::fsync(fd_) != 0) throw FileError(destination_, 0, "could not flush to disk: " + errnoText());
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw FileError(destination_, 0, "could not close: " + errnoText());
    }
    fd_ = -1;
    if (::rename(temporary_.c_str(), destination_.c_str()) != 0)
        throw FileError(destination_, 0, "could not replace the file: " + errnoText());
    committed_ = true;
    // Make the rename itself durable.
    const int dir = ::open(destination_.parent_path().empty() ? "." : destination_.parent_path().c_str(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void writeFileAtomically(const std::filesystem::path& destination, std::string_view bytes) {
    AtomicFile file(destination);
    file.write(bytes);
    file.commit();
}

}  // namespace headliner::io
