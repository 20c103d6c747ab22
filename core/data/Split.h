#pragma once
// Seeded, stratified train/validation splits: each class keeps its share in both parts, and the
// same seed gives the same split on every platform (the shuffle is ours, not std::shuffle,
// whose algorithm differs between standard libraries).

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/data/Dataset.h"

namespace headliner::data {

struct SplitIndices {
    std::vector<std::size_t> train;       // row numbers, ascending
    std::vector<std::size_t> validation;  // row numbers, ascending
};

// From each class, round(rows of the class x validationFraction) rows drawn at random (seeded)
// go to validation, the rest to train. validationFraction must be in [0, 1); labels >= 0.
// Throws std::invalid_argument otherwise.
SplitIndices stratifiedSplitIndices(std::span<const std::int32_t> labels, double validationFraction,
                                    std::uint64_t seed);

// The rows given, in the order given, with the same label names, source and format.
Dataset subset(const Dataset& dataset, std::span<const std::size_t> rows);

// {train, validation}, each in the original row order (training shuffles per epoch anyway).
std::pair<Dataset, Dataset> splitStratified(const Dataset& dataset, double validationFraction,
                                            std::uint64_t seed);

}  // namespace headliner::data
