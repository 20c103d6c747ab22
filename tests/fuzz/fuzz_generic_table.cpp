// Fuzz target: the generic CSV, TSV and JSON Lines readers with a column mapping. The first two
// input bytes pick the format, the header, the text and label columns (by name or position), the
// label spec and the line limit; the rest is the file. See DatasetFuzz.h for the checks.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tests/fuzz/DatasetFuzz.h"

using namespace headliner;
using data::Column;
using data::LabelSpec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("table.txt");
    fuzz::InputBytes in(data, size);
    const std::uint8_t layout = in.take();
    const std::uint8_t settings = in.take();

    data::ReadOptions options;
    switch (layout & 3) {
        case 0: options.format = data::DatasetFormat::Csv; break;
        case 1: options.format = data::DatasetFormat::Tsv; break;
        default: options.format = data::DatasetFormat::Jsonl; break;
    }
    options.hasHeader = (layout & 4) == 0;
    switch ((layout >> 3) & 7) {
        case 0: break;  // "text"
        case 1: options.textColumns = {Column::named("title"), Column::named("description")}; break;
        case 2: options.textColumns = {Column::at(1)}; break;
        case 3: options.textColumns = {Column::at(0), Column::at(2)}; break;
        case 4: options.textColumns = {Column::named("Text")}; break;
        case 5: options.textColumns = {Column::named("text"), Column::at(1)}; break;
        case 6: options.textColumns = {Column::named("b"), Column::named("b")}; break;
        case 7: options.textColumns = {Column::at(3), Column::named("x")}; break;
    }
    switch (layout >> 6) {
        case 0: break;  // "label"
        case 1: options.labelColumn = Column::named("Label"); break;
        case 2: options.labelColumn = Column::at(0); break;
        case 3: options.labelColumn = Column::named("a"); break;
    }

    options.maxLineBytes = fuzz::maxLineBytesFrom(settings);
    switch ((settings >> 3) & 7) {
        case 0: options.labels = LabelSpec::byName(); break;
        case 1: options.labels = LabelSpec::byName({"a", "b", "World"}); break;
        case 2: options.labels = LabelSpec::byId(0); break;
        case 3: options.labels = LabelSpec::byId(1, {"x", "y"}); break;
        case 4: options.labels = LabelSpec::byId(-3); break;
        case 5: options.labels = LabelSpec::byName({"1", "2", "3", "4"}); break;
        case 6: options.labels = LabelSpec::byId(layout & 4 ? INT64_MIN : INT64_MAX - 1); break;
        case 7: options.labels = data::agNewsLabels(); break;
    }
    if (settings & 0x40) options.textSeparator = "\t";
    if (settings & 0x80) options.reportedLinesPerProblem = 1;

    // JSON Lines with keys only has no problem of the whole file; CSV/TSV can lack a header or a
    // column, and a position is refused for JSON Lines.
    bool byKeys = options.format == data::DatasetFormat::Jsonl && !(options.labelColumn && options.labelColumn->hasIndex());
    for (const Column& c : options.textColumns) byKeys = byKeys && !c.hasIndex();
    fuzz::readAndCheck(file, in.rest(), options, /*skipNeverThrows=*/byKeys);
    return 0;
}
