#pragma once
#include <QVector>

#include "ui/pages/PageFrame.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace headliner::ui {

class PredictionService;
class Workspace;

// "Type a headline": the predicted class and a probability bar per class, updated as you type
// (debounced, on the prediction thread). The model is any finished run or an exported folder.
// Batch mode: a file of texts in, a CSV of predictions out, with progress.
class PredictPage : public PageFrame {
    Q_OBJECT
public:
    explicit PredictPage(Workspace* workspace, QWidget* parent = nullptr);

    PredictionService* service() const { return service_; }
    QPlainTextEdit* editor() const { return editor_; }
    QLabel* resultLabel() const { return result_; }
    QLabel* timingLabel() const { return timing_; }
    QLabel* modelInfoLabel() const { return modelInfo_; }
    QComboBox* modelBox() const { return models_; }
    QVector<double> lastProbabilities() const { return lastProbs_; }

public Q_SLOTS:
    void refreshModels();
    void openModelFolder(const QString& folder);
    void classifyFile(const QString& input, const QString& output);

private:
    void onModelChosen(int index, bool reload = false);
    void onBestModel(const QString& runId, const QString& folder);
    void onPrediction(const QString& text, const QVector<double>& probs, int label, double milliseconds);
    void buildBars(const QStringList& labels);

    Workspace* workspace_;
    PredictionService* service_;
    QComboBox* models_;
    QLabel* modelInfo_;
    QPlainTextEdit* editor_;
    QLabel* result_;
    QLabel* timing_;
    QVBoxLayout* barsLayout_;
    QList<QProgressBar*> bars_;
    QTimer* debounce_;
    QPushButton* batch_;
    QPushButton* cancel_;
    QProgressBar* batchProgress_;
    QLabel* batchStatus_;
    QVector<double> lastProbs_;
};

}  // namespace headliner::ui
