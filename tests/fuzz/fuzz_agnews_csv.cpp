// Fuzz target: the AG News CSV reader (format forced, no header). The first input byte picks the
// line limit, the label spec and the columns; the rest is the file. See DatasetFuzz.h for what
// is checked under both error policies.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/DatasetFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("agnews.csv");
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();

    data::ReadOptions options;
    options.format = data::DatasetFormat::AgNewsCsv;
    options.maxLineBytes = fuzz::maxLineBytesFrom(settings);
    switch ((settings >> 3) & 3) {
        case 0: break;  // agNewsLabels()
        case 1: options.labels = data::LabelSpec::byName(); break;
        case 2: options.labels = data::LabelSpec::byId(0); break;
        case 3: options.labels = data::LabelSpec::byName({"1", "2", "3"}); break;
    }
    if (settings & 0x20) {  // the AG News columns by their stand-in names
        options.textColumns = {data::Column::named("Description"), data::Column::named("title")};
        options.labelColumn = data::Column::named("LABEL");
    }
    if (settings & 0x40) options.textSeparator = "";
    if (settings & 0x80) options.reportedLinesPerProblem = 1;
    if (!options.labels) options.labels = data::agNewsLabels();
    fuzz::readAndCheck(file, in.rest(), options, /*skipNeverThrows=*/true);
    return 0;
}
