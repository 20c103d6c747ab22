#pragma once
// Repeated rows inside a dataset, and rows of one dataset found in another (test rows that also
// sit in train inflate accuracy). Each is counted twice: on the exact text, and on a normalized
// text (ASCII case folded, ASCII punctuation removed, whitespace runs collapsed) that also catches
// copies differing only in case, spacing or punctuation. Non-ASCII characters are compared as
// written: core/data depends on the standard library only.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/Dataset.h"

namespace headliner::data {

struct RowPair {
    std::size_t first = 0;   // the earlier row (findDuplicates) or the row in `a` (findOverlap)
    std::size_t second = 0;  // the repeating row, or the row in `b`
    bool operator==(const RowPair&) const = default;
};

struct MatchCount {
    std::size_t rows = 0;            // rows that match another (see each function)
    std::size_t differentLabel = 0;  // of those, rows whose match carries another label
    std::vector<RowPair> examples;   // the first few matches, in row order
};

struct DuplicateReport {
    MatchCount exact;       // rows whose text equals an earlier row's
    MatchCount normalized;  // rows whose normalized text equals an earlier row's (exact ones included)
};

struct OverlapReport {
    MatchCount exact;       // rows of b whose text is also in a
    MatchCount normalized;  // rows of b whose normalized text is also in a (exact ones included)
};

// The comparison key: "U.S.  Stocks\tRise!" -> "us stocks rise".
std::string normalizeForComparison(std::string_view text);

DuplicateReport findDuplicates(const Dataset& dataset, std::size_t maxExamples = 10);
OverlapReport findOverlap(const Dataset& a, const Dataset& b, std::size_t maxExamples = 10);

}  // namespace headliner::data
