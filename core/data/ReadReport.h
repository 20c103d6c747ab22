#pragma once
// What happened while reading a dataset: rows kept, bad rows per kind of problem with their
// line numbers, and every label value met. Filled by readDataset when the caller passes one;
// with ErrorPolicy::Skip it is how skipped rows are made visible, never silently dropped.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/DatasetFormat.h"

namespace headliner::data {

enum class RowProblem {
    Malformed,         // broken CSV quoting, invalid JSON, a missing key, no fastText label
    WrongColumnCount,  // a CSV/TSV record with more or fewer fields than the header / format
    InvalidUtf8,       // bytes that are not UTF-8
    EmptyText,         // every text column empty (or only whitespace)
    OverlongLine,      // a line or CSV record longer than ReadOptions::maxLineBytes
    UnknownLabel,      // a label value outside the LabelSpec
};
inline constexpr std::size_t kRowProblemCount = 6;

// "malformed", "wrong column count", "invalid UTF-8", "empty text", "overlong line", "unknown label".
std::string_view problemName(RowProblem problem);

struct ProblemTally {
    std::size_t count = 0;
    std::vector<std::uint64_t> lines;  // 1-based line numbers of the first few rows (where each starts)
    std::string firstMessage;          // the full message for the first of them
};

struct ReadReport {
    DatasetFormat format = DatasetFormat::Auto;  // the format read (after detection)
    std::uint64_t lines = 0;                     // physical lines read (header included)
    std::size_t rows = 0;                        // rows kept in the Dataset
    std::size_t skippedRows = 0;                 // rows left out, all problems together
    std::size_t blankLines = 0;                  // empty lines, ignored (not rows)
    std::array<ProblemTally, kRowProblemCount> problems{};
    std::map<std::string, std::size_t> labelValues;  // raw label value -> rows carrying it

    const ProblemTally& operator[](RowProblem p) const { return problems[std::size_t(p)]; }
    ProblemTally& operator[](RowProblem p) { return problems[std::size_t(p)]; }

    // A few lines for people: totals, then one line per problem kind that occurred.
    std::string summary() const;
};

}  // namespace headliner::data
