#include "core/io/FolderLock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <system_error>

namespace headliner::io {

namespace fs = std::filesystem;

namespace {

std::string localTime() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

// The holder's record: "headliner-cli train, process 1234, since 2026-11-28 17:40:02".
std::string readRecord(int fd) {
    char buffer[512];
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    if (n <= 0) return {};
    std::string record(buffer, std::size_t(n));
    while (!record.empty() && (record.back() == '\n' || record.back() == '\0')) record.pop_back();
    return record;
}

}  // namespace

FolderLock FolderLock::acquire(const fs::path& folder, const std::string& holder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw FileError(folder, 0, "cannot create the folder: " + ec.message());
    const fs::path file = lockFile(folder);
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw FileError(file, 0, std::string("cannot create the run's lock file: ") + std::strerror(errno));
    int rc = 0;
    while ((rc = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
    }
    if (rc != 0 && errno == EWOULDBLOCK) {
        const std::string record = readRecord(fd);
        ::close(fd);
        throw FolderInUse(folder, 0,
                          "is in use by another training run" + (record.empty() ? "" : " (" + record + ")") +
                              ": wait for it to end, or stop it first");
    }
    // Any other error: a file system without locks (some network and FUSE mounts). The run goes
    // on unguarded there rather than not at all.
    const std::string record =
        holder + ", process " + std::to_string(::getpid()) + ", since " + localTime() + "\n";
    // The record is for messages only: failing to write it leaves the lock held all the same.
    if (::ftruncate(fd, 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(fd, record.data(), record.size(), 0);
    }
    return FolderLock(folder, fd);
}

FolderLock::~FolderLock() { release(); }

FolderLock::FolderLock(FolderLock&& other) noexcept : folder_(std::move(other.folder_)), fd_(other.fd_) {
    other.fd_ = -1;
}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
    if (this != &other) {
        release();
        folder_ = std::move(other.folder_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

void FolderLock::release() {
    if (fd_ < 0) return;
    // Emptied, so that a record is never read from a lock nobody holds.
    [[maybe_unused]] const int truncated = ::ftruncate(fd_, 0);
    ::close(fd_);  // closing the only descriptor of this open file drops the flock
    fd_ = -1;
}

}  // namespace headliner::io
