#include "app/cli/PredictCommand.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/MetricsOutput.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "core/infer/Predictor.h"

namespace headliner::cli {

namespace {

constexpr std::size_t kFallbackMaxLength = 512;  // as `logits`
constexpr int kDefaultBatchSize = 32;

const std::vector<OptionSpec>& predictOptions() {
    static const std::vector<OptionSpec> specs = {
        {"model", true, "DIR",
         "model folder (a train run's DIR/final, a Hugging Face folder or hub cache entry, an n-gram "
         "baseline folder)"},
        {"json", false, "", "one JSON object per text: {\"text\", \"label\", \"probs\": {class: p}}"},
        {"top", true, "K", "the K most probable classes (default: 1 in the table, every class with --json)"},
        {"max-length", true, "N",
         "ids per text, special tokens included (default: the model folder's model_max_length, else "
         "512; 0 = the model's limit)"},
        {"batch-size", true, "N", "texts per forward pass (default 32)"},
        {"device", true, "auto|cpu|cuda", "where the model runs (default cpu; auto: a CUDA device when there is one)"},
        precisionOption(),
    };
    return specs;
}

// A probability as the shortest decimal that reads back as the same float.
double asPrinted(float p) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(p));
    return std::strtod(buffer, nullptr);
}

// Class ids by falling logit, so by falling probability (ties: label order, so the first is
// Prediction::label).
std::vector<std::size_t> ranked(const std::vector<float>& logits) {
    std::vector<std::size_t> order(logits.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return logits[a] > logits[b]; });
    return order;
}

std::string oneLine(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    return text;
}

}  // namespace

const char* const kPredictSummary =
    "classify texts given as arguments (or stdin lines): label and probability";

std::string predictUsage() {
    return "Usage: headliner-cli predict --model DIR [--json] [--top K] TEXT...\n"
           "       headliner-cli predict --model DIR [--json] [--top K] < texts.txt\n\n"
           "Classifies each TEXT (without any, each non-blank line of stdin; a blank TEXT is refused)\n"
           "and prints one line per text, in the order given:\n"
           "  LABEL  0.93  TEXT                the most probable class and its probability; --top K\n"
           "                                   prints the K most probable classes before the text\n"
           "  {\"text\": ..., \"label\": ..., \"probs\": {\"World\": 0.01, ...}}   with --json (--top K: the "
           "K\n"
           "                                   most probable classes, most probable first)\n"
           "Use `--` before texts that start with two dashes.\n\n"
           "Options:\n" +
           describeOptions(predictOptions());
}

int runPredict(const std::vector<std::string>& args) {
    const CommandLine cl(args, predictOptions());
    const auto modelPath = cl.value("model");
    if (!modelPath || modelPath->empty()) throw UsageError("predict needs --model DIR");
    const bool json = cl.has("json");
    // 0: every class (--json without --top).
    const int top = cl.has("top") ? cl.intAtLeast("top", 1, 1) : json ? 0 : 1;
    const int maxLengthOption = cl.intAtLeast("max-length", 0, 0);
    const auto batchSize = std::size_t(cl.intAtLeast("batch-size", kDefaultBatchSize, 1));
    const infer::Device device = cl.parsed("device", "cpu", infer::parseDevice);
    // A blank argument is a mistake (an unset shell variable, say), not a text to classify.
    for (std::size_t i = 0; i < cl.positionals().size(); ++i)
        if (cl.positionals()[i].find_first_not_of(" \t\r\n") == std::string::npos)
            throw UsageError("text " + std::to_string(i + 1) + " is blank: nothing to classify");

    initRuntime();
    // Training on a GPU evaluates in bf16 mixed precision (as transformers.Trainer with fp16/bf16).
    const infer::Precision precision =
        cl.parsed("precision", device == infer::Device::Cpu ? "fp32" : "bf16", infer::parsePrecision);
    auto predictor = infer::Predictor::open(*modelPath, device, precision);
    const std::size_t maxLength = cl.has("max-length")
                                      ? std::size_t(maxLengthOption)
                                      : exportedMaxLength(predictor.folder(), kFallbackMaxLength);

    std::vector<std::string> texts = cl.positionals();
    if (texts.empty()) {
        std::ios::sync_with_stdio(false);
        std::string line;
        while (std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") != std::string::npos) texts.push_back(line);
        }
        if (std::cin.bad()) throw FileError("stdin", 0, "read error");
    }
    const auto predictions = predictor.predict(texts, maxLength, batchSize);

    const auto& labels = predictor.labels();
    std::size_t width = 0;
    for (const auto& l : labels) width = std::max(width, l.size());
    const std::size_t shown = top > 0 ? std::min(std::size_t(top), labels.size()) : labels.size();
    std::string out;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const auto& p = predictions[i];
        const auto order = ranked(p.logits);
        if (json) {
            nlohmann::ordered_json probs = nlohmann::ordered_json::object();
            if (top > 0)
                for (std::size_t k = 0; k < shown; ++k)
                    probs[labels[order[k]]] = asPrinted(p.probs[order[k]]);
            else
                for (std::size_t c = 0; c < labels.size(); ++c) probs[labels[c]] = asPrinted(p.probs[c]);
            out +=
                nlohmann::ordered_json{{"text", texts[i]}, {"label", p.labelName}, {"probs", probs}}.dump() +
                "\n";
        } else {
            for (std::size_t k = 0; k < shown; ++k) {
                std::string name = labels[order[k]];
                name.resize(width, ' ');
                out += name + "  " + formatFixed(p.probs[order[k]], 2) + "  ";
            }
            out += oneLine(texts[i]) + "\n";
        }
    }
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    return finishStdout("predict");
}

}  // namespace headliner::cli
