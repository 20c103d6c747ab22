// The CSV-family formats: the AG News CSV as published, the Kaggle CSV with its header, and
// generic CSV/TSV with a column mapping. Syntax is Csv.h's; this file maps columns to rows.

#include <string_view>
#include <vector>

#include "core/Error.h"
#include "core/data/Csv.h"
#include "core/data/DatasetBuilder.h"
#include "core/data/FormatReaders.h"

namespace headliner::data {
namespace {

// The AG News CSV has no header; these names let callers pick its columns by name anyway.
const std::vector<std::string> kAgNewsColumns = {"label", "title", "description"};
const std::vector<std::string> kKaggleHeader = {"Class Index", "Title", "Description"};

std::string joined(const std::vector<std::string>& names, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? std::string(separator) : "") + names[i];
    return out;
}

// A column's position, or FileError naming what the file offers instead.
std::size_t resolve(const Column& column, const std::vector<std::string>& header, std::size_t columnCount,
                    const std::filesystem::path& path, std::uint64_t headerLine) {
    if (column.hasIndex()) {
        if (column.index >= columnCount)
            throw FileError(path, headerLine,
                            "column " + column.describe() + " does not exist: the file has " +
                                std::to_string(columnCount) + " columns");
        return column.index;
    }
    if (header.empty())
        throw FileError(path, 0,
                        "column " + column.describe() + " is chosen by name, but the file has no header; " +
                            "choose it by position (Column::at)");
    for (std::size_t i = 0; i < header.size(); ++i)
        if (column.matches(header[i])) return i;
    throw FileError(path, headerLine,
                    "no column " + column.describe() + "; the columns are: " + joined(header, ", ") +
                        " (choose others: the columns in the Open dataset dialog, or --text-column and --label-column)");
}

}  // namespace

bool isAgNewsHeader(const std::vector<std::string>& fields) {
    if (fields.size() != 3) return false;
    bool labelName = false;
    for (const char* name : {"Class Index", "label", "class", "class_index"})
        labelName = labelName || Column::named(name).matches(fields[0]);
    return labelName && Column::named("title").matches(fields[1]) && Column::named("description").matches(fields[2]);
}

Dataset readCsvFile(const std::filesystem::path& path, DatasetFormat format, const ReadOptions& options,
                    ReadReport* report) {
    const bool agNews = format == DatasetFormat::AgNewsCsv || format == DatasetFormat::KaggleCsv;
    const char delimiter = format == DatasetFormat::Tsv ? '\t' : ',';
    io::LineReader lines(path, options.maxLineBytes);
    CsvRecordReader records(lines, delimiter, options.maxLineBytes);
    DatasetBuilder builder(path, format, options,
                           options.labels.value_or(agNews ? agNewsLabels() : LabelSpec{}));

    // The header (or the names standing in for one) fixes the column count of every row.
    std::vector<std::string> header;
    std::uint64_t headerLine = 0;
    CsvRecord record;
    bool haveRecord = false;  // a first data row already read (headerless generic files)
    const bool readsHeader = format == DatasetFormat::KaggleCsv || (!agNews && options.hasHeader);
    if (format == DatasetFormat::AgNewsCsv) {
        header = kAgNewsColumns;
    } else if (readsHeader) {
        if (!records.next(record)) throw FileError(path, 0, "the file is empty; expected a header line");
        if (record.problem) throw FileError(path, record.line, "bad header: " + record.message);
        header = record.fields;
        headerLine = record.line;
        if (format == DatasetFormat::KaggleCsv) {
            if (!isAgNewsHeader(header))
                throw FileError(path, headerLine,
                                "expected the header \"" + joined(kKaggleHeader, ",") +
                                    "\" or \"label,title,description\", found \"" + joined(header, ",") + "\"");
        }
    } else {
        while ((haveRecord = records.next(record)) && record.problem)
            builder.reject(record.line, *record.problem, record.message);
    }
    // Headerless generic files: the first row sets the count (rows that disagree are reported).
    const std::size_t columnCount = !header.empty() ? header.size() : haveRecord ? record.fields.size() : 0;

    std::vector<Column> textColumns = options.textColumns;
    if (textColumns.empty()) {
        if (agNews)
            textColumns = {Column::at(1), Column::at(2)};  // title, description
        else
            textColumns = {Column::named("text")};
    }
    const Column labelColumn = options.labelColumn.value_or(agNews ? Column::at(0) : Column::named("label"));

    std::vector<std::size_t> textIndex;
    std::size_t labelIndex = 0;
    if (columnCount > 0 || readsHeader) {
        for (const Column& c : textColumns)
            textIndex.push_back(resolve(c, header, columnCount, path, headerLine));
        labelIndex = resolve(labelColumn, header, columnCount, path, headerLine);
    }

    std::vector<std::string_view> parts(textIndex.size());
    const auto addRecord = [&] {
        if (record.problem) return builder.reject(record.line, *record.problem, record.message);
        if (record.fields.size() != columnCount) {
            std::string expected = std::to_string(columnCount) + " fields";
            if (!header.empty()) expected += " (" + joined(header, ", ") + ")";
            return builder.reject(record.line, RowProblem::WrongColumnCount,
                                  "wrong column count: expected " + expected + ", found " +
                                      std::to_string(record.fields.size()));
        }
        for (std::size_t i = 0; i < textIndex.size(); ++i) parts[i] = record.fields[textIndex[i]];
        builder.addRow(record.line, parts, record.fields[labelIndex]);
    };
    if (haveRecord) addRecord();
    while (records.next(record)) addRecord();
    builder.countBlankLines(records.blankLines());
    return builder.finish(lines.lineNumber(), report);
}

}  // namespace headliner::data
