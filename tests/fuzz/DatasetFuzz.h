#pragma once
// What the dataset-reader fuzz targets share. A target turns its input into a file and a set of
// ReadOptions; readAndCheck then reads the file under both error policies and checks:
//   - Fail either succeeds or throws headliner::FileError; Skip likewise, and Skip throws only
//     for problems of the whole file (never when the target says none is possible);
//   - when Fail succeeds, Skip gives the same rows and skips none; when Fail throws, Skip throws
//     too or reports skipped rows (a row Fail refuses is never silently kept by Skip);
//   - every row has valid UTF-8, non-blank text and a label inside labelNames; an open set of
//     names holds only labels of kept rows, sorted; the ReadReport adds up (rows, skipped rows
//     per problem, increasing line numbers, no more rows than lines).
// Any other exception escapes to libFuzzer, which reports it: bad input must become a FileError.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"
#include "core/data/DatasetReader.h"
#include "core/data/Utf8Validation.h"
#include "tests/fuzz/FuzzSupport.h"

namespace headliner::fuzz {

// The line limits a target may pick: mostly the default, sometimes tiny to reach the overlong
// paths of LineReader and the CSV record reader.
inline std::size_t maxLineBytesFrom(std::uint8_t bits) {
    constexpr std::size_t kChoices[8] = {std::size_t{1} << 20, std::size_t{1} << 20, std::size_t{1} << 20,
                                         std::size_t{1} << 20, 256, 32, 5, 0};
    return kChoices[bits & 7];
}

// Content that LineReader treats as compressed (and may refuse as a whole file).
inline bool looksCompressed(std::string_view content) {
    return content.starts_with(std::string_view("\xFD" "7zXZ\0", 6)) || content.starts_with("\x1F\x8B") ||
           content.starts_with("\x28\xB5\x2F\xFD");
}

namespace detail {

inline bool isBlankText(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

inline void checkResult(const data::Dataset& ds, const data::ReadReport& report, const data::ReadOptions& options,
                        data::DatasetFormat format, const data::LabelSpec* spec) {
    using data::LabelSpec;
    HEADLINER_FUZZ_CHECK(format != data::DatasetFormat::Auto);
    HEADLINER_FUZZ_CHECK(report.format == format);
    HEADLINER_FUZZ_CHECK(ds.format == data::formatName(format));
    HEADLINER_FUZZ_CHECK(ds.texts.size() == ds.labels.size());
    HEADLINER_FUZZ_CHECK(report.rows == ds.size());
    for (std::size_t i = 0; i < ds.size(); ++i) {
        HEADLINER_FUZZ_CHECK(ds.labels[i] >= 0 && std::size_t(ds.labels[i]) < ds.labelNames.size());
        HEADLINER_FUZZ_CHECK(data::findInvalidUtf8(ds.texts[i]) == std::string_view::npos);
        HEADLINER_FUZZ_CHECK(!isBlankText(ds.texts[i]));
    }
    if (spec != nullptr && spec->kind == LabelSpec::Kind::Names && spec->names.empty()) {
        // An open set: the names of kept rows only, sorted, each used.
        HEADLINER_FUZZ_CHECK(std::is_sorted(ds.labelNames.begin(), ds.labelNames.end()));
        HEADLINER_FUZZ_CHECK(std::adjacent_find(ds.labelNames.begin(), ds.labelNames.end()) == ds.labelNames.end());
        std::vector<bool> used(ds.labelNames.size(), false);
        for (const auto label : ds.labels) used[std::size_t(label)] = true;
        HEADLINER_FUZZ_CHECK(std::all_of(used.begin(), used.end(), [](bool u) { return u; }));
    } else if (spec != nullptr && !spec->names.empty()) {
        HEADLINER_FUZZ_CHECK(ds.labelNames == spec->names);
    }

    std::size_t skipped = 0;
    for (const auto& tally : report.problems) {
        skipped += tally.count;
        HEADLINER_FUZZ_CHECK(tally.lines.size() <= std::min(tally.count, options.reportedLinesPerProblem));
        HEADLINER_FUZZ_CHECK(std::adjacent_find(tally.lines.begin(), tally.lines.end(),
                                                [](auto a, auto b) { return a >= b; }) == tally.lines.end());
        for (const auto line : tally.lines) HEADLINER_FUZZ_CHECK(line >= 1 && line <= report.lines);
        HEADLINER_FUZZ_CHECK((tally.count == 0) == tally.firstMessage.empty());
    }
    HEADLINER_FUZZ_CHECK(skipped == report.skippedRows);
    if (options.onError == data::ErrorPolicy::Fail) HEADLINER_FUZZ_CHECK(report.skippedRows == 0);
    // Every row, skipped row and blank line starts on a line of its own.
    HEADLINER_FUZZ_CHECK(report.rows + report.skippedRows + report.blankLines <= report.lines);
    std::size_t labelled = 0;
    for (const auto& [value, rows] : report.labelValues) labelled += rows;
    HEADLINER_FUZZ_CHECK(labelled >= report.rows);
    (void)report.summary();
}

}  // namespace detail

// Reads `content` (written to `file`) with `options` under both error policies and checks the
// outcomes (see the top of this file). skipNeverThrows: these options leave no problem of the
// whole file possible for plain content, so Skip must not throw at all.
inline void readAndCheck(const ScratchFile& file, std::string_view content, data::ReadOptions options,
                         bool skipNeverThrows) {
    const auto& path = file.write(content);
    const data::LabelSpec* spec = options.labels ? &*options.labels : nullptr;

    std::optional<data::Dataset> strict;
    data::ReadReport strictReport;
    options.onError = data::ErrorPolicy::Fail;
    try {
        strict = data::readDataset(path, options, &strictReport);
    } catch (const FileError& e) {
        HEADLINER_FUZZ_CHECK(e.file() == path);
        HEADLINER_FUZZ_CHECK(!e.problem().empty());
    }
    if (strict) {
        const auto format = options.format == data::DatasetFormat::Auto ? strictReport.format : options.format;
        detail::checkResult(*strict, strictReport, options, format, spec);
    }

    std::optional<data::Dataset> lenient;
    data::ReadReport lenientReport;
    options.onError = data::ErrorPolicy::Skip;
    try {
        lenient = data::readDataset(path, options, &lenientReport);
    } catch (const FileError& e) {
        HEADLINER_FUZZ_CHECK(e.file() == path);
        HEADLINER_FUZZ_CHECK(!e.problem().empty());
        if (skipNeverThrows && !looksCompressed(content)) violated("Skip threw for a problem of single rows");
        HEADLINER_FUZZ_CHECK(!strict);  // what Fail read whole, Skip must read too
        return;
    }
    const auto format = options.format == data::DatasetFormat::Auto ? lenientReport.format : options.format;
    detail::checkResult(*lenient, lenientReport, options, format, spec);
    if (strict) {
        HEADLINER_FUZZ_CHECK(lenientReport.skippedRows == 0);
        HEADLINER_FUZZ_CHECK(lenient->texts == strict->texts);
        HEADLINER_FUZZ_CHECK(lenient->labels == strict->labels);
        HEADLINER_FUZZ_CHECK(lenient->labelNames == strict->labelNames);
        HEADLINER_FUZZ_CHECK(lenientReport.lines == strictReport.lines);
        HEADLINER_FUZZ_CHECK(lenientReport.blankLines == strictReport.blankLines);
        HEADLINER_FUZZ_CHECK(lenientReport.labelValues == strictReport.labelValues);
    } else {
        HEADLINER_FUZZ_CHECK(lenientReport.skippedRows > 0);  // Fail refused a row: Skip must count it
    }
}

}  // namespace headliner::fuzz
