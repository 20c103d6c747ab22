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

// Gives `other` (an evaluation or test file) the class ids and names of `reference` (the
// training file), matching classes by name: classes named by their values may come in another
// order, or be missing from a small file. Throws FileError naming other.source for a class with
// rows that `reference` does not have.
void useClassesOf(const Dataset& reference, Dataset& other);

}  // namespace headliner::data
