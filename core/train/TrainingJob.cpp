#include "core/train/TrainingJob.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "core/BlasKernels.h"
#include "core/Error.h"
#include "core/data/DatasetFormat.h"
#include "core/data/DatasetReader.h"
#include "core/data/Split.h"
#include "core/io/AtomicFile.h"
#include "core/io/AtomicFolder.h"
#include "core/io/Sha256.h"
#include "core/model/Exporter.h"
#include "core/model/Presets.h"
#include "core/text/EncodedCache.h"
#include "core/train/Trainer.h"

namespace headliner::train {

namespace fs = std::filesystem;

fs::path JobSpec::effectiveWorkFolder() const {
    if (!workFolder.empty()) return workFolder;
    return fs::path(outFolder.lexically_normal().string() + ".training");
}

std::string JobSpec::modelName() const {
    if (modelFolder.empty()) return preset;
    const auto normal = modelFolder.lexically_normal();
    const auto name = normal.has_filename() ? normal.filename() : normal.parent_path().filename();
    return name.string();
}

TrainerOptions defaultOptionsFor(const std::string& preset) {
    TrainerOptions o;
    if (preset == "ngram") {
        o.epochs = 5;
        o.batchSize = 32;
        o.learningRate = 2e-2;
        o.weightDecay = 0.0;
    } else if (preset.rfind("scratch-", 0) == 0) {
        o.epochs = 3;
        o.batchSize = 32;
        o.learningRate = 1e-3;
        o.warmupRatio = 0.1;
    }
    return o;
}

namespace {

nlohmann::json columnJson(const data::Column& c) {
    return c.hasIndex() ? nlohmann::json(c.index) : nlohmann::json(c.name);
}

data::Column columnFromJson(const nlohmann::json& j) {
    return j.is_number_unsigned() ? data::Column::at(j.get<std::size_t>())
                                  : data::Column::named(j.get<std::string>());
}

}  // namespace

nlohmann::json toJson(const data::ReadOptions& o) {
    nlohmann::json j{{"format", std::string(data::formatName(o.format))},
                     {"skip_bad_rows", o.onError == data::ErrorPolicy::Skip},
                     {"has_header", o.hasHeader},
                     {"text_separator", o.textSeparator}};
    j["text_columns"] = nlohmann::json::array();
    for (const auto& c : o.textColumns) j["text_columns"].push_back(columnJson(c));
    j["label_column"] = o.labelColumn ? columnJson(*o.labelColumn) : nlohmann::json(nullptr);
    if (o.labels)
        j["labels"] = {{"kind", o.labels->kind == data::LabelSpec::Kind::Ids ? "ids" : "names"},
                       {"first_id", o.labels->firstId},
                       {"names", o.labels->names}};
    else
        j["labels"] = nullptr;
    return j;
}

data::ReadOptions readOptionsFromJson(const nlohmann::json& j) {
    data::ReadOptions o;
    if (const auto f = data::formatFromName(j.value("format", std::string("auto")))) o.format = *f;
    o.onError = j.value("skip_bad_rows", false) ? data::ErrorPolicy::Skip : data::ErrorPolicy::Fail;
    o.hasHeader = j.value("has_header", true);
    o.textSeparator = j.value("text_separator", std::string(" "));
    if (j.contains("text_columns"))
        for (const auto& c : j.at("text_columns")) o.textColumns.push_back(columnFromJson(c));
    if (j.contains("label_column") && !j.at("label_column").is_null())
        o.labelColumn = columnFromJson(j.at("label_column"));
    if (j.contains("labels") && !j.at("labels").is_null()) {
        const auto& l = j.at("labels");
        const auto names = l.value("names", std::vector<std::string>());
        o.labels = l.value("kind", std::string("names")) == "ids"
                       ? data::LabelSpec::byId(l.value("first_id", std::int64_t{0}), names)
                       : data::LabelSpec::byName(names);
    }
    return o;
}

nlohmann::json toJson(const JobSpec& s) {
    nlohmann::json j{{"train_file", s.trainFile.string()},
                     {"eval_file", s.evalFile.string()},
                     {"read_options", toJson(s.readOptions)},
                     {"validation_fraction", s.validationFraction},
                     {"preset", s.preset},
                     {"model_folder", s.modelFolder.string()},
                     {"options", toJson(s.options)},
                     {"max_length", s.maxLength},
                     {"vocab_size", s.vocabSize},
                     {"class_weights", s.classWeights},
                     {"out_folder", s.outFolder.string()},
                     {"work_folder", s.workFolder.string()},
                     {"dataset_name", s.datasetName},
                     {"export_best_during_training", s.exportBestDuringTraining}};
    j["dropout"] = s.dropout ? nlohmann::json(*s.dropout) : nlohmann::json(nullptr);
    return j;
}

JobSpec jobSpecFromJson(const nlohmann::json& j) {
    JobSpec s;
    s.trainFile = j.at("train_file").get<std::string>();
    s.evalFile = j.value("eval_file", std::string());
    if (j.contains("read_options")) s.readOptions = readOptionsFromJson(j.at("read_options"));
    s.validationFraction = j.value("validation_fraction", 0.1);
    s.preset = j.value("preset", std::string());
    s.modelFolder = j.value("model_folder", std::string());
    if (j.contains("options")) s.options = trainerOptionsFromJson(j.at("options"));
    s.maxLength = j.value("max_length", 256);
    s.vocabSize = j.value("vocab_size", std::size_t{8000});
    s.classWeights = j.value("class_weights", std::string());
    s.outFolder = j.value("out_folder", std::string());
    s.workFolder = j.value("work_folder", std::string());
    s.datasetName = j.value("dataset_name", std::string());
    s.exportBestDuringTraining = j.value("export_best_during_training", false);
    if (j.contains("dropout") && !j.at("dropout").is_null()) s.dropout = j.at("dropout").get<double>();
    return s;
}

std::vector<double> parseClassWeights(const std::string& spec, const std::vector<std::int32_t>& labels,
                                      std::size_t numClasses) {
    std::vector<double> w;
    if (spec == "balanced") {
        std::vector<double> count(numClasses, 0);
        for (const auto l : labels)
            if (l >= 0 && std::size_t(l) < numClasses) count[std::size_t(l)] += 1;
        for (const auto c : count)
            w.push_back(c > 0 ? double(labels.size()) / (double(numClasses) * c) : 0.0);
        return w;
    }
    std::stringstream s(spec);
    std::string item;
    while (std::getline(s, item, ',')) {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || !std::isfinite(v) || v < 0)
            throw std::invalid_argument("class weights: '" + item + "' is not a non-negative number");
        w.push_back(v);
    }
    if (w.size() != numClasses)
        throw std::invalid_argument("class weights: " + std::to_string(w.size()) + " weights for " +
                                    std::to_string(numClasses) + " classes");
    return w;
}

TrainingJob::TrainingJob(JobSpec spec) : spec_(std::move(spec)) {}
TrainingJob::~TrainingJob() = default;

void TrainingJob::requestStop() {
    stop_ = true;
    std::lock_guard lock(mutex_);
    if (trainer_) trainer_->requestStop();
}

void TrainingJob::pause() {
    paused_ = true;
    std::lock_guard lock(mutex_);
    if (trainer_) trainer_->pause();
}

void TrainingJob::resume() {
    paused_ = false;
    std::lock_guard lock(mutex_);
    if (trainer_) trainer_->resume();
}

namespace {

void phase(TrainingEvents* events, const char* name, double fraction) {
    if (auto* j = dynamic_cast<JobEvents*>(events)) j->onPhase(name, fraction);
}

void log(TrainingEvents* events, const std::string& text, LogLevel level = LogLevel::Info) {
    if (events) events->onLog(level, text);
}

// What a run trains or evaluates on, as recorded in its work folder's data.json when it starts:
// the file, its rows as read, the rows used (after a held-out split) and a SHA-256 of their
// texts and classes. A resume compares it with what it reads now.
nlohmann::json describeRows(const fs::path& file, std::size_t fileRows, const data::Dataset& d) {
    io::Sha256 h;
    for (std::size_t i = 0; i < d.size(); ++i) {
        const std::uint64_t size = d.texts[i].size();
        h.update(&size, sizeof(size));
        h.update(d.texts[i]);
        const std::int32_t label = d.labels[i];
        h.update(&label, sizeof(label));
    }
    for (const auto& name : d.labelNames) {
        const std::uint64_t size = name.size();
        h.update(&size, sizeof(size));
        h.update(name);
    }
    return {{"file", file.string()}, {"file_rows", fileRows}, {"rows", d.size()}, {"sha256", io::toHex(h.finish())}};
}

std::string rowCount(std::size_t n) {
    std::string digits = std::to_string(n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3) digits.insert(std::size_t(i), ",");
    return digits + (n == 1 ? " row" : " rows");
}

// Refuses to resume on other data than the run started with (a file edited, replaced or cut
// since): its evaluations, the best model and the epochs' positions would silently mix two
// datasets. Runs recorded before data.json existed are not checked.
void checkSameData(const fs::path& record, const nlohmann::json& now) {
    std::error_code ec;
    if (!fs::exists(record, ec)) return;
    nlohmann::json then;
    try {
        std::ifstream in(record);
        then = nlohmann::json::parse(in);
    } catch (const std::exception&) {
        return;  // unreadable: nothing to compare with (it is written again)
    }
    for (const char* part : {"train", "eval"}) {
        if (!then.contains(part) || !then[part].is_object()) continue;
        const auto& a = then[part];
        const auto& b = now[part];
        if (a.value("sha256", std::string()) == b.value("sha256", std::string())) continue;
        const std::size_t rowsThen = a.value("file_rows", std::size_t{0}), rowsNow = b.value("file_rows", std::size_t{0});
        const std::string counts = rowsThen == rowsNow ? rowCount(rowsNow) + " then and now, but not the same rows"
                                                       : rowCount(rowsThen) + " then, " + std::to_string(rowsNow) + " now";
        const fs::path file = b.value("file", std::string());
        throw FileError(file, 0,
                        "the file has changed since this run started (" + counts +
                            "): a run continues only on the data it started with. Put the file back as it was, "
                            "or start a new run on the changed file");
    }
}

EncodedExamples encode(const text::Tokenizer& tokenizer, const data::Dataset& d, std::size_t maxLength,
                       const fs::path& cache, TrainingEvents* events) {
    auto r = text::loadOrEncode(tokenizer, d, maxLength, cache);
    if (!r.writeError.empty()) log(events, "token cache not written: " + r.writeError, LogLevel::Warning);
    return {std::move(r.encoded), d.labels};
}

}  // namespace

JobResult TrainingJob::run(TrainingEvents* events, bool resume) {
    JobResult out;
    const auto stopped = [&] {
        out.training.status = RunStatus::Stopped;
        if (events) events->onFinished(out.training);
        return out;
    };
    if (spec_.trainFile.empty()) throw std::invalid_argument("no training file given");
    if (spec_.outFolder.empty()) throw std::invalid_argument("no output folder given");
    if (spec_.modelFolder.empty() && !model::isPreset(spec_.preset)) {
        std::string known;
        for (const auto& n : model::presetNames()) known += (known.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown model preset '" + spec_.preset + "' (known: " + known + ")");
    }
    if (spec_.maxLength < 2) throw std::invalid_argument("max length must be at least 2");
    // Options no run can use, and a device that is not here, are refused before anything is read.
    checkOptions(spec_.options);
    const std::string device = resolveDevice(spec_.options.device);

    // One run at a time in a work folder; the lock goes when run() returns, whichever way.
    const fs::path work = spec_.effectiveWorkFolder();
    io::FolderLock lock = std::move(lock_);
    if (!lock.held() || fs::weakly_canonical(lock.folder()) != fs::weakly_canonical(work))
        lock = io::FolderLock::acquire(work, spec_.holder);
    // Half-built checkpoint and model folders of a process that was killed while writing them.
    TrainerOptions o = spec_.options;
    o.checkpointFolder = spec_.checkpointFolder();
    for (const auto& folder : {o.checkpointFolder / "last", o.checkpointFolder / "best", spec_.bestModelFolder(),
                               spec_.outFolder})
        io::removeAbandonedStagingFolders(folder);

    // Data: the eval set is a seeded stratified split of the training file unless given.
    phase(events, "data", 0);
    // With bad rows skipped, each file's skipped rows are named in a warning, never dropped silently.
    auto readReported = [&](const fs::path& file) {
        data::ReadReport report;
        auto d = data::readDataset(file, spec_.readOptions, &report);
        if (report.skippedRows > 0) {
            std::string summary = report.summary();
            while (!summary.empty() && summary.back() == '\n') summary.pop_back();
            log(events, file.string() + ": " + summary, LogLevel::Warning);
        }
        return d;
    };
    data::Dataset trainSet = readReported(spec_.trainFile);
    const std::size_t trainFileRows = trainSet.size();
    data::Dataset evalSet;
    if (!spec_.evalFile.empty()) {
        std::error_code same;
        if (fs::equivalent(spec_.evalFile, spec_.trainFile, same))
            log(events,
                spec_.evalFile.string() +
                    ": the evaluation file is the training file: its scores say how well the model remembers "
                    "the rows it trained on, not how it does on new text; give a test file, or none (a share "
                    "of the training rows is then held out)",
                LogLevel::Warning);
        evalSet = readReported(spec_.evalFile);
        // It may lack some classes, or order them otherwise.
        if (const auto note = data::useClassesOf(trainSet, evalSet); !note.empty())
            log(events, spec_.evalFile.string() + ": " + note, LogLevel::Warning);
    } else {
        auto [t, v] = data::splitStratified(trainSet, spec_.validationFraction, o.seed);
        trainSet = std::move(t);
        evalSet = std::move(v);
    }
    if (trainSet.size() == 0) throw FileError(spec_.trainFile, 0, "no training rows");
    // Classes the training rows leave out are never learnt; with fewer than two there is nothing
    // to tell apart. (A file in a known format names classes it may hold no rows of.)
    {
        std::vector<std::size_t> perClass(trainSet.numLabels(), 0);
        for (const auto label : trainSet.labels)
            if (label >= 0 && std::size_t(label) < perClass.size()) ++perClass[std::size_t(label)];
        std::vector<std::string> missing, present;
        for (std::size_t c = 0; c < perClass.size(); ++c)
            (perClass[c] == 0 ? missing : present).push_back(trainSet.labelNames[c]);
        auto names = [](const std::vector<std::string>& list) {
            std::string joined;
            for (const auto& n : list) joined += (joined.empty() ? "" : ", ") + n;
            return joined;
        };
        if (present.size() < 2)
            log(events,
                spec_.trainFile.string() + ": every training row is of one class (" + names(present) +
                    "): the model can only learn to answer " + names(present) + " for any text",
                LogLevel::Warning);
        else if (!missing.empty())
            log(events,
                spec_.trainFile.string() + ": no training rows of " + (missing.size() == 1 ? "class " : "classes ") +
                    names(missing) + ": the model will not learn to predict " + (missing.size() == 1 ? "it" : "them"),
                LogLevel::Warning);
    }
    out.labels = trainSet.labelNames;
    out.trainRows = trainSet.size();
    out.evalRows = evalSet.size();
    if (auto* j = dynamic_cast<JobEvents*>(events)) j->onData(out.labels, out.trainRows, out.evalRows);
    phase(events, "data", 1);
    if (stop_) return stopped();

    // What this run trains and evaluates on: recorded by a new run, compared by a resume.
    const nlohmann::json rows = {
        {"labels", trainSet.labelNames},  // the class names in id order (export --checkpoint reads them)
        {"train", describeRows(spec_.trainFile, trainFileRows, trainSet)},
        {"eval", describeRows(spec_.evalFile.empty() ? spec_.trainFile : spec_.evalFile,
                              spec_.evalFile.empty() ? trainFileRows : evalSet.size(), evalSet)}};
    const fs::path dataRecord = work / "data.json";
    if (resume) checkSameData(dataRecord, rows);

    if (!resume) {
        // A new run in a folder that held another one starts from nothing of it: a stale trained
        // tokenizer would be loaded as this run's, a stale checkpoint resumed as this run's after
        // a crash, and a stale model taken for this run's. Done once the data has been read, so
        // that a mistyped file name loses nothing. (The CLI refuses a folder with a run in it
        // unless told to replace it.)
        std::error_code ec;
        for (const auto& stale : {o.checkpointFolder / "last", o.checkpointFolder / "best", work / "tokenizer",
                                  spec_.bestModelFolder(), spec_.outFolder}) {
            fs::remove_all(stale, ec);
            if (ec) throw FileError(stale, 0, "cannot remove the previous run's files: " + ec.message());
        }
    }
    io::writeFileAtomically(dataRecord, rows.dump(2) + "\n");

    phase(events, spec_.modelFolder.empty() && spec_.preset != "ngram" ? "tokenizer" : "model", 0);
    model::PresetOptions po;
    po.labels = trainSet.labelNames;
    po.seed = o.seed;
    po.dropout = spec_.dropout;
    po.vocabSize = spec_.vocabSize;
    po.maxLength = std::size_t(spec_.maxLength);
    po.workFolder = work;
    po.trainingTexts = &trainSet;
    model::PresetModel m = spec_.modelFolder.empty() ? model::makePreset(spec_.preset, po)
                                                     : model::loadPretrained(spec_.modelFolder, po);
    const std::size_t maxLen =
        std::min<std::size_t>(std::size_t(spec_.maxLength), std::size_t(m.config.maxPositionEmbeddings));
    o.padId = m.tokenizer->specialTokens().pad >= 0 ? m.tokenizer->specialTokens().pad : m.config.padTokenId;
    if (!spec_.classWeights.empty())
        o.classWeights = parseClassWeights(spec_.classWeights, trainSet.labels, trainSet.numLabels());
    phase(events, "model", 1);
    if (stop_) return stopped();

    if (spec_.modelFolder.empty() && spec_.preset != "ngram" && m.tokenizer->vocabSize() < spec_.vocabSize)
        log(events, "the tokenizer has " + std::to_string(m.tokenizer->vocabSize()) +
                        " pieces: the training texts do not fill the " + std::to_string(spec_.vocabSize) + " asked for",
            LogLevel::Warning);
    log(events, "training " + spec_.modelName() + " on " + rowCount(trainSet.size()) + ", evaluating on " +
                    rowCount(evalSet.size()) + ", on " +
                    (device == "cpu" ? std::string("the CPU") : device) + (resume ? " (resuming)" : ""));
    // Which matrix-product kernels a CPU run multiplies with, where Headliner overrode OpenBLAS.
    if (const auto kernels = blas::kernels(); !kernels.note.empty() && device == "cpu")
        log(events, "BLAS: " + kernels.note);
    phase(events, "encode", 0);
    const auto trainExamples = encode(*m.tokenizer, trainSet, maxLen, work / "cache", events);
    phase(events, "encode", 0.5);
    const auto evalExamples = encode(*m.tokenizer, evalSet, maxLen, work / "cache", events);
    phase(events, "encode", 1);
    if (stop_) return stopped();

    phase(events, "train", 0);
    // With exportBestDuringTraining, a best evaluation also writes a model folder that can be
    // loaded for prediction while training goes on (an atomic swap, so readers never see half).
    struct BestExporter final : JobEvents {
        TrainingEvents* next = nullptr;
        std::function<void()> exportNow;
        std::filesystem::path folder;
        void onStep(const StepEvent& e) override { if (next) next->onStep(e); }
        // The model holds the evaluated weights while this is called: export them when best.
        void onEvaluation(const EvaluationEvent& e) override {
            if (next) next->onEvaluation(e);
            if (e.best && exportNow) exportNow();
        }
        void onCheckpoint(const CheckpointEvent& e) override { if (next) next->onCheckpoint(e); }
        void onLog(LogLevel l, const std::string& m) override { if (next) next->onLog(l, m); }
        void onError(const std::string& m) override { if (next) next->onError(m); }
        void onFinished(const TrainingResult& r) override { if (next) next->onFinished(r); }
    } bestExporter;
    bestExporter.next = events;
    bestExporter.folder = spec_.bestModelFolder();
    TrainingEvents* trainerEvents = events;
    if (spec_.exportBestDuringTraining) trainerEvents = &bestExporter;
    model::ExportOptions quick;
    quick.maxLength = maxLen;
    quick.card.baseModel = m.baseModel;
    quick.card.datasetName = spec_.datasetName.empty() ? spec_.trainFile.filename().string() : spec_.datasetName;
    const auto exportBest = [&] {
        try {
            if (m.distilbert) model::exportModelFolder(m.distilbert, *m.tokenizer, bestExporter.folder, quick);
            else model::exportNgramFolder(*m.classifier, m.config.labels, *m.tokenizer, bestExporter.folder, quick);
            if (auto* j = dynamic_cast<JobEvents*>(events)) j->onBestModel(bestExporter.folder);
        } catch (const std::exception& e) {
            log(events, std::string("the best model so far was not exported: ") + e.what(), LogLevel::Warning);
        }
    };
    bestExporter.exportNow = exportBest;
    Trainer trainer(m.classifier, o, trainerEvents);
    {
        std::lock_guard lock(mutex_);
        trainer_ = &trainer;
        if (paused_) trainer.pause();
    }
    TrainingResult result;
    try {
        result = trainer.run(trainExamples, &evalExamples, resume);
    } catch (...) {
        std::lock_guard lock(mutex_);
        trainer_ = nullptr;
        throw;
    }
    {
        std::lock_guard lock(mutex_);
        trainer_ = nullptr;
    }
    // A stop that came in between Trainer::run's start and its first check is honoured there;
    // one that came after the last step leaves a finished run, which is exported below.
    out.training = result;
    if (result.status != RunStatus::Completed && result.status != RunStatus::EarlyStopped) return out;

    // The model card: the recipe and one row per evaluation.
    phase(events, "export", 0);
    model::ExportOptions ex;
    ex.maxLength = maxLen;
    ex.card.baseModel = m.baseModel;
    ex.card.datasetName = spec_.datasetName.empty() ? spec_.trainFile.filename().string() : spec_.datasetName;
    const auto recipe = toJson(o);
    for (const auto& [k, v] : recipe.items())
        if (k != "checkpoint_folder") ex.card.recipe.emplace_back(k, v.dump());
    ex.card.recipe.emplace_back("max_length", std::to_string(maxLen));
    for (const auto& h : result.history) {
        model::EpochMetrics e;
        e.epoch = int(std::ceil(h.epoch - 1e-9));
        e.trainLoss = e.epoch >= 1 && std::size_t(e.epoch) <= result.epochTrainLoss.size()
                          ? result.epochTrainLoss[std::size_t(e.epoch - 1)]
                          : 0.0;
        e.evalLoss = h.loss, e.accuracy = h.accuracy, e.macroF1 = h.macroF1;
        ex.card.epochs.push_back(e);
    }
    ex.progress = [events](double f, const std::string&) { phase(events, "export", f); };
    if (m.distilbert)
        model::exportModelFolder(m.distilbert, *m.tokenizer, spec_.outFolder, ex);
    else
        model::exportNgramFolder(*m.classifier, m.config.labels, *m.tokenizer, spec_.outFolder, ex);
    out.modelFolder = spec_.outFolder;
    phase(events, "export", 1);
    return out;
}

}  // namespace headliner::train
