#pragma once
// Runs a TrainingJob on a worker thread and turns its events into queued Qt signals: the UI
// receives numbers and strings on its own thread, never tensors, and never waits for a step.
// Every run is recorded in the RunStore (run.json, metrics.jsonl, checkpoints, model), so the
// app lists it after a restart and an interrupted run can be resumed.

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

#include "core/train/RunStore.h"
#include "core/train/TrainingJob.h"

namespace headliner::ui {

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(const QString& runsFolder, QObject* parent = nullptr);
    ~TrainingController() override;  // stops a running job and waits for its thread

    train::RunStore& store() { return store_; }
    bool isRunning() const { return running_; }
    bool isPaused() const { return paused_; }
    // The run going on now (or the last one), as recorded so far on the UI thread.
    QString currentRunId() const { return runId_; }

public Q_SLOTS:
    // A new run of spec in the store; false (and failed() emitted) when one is already running
    // or the run folder cannot be made.
    bool start(const headliner::train::JobSpec& spec);
    // Continues a stopped or interrupted run from its last checkpoint.
    bool resumeRun(const QString& runFolder);
    // After running out of memory: the run again with `batchSize` rows per batch and the
    // gradient accumulation raised so that the effective batch stays (batch × accumulation),
    // from its last checkpoint when it has one, else from the start. The new settings are
    // recorded in the run's run.json.
    bool resumeWithBatchSize(const QString& runFolder, int batchSize);
    void pause();
    void resume();
    void stop();
    // Blocks until the worker thread has ended (tests, shutdown).
    void wait();

Q_SIGNALS:
    void started(const QString& runId, const QString& runFolder, bool resumed);
    void phaseChanged(const QString& phase, double fraction);
    void stepped(const headliner::train::StepEvent& step);
    void evaluated(const headliner::train::EvaluationEvent& evaluation);
    // A checkpoint is complete on disk (the run can be resumed from its step).
    void checkpointSaved(const headliner::train::CheckpointEvent& checkpoint);
    void logged(const QString& message, bool warning);
    void pausedChanged(bool paused);
    // The best weights so far are in `folder` (a model folder, replaced at each new best).
    void bestModelExported(const QString& runId, const QString& folder);
    // state: a train::RunState as int. modelFolder is empty unless the run exported a model.
    void finished(const QString& runId, int state, const QString& modelFolder, const QString& error);
    // A run that could not start (another is running, a folder cannot be written).
    void failed(const QString& message);

private:
    bool launch(train::RunRecord run, bool resume);

    train::RunStore store_;
    std::thread worker_;
    std::shared_ptr<train::TrainingJob> job_;
    bool running_ = false;
    bool paused_ = false;
    QString runId_;
};

}  // namespace headliner::ui
