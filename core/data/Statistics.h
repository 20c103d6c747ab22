#pragma once
// What a dataset looks like before training on it: rows per class and text lengths, in
// characters and (with a caller's tokenizer) in tokens. Token lengths decide max_length and the
// length buckets, so they are what the training panel shows.

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/data/Dataset.h"

namespace headliner::data {

// Counts the tokens of one text. A plain function so that core/data needs no tokenizer.
using TokenCounter = std::function<std::size_t(std::string_view)>;

struct Histogram {
    std::size_t binWidth = 1;
    std::vector<std::size_t> counts;  // counts[i]: rows with length in [i*binWidth, (i+1)*binWidth)
};

struct LengthStats {
    std::size_t min = 0, max = 0;
    double mean = 0.0;
    std::size_t median = 0, p95 = 0, p99 = 0;  // nearest-rank percentiles
    Histogram histogram;
};

struct DatasetStats {
    std::size_t rows = 0;
    std::vector<std::size_t> rowsPerClass;  // indexed like Dataset::labelNames
    LengthStats characters;                 // Unicode code points, not bytes
    std::optional<LengthStats> tokens;      // set when a TokenCounter was given
};

struct StatsOptions {
    std::size_t characterBinWidth = 25;
    std::size_t tokenBinWidth = 8;
};

DatasetStats computeStats(const Dataset& dataset, const TokenCounter& countTokens = {},
                          const StatsOptions& options = {});

// Code points in UTF-8 text (bytes that are not continuation bytes).
std::size_t countCharacters(std::string_view utf8);

}  // namespace headliner::data
