#pragma once
// Read-only access to the entries of an uncompressed ("stored") zip archive held in memory,
// as torch.save writes them. Every offset and size is checked against the buffer.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace headliner::io {

class ZipArchive {
public:
    // Parses the central directory. Throws FileError (naming `name`) on anything inconsistent,
    // or on compressed entries (torch.save never compresses).
    ZipArchive(std::string bytes, std::filesystem::path name);

    std::vector<std::string> names() const;
    bool contains(std::string_view entry) const { return entries_.find(std::string(entry)) != entries_.end(); }
    // The entry's bytes (a view into the archive). Throws FileError if absent.
    std::string_view entry(std::string_view name) const;

private:
    std::string bytes_;
    std::filesystem::path name_;
    std::map<std::string, std::string_view> entries_;
};

}  // namespace headliner::io
