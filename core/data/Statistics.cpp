#include "core/data/Statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>

namespace headliner::data {
namespace {

LengthStats describe(std::vector<std::size_t> lengths, std::size_t binWidth) {
    LengthStats stats;
    stats.histogram.binWidth = std::max<std::size_t>(binWidth, 1);
    if (lengths.empty()) return stats;
    for (const std::size_t length : lengths) {
        const std::size_t bin = length / stats.histogram.binWidth;
        if (bin >= stats.histogram.counts.size()) stats.histogram.counts.resize(bin + 1, 0);
        ++stats.histogram.counts[bin];
    }
    std::sort(lengths.begin(), lengths.end());
    const auto rank = [&](double p) {  // nearest rank: the smallest value with >= p of rows at or below it
        const auto k = std::size_t(std::ceil(p * double(lengths.size())));
        return lengths[std::clamp<std::size_t>(k, 1, lengths.size()) - 1];
    };
    stats.min = lengths.front();
    stats.max = lengths.back();
    stats.mean =
        double(std::accumulate(lengths.begin(), lengths.end(), std::uint64_t{0})) / double(lengths.size());
    stats.median = rank(0.5);
    stats.p95 = rank(0.95);
    stats.p99 = rank(0.99);
    return stats;
}

}  // namespace

std::size_t countCharacters(std::string_view utf8) {
    return std::size_t(std::count_if(utf8.begin(), utf8.end(),
                                     [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

DatasetStats computeStats(const Dataset& dataset, const TokenCounter& countTokens,
                          const StatsOptions& options) {
    if (dataset.labels.size() != dataset.texts.size())
        throw std::invalid_argument("dataset has " + std::to_string(dataset.texts.size()) + " texts but " +
                                    std::to_string(dataset.labels.size()) + " labels");
    DatasetStats stats;
    stats.rows = dataset.size();
    stats.rowsPerClass.assign(dataset.numLabels(), 0);
    for (const std::int32_t label : dataset.labels) {
        if (label < 0) throw std::invalid_argument("negative label " + std::to_string(label));
        if (std::size_t(label) >= stats.rowsPerClass.size())
            stats.rowsPerClass.resize(std::size_t(label) + 1, 0);
        ++stats.rowsPerClass[std::size_t(label)];
    }
    std::vector<std::size_t> characters, tokens;
    characters.reserve(dataset.size());
    for (const auto& text : dataset.texts) characters.push_back(countCharacters(text));
    stats.characters = describe(std::move(characters), options.characterBinWidth);
    if (countTokens) {
        tokens.reserve(dataset.size());
        for (const auto& text : dataset.texts) tokens.push_back(countTokens(text));
        stats.tokens = describe(std::move(tokens), options.tokenBinWidth);
    }
    return stats;
}

}  // namespace headliner::data
