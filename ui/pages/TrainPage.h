#pragma once
#include <QElapsedTimer>

#include "core/train/RunStore.h"
#include "ui/pages/PageFrame.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace headliner::ui {

class TrainingCharts;
class Workspace;

// The training panel: model and recipe (the notebook's defaults, validated, with tooltips),
// device and precision; start, pause, resume and stop; live charts; progress with samples/s and
// ETA; a log; the confusion matrix and per-class table after each evaluation; the run history
// (kept on disk), from which an interrupted run resumes.
class TrainPage : public PageFrame {
    Q_OBJECT
public:
    explicit TrainPage(Workspace* workspace, QWidget* parent = nullptr);

    // The run the form describes (for the current dataset). Empty trainFile when none is open.
    train::JobSpec jobSpec() const;
    TrainingCharts* charts() const { return charts_; }

    // Tests and scripted use.
    void selectModel(const QString& preset);
    QSpinBox* epochsBox() const { return epochs_; }
    QSpinBox* maxStepsBox() const { return maxSteps_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* stopButton() const { return stop_; }
    QListWidget* runList() const { return runs_; }
    QTableWidget* confusionTable() const { return confusion_; }

public Q_SLOTS:
    void startTraining();
    void refreshRuns();
    // After a run in runFolder ran out of memory (error: the trainer's message): a dialog, not
    // modal, named "outOfMemoryDialog", offering to resume it with half the batch size and the
    // accumulation raised to keep the effective batch (button "resumeSmallerBatch"). False, and
    // no dialog, when the run cannot be read or its batch is already 1 row. onFinished calls it.
    bool offerSmallerBatch(const QString& runFolder, const QString& runId, const QString& error);

private:
    QWidget* buildForm();
    QWidget* buildRunPanel();
    void applyPresetDefaults();
    void updateButtons();
    void updateDatasetState();
    void onStarted(const QString& runId, const QString& folder, bool resumed);
    void onStep(const train::StepEvent& e);
    void onEvaluation(const train::EvaluationEvent& e);
    void onFinished(const QString& runId, int state, const QString& model, const QString& error);
    void showEvaluation(const train::EvalMetrics& m, const std::vector<std::string>& labels);
    void showStoredRun(const QString& folder);
    void appendLog(const QString& text, bool warning = false);

    Workspace* workspace_;
    // Form.
    QComboBox* model_;
    QLineEdit* modelFolder_;
    QWidget* modelFolderRow_;
    QFormLayout* modelForm_;
    QSpinBox* epochs_;
    QSpinBox* maxSteps_;
    QSpinBox* batch_;
    QDoubleSpinBox* lr_;
    QDoubleSpinBox* weightDecay_;
    QDoubleSpinBox* warmup_;
    QSpinBox* maxLength_;
    QSpinBox* vocab_;
    QSpinBox* seed_;
    QDoubleSpinBox* gradNorm_;
    QComboBox* device_;
    QComboBox* precision_;
    QLabel* evalSource_;
    QLabel* formError_;
    // Run panel.
    QPushButton* start_;
    QPushButton* pause_;
    QPushButton* stop_;
    QCheckBox* epochAxis_;
    QCheckBox* compare_;
    QProgressBar* progress_;
    QLabel* status_;
    TrainingCharts* charts_;
    QTabWidget* tabs_;
    QPlainTextEdit* log_;
    QTableWidget* confusion_;
    QTableWidget* perClass_;
    QLabel* evalTitle_;
    QListWidget* runs_;
    QPushButton* resumeRun_;
    QPushButton* deleteRun_;

    std::vector<std::string> labels_;  // of the run being shown
    double rate_ = 0;                  // smoothed samples/s
    QElapsedTimer sinceStart_;
    std::int64_t firstStep_ = -1;
    bool resumeOffered_ = false;
    QString runFolder_;  // of the run started last
};

}  // namespace headliner::ui
