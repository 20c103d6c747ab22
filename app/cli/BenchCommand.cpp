#include "app/cli/BenchCommand.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/MetricsOutput.h"
#include "app/cli/ReadOptionsArgs.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "core/data/DatasetReader.h"
#include "core/infer/Predictor.h"
#include "core/model/ModelFolder.h"
#include "core/text/EncodedCache.h"

namespace headliner::cli {

namespace {

constexpr std::size_t kFallbackMaxLength = 512;  // as `logits`
constexpr int kWarmups = 10;
constexpr int kDefaultRuns = 200;
constexpr int kDefaultBatchSize = 64;
// About 30 tokens with DistilBERT's WordPiece vocabulary, a long AG News headline.
constexpr const char* kDefaultText =
    "Global markets rally as central banks signal a pause in interest rate hikes, lifting technology "
    "shares ahead of Friday's inflation data";

using Clock = std::chrono::steady_clock;

const std::vector<OptionSpec>& benchOptions() {
    static const std::vector<OptionSpec> specs = withReadOptions({
        {"model", true, "DIR",
         "model folder (a train run's DIR/final, a Hugging Face folder, an n-gram folder)"},
        {"runs", true, "N", "latency: timed predictions after 10 warm-ups (default 200)"},
        {"text", true, "T", "latency: the text to classify (default: a headline of about 30 tokens)"},
        {"data", true, "FILE", "eval: the data file whose texts are classified"},
        {"batch-size", true, "N", "eval: texts per forward pass (default 64)"},
        {"threads", true, "N", "CPU threads (default: HEADLINER_THREADS, else one per core)"},
        {"max-length", true, "N",
         "ids per text (default: the model folder's model_max_length, else 512; 0 = the model's limit)"},
        {"device", true, "auto|cpu|cuda", "where the model runs (default cpu; auto: a CUDA device when there is one)"},
        precisionOption(),
        {"json", false, "", "print one JSON object instead of the table"},
    });
    return specs;
}

// The nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::size_t tokenCount(const text::EncodedDataset& encoded) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < encoded.size(); ++i) n += encoded.rowLength(i);
    return n;
}

void printRows(const std::vector<std::pair<std::string, std::string>>& rows) {
    for (const auto& [k, v] : rows) {
        std::string key = k;
        key.resize(14, ' ');
        std::cout << key << v << "\n";
    }
}

}  // namespace

const char* const kBenchSummary = "measure prediction latency (single texts) or throughput (a data file)";

std::string benchUsage() {
    return "Usage: headliner-cli bench latency --model DIR [--runs N] [--text T] [--threads N] [--json]\n"
           "       headliner-cli bench eval --model DIR --data FILE [--batch-size N] [--threads N] "
           "[--json]\n\n"
           "latency: classifies one text at a time, as the Predict page does while you type: 10 warm-up\n"
           "predictions, then N timed ones; prints the median (p50), the 95th percentile (p95) and the\n"
           "mean in milliseconds. JSON keys: mode, model, device, threads, precision, runs, warmups, tokens,\n"
           "p50_ms, p95_ms, mean_ms, min_ms, max_ms.\n"
           "eval: classifies every text of FILE in batches (texts of similar length together) after one\n"
           "warm-up batch; prints rows/s and tokens/s. JSON keys: mode, model, device, threads, precision,\n"
           "rows, tokens, batch_size, max_length, seconds, rows_per_s, tokens_per_s.\n\n"
           "Options:\n" +
           describeOptions(benchOptions());
}

int runBench(const std::vector<std::string>& args) {
    const CommandLine cl(args, benchOptions());
    if (cl.positionals().size() != 1) throw UsageError("bench needs one mode: latency or eval");
    const std::string mode = cl.positionals().front();
    if (mode != "latency" && mode != "eval")
        throw UsageError("unknown bench mode '" + mode + "' (known: latency, eval)");
    const bool latency = mode == "latency";
    for (const char* option : {"runs", "text"})
        if (!latency && cl.has(option))
            throw UsageError(std::string("option --") + option + " is for bench latency");
    for (const char* option : {"data", "batch-size"})
        if (latency && cl.has(option))
            throw UsageError(std::string("option --") + option + " is for bench eval");
    const auto modelPath = cl.value("model");
    if (!modelPath || modelPath->empty()) throw UsageError("bench " + mode + " needs --model DIR");
    const auto dataPath = cl.value("data");
    if (!latency && (!dataPath || dataPath->empty())) throw UsageError("bench eval needs --data FILE");
    const int runs = cl.intAtLeast("runs", kDefaultRuns, 1);
    const auto batchSize = std::size_t(cl.intAtLeast("batch-size", kDefaultBatchSize, 1));
    const int maxLengthOption = cl.intAtLeast("max-length", 0, 0);
    const bool json = cl.has("json");
    const infer::Device device = cl.parsed("device", "cpu", infer::parseDevice);
    // Training on a GPU evaluates in bf16 mixed precision (as transformers.Trainer with fp16/bf16).
    const infer::Precision precision =
        cl.parsed("precision", device == infer::Device::Cpu ? "fp32" : "bf16", infer::parsePrecision);
    // --threads wins over HEADLINER_THREADS, which initRuntime prefers to its argument.
    if (cl.has("threads"))
        ::setenv("HEADLINER_THREADS", std::to_string(cl.intAtLeast("threads", 1, 1)).c_str(), 1);
    const int threads = initRuntime();

    auto loaded = model::loadClassifier(*modelPath);
    std::size_t maxLength = cl.has("max-length") ? std::size_t(maxLengthOption)
                                                 : exportedMaxLength(loaded.folder, kFallbackMaxLength);
    const auto limit = std::size_t(loaded.config.maxPositionEmbeddings);
    if (maxLength == 0 || maxLength > limit) maxLength = limit;
    const std::string folder = std::filesystem::absolute(loaded.folder).lexically_normal().string();

    nlohmann::ordered_json j{{"mode", mode},
                             {"model", folder},
                             {"device", std::string(infer::deviceName(device))},
                             {"threads", threads}};
    if (latency) {
        const std::vector<std::string> text{cl.valueOr("text", kDefaultText)};
        const std::size_t tokens = loaded.tokenizer->encode(text.front(), maxLength).size();
        infer::Predictor predictor(std::move(loaded), device, precision);
        j["precision"] = std::string(infer::precisionName(predictor.precision()));
        for (int i = 0; i < kWarmups; ++i) predictor.predict(text, maxLength, 1);
        std::vector<double> ms;
        ms.reserve(std::size_t(runs));
        for (int i = 0; i < runs; ++i) {
            const auto start = Clock::now();
            predictor.predict(text, maxLength, 1);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size());
        std::sort(ms.begin(), ms.end());
        j["runs"] = runs;
        j["warmups"] = kWarmups;
        j["tokens"] = tokens;
        j["p50_ms"] = percentile(ms, 50);
        j["p95_ms"] = percentile(ms, 95);
        j["mean_ms"] = mean;
        j["min_ms"] = ms.front();
        j["max_ms"] = ms.back();
        if (!json)
            printRows(
                {{"model", folder},
                 {"device", j["device"].get<std::string>() + ", " + std::to_string(threads) + " threads, " +
                                j["precision"].get<std::string>()},
                 {"text", std::to_string(tokens) + " tokens"},
                 {"runs", std::to_string(runs) + " (after " + std::to_string(kWarmups) + " warm-ups)"},
                 {"p50", formatFixed(percentile(ms, 50), 3) + " ms"},
                 {"p95", formatFixed(percentile(ms, 95), 3) + " ms"},
                 {"mean", formatFixed(mean, 3) + " ms"}});
    } else {
        const data::Dataset data = data::readDataset(*dataPath, readOptionsFrom(cl));
        if (data.size() == 0) throw FileError(*dataPath, 0, "no rows to classify");
        const std::size_t tokens = tokenCount(text::encodeAll(*loaded.tokenizer, data.texts, maxLength));
        infer::Predictor predictor(std::move(loaded), device, precision);
        j["precision"] = std::string(infer::precisionName(predictor.precision()));
        const std::vector<std::string> warmup(
            data.texts.begin(), data.texts.begin() + std::ptrdiff_t(std::min(batchSize, data.size())));
        predictor.predict(warmup, maxLength, batchSize);
        const auto start = Clock::now();
        predictor.predict(data.texts, maxLength, batchSize);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        const double rows = double(data.size());
        j["rows"] = data.size();
        j["tokens"] = tokens;
        j["batch_size"] = batchSize;
        j["max_length"] = maxLength;
        j["seconds"] = seconds;
        j["rows_per_s"] = seconds > 0 ? rows / seconds : 0.0;
        j["tokens_per_s"] = seconds > 0 ? double(tokens) / seconds : 0.0;
        if (!json)
            printRows(
                {{"model", folder},
                 {"device", j["device"].get<std::string>() + ", " + std::to_string(threads) + " threads, " +
                                j["precision"].get<std::string>()},
                 {"data", *dataPath},
                 {"rows", std::to_string(data.size()) + " (" + std::to_string(tokens) + " tokens)"},
                 {"batch", std::to_string(batchSize) + ", max length " + std::to_string(maxLength)},
                 {"time", formatFixed(seconds, 3) + " s"},
                 {"rows/s", formatFixed(j["rows_per_s"].get<double>(), 1)},
                 {"tokens/s", formatFixed(j["tokens_per_s"].get<double>(), 1)}});
    }
    if (json) std::cout << j.dump() << "\n";
    return finishStdout("bench");
}

}  // namespace headliner::cli
