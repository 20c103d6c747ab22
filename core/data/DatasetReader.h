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

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/ReadOptions.h"
#include "core/data/ReadReport.h"

namespace headliner::data {

Dataset readDataset(const std::filesystem::path& path, const ReadOptions& options = {},
                    ReadReport* report = nullptr);

// How the classes of `other` (an evaluation or test file) map to known classes (a training
// file's or a model's), so that they may come in another order or be missing from a small file:
//  1. by name;
//  2. a class no name matches, by name ignoring ASCII case ("business" for "Business") when that
//     names one known class;
//  3. when no class of `other` matched by name and each is a whole number below the number of
//     known classes, as class ids ({"label": 2} for the third class, the Hugging Face way).
// toKnown[c] is the known index of other's class c (-1: a class without rows that matches
// nothing); note describes a mapping that is not by exact name, for a warning ("" otherwise).
// Throws FileError naming other.source and `knownWhat` ("the model's classes") for a class with
// rows that matches nothing.
struct ClassMapping {
    std::vector<std::int32_t> toKnown;
    std::string note;
};
ClassMapping mapClasses(const Dataset& other, const std::vector<std::string>& known, const std::string& knownWhat);

// Gives `other` the class ids and names of `reference` (the training file), as mapClasses maps
// them; returns its note.
std::string useClassesOf(const Dataset& reference, Dataset& other);

}  // namespace headliner::data
