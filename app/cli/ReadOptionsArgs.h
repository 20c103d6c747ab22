#pragma once
// How train, eval and bench read a data file, from the command line (export reads a run's
// training file with the run's saved ones): the format, which columns (or JSON keys) hold the
// text and the label, a headerless CSV/TSV, bad rows skipped.
// Without them the file's format is detected and the default columns are read ("text" and
// "label"; title + description and the class index for AG News).
//
//   --format NAME          auto, agnews-csv, kaggle-csv, hf-jsonl, csv, tsv, jsonl, fasttext
//   --text-column C[,C...]  columns joined with a space into the text
//   --label-column C        the label's column
//   --no-header             the CSV/TSV's first line is a row (columns then by position)
//   --skip-bad-rows         leave out malformed rows, counted in a warning, instead of failing
// A column C is a header name or JSON key (case ignored), or #N for the N-th column (from 1).

#include <vector>

#include "app/cli/CommandLine.h"
#include "core/data/ReadOptions.h"

namespace headliner::cli {

std::vector<OptionSpec> readOptionSpecs();

// The ReadOptions these options give (defaults where absent). Throws UsageError naming the
// option for an unknown format or an empty or malformed column.
data::ReadOptions readOptionsFrom(const CommandLine& cl);

// Appends readOptionSpecs() to a command's own options.
std::vector<OptionSpec> withReadOptions(std::vector<OptionSpec> specs);

}  // namespace headliner::cli
