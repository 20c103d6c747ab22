#include "core/io/ZipArchive.h"

#include "core/Error.h"

namespace headliner::io {

namespace {
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndLocator = 0x07064b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kCentralEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;

std::uint64_t readLe(std::string_view b, std::uint64_t at, int width) {
    std::uint64_t v = 0;
    for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::uint64_t>(i)]);
    return v;
}
}  // namespace

ZipArchive::ZipArchive(std::string bytes, std::filesystem::path name) : bytes_(std::move(bytes)), name_(std::move(name)) {
    whole_ = bytes_;
    parse();
}

ZipArchive::ZipArchive(const std::filesystem::path& file) : mapped_(file), name_(file) {
    whole_ = mapped_.bytes();
    parse();
}

void ZipArchive::release(std::string_view bytes) const { mapped_.release(bytes); }

void ZipArchive::parse() {
    const std::string_view b(whole_);
    auto fail = [&](const std::string& what) { return FileError(name_, 0, "not a readable zip archive: " + what); };
    auto need = [&](std::uint64_t at, std::uint64_t len) {
        if (at > b.size() || len > b.size() - at) throw fail("a record points past the end of the file (truncated?)");
    };
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
    if (b.size() < 22) throw fail("too small");
    std::uint64_t eocd = b.size() - 22;
    const std::uint64_t stop = b.size() > 65557 ? b.size() - 65557 : 0;
    while (readLe(b, eocd, 4) != kEndOfCentralDirectory) {
        if (eocd == stop) throw fail("no end-of-central-directory record");
        --eocd;
    }
    std::uint64_t count = readLe(b, eocd + 10, 2);
    std::uint64_t dirSize = readLe(b, eocd + 12, 4);
    std::uint64_t dirOffset = readLe(b, eocd + 16, 4);
    if ((count == 0xffff || dirOffset == 0xffffffff) && eocd >= 20 && readLe(b, eocd - 20, 4) == kZip64EndLocator) {
        const std::uint64_t z64 = readLe(b, eocd - 20 + 8, 8);
        need(z64, 56);
        if (readLe(b, z64, 4) != kZip64End) throw fail("bad zip64 record");
        count = readLe(b, z64 + 32, 8);
        dirSize = readLe(b, z64 + 40, 8);
        dirOffset = readLe(b, z64 + 48, 8);
    }
    need(dirOffset, dirSize);
    std::uint64_t at = dirOffset;
    for (std::uint64_t i = 0; i < count; ++i) {
        need(at, 46);
        if (readLe(b, at, 4) != kCentralEntry) throw fail("bad central directory entry");
        const auto method = readLe(b, at + 10, 2);
        std::uint64_t compressed = readLe(b, at + 20, 4);
        std::uint64_t size = readLe(b, at + 24, 4);
        const auto nameLen = readLe(b, at + 28, 2), extraLen = readLe(b, at + 30, 2), commentLen = readLe(b, at + 32, 2);
        std::uint64_t local = readLe(b, at + 42, 4);
        need(at + 46, nameLen + extraLen + commentLen);
        const std::string entryName(b.substr(at + 46, nameLen));
        // zip64 extra field: the 64-bit values replace those saturated at 0xffffffff, in order.
        for (std::uint64_t e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen;) {
            const auto id = readLe(b, e, 2), len = readLe(b, e + 2, 2);
            std::uint64_t p = e + 4;
            if (id == 0x0001) {
                auto take = [&](std::uint64_t& field) {
                    if (field == 0xffffffff && p + 8 <= e + 4 + len) {
                        need(p, 8);
                        field = readLe(b, p, 8);
                        p += 8;
                    }
                };
                take(size);
                take(compressed);
                take(local);
            }
            e += 4 + len;
        }
        if (method != 0) throw fail("entry '" + entryName + "' is compressed (method " + std::to_string(method) + ")");
        if (compressed != size) throw fail("entry '" + entryName + "' has inconsistent sizes");
        need(local, 30);
        if (readLe(b, local, 4) != kLocalHeader) throw fail("bad local header for '" + entryName + "'");
        const std::uint64_t dataAt = local + 30 + readLe(b, local + 26, 2) + readLe(b, local + 28, 2);
        need(dataAt, size);
        if (!entries_.emplace(entryName, b.substr(dataAt, size)).second) throw fail("entry '" + entryName + "' appears twice");
        at += 46 + nameLen + extraLen + commentLen;
    }
}

std::vector<std::string> ZipArchive::names() const {
    std::vector<std::string> out;
    for (const auto& [n, unused] : entries_) out.push_back(n);
    return out;
}

std::string_view ZipArchive::entry(std::string_view name) const {
    const auto it = entries_.find(std::string(name));
    if (it == entries_.end()) throw FileError(name_, 0, "the archive has no entry '" + std::string(name) + "'");
    return it->second;
}

}  // namespace headliner::io
