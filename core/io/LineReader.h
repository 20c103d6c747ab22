#pragma once
// Streams the lines of a text file, plain or xz-compressed (told apart by the magic bytes, not
// the extension), with 1-based line numbers. Dataset readers sit on it, so a 100 MB .csv.xz is
// never held in memory whole and every problem can name its line.
//
// A line is returned without its terminator: "\n" and "\r\n" both end a line (a lone "\r"
// does not). A UTF-8 byte order mark at the start of the file is dropped. A line longer than
// maxLineBytes is cut to its first maxLineBytes bytes and flagged overlong(), so one
// pathological line cannot exhaust memory; the rest of it is skipped, not returned as a line.
//
// Errors (file missing, unreadable, truncated or corrupt xz, xz needing more than 1 GiB of
// memory to decompress, gzip given) throw headliner::FileError naming the file and the line
// being read.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

namespace headliner::io {

class LineReader {
public:
    static constexpr std::size_t kDefaultMaxLineBytes = std::size_t{1} << 20;  // 1 MiB

    explicit LineReader(const std::filesystem::path& path, std::size_t maxLineBytes = kDefaultMaxLineBytes);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // Advances to the next line; false at the end of the input. The view from line() stays
    // valid until the next call.
    bool next();

    std::string_view line() const { return line_; }
    std::uint64_t lineNumber() const { return lineNumber_; }  // of the line last returned, 1-based
    bool overlong() const { return overlong_; }               // line() is only its first part

    bool compressed() const;          // the file is xz
    std::uint64_t bytesRead() const;  // decompressed bytes consumed so far (terminators included)
    const std::filesystem::path& path() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string_view line_;
    std::uint64_t lineNumber_ = 0;
    bool overlong_ = false;
};

}  // namespace headliner::io
