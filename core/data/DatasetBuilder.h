#pragma once
// Internal to the readers (not for callers of core/data): the part every format shares. A reader
// parses its syntax and hands over rows as (line, text parts, raw label); the builder joins the
// text, maps the label to a class, applies the error policy and keeps the ReadReport.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/ReadOptions.h"
#include "core/data/ReadReport.h"

namespace headliner::data {

class DatasetBuilder {
public:
    DatasetBuilder(std::filesystem::path file, DatasetFormat format, const ReadOptions& options,
                   LabelSpec labels);

    const std::filesystem::path& file() const { return dataset_.source; }
    const ReadOptions& options() const { return options_; }

    // A bad row: counted, or thrown as FileError under ErrorPolicy::Fail.
    void reject(std::uint64_t line, RowProblem problem, const std::string& message);
    // Checks shared by the line-based formats. False when the line is not a row: blank
    // (counted) or bad (rejected).
    bool screenLine(std::uint64_t line, std::string_view text, bool overlong);
    // A parsed row: the parts are joined with options().textSeparator.
    void addRow(std::uint64_t line, std::span<const std::string_view> textParts, std::string_view label);
    void countBlankLines(std::size_t n = 1) { report_.blankLines += n; }

    // The Dataset, with labels final; throws the deferred unknown-label error (see addRow).
    Dataset finish(std::uint64_t linesRead, ReadReport* report);

private:
    std::optional<std::int32_t> classOf(std::string_view label);
    std::string expectedLabels() const;
    std::string labelValuesSeen() const;

    const ReadOptions& options_;
    LabelSpec spec_;
    Dataset dataset_;
    ReadReport report_;
    std::unordered_map<std::string, std::int32_t> classByName_;  // Names kind
    std::int64_t largestId_ = -1;                                // Ids kind without names
    // Under Fail an unknown label is thrown only at the end, so that the message can list
    // every label value in the file: that list is what a person needs to fix the LabelSpec.
    std::optional<std::pair<std::uint64_t, std::string>> deferredFailure_;
};

}  // namespace headliner::data
