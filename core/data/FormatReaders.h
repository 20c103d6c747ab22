#pragma once
// Internal to core/data: one reader per syntax, called by readDataset once the format is known.

#include <filesystem>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/ReadOptions.h"
#include "core/data/ReadReport.h"

namespace headliner::data {

// AgNewsCsv, KaggleCsv, Csv and Tsv.
Dataset readCsvFile(const std::filesystem::path& path, DatasetFormat format, const ReadOptions& options,
                    ReadReport* report);
// HfJsonl and Jsonl.
Dataset readJsonlFile(const std::filesystem::path& path, DatasetFormat format, const ReadOptions& options,
                      ReadReport* report);
Dataset readFastTextFile(const std::filesystem::path& path, const ReadOptions& options, ReadReport* report);

// The header line of an AG News CSV with a header: Kaggle's `Class Index,Title,Description`, or
// the names the Hugging Face dataset uses (`label,title,description`; also `class` and
// `class_index` for the first), ASCII case ignored.
bool isAgNewsHeader(const std::vector<std::string>& fields);

}  // namespace headliner::data
