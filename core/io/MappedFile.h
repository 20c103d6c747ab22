#pragma once
// A file mapped read-only into memory (MAP_PRIVATE), unmapped when this goes. Its pages count
// towards the process's memory only once read; release() hands read pages back (they are read
// from the file again if touched later). Shared by the safetensors and zip readers.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/Error.h"

namespace headliner::io {

class MappedFile {
public:
    MappedFile() = default;
    // Throws FileError naming the file when it cannot be opened or mapped, or is not a regular
    // file. An empty file maps to no bytes.
    explicit MappedFile(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw FileError(path, 0, std::string("cannot open: ") + std::strerror(errno));
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            throw FileError(path, 0, "cannot open: not a regular file");
        }
        if (st.st_size > 0) {
            void* p = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            const int mapError = errno;
            ::close(fd);
            if (p == MAP_FAILED) throw FileError(path, 0, std::string("cannot map into memory: ") + std::strerror(mapError));
            address_ = p, size_ = std::size_t(st.st_size);
        } else {
            ::close(fd);
        }
    }
    ~MappedFile() {
        if (address_) ::munmap(address_, size_);
    }
    MappedFile(MappedFile&& other) noexcept : address_(other.address_), size_(other.size_) {
        other.address_ = nullptr, other.size_ = 0;
    }
    MappedFile& operator=(MappedFile&& other) noexcept {
        if (this != &other) {
            if (address_) ::munmap(address_, size_);
            address_ = other.address_, size_ = other.size_;
            other.address_ = nullptr, other.size_ = 0;
        }
        return *this;
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {static_cast<const char*>(address_), size_}; }

    // Hands back the whole pages inside `range` (a part of bytes(); anything else is ignored).
    void release(std::string_view range) const {
        if (!address_ || range.empty()) return;
        const auto base = reinterpret_cast<std::uintptr_t>(address_);
        const auto page = std::uintptr_t(::sysconf(_SC_PAGESIZE));
        auto begin = reinterpret_cast<std::uintptr_t>(range.data());
        auto end = begin + range.size();
        if (begin < base || end > base + size_) return;
        begin = (begin + page - 1) / page * page;  // whole pages only: a neighbour may still be in use
        end = end / page * page;
        if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
    }

private:
    void* address_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace headliner::io
