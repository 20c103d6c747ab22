#include "ui/TrainingController.h"

#include <algorithm>

#include <QMetaObject>

#include "core/Error.h"

namespace headliner::ui {

namespace {

// The job's events, on the worker thread, posted to the controller's thread. Each post copies
// plain values; nothing here touches a widget.
class QueuedEvents final : public train::JobEvents {
public:
    explicit QueuedEvents(TrainingController* target) : target_(target) {}

    void onPhase(const std::string& phase, double fraction) override {
        post([t = target_, p = QString::fromStdString(phase), fraction] {
            Q_EMIT t->phaseChanged(p, fraction);
        });
    }
    void onStep(const train::StepEvent& e) override {
        post([t = target_, e] { Q_EMIT t->stepped(e); });
    }
    void onEvaluation(const train::EvaluationEvent& e) override {
        post([t = target_, e] { Q_EMIT t->evaluated(e); });
    }
    void onCheckpoint(const train::CheckpointEvent& e) override {
        post([t = target_, e] { Q_EMIT t->checkpointSaved(e); });
    }
    void onLog(train::LogLevel level, const std::string& message) override {
        post([t = target_, m = QString::fromStdString(message), w = level == train::LogLevel::Warning] {
            Q_EMIT t->logged(m, w);
        });
    }
    void onBestModel(const std::filesystem::path& folder) override {
        post([t = target_, f = QString::fromStdString(folder.string())] {
            Q_EMIT t->bestModelExported(t->currentRunId(), f);
        });
    }
    void onError(const std::string& message) override {
        post([t = target_, m = QString::fromStdString(message)] { Q_EMIT t->logged(m, true); });
    }

private:
    template <class F>
    void post(F&& f) {
        QMetaObject::invokeMethod(target_, std::forward<F>(f), Qt::QueuedConnection);
    }
    TrainingController* target_;
};

}  // namespace

TrainingController::TrainingController(const QString& runsFolder, QObject* parent)
    : QObject(parent), store_(runsFolder.toStdString()) {}

TrainingController::~TrainingController() {
    if (job_) job_->requestStop();
    wait();
}

void TrainingController::wait() {
    if (worker_.joinable()) worker_.join();
}

bool TrainingController::start(const train::JobSpec& spec) {
    if (running_) {
        Q_EMIT failed(tr("A training run is already going on. Stop it first."));
        return false;
    }
    try {
        auto withBest = spec;
        withBest.exportBestDuringTraining = true;  // the Predict page can try the run while it trains
        return launch(store_.create(withBest), false);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return false;
    }
}

bool TrainingController::resumeRun(const QString& runFolder) {
    if (running_) {
        Q_EMIT failed(tr("A training run is already going on. Stop it first."));
        return false;
    }
    try {
        auto run = store_.load(runFolder.toStdString());
        if (!run.isResumable()) {
            Q_EMIT failed(
                tr("The run %1 has no checkpoint to continue from.").arg(QString::fromStdString(run.id)));
            return false;
        }
        return launch(std::move(run), true);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return false;
    }
}

bool TrainingController::resumeWithBatchSize(const QString& runFolder, int batchSize) {
    if (running_) {
        Q_EMIT failed(tr("A training run is already going on. Stop it first."));
        return false;
    }
    try {
        auto run = store_.load(runFolder.toStdString());
        auto& o = run.spec.options;
        if (batchSize < 1 || batchSize >= o.batchSize) {
            Q_EMIT failed(tr("The run %1 already uses batches of %2 rows.")
                              .arg(QString::fromStdString(run.id))
                              .arg(o.batchSize));
            return false;
        }
        const int effective = o.batchSize * std::max(1, o.gradientAccumulation);
        o.gradientAccumulation = std::max(1, (effective + batchSize - 1) / batchSize);
        o.batchSize = batchSize;
        const bool fromCheckpoint = run.isResumable();
        return launch(std::move(run), fromCheckpoint);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return false;
    }
}

bool TrainingController::launch(train::RunRecord run, bool resume) {
    wait();  // the previous worker has posted its last event; join it before reusing worker_
    // Before anything of the run is written: another process (the CLI, a second window of the
    // app) may be training it. Throws io::FolderInUse, which the callers report.
    auto lock = io::FolderLock::acquire(run.spec.effectiveWorkFolder(), "the Headliner app");
    job_ = std::make_shared<train::TrainingJob>(run.spec);
    job_->adoptLock(std::move(lock));
    running_ = true;
    paused_ = false;
    runId_ = QString::fromStdString(run.id);
    const QString folder = QString::fromStdString(run.folder.string());
    Q_EMIT started(runId_, folder, resume);
    worker_ = std::thread([this, job = job_, run = std::move(run), resume]() mutable {
        QueuedEvents events(this);
        train::RunRecorder recorder(run, &events);
        recorder.start(resume);
        QString error;
        train::JobResult result;
        try {
            result = job->run(&recorder, resume);
            if (result.training.status == train::RunStatus::Failed)
                error = QString::fromStdString(result.training.error);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
            recorder.fail(e.what());
        }
        const int state = int(run.state);
        const QString model =
            result.modelFolder.empty() ? QString() : QString::fromStdString(result.modelFolder.string());
        QMetaObject::invokeMethod(
            this,
            [this, id = QString::fromStdString(run.id), state, model, error] {
                running_ = false;
                paused_ = false;
                job_.reset();
                Q_EMIT finished(id, state, model, error);
            },
            Qt::QueuedConnection);
    });
    return true;
}

void TrainingController::pause() {
    if (!job_ || paused_) return;
    job_->pause();
    paused_ = true;
    Q_EMIT pausedChanged(true);
}

void TrainingController::resume() {
    if (!job_ || !paused_) return;
    job_->resume();
    paused_ = false;
    Q_EMIT pausedChanged(false);
}

void TrainingController::stop() {
    if (!job_) return;
    job_->requestStop();
    if (paused_) {
        paused_ = false;
        Q_EMIT pausedChanged(false);
    }
}

}  // namespace headliner::ui
