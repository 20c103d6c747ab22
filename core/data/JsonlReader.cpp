// JSON Lines: one object per line. The Hugging Face sh0416/ag_news files
// ({"label": 1..4, "title": ..., "description": ...}) and generic files with chosen keys.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/DatasetBuilder.h"
#include "core/data/FormatReaders.h"
#include "core/io/LineReader.h"

namespace headliner::data {
namespace {

using nlohmann::json;

const json* findKey(const json& object, const Column& column) {
    if (const auto it = object.find(column.name); it != object.end()) return &*it;
    for (const auto& [key, value] : object.items())
        if (column.matches(key)) return &value;
    return nullptr;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; people need the rest.
std::string parseProblem(const json::exception& e) {
    std::string what = e.what();
    if (const auto end = what.find("] "); what.starts_with("[json.") && end != std::string::npos)
        what.erase(0, end + 2);
    return what;
}

}  // namespace

Dataset readJsonlFile(const std::filesystem::path& path, DatasetFormat format, const ReadOptions& options,
                      ReadReport* report) {
    const bool hf = format == DatasetFormat::HfJsonl;
    std::vector<Column> textColumns = options.textColumns;
    if (textColumns.empty())
        textColumns = hf ? std::vector{Column::named("title"), Column::named("description")}
                         : std::vector{Column::named("text")};
    const Column labelColumn = options.labelColumn.value_or(Column::named("label"));
    const auto requireKey = [&](const Column& c) {
        if (c.hasIndex())
            throw FileError(
                path, 0,
                "column " + c.describe() + " is chosen by position, but JSON Lines fields are chosen by key");
    };
    requireKey(labelColumn);
    for (const Column& c : textColumns) requireKey(c);

    io::LineReader lines(path, options.maxLineBytes);
    DatasetBuilder builder(path, format, options, options.labels.value_or(hf ? agNewsLabels() : LabelSpec{}));
    std::vector<std::string_view> parts(textColumns.size());
    std::string labelText;
    while (lines.next()) {
        const std::uint64_t line = lines.lineNumber();
        if (!builder.screenLine(line, lines.line(), lines.overlong())) continue;
        json row;
        try {
            row = json::parse(lines.line().begin(), lines.line().end());
        } catch (const json::exception& e) {
            // parse_error, and out_of_range for a number beyond double ("1e400"): both a bad row.
            builder.reject(line, RowProblem::Malformed, "invalid JSON: " + parseProblem(e));
            continue;
        }
        if (!row.is_object()) {
            builder.reject(line, RowProblem::Malformed,
                           std::string("expected a JSON object, found ") + row.type_name());
            continue;
        }
        std::string problem;
        for (std::size_t i = 0; i < textColumns.size() && problem.empty(); ++i) {
            const json* value = findKey(row, textColumns[i]);
            if (!value)
                problem = "missing key " + textColumns[i].describe();
            else if (value->is_string())
                parts[i] = value->get_ref<const std::string&>();
            else if (value->is_null())
                parts[i] = {};
            else
                problem = "key " + textColumns[i].describe() + " holds " + value->type_name() +
                          ", expected a string";
        }
        const json* label = problem.empty() ? findKey(row, labelColumn) : nullptr;
        if (problem.empty() && !label) problem = "missing key " + labelColumn.describe();
        if (problem.empty() && (label->is_structured() || label->is_null()))
            problem = "key " + labelColumn.describe() + " holds " + label->type_name() +
                      ", expected a string or a number";
        if (!problem.empty()) {
            builder.reject(line, RowProblem::Malformed, problem);
            continue;
        }
        // Numbers become their JSON spelling ("1"), which LabelSpec::Kind::Ids parses back.
        labelText = label->is_string() ? label->get_ref<const std::string&>() : label->dump();
        builder.addRow(line, parts, labelText);
    }
    return builder.finish(lines.lineNumber(), report);
}

}  // namespace headliner::data
