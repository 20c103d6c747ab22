#include "core/data/Split.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace headliner::data {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fully specified, good enough to shuffle rows.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound), without the modulo bias (rejection of the incomplete last block).
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
        std::uint64_t x;
        do x = next();
        while (x >= limit);
        return x % bound;
    }

private:
    std::uint64_t state_;
};

}  // namespace

SplitIndices stratifiedSplitIndices(std::span<const std::int32_t> labels, double validationFraction,
                                    std::uint64_t seed) {
    if (!(validationFraction >= 0.0 && validationFraction < 1.0))
        throw std::invalid_argument("validation fraction must be in [0, 1), got " +
                                    std::to_string(validationFraction));
    std::vector<std::vector<std::size_t>> rowsOfClass;
    for (std::size_t row = 0; row < labels.size(); ++row) {
        if (labels[row] < 0)
            throw std::invalid_argument("row " + std::to_string(row) + " has the negative label " +
                                        std::to_string(labels[row]));
        const auto cls = std::size_t(labels[row]);
        if (cls >= rowsOfClass.size()) rowsOfClass.resize(cls + 1);
        rowsOfClass[cls].push_back(row);
    }

    SplitMix64 random(seed);
    std::vector<bool> inValidation(labels.size(), false);
    for (auto& rows : rowsOfClass) {
        const auto take = std::size_t(std::llround(double(rows.size()) * validationFraction));
        // Partial Fisher-Yates: the first `take` slots end up a uniform random sample.
        for (std::size_t i = 0; i < take; ++i) {
            std::swap(rows[i], rows[i + random.below(rows.size() - i)]);
            inValidation[rows[i]] = true;
        }
    }
    SplitIndices split;
    for (std::size_t row = 0; row < labels.size(); ++row)
        (inValidation[row] ? split.validation : split.train).push_back(row);
    return split;
}

Dataset subset(const Dataset& dataset, std::span<const std::size_t> rows) {
    Dataset out;
    out.labelNames = dataset.labelNames;
    out.source = dataset.source;
    out.format = dataset.format;
    out.texts.reserve(rows.size());
    out.labels.reserve(rows.size());
    for (const std::size_t row : rows) {
        out.texts.push_back(dataset.texts.at(row));
        out.labels.push_back(dataset.labels.at(row));
    }
    return out;
}

std::pair<Dataset, Dataset> splitStratified(const Dataset& dataset, double validationFraction,
                                            std::uint64_t seed) {
    const SplitIndices split = stratifiedSplitIndices(dataset.labels, validationFraction, seed);
    return {subset(dataset, split.train), subset(dataset, split.validation)};
}

}  // namespace headliner::data
