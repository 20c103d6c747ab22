#pragma once
// One whole training run, from files to an exported model folder: the pipeline that the CLI's
// `train` and the app's Train page share.
//
//   JobSpec spec;  spec.trainFile = "train.csv";  spec.preset = "scratch-d128";  spec.outFolder = "model";
//   TrainingJob job(spec);
//   JobResult r = job.run(&events);          // on the thread that should own the LibTorch work
//
// Steps: read the data (evaluation data from spec.evalFile, else a seeded stratified share of
// the training file), build the model (a preset, or a pretrained folder to fine-tune), tokenize
// once (cached in the work folder), train with Trainer, export the best weights to outFolder
// with a model card. Everything the run needs to resume lives in the work folder.
//
// Problems found before training (a missing or malformed file, a wrong option) throw
// (headliner::FileError, std::invalid_argument); problems during training end the run with
// RunStatus::Failed, as Trainer reports them. No LibTorch in this header.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/ReadOptions.h"
#include "core/io/FolderLock.h"
#include "core/train/TrainingEvents.h"
#include "core/train/TrainingOptions.h"

namespace headliner::train {

class Trainer;

struct JobSpec {
    std::filesystem::path trainFile;
    std::filesystem::path evalFile;     // empty: validationFraction of the training file
    data::ReadOptions readOptions;      // how both files are read (format, columns, bad rows)
    double validationFraction = 0.1;    // held out (stratified, seeded by options.seed) without evalFile
    std::string preset;                 // a model::presetNames() name; ignored when modelFolder is set
    std::filesystem::path modelFolder;  // a Hugging Face folder or hub cache entry to fine-tune
    TrainerOptions options;             // checkpointFolder is set from workFolder by the job
    int maxLength = 256;                // token ids per text, special tokens included
    std::size_t vocabSize = 8000;       // scratch presets: the sentencepiece vocabulary
    std::optional<double> dropout;      // overrides every dropout of the model
    std::string classWeights;           // "", "balanced", or comma-separated weights per class
    std::filesystem::path outFolder;    // the exported model folder
    std::filesystem::path workFolder;   // empty: outFolder + ".training"
    std::string datasetName;            // for the model card; empty: the training file's name
    // Also export the best weights so far to workFolder/best-model whenever an evaluation is the
    // best yet, so the model can be tried while the run goes on (the app's Predict page).
    bool exportBestDuringTraining = false;
    // Who trains, for the message a second run into the same work folder is refused with.
    std::string holder = "Headliner";

    std::filesystem::path effectiveWorkFolder() const;
    std::filesystem::path checkpointFolder() const { return effectiveWorkFolder() / "checkpoints"; }
    std::filesystem::path bestModelFolder() const { return effectiveWorkFolder() / "best-model"; }
    std::string modelName() const;  // the preset, or the pretrained folder's name
};

// The recipe defaults of a preset: the notebook's for fine-tuning (lr 2e-5, batch 64, 3 epochs,
// weight decay 0.01); for the from-scratch transformers a rate that trains random weights
// (lr 1e-3, batch 32, 3 epochs, 10% warm-up); fastText's for the n-gram baseline (lr 2e-2,
// batch 32, 5 epochs, no decay).
TrainerOptions defaultOptionsFor(const std::string& preset);

nlohmann::json toJson(const JobSpec& spec);
// ReadOptions as JSON: format name, skip_bad_rows, text_columns, label_column, has_header and
// the label spec ({"kind": "names"|"ids", "first_id", "names"}, null for the format's default).
nlohmann::json toJson(const data::ReadOptions& options);
data::ReadOptions readOptionsFromJson(const nlohmann::json& json);
JobSpec jobSpecFromJson(const nlohmann::json& json);  // throws nlohmann::json::exception

struct JobResult {
    TrainingResult training;
    std::filesystem::path modelFolder;  // the exported folder (Completed and EarlyStopped runs)
    std::vector<std::string> labels;
    std::size_t trainRows = 0, evalRows = 0;
};

// Preparation steps before the first training step, for a progress indication.
struct JobEvents : TrainingEvents {
    // phase: "data", "tokenizer", "model", "encode", "train", "export"; fraction 0..1 of that phase.
    virtual void onPhase(const std::string& /*phase*/, double /*fraction*/) {}
    // Once the data is read: the class names (label-id order) and the rows of each part.
    virtual void onData(const std::vector<std::string>& /*labels*/, std::size_t /*trainRows*/,
                        std::size_t /*evalRows*/) {}
    // exportBestDuringTraining: a complete model folder of the best weights so far was written.
    virtual void onBestModel(const std::filesystem::path& /*folder*/) {}
};

class TrainingJob {
public:
    explicit TrainingJob(JobSpec spec);
    ~TrainingJob();
    TrainingJob(const TrainingJob&) = delete;
    TrainingJob& operator=(const TrainingJob&) = delete;

    // Runs the whole pipeline on the calling thread. resume: continue from the work folder's last
    // checkpoint (a run without one starts anew). events may be a plain TrainingEvents or a
    // JobEvents. A stop requested before training starts returns status Stopped.
    // The work folder is locked while it runs: a second run into it, in this process or another,
    // throws io::FolderInUse before it touches anything.
    JobResult run(TrainingEvents* events = nullptr, bool resume = false);

    // A lock on the work folder that the caller took earlier (the CLI, before it writes the
    // run's options there); run() keeps it, and releases it when it returns.
    void adoptLock(io::FolderLock lock) { lock_ = std::move(lock); }

    // From any thread.
    void requestStop();
    void pause();
    void resume();
    bool isPaused() const { return paused_; }

    const JobSpec& spec() const { return spec_; }

private:
    JobSpec spec_;
    std::mutex mutex_;
    Trainer* trainer_ = nullptr;  // guarded by mutex_; set while Trainer::run runs
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    io::FolderLock lock_;
};

// Parses "balanced" (n / (classes x count), as scikit-learn) or "w1,w2,...". Throws
// std::invalid_argument naming the problem.
std::vector<double> parseClassWeights(const std::string& spec, const std::vector<std::int32_t>& labels,
                                      std::size_t numClasses);

}  // namespace headliner::train
