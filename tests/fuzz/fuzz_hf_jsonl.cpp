// Fuzz target: the Hugging Face AG News JSON Lines reader (format forced;
// {"label": 1..4, "title": ..., "description": ...}). The first input byte picks the line limit,
// the label spec and the keys; the rest is the file. See DatasetFuzz.h for the checks.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/DatasetFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("hf.jsonl");
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();

    data::ReadOptions options;
    options.format = data::DatasetFormat::HfJsonl;
    options.maxLineBytes = fuzz::maxLineBytesFrom(settings);
    switch ((settings >> 3) & 3) {
        case 0: options.labels = data::agNewsLabels(); break;
        case 1: options.labels = data::LabelSpec::byName(); break;
        case 2: options.labels = data::LabelSpec::byId(0); break;
        case 3: options.labels = data::LabelSpec::byName({"World", "1", "true"}); break;
    }
    if (settings & 0x20) {  // keys matched ignoring case
        options.textColumns = {data::Column::named("TITLE")};
        options.labelColumn = data::Column::named("Label");
    }
    if (settings & 0x40) options.textSeparator = "\n";
    if (settings & 0x80) options.reportedLinesPerProblem = 0;
    fuzz::readAndCheck(file, in.rest(), options, /*skipNeverThrows=*/true);
    return 0;
}
