#include "ui/pages/PredictPage.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

#include "ui/PredictionService.h"
#include "ui/TrainingController.h"
#include "ui/Workspace.h"

namespace headliner::ui {

namespace {
constexpr int kDebounceMs = 120;
}

PredictPage::PredictPage(Workspace* workspace, QWidget* parent)
    : PageFrame(tr("Predict"), tr("Type a headline and see which category the model gives it."), parent),
      workspace_(workspace),
      service_(new PredictionService(this)) {
    setObjectName(QStringLiteral("predictPage"));

    auto* content = new QWidget(this);
    auto* v = new QVBoxLayout(content);
    v->setContentsMargins(0, 0, 0, 0);

    auto* modelRow = new QHBoxLayout;
    models_ = new QComboBox(content);
    models_->setObjectName(QStringLiteral("models"));
    models_->setMinimumContentsLength(40);
    models_->setToolTip(tr("A finished training run, or a model folder you opened"));
    auto* open = new QPushButton(tr("Open model folder…"), content);
    open->setObjectName(QStringLiteral("openModel"));
    connect(open, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Model folder"));
        if (!d.isEmpty()) openModelFolder(d);
    });
    modelRow->addWidget(new QLabel(tr("Model:"), content));
    modelRow->addWidget(models_, 1);
    modelRow->addWidget(open);
    v->addLayout(modelRow);
    modelInfo_ = new QLabel(content);
    modelInfo_->setObjectName(QStringLiteral("modelInfo"));
    modelInfo_->setForegroundRole(QPalette::PlaceholderText);
    modelInfo_->setWordWrap(true);
    v->addWidget(modelInfo_);

    editor_ = new QPlainTextEdit(content);
    editor_->setObjectName(QStringLiteral("headline"));
    editor_->setPlaceholderText(
        tr("Type a headline, e.g. \"Stocks rally as central bank signals a pause in rate hikes\""));
    QFont big = editor_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    editor_->setFont(big);
    editor_->setMaximumHeight(editor_->fontMetrics().height() * 4 + 16);
    editor_->setTabChangesFocus(true);
    v->addWidget(editor_);

    result_ = new QLabel(content);
    result_->setObjectName(QStringLiteral("predictedClass"));
    QFont rf = result_->font();
    rf.setPointSizeF(rf.pointSizeF() * 1.6);
    rf.setBold(true);
    result_->setFont(rf);
    result_->setMinimumHeight(result_->fontMetrics().height() + 8);
    v->addWidget(result_);
    timing_ = new QLabel(content);
    timing_->setObjectName(QStringLiteral("predictionTime"));
    timing_->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(timing_);
    auto* bars = new QWidget(content);
    barsLayout_ = new QVBoxLayout(bars);
    barsLayout_->setContentsMargins(0, 0, 0, 0);
    v->addWidget(bars);
    v->addSpacing(12);

    auto* batchBox = new QGroupBox(tr("Classify a file"), content);
    auto* bl = new QHBoxLayout(batchBox);
    batch_ = new QPushButton(tr("Choose texts…"), batchBox);
    batch_->setObjectName(QStringLiteral("batch"));
    batch_->setToolTip(
        tr("A dataset file Headliner reads, or plain text with one text per line; the predictions go to a "
           "CSV file"));
    cancel_ = new QPushButton(tr("Cancel"), batchBox);
    cancel_->setEnabled(false);
    batchProgress_ = new QProgressBar(batchBox);
    batchProgress_->setObjectName(QStringLiteral("batchProgress"));
    batchProgress_->setValue(0);
    batchStatus_ = new QLabel(batchBox);
    batchStatus_->setObjectName(QStringLiteral("batchStatus"));
    batchStatus_->setWordWrap(true);
    bl->addWidget(batch_);
    bl->addWidget(batchProgress_, 1);
    bl->addWidget(cancel_);
    v->addWidget(batchBox);
    v->addWidget(batchStatus_);
    v->addStretch(1);
    setContent(content);
    setEmptyState(
        tr("Train a model first (the n-gram baseline takes seconds), or open an exported model folder.\n"
           "Then type a headline here."));

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(editor_, &QPlainTextEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(debounce_, &QTimer::timeout, this, [this] {
        const QString text = editor_->toPlainText().trimmed();
        if (text.isEmpty()) {
            result_->clear();
            for (auto* b : bars_) b->setValue(0);
            return;
        }
        if (service_->hasModel()) service_->predict(text);
    });
    connect(service_, &PredictionService::predicted, this, &PredictPage::onPrediction);
    connect(service_, &PredictionService::predictionFailed, this,
            [this](const QString& m) { result_->setText(m); });
    connect(service_, &PredictionService::modelLoaded, this,
            [this](const QString& folder, const QStringList& labels) {
                const QString precision = service_->precision();
                const QString format = precision == QLatin1String("int8")
                                           ? tr("int8 linear layers (this CPU has AVX512-VNNI)")
                                       : precision == QLatin1String("bf16")
                                           ? tr("bf16 weights (this CPU computes bf16 natively)")
                                           : tr("fp32");
                modelInfo_->setText(
                    tr("%1 · classes: %2 · %3").arg(folder, labels.join(QStringLiteral(", ")), format));
                timing_->clear();
                buildBars(labels);
                debounce_->start(0);
            });
    connect(service_, &PredictionService::modelFailed, this, [this](const QString& folder, const QString& m) {
        modelInfo_->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                                .arg(tr("Cannot open the model %1: %2").arg(folder, m).toHtmlEscaped()));
    });
    connect(batch_, &QPushButton::clicked, this, [this] {
        const QString in = QFileDialog::getOpenFileName(this, tr("Texts to classify"));
        if (in.isEmpty()) return;
        const QString out = QFileDialog::getSaveFileName(
            this, tr("Save predictions"), QFileInfo(in).absolutePath() + QStringLiteral("/predictions.csv"),
            tr("CSV files (*.csv)"));
        if (!out.isEmpty()) classifyFile(in, out);
    });
    connect(cancel_, &QPushButton::clicked, service_, &PredictionService::cancelBatch);
    connect(service_, &PredictionService::batchProgress, this, [this](qint64 done, qint64 total) {
        batchProgress_->setRange(0, int(total));
        batchProgress_->setValue(int(done));
    });
    connect(service_, &PredictionService::batchFinished, this,
            [this](const QString& out, qint64 rows, const QString& error) {
                batch_->setEnabled(true);
                cancel_->setEnabled(false);
                batchStatus_->setText(error.isEmpty()
                                          ? tr("%n prediction(s) written to %1.", nullptr, int(rows)).arg(out)
                                          : tr("The file could not be classified: %1").arg(error));
            });
    connect(models_, &QComboBox::currentIndexChanged, this, [this](int i) { onModelChosen(i); });
    connect(workspace_->training(), &TrainingController::bestModelExported, this, &PredictPage::onBestModel);
    connect(workspace_, &Workspace::modelsChanged, this, &PredictPage::refreshModels);
    refreshModels();
}

void PredictPage::refreshModels() {
    const QString current = models_->currentData().toString();
    {
        const QSignalBlocker block(models_);
        models_->clear();
        for (const auto& r : workspace_->training()->store().list()) {
            if (!r.hasModel()) continue;
            QString acc;
            if (r.bestIndex >= 0)
                acc = QStringLiteral(" · %1%").arg(100 * r.evalLog[std::size_t(r.bestIndex)].accuracy, 0, 'f',
                                                   1);
            models_->addItem(
                QStringLiteral("%1 · %2%3")
                    .arg(QString::fromStdString(r.id), QString::fromStdString(r.spec.datasetName), acc),
                QString::fromStdString(r.modelFolder().string()));
        }
        if (!service_->modelFolder().isEmpty() && models_->findData(service_->modelFolder()) < 0)
            models_->addItem(service_->modelFolder(), service_->modelFolder());
        const int keep = models_->findData(current);
        models_->setCurrentIndex(keep >= 0 ? keep : (models_->count() > 0 ? 0 : -1));
    }
    showContent(models_->count() > 0);
    if (models_->count() > 0 && models_->currentData().toString() != service_->modelFolder())
        onModelChosen(models_->currentIndex());
}

void PredictPage::openModelFolder(const QString& folder) {
    int i = models_->findData(folder);
    if (i < 0) {
        models_->addItem(folder, folder);
        i = models_->count() - 1;
    }
    showContent(true);
    models_->setCurrentIndex(i);
    onModelChosen(i);
}

void PredictPage::onBestModel(const QString& runId, const QString& folder) {
    // The running run's best weights so far: listed first, and reloaded when it is the one in use.
    const QString name = tr("%1 · best so far (training)").arg(runId);
    int i = models_->findData(folder);
    if (i < 0) {
        models_->insertItem(0, name, folder);
        i = 0;
    } else {
        models_->setItemText(i, name);
    }
    showContent(true);
    if (models_->currentIndex() == i) onModelChosen(i, true);
    else if (!service_->hasModel()) models_->setCurrentIndex(i);
}

void PredictPage::onModelChosen(int index, bool reload) {
    if (index < 0) return;
    const QString folder = models_->itemData(index).toString();
    if (folder == service_->modelFolder() && !reload) return;
    modelInfo_->setText(tr("Loading %1…").arg(folder));
    service_->loadModel(folder);
}

void PredictPage::buildBars(const QStringList& labels) {
    for (auto* b : bars_) b->deleteLater();
    bars_.clear();
    for (const auto& l : labels) {
        auto* bar = new QProgressBar(this);
        bar->setRange(0, 1000);
        bar->setValue(0);
        bar->setFormat(QStringLiteral("%1  %p%").arg(l));
        bar->setObjectName(QStringLiteral("prob_") + l);
        bar->setTextVisible(true);
        bar->setAccessibleName(l);
        barsLayout_->addWidget(bar);
        bars_ << bar;
    }
}

void PredictPage::onPrediction(const QString& text, const QVector<double>& probs, int label, double milliseconds) {
    // A late answer for a text the user has already changed is not shown (a newer one follows).
    if (text != editor_->toPlainText().trimmed()) return;
    lastProbs_ = probs;
    const QStringList labels = service_->labels();
    const QString name = label >= 0 && label < labels.size() ? labels[label] : QString::number(label);
    result_->setText(tr("%1  (%2%)").arg(name).arg(100 * probs.value(label), 0, 'f', 1));
    timing_->setText(tr("answered in %1 ms").arg(milliseconds, 0, 'f', 1));
    for (int i = 0; i < bars_.size() && i < probs.size(); ++i)
        bars_[i]->setValue(int(std::lround(1000 * probs[i])));
}

void PredictPage::classifyFile(const QString& input, const QString& output) {
    batch_->setEnabled(false);
    cancel_->setEnabled(true);
    batchProgress_->setRange(0, 0);
    batchStatus_->setText(tr("Classifying %1…").arg(QFileInfo(input).fileName()));
    service_->predictFile(input, output);
}

}  // namespace headliner::ui
