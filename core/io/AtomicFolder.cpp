#include "core/io/AtomicFolder.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

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

void writeFolderAtomically(const fs::path& folder, std::string_view tag, const std::string& what,
                           const std::function<void(const fs::path&)>& fill) {
    const fs::path staged = stagingFolderFor(folder, tag);
    std::error_code ec;
    try {
        fs::remove_all(staged);
        fs::create_directories(staged);
        fill(staged);
        replaceFolder(staged, folder);
    } catch (const std::exception& e) {
        fs::remove_all(staged, ec);
        // Name the file by its name in the folder, not by the staging folder nobody will see.
        std::string problem = e.what();
        if (const auto* fe = dynamic_cast<const FileError*>(&e)) {
            if (fe->file().parent_path() == staged) problem = fe->file().filename().string() + ": " + fe->problem();
            else if (fe->file() == staged || fe->file() == folder) problem = fe->problem();
        }
        throw FileError(folder, 0,
                        what + " could not be written (" + problem + ")" +
                            (fs::exists(folder, ec) ? "; the previous one is kept" : ""));
    } catch (...) {
        fs::remove_all(staged, ec);
        throw;
    }
}

std::size_t removeAbandonedStagingFolders(const fs::path& folder) {
    const fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
    const std::string prefix = "." + folder.filename().string() + ".";
    std::error_code ec;
    fs::directory_iterator it(parent, ec), end;
    if (ec) return 0;
    std::vector<fs::path> abandoned;
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0 || !it->is_directory(ec)) continue;
        // ".<name>.<tag>-<pid>-<counter>", as stagingFolderFor makes them.
        const auto counterDash = name.rfind('-');
        if (counterDash == std::string::npos || counterDash <= prefix.size()) continue;
        const auto pidDash = name.rfind('-', counterDash - 1);
        if (pidDash == std::string::npos || pidDash < prefix.size()) continue;
        const std::string pidText = name.substr(pidDash + 1, counterDash - pidDash - 1);
        const std::string counterText = name.substr(counterDash + 1);
        const auto digits = [](const std::string& t) {
            return !t.empty() && t.size() < 10 && t.find_first_not_of("0123456789") == std::string::npos;
        };
        if (!digits(pidText) || !digits(counterText)) continue;
        const pid_t pid = pid_t(std::stol(pidText));
        if (pid <= 0 || pid == ::getpid()) continue;
        if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // running (or not ours to signal)
        abandoned.push_back(it->path());
    }
    std::size_t removed = 0;
    for (const auto& p : abandoned) {
        std::error_code removeError;
        fs::remove_all(p, removeError);
        if (!removeError) ++removed;
    }
    return removed;
}

}  // namespace headliner::io
