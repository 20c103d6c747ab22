#include "core/io/LineReader.h"

#include <lzma.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/Error.h"

namespace headliner::io {
namespace {

constexpr std::size_t kInputChunk = 64 * 1024;    // compressed bytes per fread
constexpr std::size_t kOutputChunk = 256 * 1024;  // decoded bytes per refill
// The most memory the xz decoder may take. `xz -9` needs 65 MiB to decompress; without a limit a
// 70-byte file whose header asks for a 4 GiB dictionary makes liblzma allocate 4 GiB.
constexpr std::uint64_t kXzMemoryLimit = std::uint64_t{1} << 30;
constexpr unsigned char kXzMagic[6] = {0xFD, '7', 'z', 'X', 'Z', 0x00};
constexpr unsigned char kGzipMagic[2] = {0x1F, 0x8B};
constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string lzmaProblem(lzma_ret ret) {
    switch (ret) {
        case LZMA_BUF_ERROR:
            return "xz data is truncated (the file ends inside the compressed stream)";
        case LZMA_DATA_ERROR:
            return "xz data is corrupt";
        case LZMA_FORMAT_ERROR:
            return "not valid xz data";
        case LZMA_OPTIONS_ERROR:
            return "xz data uses unsupported options";
        case LZMA_MEM_ERROR:
            return "out of memory while decompressing xz data";
        default:
            return "xz decompression failed (liblzma code " + std::to_string(int(ret)) + ")";
    }
}

}  // namespace

struct LineReader::Impl {
    std::filesystem::path path;
    std::size_t maxLineBytes = 0;
    std::unique_ptr<std::FILE, FileCloser> file;
    bool xz = false;
    lzma_stream strm = LZMA_STREAM_INIT;
    bool inputEof = false;
    bool streamEnd = false;
    std::vector<unsigned char> input;
    std::vector<char> decoded;  // [pos, end) not yet returned as lines
    std::size_t pos = 0, end = 0;
    std::uint64_t totalDecoded = 0;
    std::string carry;  // a line that straddles refills, capped at maxLineBytes

    ~Impl() {
        if (xz) lzma_end(&strm);
    }

    [[noreturn]] void fail(std::uint64_t line, const std::string& problem) const {
        throw FileError(path, line, problem);
    }

    std::size_t readInput(void* into, std::size_t size, std::uint64_t line) {
        const std::size_t n = std::fread(into, 1, size, file.get());
        if (n < size && std::ferror(file.get()))
            fail(line, std::string("read error: ") + std::strerror(errno));
        return n;
    }

    // Refills `decoded`; false at the end of the data. `line` is only for error messages.
    bool fill(std::uint64_t line) {
        pos = end = 0;
        if (!xz) {
            end = readInput(decoded.data(), decoded.size(), line);
            totalDecoded += end;
            return end > 0;
        }
        if (streamEnd) return false;
        for (;;) {
            if (strm.avail_in == 0 && !inputEof) {
                strm.next_in = input.data();
                strm.avail_in = readInput(input.data(), input.size(), line);
                inputEof = strm.avail_in == 0;
            }
            strm.next_out = reinterpret_cast<std::uint8_t*>(decoded.data());
            strm.avail_out = decoded.size();
            // LZMA_FINISH once the file is exhausted: a stream cut short then reports
            // LZMA_BUF_ERROR instead of waiting for input that never comes.
            const lzma_ret ret = lzma_code(&strm, inputEof ? LZMA_FINISH : LZMA_RUN);
            end = decoded.size() - strm.avail_out;
            totalDecoded += end;
            if (ret == LZMA_STREAM_END) {
                streamEnd = true;
                return end > 0;
            }
            if (ret == LZMA_MEMLIMIT_ERROR) {
                fail(line, "xz data needs " + std::to_string(lzma_memusage(&strm) >> 20) +
                               " MiB of memory to decompress, more than the " +
                               std::to_string(kXzMemoryLimit >> 20) +
                               " MiB allowed (recompress it with a smaller dictionary, e.g. xz -6)");
            }
            if (ret != LZMA_OK) fail(line, lzmaProblem(ret));
            if (end > 0) return true;
        }
    }

    void open(std::uint64_t maxBytes) {
        maxLineBytes = maxBytes;
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) fail(0, "is a directory, expected a text file");
        file.reset(std::fopen(path.c_str(), "rb"));
        if (!file) fail(0, std::string("cannot open: ") + std::strerror(errno));

        unsigned char magic[6] = {};
        const std::size_t got = readInput(magic, sizeof magic, 0);
        if (std::fseek(file.get(), 0, SEEK_SET) != 0) fail(0, "cannot seek back to the start");
        const auto startsWith = [&](const unsigned char* m, std::size_t n) {
            return got >= n && std::memcmp(magic, m, n) == 0;
        };
        if (startsWith(kGzipMagic, sizeof kGzipMagic))
            fail(0, "is gzip-compressed; only plain text and .xz files are read (decompress it first)");
        if (startsWith(kZstdMagic, sizeof kZstdMagic))
            fail(0, "is zstd-compressed; only plain text and .xz files are read (decompress it first)");
        xz = startsWith(kXzMagic, sizeof kXzMagic);
        decoded.resize(kOutputChunk);
        if (xz) {
            input.resize(kInputChunk);
            // LZMA_CONCATENATED: `xz` and `cat a.xz b.xz` can produce several streams in one file.
            const lzma_ret ret = lzma_stream_decoder(&strm, kXzMemoryLimit, LZMA_CONCATENATED);
            if (ret != LZMA_OK) fail(0, lzmaProblem(ret));
        }
    }
};

LineReader::LineReader(const std::filesystem::path& path, std::size_t maxLineBytes)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->open(maxLineBytes);
}

LineReader::~LineReader() = default;

bool LineReader::next() {
    Impl& d = *impl_;
    const std::uint64_t number = lineNumber_ + 1;
    overlong_ = false;
    d.carry.clear();
    std::size_t length = 0;  // full length of the line so far, even past the cap
    bool started = false;
    char last = '\0';
    for (;;) {
        if (d.pos == d.end && !d.fill(number)) {
            if (!started) return false;  // no final partial line
            break;
        }
        const char* begin = d.decoded.data() + d.pos;
        const std::size_t available = d.end - d.pos;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', available));
        const std::size_t take = newline ? std::size_t(newline - begin) : available;
        d.pos += newline ? take + 1 : take;
        if (!started && newline) {  // the common case: the whole line sits in the buffer
            line_ = std::string_view(begin, take);
            if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
            if (line_.size() > d.maxLineBytes) {
                line_ = line_.substr(0, d.maxLineBytes);
                overlong_ = true;
            }
            lineNumber_ = number;
            if (number == 1 && line_.starts_with(kUtf8Bom)) line_.remove_prefix(kUtf8Bom.size());
            return true;
        }
        started = true;
        if (take > 0) {
            if (d.carry.size() < d.maxLineBytes)
                d.carry.append(begin, std::min(take, d.maxLineBytes - d.carry.size()));
            length += take;
            last = begin[take - 1];
        }
        if (newline) break;
    }
    if (last == '\r') {
        --length;
        if (d.carry.size() > length) d.carry.pop_back();
    }
    overlong_ = length > d.maxLineBytes;
    line_ = d.carry;
    lineNumber_ = number;
    if (number == 1 && line_.starts_with(kUtf8Bom)) line_.remove_prefix(kUtf8Bom.size());
    return true;
}

bool LineReader::compressed() const {
    return impl_->xz;
}

std::uint64_t LineReader::bytesRead() const {
    return impl_->totalDecoded - (impl_->end - impl_->pos);
}

const std::filesystem::path& LineReader::path() const {
    return impl_->path;
}

}  // namespace headliner::io
