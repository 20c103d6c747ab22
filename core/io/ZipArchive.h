#pragma once
// Read-only access to the entries of an uncompressed ("stored") zip archive, as torch.save
// writes them: held in memory, or a file mapped read-only (its pages count towards the
// process's memory only while they are read; release() hands them back). Every offset and size
// is checked against the archive's bytes.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/MappedFile.h"

namespace headliner::io {

class ZipArchive {
public:
    // Parses the central directory. Throws FileError (naming `name`) on anything inconsistent,
    // or on compressed entries (torch.save never compresses).
    ZipArchive(std::string bytes, std::filesystem::path name);
    // The same for a file, mapped instead of read (FileError when it cannot be opened).
    explicit ZipArchive(const std::filesystem::path& file);
    ZipArchive(const ZipArchive&) = delete;  // entries are views into the bytes
    ZipArchive& operator=(const ZipArchive&) = delete;

    // The whole archive.
    std::string_view bytes() const { return whole_; }

    std::vector<std::string> names() const;
    bool contains(std::string_view entry) const { return entries_.find(std::string(entry)) != entries_.end(); }
    // The entry's bytes (a view into the archive). Throws FileError if absent.
    std::string_view entry(std::string_view name) const;
    // Done with these bytes of the archive for now: a mapped file's whole pages among them are
    // handed back (read again from the file if used later); nothing for one held in memory.
    void release(std::string_view bytes) const;

private:
    void parse();

    std::string bytes_;
    MappedFile mapped_;  // empty for bytes held in memory
    std::string_view whole_;
    std::filesystem::path name_;
    std::map<std::string, std::string_view> entries_;
};

}  // namespace headliner::io
