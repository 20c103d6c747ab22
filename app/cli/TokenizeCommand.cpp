#include "app/cli/TokenizeCommand.h"

#include "app/cli/JsonlInput.h"

#include <cstdint>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "core/Error.h"
#include "core/text/EncodedCache.h"
#include "core/text/Tokenizer.h"

namespace headliner::cli {

namespace {

constexpr int kDefaultMaxLength = 512;  // BERT's and DistilBERT's position limit

const std::vector<OptionSpec>& tokenizeOptions() {
    static const std::vector<OptionSpec> specs = {
        {"tokenizer", true, "PATH", "vocab.txt, tokenizer.json, sentencepiece .model, or a model folder"},
        {"max-length", true, "N", "ids per text, [CLS] and [SEP] included (default 512, 0 = no limit)"},
    };
    return specs;
}

}  // namespace

const char* const kTokenizeSummary = "turn JSONL texts on stdin into model input ids on stdout";

std::string tokenizeUsage() {
    return "Usage: headliner-cli tokenize --tokenizer PATH [--max-length N] < texts.jsonl > ids.jsonl\n\n"
           "Reads one JSON object with a \"text\" string per line of stdin (other keys are ignored,\n"
           "blank lines skipped) and writes {\"input_ids\": [...]} per text to stdout, in the same\n"
           "order, with the tokenizer's special tokens placed and truncation to N ids. A line that is\n"
           "not such an object stops the command with exit code 1 and its line number on stderr.\n\n"
           "Options:\n" +
           describeOptions(tokenizeOptions());
}

int runTokenize(const std::vector<std::string>& args) {
    CommandLine cl(args, tokenizeOptions());
    if (!cl.positionals().empty()) throw UsageError("tokenize takes no arguments besides its options");
    const auto tokenizerPath = cl.value("tokenizer");
    if (!tokenizerPath || tokenizerPath->empty()) throw UsageError("tokenize needs --tokenizer PATH");
    const int maxLength = cl.intOr("max-length", kDefaultMaxLength);
    if (maxLength < 0) throw UsageError("option --max-length must be 0 or more");

    const auto tokenizer = text::loadTokenizer(*tokenizerPath);

    // Read and check every line first: a bad line yields no output at all, not a partial file.
    std::ios::sync_with_stdio(false);
    const auto texts = readJsonlTexts(std::cin);

    const auto encoded = text::encodeAll(*tokenizer, texts, static_cast<std::size_t>(maxLength));

    // {"input_ids": [101, 2023, 102]}: the spacing of Python's json.dumps.
    std::string out;
    for (std::size_t row = 0; row < encoded.size(); ++row) {
        out += "{\"input_ids\": [";
        bool first = true;
        for (const auto id : encoded.row(row)) {
            if (!first) out += ", ";
            first = false;
            out += std::to_string(id);
        }
        out += "]}\n";
        if (out.size() > (1 << 20)) {
            std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
            out.clear();
        }
    }
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    return finishStdout("tokenize");
}

}  // namespace headliner::cli
