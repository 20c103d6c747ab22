#pragma once
// A labelled text dataset in memory: one text and one 0-based label per row.
// readDataset (core/data/DatasetReader.h) fills it; tokenizers, the trainer and the UI read it.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace headliner::data {

struct Dataset {
    std::vector<std::string> texts;       // UTF-8, one per row
    std::vector<std::int32_t> labels;     // 0-based, index into labelNames
    std::vector<std::string> labelNames;  // e.g. World, Sports, Business, Sci/Tech
    std::filesystem::path source;         // the file it was read from (empty if built in memory)
    std::string format;                   // the detected format, e.g. "agnews-csv"

    std::size_t size() const { return texts.size(); }
    std::size_t numLabels() const { return labelNames.size(); }
};

}  // namespace headliner::data
