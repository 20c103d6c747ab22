#include "ui/PredictionService.h"

#include <QElapsedTimer>

#include <QFile>
#include <QMetaObject>

#include <fstream>
#include <memory>

#include "core/data/DatasetReader.h"
#include "core/infer/Predictor.h"
#include "core/io/AtomicFile.h"
#include "core/io/LineReader.h"

namespace headliner::ui {

namespace {

constexpr std::size_t kMaxLength = 256;
constexpr std::size_t kBatchChunk = 64;

std::string csvField(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

struct PredictionService::Task {
    enum Kind { Load, Batch } kind;
    QString a, b;
};

PredictionService::PredictionService(QObject* parent) : QObject(parent) {
    thread_ = std::thread([this] { run(); });
}

PredictionService::~PredictionService() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        cancelBatch_ = true;
    }
    wake_.notify_all();
    thread_.join();
    for (auto* t : tasks_) delete t;
}

void PredictionService::post(Task task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(new Task(std::move(task)));
    }
    wake_.notify_all();
}

void PredictionService::loadModel(const QString& folder) {
    post({Task::Load, folder, {}});
}

void PredictionService::predictFile(const QString& input, const QString& output) {
    cancelBatch_ = false;
    post({Task::Batch, input, output});
}

void PredictionService::predict(const QString& text) {
    {
        std::lock_guard lock(mutex_);
        text_ = text;
    }
    wake_.notify_all();
}

void PredictionService::run() {
    std::unique_ptr<infer::Predictor> predictor;

    // Serves the latest typed text, if any (called between batch chunks too).
    const auto serveText = [&] {
        std::optional<QString> text;
        {
            std::lock_guard lock(mutex_);
            text.swap(text_);
        }
        if (!text) return;
        if (!predictor) {
            QMetaObject::invokeMethod(
                this, [this] { Q_EMIT predictionFailed(tr("No model is loaded.")); }, Qt::QueuedConnection);
            return;
        }
        try {
            QElapsedTimer clock;
            clock.start();
            const auto p = predictor->predict({text->toStdString()}, kMaxLength, 1).front();
            const double ms = double(clock.nsecsElapsed()) / 1e6;
            QVector<double> probs(p.probs.begin(), p.probs.end());
            QMetaObject::invokeMethod(
                this, [this, t = *text, probs, l = p.label, ms] { Q_EMIT predicted(t, probs, l, ms); },
                Qt::QueuedConnection);
        } catch (const std::exception& e) {
            QMetaObject::invokeMethod(
                this, [this, m = QString::fromStdString(e.what())] { Q_EMIT predictionFailed(m); },
                Qt::QueuedConnection);
        }
    };

    for (;;) {
        Task* task = nullptr;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return quit_ || !tasks_.empty() || text_.has_value(); });
            if (quit_) return;
            if (!tasks_.empty()) {
                task = tasks_.front();
                tasks_.pop_front();
            }
        }
        if (!task) {
            serveText();
            continue;
        }
        std::unique_ptr<Task> owned(task);
        if (task->kind == Task::Load) {
            try {
                // Auto: int8 linear layers where the CPU has AVX512-VNNI (about four times as fast as
                // fp32), else bf16 weights where it computes bf16 natively (about twice as fast).
                auto p = std::make_unique<infer::Predictor>(
                    infer::Predictor::open(task->a.toStdString(), infer::Device::Cpu, infer::Precision::Auto));
                QStringList labels;
                for (const auto& l : p->labels()) labels << QString::fromStdString(l);
                const QString precision = QString::fromLatin1(infer::precisionName(p->precision()));
                predictor = std::move(p);
                QMetaObject::invokeMethod(
                    this,
                    [this, f = task->a, labels, precision] {
                        folder_ = f;
                        labels_ = labels;
                        precision_ = precision;
                        Q_EMIT modelLoaded(f, labels);
                    },
                    Qt::QueuedConnection);
            } catch (const std::exception& e) {
                QMetaObject::invokeMethod(
                    this,
                    [this, f = task->a, m = QString::fromStdString(e.what())] { Q_EMIT modelFailed(f, m); },
                    Qt::QueuedConnection);
            }
            continue;
        }

        // Batch: a dataset file (its texts, and its labels to compare), else one text per line.
        const QString input = task->a, output = task->b;
        QString error;
        qint64 rows = 0;
        try {
            if (!predictor) throw std::runtime_error(tr("No model is loaded.").toStdString());
            std::vector<std::string> texts, truth;
            try {
                const auto d = data::readDataset(input.toStdString());
                texts = d.texts;
                for (const auto l : d.labels) truth.push_back(d.labelNames[std::size_t(l)]);
            } catch (const std::exception&) {
                io::LineReader reader(input.toStdString());
                while (reader.next())
                    if (!reader.line().empty()) texts.emplace_back(reader.line());
            }
            std::string csv = "text,predicted";
            for (const auto& l : predictor->labels()) csv += "," + csvField("p_" + l);
            if (!truth.empty()) csv += ",true_label";
            csv += "\n";
            const auto total = qint64(texts.size());
            for (std::size_t start = 0; start < texts.size(); start += kBatchChunk) {
                if (cancelBatch_ || quit_) throw std::runtime_error(tr("Cancelled.").toStdString());
                const std::vector<std::string> chunk(
                    texts.begin() + std::ptrdiff_t(start),
                    texts.begin() + std::ptrdiff_t(std::min(texts.size(), start + kBatchChunk)));
                const auto preds = predictor->predict(chunk, kMaxLength, 32);
                for (std::size_t i = 0; i < preds.size(); ++i) {
                    csv += csvField(chunk[i]) + "," + csvField(preds[i].labelName);
                    for (const auto p : preds[i].probs) csv += "," + std::to_string(p);
                    if (!truth.empty()) csv += "," + csvField(truth[start + i]);
                    csv += "\n";
                }
                rows = qint64(std::min(texts.size(), start + kBatchChunk));
                QMetaObject::invokeMethod(
                    this, [this, rows, total] { Q_EMIT batchProgress(rows, total); }, Qt::QueuedConnection);
                serveText();
            }
            io::writeFileAtomically(output.toStdString(), csv);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, output, rows, error] { Q_EMIT batchFinished(output, rows, error); },
            Qt::QueuedConnection);
    }
}

}  // namespace headliner::ui
