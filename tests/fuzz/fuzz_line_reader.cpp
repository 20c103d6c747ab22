// Fuzz target: io::LineReader on plain and xz input. The first input byte picks the line limit
// and the mode; the rest is the payload:
//   plain:      the payload is the file; the lines must equal a simple reference split of it
//               (\n or \r\n ends a line, a BOM at the start is dropped, long lines are cut and
//               flagged) and bytesRead() must end at the payload's size;
//   xz:         the payload is compressed here (one or two concatenated streams) and the lines
//               must equal the same reference split of the uncompressed payload;
//   xz magic:   the payload follows the xz magic bytes as it is: lines or FileError, nothing else.
#include <lzma.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"
#include "core/io/LineReader.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace headliner;

namespace {

struct RefLine {
    std::string_view text;
    bool overlong;
};

// LineReader's contract, written plainly.
std::vector<RefLine> referenceLines(std::string_view s, std::size_t maxLineBytes) {
    std::vector<RefLine> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t end = s.find('\n', pos);
        const std::size_t next = end == std::string_view::npos ? s.size() : end + 1;
        if (end == std::string_view::npos) end = s.size();
        std::string_view line = s.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        RefLine ref{line, line.size() > maxLineBytes};
        if (ref.overlong) ref.text = line.substr(0, maxLineBytes);
        if (out.empty() && ref.text.starts_with("\xEF\xBB\xBF")) ref.text.remove_prefix(3);
        out.push_back(ref);
        pos = next;
    }
    return out;
}

// An .xz file of payload, split into two concatenated streams at `split` (when inside it).
std::string compress(std::string_view payload, std::size_t split, lzma_check check) {
    std::string out;
    const auto stream = [&](std::string_view part) {
        std::vector<std::uint8_t> buffer(lzma_stream_buffer_bound(part.size()));
        std::size_t written = 0;
        const lzma_ret ret = lzma_easy_buffer_encode(0, check, nullptr, reinterpret_cast<const std::uint8_t*>(part.data()),
                                                     part.size(), buffer.data(), &written, buffer.size());
        if (ret != LZMA_OK) headliner::fuzz::violated("xz encoding failed");
        out.append(reinterpret_cast<const char*>(buffer.data()), written);
    };
    if (split > 0 && split < payload.size()) {
        stream(payload.substr(0, split));
        stream(payload.substr(split));
    } else {
        stream(payload);
    }
    return out;
}

void readAll(const std::filesystem::path& path, std::size_t maxLineBytes, const std::vector<RefLine>* expected,
             std::size_t expectedBytes, bool expectXz) {
    io::LineReader reader(path, maxLineBytes);
    HEADLINER_FUZZ_CHECK(reader.compressed() == expectXz);
    std::uint64_t count = 0;
    std::uint64_t lastBytes = 0;
    while (reader.next()) {
        ++count;
        HEADLINER_FUZZ_CHECK(reader.lineNumber() == count);
        HEADLINER_FUZZ_CHECK(reader.line().size() <= maxLineBytes);
        HEADLINER_FUZZ_CHECK(reader.bytesRead() >= lastBytes);
        lastBytes = reader.bytesRead();
        if (expected != nullptr) {
            HEADLINER_FUZZ_CHECK(count <= expected->size());
            const RefLine& ref = (*expected)[count - 1];
            HEADLINER_FUZZ_CHECK(reader.line() == ref.text);
            HEADLINER_FUZZ_CHECK(reader.overlong() == ref.overlong);
        }
    }
    HEADLINER_FUZZ_CHECK(!reader.next());  // the end stays the end
    if (expected != nullptr) {
        HEADLINER_FUZZ_CHECK(count == expected->size());
        HEADLINER_FUZZ_CHECK(reader.bytesRead() == expectedBytes);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("lines.txt");
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();
    const std::string_view payload = in.rest();
    constexpr std::size_t kLimits[8] = {std::size_t{1} << 20, 4096, 64, 16, 7, 3, 1, 0};
    const std::size_t maxLineBytes = kLimits[settings & 7];

    switch ((settings >> 3) & 3) {
        case 0:
        case 1: {
            // Plain content must not start like a compressed file (that is the other modes' job).
            if (payload.starts_with(std::string_view("\xFD" "7zXZ\0", 6)) || payload.starts_with("\x1F\x8B") ||
                payload.starts_with("\x28\xB5\x2F\xFD"))
                return 0;
            const auto expected = referenceLines(payload, maxLineBytes);
            readAll(file.write(payload), maxLineBytes, &expected, payload.size(), false);
            break;
        }
        case 2: {
            const std::size_t split = settings & 0x80 ? payload.size() / 2 : 0;
            const std::string xz = compress(payload, split, settings & 0x20 ? LZMA_CHECK_NONE : LZMA_CHECK_CRC32);
            const auto expected = referenceLines(payload, maxLineBytes);
            readAll(file.write(xz), maxLineBytes, &expected, payload.size(), true);
            break;
        }
        case 3: {
            std::string bytes("\xFD" "7zXZ\0", 6);
            bytes.append(payload);
            try {
                readAll(file.write(bytes), maxLineBytes, nullptr, 0, true);
            } catch (const FileError& e) {
                HEADLINER_FUZZ_CHECK(e.file() == file.path());
            }
            break;
        }
    }
    return 0;
}
