// Fuzz target: format detection by content (detectFormat), then readDataset with the format
// left to detection. The first input byte picks the file name's extension (which only breaks
// ties); the rest is the file. detectFormat must name a format or throw FileError; the read is
// checked as in DatasetFuzz.h and must report the format detectFormat named.
#include <cstddef>
#include <cstdint>

#include "core/data/DatasetFormat.h"
#include "tests/fuzz/DatasetFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile files[8] = {
        fuzz::ScratchFile("detect"),     fuzz::ScratchFile("detect.csv"),   fuzz::ScratchFile("detect.tsv"),
        fuzz::ScratchFile("detect.jsonl"), fuzz::ScratchFile("detect.ft"),  fuzz::ScratchFile("detect.CSV.xz"),
        fuzz::ScratchFile("detect.txt"), fuzz::ScratchFile("detect.json")};
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();
    const fuzz::ScratchFile& file = files[settings & 7];
    const auto content = in.rest();

    std::optional<data::DatasetFormat> detected;
    try {
        detected = data::detectFormat(file.write(content));
    } catch (const FileError& e) {
        HEADLINER_FUZZ_CHECK(e.file() == file.path());
    }
    if (detected) HEADLINER_FUZZ_CHECK(*detected != data::DatasetFormat::Auto);

    data::ReadOptions options;  // Auto: detection again, then the defaults of that format
    options.maxLineBytes = fuzz::maxLineBytesFrom(settings >> 3);
    if (settings & 0x40) options.labels = data::LabelSpec::byName();
    data::ReadReport report;
    options.onError = data::ErrorPolicy::Skip;
    try {
        data::readDataset(file.path(), options, &report);
        HEADLINER_FUZZ_CHECK(detected && report.format == *detected);
    } catch (const FileError&) {
    }
    fuzz::readAndCheck(file, content, options, /*skipNeverThrows=*/false);
    return 0;
}
