#pragma once
// The built-in demo dataset: 2,400 English news headlines with short descriptions that the project
// wrote itself (resources/demo/, made by resources/demo/make_demo_data.py), in the AG News CSV
// format as published (no header, "label","title","description", labels 1-4: World, Sports,
// Business, Sci/Tech). 500 rows per class to train on, 100 per class to test on.
//
// The two CSV files are compiled into headliner_core (see core/CMakeLists.txt), so the app and the
// CLI work offline on first start. Readers take paths, so writeDemoDataset puts the files on disk:
//
//   const DemoFiles demo = writeDemoDataset(dataFolder / "demo");
//   Dataset train = readDataset(demo.train);

#include <filesystem>
#include <string_view>

namespace headliner::data {

// The embedded bytes of resources/demo/train.csv and resources/demo/test.csv (not NUL-terminated).
std::string_view demoTrainCsv();
std::string_view demoTestCsv();

struct DemoFiles {
    std::filesystem::path train;  // folder / "train.csv"
    std::filesystem::path test;   // folder / "test.csv"
};

// Writes train.csv and test.csv into `folder` (created if needed), each atomically, unless a file
// with identical content is already there (then it is left untouched, mtime included). Returns
// their paths. Throws FileError naming the folder when it cannot create or write them.
DemoFiles writeDemoDataset(const std::filesystem::path& folder);

}  // namespace headliner::data
