#pragma once
// The file formats a Dataset can be read from, and how to tell them apart by content.

#include <filesystem>
#include <optional>
#include <string_view>

namespace headliner::data {

enum class DatasetFormat {
    Auto,       // detect from the content (readDataset only)
    AgNewsCsv,  // the original AG News CSV: no header, "class","title","description", class 1-4
    KaggleCsv,  // AG News CSV with a header (`Class Index,Title,Description`, or `label,title,description`), then as above
    HfJsonl,    // Hugging Face sh0416/ag_news: {"label": 1..4, "title": ..., "description": ...}
    Csv,        // generic comma-separated, columns chosen by ReadOptions
    Tsv,        // generic tab-separated, columns chosen by ReadOptions
    Jsonl,      // generic JSON Lines, keys chosen by ReadOptions
    FastText,   // `__label__X text` per line
};

// Stable short names, also stored in Dataset::format: "agnews-csv", "kaggle-csv", "hf-jsonl",
// "csv", "tsv", "jsonl", "fasttext" ("auto" for Auto).
std::string_view formatName(DatasetFormat format);
// The inverse of formatName (for the CLI and saved settings); nullopt for an unknown name.
std::optional<DatasetFormat> formatFromName(std::string_view name);

// Looks at the first lines (decompressing .xz): fastText labels, JSON objects with the AG News
// keys, the Kaggle header, three columns with a class 1-4 first, else tabs versus commas. The
// extension decides only when the content does not. Throws FileError when neither does.
DatasetFormat detectFormat(const std::filesystem::path& path);

}  // namespace headliner::data
