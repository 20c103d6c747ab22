#include "core/data/DatasetReader.h"

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

}  // namespace headliner::data
