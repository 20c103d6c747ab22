#pragma once
#include <QFutureWatcher>

#include <functional>

#include "ui/pages/PageFrame.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace headliner::ui {

class Workspace;

// Export of a finished run: its model as a Hugging Face folder (config.json, model.safetensors,
// tokenizer files, model card), copied into place atomically, with progress and a Python
// snippet that loads it; the run's charts as PNG and its metrics as CSV.
class ExportPage : public PageFrame {
    Q_OBJECT
public:
    explicit ExportPage(Workspace* workspace, QWidget* parent = nullptr);
    ~ExportPage() override;

    QComboBox* runBox() const { return runs_; }
    QLineEdit* destination() const { return destination_; }
    QPlainTextEdit* snippet() const { return snippet_; }
    QLabel* message() const { return message_; }

public Q_SLOTS:
    void refreshRuns();
    // Copies the selected run's model to destination(); exportFinished follows.
    void exportModel();
    bool saveCharts(const QString& folder);
    bool saveMetricsCsv(const QString& file);

Q_SIGNALS:
    void exportFinished(const QString& folder, const QString& error);

private:
    QString selectedRunFolder() const;
    void updateState();

    Workspace* workspace_;
    QComboBox* runs_;
    QLabel* runInfo_;
    QLineEdit* destination_;
    QPushButton* export_;
    QPushButton* charts_;
    QPushButton* csv_;
    QProgressBar* progress_;
    QLabel* message_;
    QPlainTextEdit* snippet_;
    QPushButton* copy_;
    QFutureWatcher<QString>* watcher_;
};

// Copies a model folder to `destination` through a staging folder swapped in at the end, so an
// interrupted export leaves the previous folder (if any) intact. progress(done, total) is
// called per file from the calling thread. Returns an error message, empty on success.
QString copyModelFolder(const QString& source, const QString& destination,
                        const std::function<void(int, int)>& progress = {});

// The run's steps and evaluations as CSV: kind,step,epoch,loss,learning_rate,grad_norm,accuracy,macro_f1.
QString metricsCsv(const QString& runFolder, QString* error);

}  // namespace headliner::ui
