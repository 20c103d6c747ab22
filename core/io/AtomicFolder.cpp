#include "core/io/AtomicFolder.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/Error.h"

namespace headliner::io {

namespace fs = std::filesystem;

fs::path stagingFolderFor(const fs::path& folder, std::string_view tag) {
    static std::atomic<unsigned> counter{0};
    const fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
    return parent / ("." + folder.filename().string() + "." + std::string(tag) + "-" + std::to_string(::getpid()) +
                     "-" + std::to_string(counter++));
}

void replaceFolder(const fs::path& staged, const fs::path& folder) {
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, folder.c_str(), RENAME_NOREPLACE) == 0) return;
    if (errno != EEXIST && errno != ENOTEMPTY)
        throw FileError(folder, 0, std::string("cannot move the new folder into place: ") + std::strerror(errno));
    if (!fs::is_directory(folder)) throw FileError(folder, 0, "exists and is not a folder");
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE) != 0)
        throw FileError(folder, 0, std::string("cannot replace the previous folder: ") + std::strerror(errno));
    std::error_code ec;
    fs::remove_all(staged, ec);  // now the previous version; failing to delete it loses nothing
}

}  // namespace headliner::io
