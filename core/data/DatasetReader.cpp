#include "core/data/DatasetReader.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/FormatReaders.h"

namespace headliner::data {

LabelSpec agNewsLabels() {
    return LabelSpec::byId(1, {"World", "Sports", "Business", "Sci/Tech"});
}

Dataset readDataset(const std::filesystem::path& path, const ReadOptions& options, ReadReport* report) {
    const DatasetFormat format = options.format == DatasetFormat::Auto ? detectFormat(path) : options.format;
    switch (format) {
        case DatasetFormat::AgNewsCsv:
        case DatasetFormat::KaggleCsv:
        case DatasetFormat::Csv:
        case DatasetFormat::Tsv:
            return readCsvFile(path, format, options, report);
        case DatasetFormat::HfJsonl:
        case DatasetFormat::Jsonl:
            return readJsonlFile(path, format, options, report);
        case DatasetFormat::FastText:
            return readFastTextFile(path, options, report);
        case DatasetFormat::Auto:
            break;
    }
    return {};  // unreachable: detectFormat never answers Auto
}

void useClassesOf(const Dataset& reference, Dataset& other) {
    if (other.labelNames == reference.labelNames) return;
    std::vector<std::size_t> rows(other.labelNames.size(), 0);
    for (const auto l : other.labels) ++rows[std::size_t(l)];
    std::vector<std::int32_t> toReference(other.labelNames.size(), -1);
    for (std::size_t c = 0; c < other.labelNames.size(); ++c) {
        const auto it = std::find(reference.labelNames.begin(), reference.labelNames.end(), other.labelNames[c]);
        if (it != reference.labelNames.end()) {
            toReference[c] = std::int32_t(it - reference.labelNames.begin());
        } else if (rows[c] > 0) {
            std::string known;
            for (const auto& n : reference.labelNames) known += (known.empty() ? "" : ", ") + n;
            throw FileError(other.source, 0,
                            "class '" + other.labelNames[c] + "' (" + std::to_string(rows[c]) +
                                (rows[c] == 1 ? " row" : " rows") + ") is not one of the classes of " + reference.source.string() + " (" + known + ")");
        }
    }
    for (auto& l : other.labels) l = toReference[std::size_t(l)];
    other.labelNames = reference.labelNames;
}

}  // namespace headliner::data
