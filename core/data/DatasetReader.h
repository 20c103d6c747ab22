#pragma once
// Reading a dataset file into memory: the entry point of core/data.
//
//   ReadReport report;
//   Dataset test = readDataset("test.csv.xz", {.onError = ErrorPolicy::Skip}, &report);
//
// The file may be plain or .xz; the format is detected from its content unless
// ReadOptions::format names one. Problems that concern the whole file (missing, unreadable,
// corrupt xz, a missing header or column) always throw FileError; problems of single rows
// follow ReadOptions::onError.

#include <filesystem>

#include "core/data/Dataset.h"
#include "core/data/ReadOptions.h"
#include "core/data/ReadReport.h"

namespace headliner::data {

Dataset readDataset(const std::filesystem::path& path, const ReadOptions& options = {},
                    ReadReport* report = nullptr);

}  // namespace headliner::data
