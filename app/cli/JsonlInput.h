#pragma once
// The stdin protocol shared by `tokenize` and `logits`: one JSON object {"text": ...} per line.

#include <istream>
#include <string>
#include <vector>

namespace headliner::cli {

// Every text of the stream, checked before any work is done, so a bad line yields no output at
// all. Blank lines are skipped. Throws FileError("stdin", line, problem).
std::vector<std::string> readJsonlTexts(std::istream& in);

}  // namespace headliner::cli
