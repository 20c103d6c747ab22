#pragma once
// One writer per run folder: a training run holds an exclusive lock on its work folder for as long
// as it may write there, so that a second run started into the same folder (the same `--out` in
// another terminal, the app resuming a run the command line is training) is refused instead of
// interleaving its checkpoints, options and exported model with the first one's.
//
//   io::FolderLock lock = io::FolderLock::acquire(work, "headliner-cli train");  // throws FolderInUse
//
// The lock is an advisory flock(2) on the file `lock` in the folder, which also records who holds
// it (what, its process id, since when) for the message a refused run shows. The kernel drops the
// lock when its holder ends in any way (a crash, SIGKILL, power loss), so a lock is never stale;
// the file itself stays. Two acquisitions in one process conflict too (two jobs in the app).

#include <filesystem>
#include <string>

#include "core/Error.h"

namespace headliner::io {

// The folder is locked by another run; problem() names the holder when it could be read.
class FolderInUse : public FileError {
public:
    using FileError::FileError;
};

class FolderLock {
public:
    // Creates the folder when needed. Throws FolderInUse when another holder has the lock, and
    // FileError when the lock file cannot be created. On a file system without locks (some
    // network and FUSE mounts) it returns a lock that guards nothing, so that runs still work.
    static FolderLock acquire(const std::filesystem::path& folder, const std::string& holder);

    FolderLock() = default;  // holds nothing
    ~FolderLock();
    FolderLock(FolderLock&& other) noexcept;
    FolderLock& operator=(FolderLock&& other) noexcept;
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

    bool held() const { return fd_ >= 0; }
    const std::filesystem::path& folder() const { return folder_; }
    void release();

    static std::filesystem::path lockFile(const std::filesystem::path& folder) { return folder / "lock"; }

private:
    FolderLock(std::filesystem::path folder, int fd) : folder_(std::move(folder)), fd_(fd) {}
    std::filesystem::path folder_;
    int fd_ = -1;
};

}  // namespace headliner::io
