#pragma once
// Runs kept on disk, so that the app lists them after a restart and never loses one.
//
//   RunStore store(dataFolder / "runs");
//   RunRecord run = store.create(spec);             // a new folder; spec's out/work point into it
//   RunRecorder recorder(run, &uiEvents);           // records steps and evaluations as they come
//   TrainingJob(run.spec).run(&recorder);
//   for (const RunRecord& r : store.list()) ...     // newest first
//
// One folder per run:
//   run.json       id, times, status, the JobSpec, class names, the final result; rewritten
//                  atomically whenever the status changes
//   metrics.jsonl  one JSON object per optimizer step {"step", "epoch", "loss", "lr", ...} and per
//                  evaluation {"eval": {...}}; appended and flushed as the run goes
//   work/          checkpoints, token cache, trained tokenizer (the job's work folder)
//   model/         the exported Hugging Face folder, once the run has finished
// A run whose run.json says "running" but whose process is gone was interrupted (a crash, a
// kill, a power cut): list() reports it as Interrupted, resumable when work/ has a checkpoint.
// No Qt and no LibTorch here.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/train/Metrics.h"
#include "core/train/TrainingJob.h"

namespace headliner::train {

enum class RunState { Created, Running, Completed, EarlyStopped, Stopped, Failed, Interrupted };
std::string runStateName(RunState s);             // "created", "running", ..., "interrupted"
RunState parseRunState(const std::string& name);  // unknown names read as Interrupted

struct StepRecord {
    std::int64_t step = 0;
    double epoch = 0;  // fractional
    double loss = 0;
    double learningRate = 0;
    double gradNorm = 0;
    double samplesPerSecond = 0;
};

struct RunRecord {
    std::string id;  // the folder's name, e.g. 20261127-101502-scratch-d128
    std::filesystem::path folder;
    JobSpec spec;
    RunState state = RunState::Created;
    std::string created, updated;  // ISO 8601 UTC
    std::string error;             // Failed: why
    std::vector<std::string> labels;
    std::int64_t pid = 0;    // the process running it (Running only)
    std::int64_t steps = 0;  // optimizer steps done (as last recorded)
    double seconds = 0;
    std::vector<StepRecord> stepLog;   // read from metrics.jsonl (list() leaves it empty)
    std::vector<EvalMetrics> evalLog;  // every evaluation, in order (always read)
    int bestIndex = -1;                // into evalLog: the best accuracy (or lowest loss)

    std::filesystem::path modelFolder() const { return folder / "model"; }
    std::filesystem::path metricsFile() const { return folder / "metrics.jsonl"; }
    bool hasModel() const;     // model/ holds an exported folder
    bool isResumable() const;  // Stopped or Interrupted with a checkpoint to continue from
    bool isFinished() const { return state == RunState::Completed || state == RunState::EarlyStopped; }
};

class RunStore {
public:
    explicit RunStore(std::filesystem::path root);
    const std::filesystem::path& root() const { return root_; }

    // A new run folder with run.json (state Created); spec.outFolder and spec.workFolder are set
    // to its model/ and work/. Throws headliner::FileError when the folder cannot be written.
    RunRecord create(JobSpec spec);

    // Every run under root, newest first. Folders without a readable run.json are skipped.
    std::vector<RunRecord> list() const;

    // One run with its whole step log. Throws headliner::FileError.
    RunRecord load(const std::filesystem::path& folder) const;

    // Removes a run's folder (model, checkpoints and all). A run that is training, in this
    // process or another, is refused (io::FolderInUse).
    void remove(const RunRecord& run) const;

    // Writes run.json of `run` atomically.
    static void save(const RunRecord& run);

private:
    std::filesystem::path root_;
};

// Records a run as it goes (metrics.jsonl, run.json's state) and passes every event on to
// `next` (which may be null). start() marks it Running (resume: keeps the log up to the
// checkpoint's step and drops what came after it); the end of the run (onFinished) records
// the final state. Write errors are reported once through next->onLog, never thrown.
class RunRecorder final : public JobEvents {
public:
    RunRecorder(RunRecord& run, TrainingEvents* next);
    ~RunRecorder() override;

    void start(bool resume);
    // Records a run that could not start or ended with an exception.
    void fail(const std::string& message);

    void onPhase(const std::string& phase, double fraction) override;
    void onData(const std::vector<std::string>& labels, std::size_t trainRows, std::size_t evalRows) override;
    void onBestModel(const std::filesystem::path& folder) override;
    void onStep(const StepEvent& e) override;
    void onEvaluation(const EvaluationEvent& e) override;
    void onCheckpoint(const CheckpointEvent& e) override;
    void onLog(LogLevel level, const std::string& message) override;
    void onError(const std::string& message) override;
    void onFinished(const TrainingResult& result) override;

private:
    void append(const nlohmann::json& record);
    void saveRun();

    RunRecord& run_;
    TrainingEvents* next_;
    std::ofstream log_;
    bool writeErrorReported_ = false;
};

// Keeps the records of metrics.jsonl whose step is <= step (a resumed run repeats the steps
// after its checkpoint); lines cut by a kill are dropped. No file: nothing to do.
void trimMetricsLog(const std::filesystem::path& file, std::int64_t step);

// The optimizer step of the checkpoint a resumed run would start from (0: none).
std::int64_t checkpointStep(const std::filesystem::path& checkpointFolder);

// The time now as ISO 8601 UTC, e.g. 2026-11-27T10:15:02Z.
std::string utcNow();

}  // namespace headliner::train
