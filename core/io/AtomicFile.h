#pragma once
// Files that are either completely written or not there at all: content goes to a temporary
// file in the same folder, is flushed to disk, then renamed over the destination. A process
// killed midway leaves the previous file intact (and at worst a stray "*.tmp-*" file).

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace headliner::io {

class AtomicFile {
public:
    // Creates the temporary file beside `destination`; throws FileError if it cannot.
    explicit AtomicFile(std::filesystem::path destination);
    ~AtomicFile();  // discards the temporary file unless commit() succeeded
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);  // throws FileError (disk full, ...)
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    // fsync + rename over the destination; throws FileError on failure.
    void commit();

    const std::filesystem::path& destination() const { return destination_; }

private:
    std::filesystem::path destination_;
    std::filesystem::path temporary_;
    int fd_ = -1;
    bool committed_ = false;
};

// Writes the whole file atomically in one call.
void writeFileAtomically(const std::filesystem::path& destination, std::string_view bytes);

}  // namespace headliner::io
