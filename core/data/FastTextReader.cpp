// fastText supervised format: `__label__Sports Some text ...`, one row per line.

#include <string_view>

#include "core/data/DatasetBuilder.h"
#include "core/data/FormatReaders.h"
#include "core/io/LineReader.h"

namespace headliner::data {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";

std::string_view skipSpace(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

}  // namespace

Dataset readFastTextFile(const std::filesystem::path& path, const ReadOptions& options, ReadReport* report) {
    io::LineReader lines(path, options.maxLineBytes);
    DatasetBuilder builder(path, DatasetFormat::FastText, options, options.labels.value_or(LabelSpec{}));
    while (lines.next()) {
        const std::uint64_t line = lines.lineNumber();
        if (!builder.screenLine(line, lines.line(), lines.overlong())) continue;
        std::string_view rest = skipSpace(lines.line());
        if (!rest.starts_with(kLabelPrefix)) {
            builder.reject(line, RowProblem::Malformed, "expected the line to start with __label__<class>");
            continue;
        }
        rest.remove_prefix(kLabelPrefix.size());
        const std::size_t labelEnd = std::min(rest.find_first_of(" \t"), rest.size());
        const std::string_view label = rest.substr(0, labelEnd);
        const std::string_view text = skipSpace(rest.substr(labelEnd));
        if (label.empty()) {
            builder.reject(line, RowProblem::Malformed, "empty label after __label__");
            continue;
        }
        // fastText allows several labels per line; a classifier with one class per row does not.
        if (text.starts_with(kLabelPrefix)) {
            builder.reject(line, RowProblem::Malformed,
                           "more than one __label__; one class per row is supported");
            continue;
        }
        builder.addRow(line, {&text, 1}, label);
    }
    return builder.finish(lines.lineNumber(), report);
}

}  // namespace headliner::data
