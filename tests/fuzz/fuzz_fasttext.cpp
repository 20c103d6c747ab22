// Fuzz target: the fastText reader (format forced; `__label__X text` per line). The first input
// byte picks the line limit and the label spec; the rest is the file. See DatasetFuzz.h for the
// checks.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/DatasetFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("data.ft");
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();

    data::ReadOptions options;
    options.format = data::DatasetFormat::FastText;
    options.maxLineBytes = fuzz::maxLineBytesFrom(settings);
    switch ((settings >> 3) & 3) {
        case 0: options.labels = data::LabelSpec::byName(); break;
        case 1: options.labels = data::LabelSpec::byName({"World", "Sports", "Business", "Sci/Tech"}); break;
        case 2: options.labels = data::LabelSpec::byId(1); break;
        case 3: options.labels = data::LabelSpec::byId(-2, {"a", "b", "c", "d", "e"}); break;
    }
    if (settings & 0x80) options.reportedLinesPerProblem = 3;
    fuzz::readAndCheck(file, in.rest(), options, /*skipNeverThrows=*/true);
    return 0;
}
