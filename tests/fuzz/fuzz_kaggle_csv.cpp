// Fuzz target: the Kaggle AG News CSV reader (format forced; header `Class Index,Title,
// Description`). The first input byte picks the line limit, the label spec and the columns; the
// rest is the file. See DatasetFuzz.h for what is checked under both error policies.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/DatasetFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("kaggle.csv");
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();

    data::ReadOptions options;
    options.format = data::DatasetFormat::KaggleCsv;
    options.maxLineBytes = fuzz::maxLineBytesFrom(settings);
    switch ((settings >> 3) & 3) {
        case 0: options.labels = data::agNewsLabels(); break;
        case 1: options.labels = data::LabelSpec::byName(); break;
        case 2: options.labels = data::LabelSpec::byId(1); break;
        case 3: options.labels = data::LabelSpec::byName({"World", "Sports"}); break;
    }
    if (settings & 0x20) {  // columns by header name (case ignored) instead of position
        options.textColumns = {data::Column::named("description")};
        options.labelColumn = data::Column::named("class index");
    }
    if (settings & 0x40) options.textSeparator = " | ";
    if (settings & 0x80) options.reportedLinesPerProblem = 2;
    // A missing or different header is a problem of the whole file: Skip may throw.
    fuzz::readAndCheck(file, in.rest(), options, /*skipNeverThrows=*/false);
    return 0;
}
