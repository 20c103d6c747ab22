#include "app/cli/EvalCommand.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/MetricsOutput.h"
#include "app/cli/ReadOptionsArgs.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "core/data/DatasetReader.h"
#include "core/data/ReadReport.h"
#include "core/infer/Predictor.h"
#include "core/train/Metrics.h"

namespace headliner::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kFallbackMaxLength = 512;  // as `logits`: DistilBERT's position limit
constexpr int kDefaultBatchSize = 64;
constexpr std::size_t kChunkBatches = 16;  // batches per predict() call, between progress updates

const std::vector<OptionSpec>& evalOptions() {
    static const std::vector<OptionSpec> specs = withReadOptions({
        {"model", true, "DIR",
         "model folder (a train run's DIR/final, a Hugging Face folder or hub cache entry, an n-gram "
         "baseline folder)"},
        {"data", true, "FILE",
         "labelled data: any format Headliner reads (AG News CSV, JSONL, fastText, ...)"},
        {"json", false, "", "print one JSON object instead of the table"},
        {"max-length", true, "N",
         "ids per text, special tokens included (default: the model folder's model_max_length, else "
         "512; 0 = the model's limit)"},
        {"batch-size", true, "N", "texts per forward pass (default 64)"},
        {"device", true, "auto|cpu|cuda", "where the model runs (default auto: a CUDA device when there is one, else the CPU)"},
        precisionOption(),
    });
    return specs;
}

// -log softmax(logits)[truth], in double precision.
double crossEntropy(const std::vector<float>& logits, std::size_t truth) {
    double top = -std::numeric_limits<double>::infinity();
    for (const float l : logits) top = std::max(top, double(l));
    double sum = 0;
    for (const float l : logits) sum += std::exp(double(l) - top);
    return top + std::log(sum) - double(logits[truth]);
}

}  // namespace

const char* const kEvalSummary = "accuracy, macro-F1 and confusion of a model on a labelled file";

std::string evalUsage() {
    return "Usage: headliner-cli eval --model DIR --data FILE [--json] [--max-length N] [--batch-size N]\n"
           "       [--device auto|cpu|cuda] [--precision fp32|bf16|int8|auto]\n\n"
           "Classifies every row of FILE with the model in DIR and prints the mean cross-entropy, the\n"
           "accuracy, the macro-F1, precision, recall and F1 per class and the confusion matrix (rows:\n"
           "true class, columns: predicted, in the model's label order). The file's classes are matched\n"
           "to the model's by name; a class the model does not know is an error (exit code 1).\n"
           "With --json: one JSON object on stdout with the keys step, epoch, loss, accuracy, macro_f1,\n"
           "per_class, confusion, rows (as train's --log-jsonl evaluations), labels, model, data,\n"
           "seconds, samples_per_s and precision.\n\n"
           "Options:\n" +
           describeOptions(evalOptions());
}

int runEval(const std::vector<std::string>& args) {
    const CommandLine cl(args, evalOptions());
    if (!cl.positionals().empty()) throw UsageError("eval takes no arguments besides its options");
    const auto modelPath = cl.value("model");
    if (!modelPath || modelPath->empty()) throw UsageError("eval needs --model DIR");
    const auto dataPath = cl.value("data");
    if (!dataPath || dataPath->empty()) throw UsageError("eval needs --data FILE");
    const int maxLengthOption = cl.intAtLeast("max-length", 0, 0);
    const auto batchSize = std::size_t(cl.intAtLeast("batch-size", kDefaultBatchSize, 1));
    const bool json = cl.has("json");
    const infer::Device device = cl.parsed("device", "auto", infer::parseDevice);
    // Training on a GPU evaluates in bf16 mixed precision (as transformers.Trainer with fp16/bf16).
    const infer::Precision precision =
        cl.parsed("precision", device == infer::Device::Cpu ? "fp32" : "bf16", infer::parsePrecision);

    initRuntime();
    auto predictor = infer::Predictor::open(*modelPath, device, precision);
    const std::size_t maxLength = cl.has("max-length")
                                      ? std::size_t(maxLengthOption)
                                      : exportedMaxLength(predictor.folder(), kFallbackMaxLength);
    const data::ReadOptions readOptions = readOptionsFrom(cl);
    data::ReadReport report;
    const data::Dataset data = data::readDataset(*dataPath, readOptions, &report);
    if (report.skippedRows > 0)
        std::cerr << "warning: " << *dataPath << ": " << report.summary();
    if (data.size() == 0) throw FileError(*dataPath, 0, "no rows to evaluate");

    // The file's classes as the model's label ids: by name (or as ids; data::mapClasses).
    const auto& labels = predictor.labels();
    const auto mapping = data::mapClasses(data, labels, "the model's classes");
    if (!mapping.note.empty()) std::cerr << "note: " << *dataPath << ": " << mapping.note << "\n";
    const auto& toModel = mapping.toKnown;
    std::vector<std::int32_t> truth(data.size()), predicted(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) truth[i] = toModel[std::size_t(data.labels[i])];

    const bool progress = ::isatty(2) == 1;
    const std::size_t chunk = batchSize * kChunkBatches;
    double lossSum = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t begin = 0; begin < data.size(); begin += chunk) {
        const std::size_t end = std::min(data.size(), begin + chunk);
        const std::vector<std::string> texts(data.texts.begin() + std::ptrdiff_t(begin),
                                             data.texts.begin() + std::ptrdiff_t(end));
        const auto predictions = predictor.predict(texts, maxLength, batchSize);
        for (std::size_t i = 0; i < predictions.size(); ++i) {
            predicted[begin + i] = predictions[i].label;
            lossSum += crossEntropy(predictions[i].logits, std::size_t(truth[begin + i]));
        }
        if (progress) std::cerr << "\revaluating: " << end << "/" << data.size() << " rows" << std::flush;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) std::cerr << "\r\033[K" << std::flush;

    train::EvalMetrics m =
        train::metricsFromConfusion(train::confusionMatrix(truth, predicted, labels.size()));
    m.loss = lossSum / double(data.size());
    m.rows = std::int64_t(data.size());
    const double rate = seconds > 0 ? double(data.size()) / seconds : 0.0;

    if (json) {
        auto j = train::toJson(m);
        j["labels"] = labels;
        j["model"] = fs::absolute(predictor.folder()).lexically_normal().string();
        j["data"] = fs::absolute(*dataPath).lexically_normal().string();
        j["seconds"] = seconds;
        j["samples_per_s"] = rate;
        j["precision"] = std::string(infer::precisionName(predictor.precision()));
        std::cout << j.dump() << "\n";
    } else {
        printMetrics(std::cout,
                     "metrics of " + predictor.folder().string() + " on " + *dataPath + " (" +
                         std::to_string(m.rows) + " rows)",
                     m, labels);
        std::cout << "  " << m.rows << " rows in " << formatFixed(seconds, 2) << " s ("
                  << formatFixed(rate, 0) << " rows/s, max length " << maxLength << ", batch " << batchSize
                  << ", " << infer::precisionName(predictor.precision()) << ")\n";
    }
    return finishStdout("eval");
}

}  // namespace headliner::cli
