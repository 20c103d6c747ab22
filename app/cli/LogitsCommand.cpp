#include "app/cli/LogitsCommand.h"

#include "app/cli/JsonlInput.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "core/infer/Predictor.h"

namespace headliner::cli {

namespace {

constexpr int kDefaultMaxLength = 512;  // DistilBERT's position limit
constexpr int kDefaultBatchSize = 32;
constexpr std::size_t kFlushBytes = 1 << 20;

const std::vector<OptionSpec>& logitsOptions() {
    static const std::vector<OptionSpec> specs = {
        {"model", true, "DIR",
         "model folder (config.json, weights, tokenizer) or hub cache entry models--org--name"},
        {"max-length", true, "N",
         "ids per text, [CLS] and [SEP] included (default 512, 0 = the model's limit)"},
        {"device", true, "auto|cpu|cuda", "where the model runs (default cpu; auto: a CUDA device when there is one)"},
        {"batch-size", true, "N", "texts per forward pass (default 32)"},
    };
    return specs;
}

// Nine significant digits round-trip every float; non-finite values are written as Python's
// json.dumps writes them.
void appendNumber(std::string& out, float value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "Infinity" : "-Infinity";
    } else {
        char buffer[32];
        const int n = std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(value));
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

void appendArray(std::string& out, const std::vector<float>& values) {
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ", ";
        appendNumber(out, values[i]);
    }
    out += ']';
}

int positiveOption(const CommandLine& cl, const std::string& name, int fallback, int minimum) {
    const int value = cl.intOr(name, fallback);
    if (value < minimum)
        throw UsageError("option --" + name + " must be " + std::to_string(minimum) + " or more");
    return value;
}

}  // namespace

const char* const kLogitsSummary = "classify JSONL texts on stdin: logits, label and probabilities";

std::string logitsUsage() {
    return "Usage: headliner-cli logits --model DIR [--max-length N] [--device auto|cpu|cuda] [--batch-size N]\n"
           "       < texts.jsonl > logits.jsonl\n\n"
           "Reads one JSON object with a \"text\" string per line of stdin (other keys are ignored,\n"
           "blank lines skipped) and writes, per text and in the same order,\n"
           "  {\"logits\": [...], \"label\": \"<name>\", \"probs\": [...]}\n"
           "with one logit and one probability per class (config.json's id2label order) and the name\n"
           "of the most probable class. A line that is not such an object stops the command with exit\n"
           "code 1 and its line number on stderr.\n\n"
           "Options:\n" +
           describeOptions(logitsOptions());
}

int runLogits(const std::vector<std::string>& args) {
    CommandLine cl(args, logitsOptions());
    if (!cl.positionals().empty()) throw UsageError("logits takes no arguments besides its options");
    const auto modelPath = cl.value("model");
    if (!modelPath || modelPath->empty()) throw UsageError("logits needs --model DIR");
    const int maxLength = positiveOption(cl, "max-length", kDefaultMaxLength, 0);
    const int batchSize = positiveOption(cl, "batch-size", kDefaultBatchSize, 1);
    const infer::Device device = cl.parsed("device", "cpu", infer::parseDevice);

    initRuntime();
    auto predictor = infer::Predictor::open(*modelPath, device);

    std::ios::sync_with_stdio(false);
    const auto texts = readJsonlTexts(std::cin);
    const auto predictions =
        predictor.predict(texts, static_cast<std::size_t>(maxLength), static_cast<std::size_t>(batchSize));

    std::string out;
    for (const auto& p : predictions) {
        out += "{\"logits\": ";
        appendArray(out, p.logits);
        out += ", \"label\": " + nlohmann::json(p.labelName).dump() + ", \"probs\": ";
        appendArray(out, p.probs);
        out += "}\n";
        if (out.size() > kFlushBytes) {
            std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
            out.clear();
        }
    }
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    return finishStdout("logits");
}

}  // namespace headliner::cli
