#pragma once
// Prediction on its own thread with its own model, so that typing never waits for the model and
// never waits for a training run. Requests are "latest wins": while the model works on one text,
// newer texts replace older ones that have not started. A batch file runs in chunks, with
// typed texts served between chunks.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace headliner::ui {

class PredictionService : public QObject {
    Q_OBJECT
public:
    explicit PredictionService(QObject* parent = nullptr);
    ~PredictionService() override;

    QString modelFolder() const { return folder_; }
    QStringList labels() const { return labels_; }
    // "int8", "bf16" or "fp32": the number format the loaded model predicts in (for DistilBERT
    // models, int8 on a CPU with AVX512-VNNI, bf16 on one with native bf16: infer::Precision::Auto).
    QString precision() const { return precision_; }
    bool hasModel() const { return !labels_.isEmpty(); }

public Q_SLOTS:
    void loadModel(const QString& folder);
    void predict(const QString& text);
    // Texts of `input` (a dataset file Headliner reads, or one text per line) to a CSV at output.
    void predictFile(const QString& input, const QString& output);
    void cancelBatch() { cancelBatch_ = true; }

Q_SIGNALS:
    void modelLoaded(const QString& folder, const QStringList& labels);
    void modelFailed(const QString& folder, const QString& message);
    // probabilities in label order; label is the argmax; milliseconds the prediction took
    // (tokenizing and the forward pass).
    void predicted(const QString& text, const QVector<double>& probabilities, int label, double milliseconds);
    void predictionFailed(const QString& message);
    void batchProgress(qint64 done, qint64 total);
    void batchFinished(const QString& output, qint64 rows, const QString& error);

private:
    struct Task;
    void run();
    void post(Task task);

    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task*> tasks_;      // loads and batches, in order
    std::optional<QString> text_;  // the latest typed text not yet predicted
    std::atomic<bool> quit_{false};
    std::atomic<bool> cancelBatch_{false};
    QString folder_;
    QStringList labels_;
    QString precision_;
};

}  // namespace headliner::ui
