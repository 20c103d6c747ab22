// Format detection by content: a file called data.csv that holds JSON Lines is JSON Lines. The
// extension only breaks ties the content leaves open.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/Csv.h"
#include "core/data/DatasetFormat.h"
#include "core/data/FormatReaders.h"
#include "core/data/ReadOptions.h"

namespace headliner::data {
namespace {

constexpr std::size_t kSampleRecords = 20;  // enough to see a pattern, cheap even for huge files

struct Name {
    DatasetFormat format;
    std::string_view name;
};
constexpr Name kNames[] = {
    {DatasetFormat::Auto, "auto"},
    {DatasetFormat::AgNewsCsv, "agnews-csv"},
    {DatasetFormat::KaggleCsv, "kaggle-csv"},
    {DatasetFormat::HfJsonl, "hf-jsonl"},
    {DatasetFormat::Csv, "csv"},
    {DatasetFormat::Tsv, "tsv"},
    {DatasetFormat::Jsonl, "jsonl"},
    {DatasetFormat::FastText, "fasttext"},
};

std::string_view skipSpace(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// The first line with something on it, or FileError for an empty file.
std::string firstContentLine(const std::filesystem::path& path) {
    io::LineReader lines(path);
    while (lines.next())
        if (!skipSpace(lines.line()).empty()) return std::string(lines.line());
    throw FileError(path, 0, "the file is empty; there is nothing to detect a format from");
}

std::vector<CsvRecord> sampleRecords(const std::filesystem::path& path, char delimiter) {
    io::LineReader lines(path);
    CsvRecordReader reader(lines, delimiter, io::LineReader::kDefaultMaxLineBytes);
    std::vector<CsvRecord> records;
    CsvRecord record;
    while (records.size() < kSampleRecords && reader.next(record))
        if (!record.problem) records.push_back(record);
    return records;
}

bool isAgNewsRow(const CsvRecord& r) {
    if (r.fields.size() != 3 || r.fields[0].size() != 1) return false;
    return r.fields[0][0] >= '1' && r.fields[0][0] <= '4';
}

// Every sampled record has the same number (>= 2) of fields.
bool consistentColumns(const std::vector<CsvRecord>& records) {
    if (records.empty() || records.front().fields.size() < 2) return false;
    for (const auto& r : records)
        if (r.fields.size() != records.front().fields.size()) return false;
    return true;
}

std::optional<DatasetFormat> fromExtension(std::filesystem::path path) {
    if (path.extension() == ".xz") path = path.stem();
    std::string ext = path.extension().string();
    for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".csv") return DatasetFormat::Csv;
    if (ext == ".tsv" || ext == ".tab") return DatasetFormat::Tsv;
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return DatasetFormat::Jsonl;
    if (ext == ".ft" || ext == ".fasttext") return DatasetFormat::FastText;
    return std::nullopt;
}

}  // namespace

std::string_view formatName(DatasetFormat format) {
    for (const auto& n : kNames)
        if (n.format == format) return n.name;
    return "unknown";
}

std::optional<DatasetFormat> formatFromName(std::string_view name) {
    for (const auto& n : kNames)
        if (n.name == name) return n.format;
    return std::nullopt;
}

DatasetFormat detectFormat(const std::filesystem::path& path) {
    const std::string first = firstContentLine(path);
    const std::string_view start = skipSpace(first);
    if (start.starts_with("__label__")) return DatasetFormat::FastText;
    if (start.starts_with("{")) {
        const auto row = nlohmann::json::parse(first, nullptr, /*allow_exceptions=*/false);
        const bool agNewsKeys =
            row.is_object() && row.contains("label") && row.contains("title") && row.contains("description");
        return agNewsKeys ? DatasetFormat::HfJsonl : DatasetFormat::Jsonl;
    }

    const auto commaRecords = sampleRecords(path, ',');
    if (!commaRecords.empty()) {
        const auto& first = commaRecords.front().fields;
        if (isAgNewsHeader(first)) return DatasetFormat::KaggleCsv;
        std::size_t agNewsRows = 0;
        for (const auto& r : commaRecords) agNewsRows += isAgNewsRow(r);
        // A majority, not all: a few broken rows must not hide the format of a file. But a first
        // line whose first field has no digit is a header of other names (`category,headline,
        // body`): a generic CSV, whose columns the user maps.
        const bool headerOfOtherNames =
            !first.empty() && std::none_of(first[0].begin(), first[0].end(), [](char c) { return c >= '0' && c <= '9'; });
        if (isAgNewsRow(commaRecords.front()) || (2 * agNewsRows > commaRecords.size() && !headerOfOtherNames))
            return DatasetFormat::AgNewsCsv;
    }
    // Tabs first: they seldom occur inside text, while commas often do.
    if (consistentColumns(sampleRecords(path, '\t'))) return DatasetFormat::Tsv;
    if (consistentColumns(commaRecords)) return DatasetFormat::Csv;
    if (const auto byExtension = fromExtension(path)) return *byExtension;
    throw FileError(
        path, 0,
        "cannot tell the format from the content (not fastText, JSON Lines, or CSV/TSV with a fixed "
        "number of columns); choose one: the format in the Open dataset dialog, or --format");
}

}  // namespace headliner::data
