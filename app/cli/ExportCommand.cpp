#include "app/cli/ExportCommand.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/ReadOptionsArgs.h"
#include "app/cli/TrainCommand.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "core/data/DatasetReader.h"
#include "core/model/Checkpoint.h"
#include "core/model/Exporter.h"
#include "core/model/ModelFolder.h"
#include "core/model/Presets.h"
#include "core/train/Metrics.h"

namespace headliner::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kTrainDefaultMaxLength = 256;   // train's --max-length default
constexpr int kTrainDefaultVocabSize = 8000;  // train's --vocab-size default

const std::vector<OptionSpec>& exportOptions() {
    static const std::vector<OptionSpec> specs = {
        {"checkpoint", true, "DIR",
         "a checkpoint folder of a train run: OUT/run/checkpoints/best or OUT/run/checkpoints/last"},
        {"to", true, "DIR", "the model folder to write (new, empty, or a model folder to replace)"},
        {"dtype", true, "T", "weights as f32 (default), f16 or bf16"},
    };
    return specs;
}

io::DType parseDtype(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (name == "f32") return io::DType::F32;
    if (name == "f16") return io::DType::F16;
    if (name == "bf16") return io::DType::BF16;
    throw UsageError("option --dtype must be f32, f16 or bf16, not '" + name + "'");
}

// Without a trailing separator: "a/b/" -> "a/b".
fs::path folderPath(const std::string& arg) {
    fs::path p = fs::absolute(arg).lexically_normal();
    if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
    return p;
}

nlohmann::json readJson(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw FileError(file, 0, "cannot be read");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw FileError(file, 0, std::string("not valid JSON: ") + e.what());
    }
}

// The class names the run trained on, in label-id order: as the run recorded them when it
// started (run/data.json: right even when the training file has changed since); for a run
// recorded before data.json existed, those of its training file, as train read them; when that
// file is gone, those of the run's exported model.
std::vector<std::string> runLabels(const CommandLine& run, const fs::path& runFile) {
    std::error_code ec;
    if (const fs::path record = runFile.parent_path() / "data.json"; fs::exists(record, ec)) {
        const auto j = readJson(record);
        if (j.contains("labels") && j["labels"].is_array() && !j["labels"].empty())
            return j["labels"].get<std::vector<std::string>>();
    }
    const auto trainFile = run.value("train");
    if (!trainFile) throw FileError(runFile, 0, "names no --train file");
    if (fs::exists(*trainFile)) return data::readDataset(*trainFile, readOptionsFrom(run)).labelNames;
    const fs::path finalFolder = fs::absolute(run.valueOr("out", "")) / "final";
    if (run.has("out") && fs::exists(finalFolder)) return model::loadClassifier(finalFolder).config.labels;
    throw FileError(*trainFile, 0,
                    "the run's training file (named in " + runFile.string() +
                        ") is needed for the class names and does not exist");
}

// The model card as train writes it, from the run's last trainer state when it is there.
model::ModelCard modelCard(const model::PresetModel& m, const CommandLine& run, const fs::path& runFolder,
                           std::size_t maxLength) {
    model::ModelCard card;
    card.baseModel = m.baseModel;
    card.datasetName = fs::path(run.valueOr("train", "")).filename().string();
    const fs::path stateFile = runFolder / "checkpoints" / "last" / "trainer_state.json";
    if (!fs::exists(stateFile)) return card;
    try {
        const auto state = readJson(stateFile);
        if (state.contains("options"))
            for (const auto& [k, v] : state.at("options").items())
                if (k != "checkpoint_folder") card.recipe.emplace_back(k, v.dump());
        card.recipe.emplace_back("max_length", std::to_string(maxLength));
        const auto trainLoss = state.value("epoch_train_loss", std::vector<double>{});
        for (const auto& h : state.value("history", nlohmann::json::array())) {
            const auto metrics = train::evalMetricsFromJson(h);
            model::EpochMetrics e;
            e.epoch = int(std::ceil(metrics.epoch - 1e-9));
            e.trainLoss = e.epoch >= 1 && std::size_t(e.epoch) <= trainLoss.size()
                              ? trainLoss[std::size_t(e.epoch - 1)]
                              : 0.0;
            e.evalLoss = metrics.loss, e.accuracy = metrics.accuracy, e.macroF1 = metrics.macroF1;
            card.epochs.push_back(e);
        }
    } catch (const std::exception&) {
        // A card without the recipe is still a card; the weights are what matters.
        card.recipe.clear();
        card.epochs.clear();
    }
    return card;
}

}  // namespace

const char* const kExportSummary = "write a checkpoint of a train run as a Hugging Face model folder";

std::string exportUsage() {
    return "Usage: headliner-cli export --checkpoint DIR --to DIR [--dtype f32|f16|bf16]\n\n"
           "Writes the weights of a checkpoint of a `headliner-cli train` run (OUT/run/checkpoints/best,\n"
           "the best evaluation's, or OUT/run/checkpoints/last, the latest step's) as a Hugging Face model\n"
           "folder with a model card, as train writes OUT/final. The run's folder (two levels above the\n"
           "checkpoint) supplies the options (run.json) and the tokenizer (run/tokenizer/ for scratch\n"
           "presets and the n-gram baseline; the --model folder for a fine-tuned model), and the run's\n"
           "training file the class names. The folder is written beside its place and swapped in.\n\n"
           "Options:\n" +
           describeOptions(exportOptions());
}

int runExport(const std::vector<std::string>& args) {
    const CommandLine cl(args, exportOptions());
    if (!cl.positionals().empty()) throw UsageError("export takes no arguments besides its options");
    const auto checkpointArg = cl.value("checkpoint");
    if (!checkpointArg || checkpointArg->empty()) throw UsageError("export needs --checkpoint DIR");
    const auto toArg = cl.value("to");
    if (!toArg || toArg->empty()) throw UsageError("export needs --to DIR");
    const io::DType dtype = parseDtype(cl.valueOr("dtype", "f32"));

    const fs::path checkpoint = folderPath(*checkpointArg);
    const fs::path to = folderPath(*toArg);
    const fs::path weightsFile = checkpoint / "model.safetensors";
    if (!fs::is_directory(checkpoint))
        throw FileError(checkpoint, 0,
                        "no such checkpoint folder (a train run's OUT/run/checkpoints/best or .../last)");
    if (!fs::exists(weightsFile))
        throw FileError(weightsFile, 0,
                        "does not exist: --checkpoint takes a checkpoint folder of a train run "
                        "(OUT/run/checkpoints/best or .../last)");
    const fs::path runFolder = checkpoint.parent_path().parent_path();
    const fs::path runFile = runFolder / "run.json";
    if (!fs::exists(runFile))
        throw FileError(runFile, 0,
                        "does not exist: " + checkpoint.string() +
                            " is not inside a train run's folder (OUT/run/checkpoints/NAME)");
    if (fs::exists(to)) {
        const bool isModel = fs::exists(to / "config.json") || fs::exists(to / "headliner_config.json");
        if (!fs::is_directory(to) || (!fs::is_empty(to) && !isModel))
            throw FileError(to, 0, "exists and is not a model folder: choose a new or empty folder");
    }

    std::vector<std::string> runArgs;
    try {
        runArgs = readJson(runFile).at("args").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw FileError(runFile, 0, std::string("not a run description: ") + e.what());
    }
    std::optional<CommandLine> parsed;
    try {
        parsed.emplace(runArgs, trainOptions());
    } catch (const UsageError& e) {
        throw FileError(runFile, 0, std::string("holds options train does not take: ") + e.what());
    }
    const CommandLine& run = *parsed;
    const std::string preset = run.valueOr("preset", "");
    const auto modelFolder = run.value("model");
    if (!modelFolder && !model::isPreset(preset))
        throw FileError(runFile, 0, "names neither --model nor a known --preset");

    model::PresetOptions po;
    try {
        po.seed = std::uint64_t(std::max(0, run.intOr("seed", 42)));
        po.vocabSize = std::size_t(std::max(16, run.intOr("vocab-size", kTrainDefaultVocabSize)));
        po.maxLength = std::size_t(std::max(2, run.intOr("max-length", kTrainDefaultMaxLength)));
        if (const auto d = run.value("dropout")) po.dropout = std::stod(*d);
    } catch (const std::exception& e) {
        throw FileError(runFile, 0, std::string("holds an option train would not take: ") + e.what());
    }
    po.workFolder = runFolder;  // the tokenizer the run trained is loaded from there, never retrained
    if (!modelFolder) {
        const fs::path tokenizerFile =
            runFolder / "tokenizer" / (preset == "ngram" ? "ngram_vocab.json" : "spiece.model");
        if (!fs::exists(tokenizerFile))
            throw FileError(tokenizerFile, 0, "does not exist: the tokenizer the run trained is needed");
    }

    initRuntime();
    po.labels = runLabels(run, runFile);
    model::PresetModel m =
        modelFolder ? model::loadPretrained(*modelFolder, po) : model::makePreset(preset, po);
    const auto report = model::loadStateDict(*m.classifier, model::readSafetensors(weightsFile), weightsFile);
    if (!report.missing.empty())
        throw FileError(weightsFile, 0,
                        "lacks " + report.missing.front() + " (a checkpoint of another model?)");
    if (!report.unexpected.empty())
        throw FileError(weightsFile, 0,
                        "holds " + report.unexpected.front() + ", which the run's model does not have");

    model::ExportOptions ex;
    ex.dtype = dtype;
    ex.maxLength = std::min<std::size_t>(po.maxLength, std::size_t(m.config.maxPositionEmbeddings));
    ex.card = modelCard(m, run, runFolder, ex.maxLength);
    if (m.distilbert)
        model::exportModelFolder(m.distilbert, *m.tokenizer, to, ex);
    else
        model::exportNgramFolder(*m.classifier, m.config.labels, *m.tokenizer, to, ex);
    std::cout << "exported " << checkpoint.string() << " (" << io::dtypeName(dtype) << ") to " << to.string()
              << "\n";
    return 0;
}

}  // namespace headliner::cli
