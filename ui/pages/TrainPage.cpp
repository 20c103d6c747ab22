#include "ui/pages/TrainPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/BuildInfo.h"
#include "core/model/Presets.h"
#include "core/hub/HubCache.h"
#include "core/train/TrainingEvents.h"
#include "ui/HubDialog.h"
#include "ui/TrainingCharts.h"
#include "ui/TrainingController.h"
#include "ui/Workspace.h"

namespace headliner::ui {

namespace {

constexpr int kOverlayRuns = 3;

QString clock(double seconds) {
    const auto s = qint64(std::llround(std::max(0.0, seconds)));
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QDoubleSpinBox* doubleBox(QWidget* parent, double lo, double hi, int decimals, double step,
                          const QString& tip) {
    auto* b = new QDoubleSpinBox(parent);
    b->setRange(lo, hi);
    b->setDecimals(decimals);
    b->setSingleStep(step);
    b->setToolTip(tip);
    return b;
}

QSpinBox* intBox(QWidget* parent, int lo, int hi, const QString& tip) {
    auto* b = new QSpinBox(parent);
    b->setRange(lo, hi);
    b->setToolTip(tip);
    return b;
}

QString stateText(train::RunState s) {
    switch (s) {
        case train::RunState::Created:
            return TrainPage::tr("created");
        case train::RunState::Running:
            return TrainPage::tr("running");
        case train::RunState::Completed:
            return TrainPage::tr("finished");
        case train::RunState::EarlyStopped:
            return TrainPage::tr("stopped early");
        case train::RunState::Stopped:
            return TrainPage::tr("stopped");
        case train::RunState::Failed:
            return TrainPage::tr("failed");
        case train::RunState::Interrupted:
            return TrainPage::tr("interrupted");
    }
    return {};
}

// The Hugging Face cache entry of distilbert-base-uncased, when there is one.
QString cachedDistilBert() {
    QString hub = qEnvironmentVariable("HF_HUB_CACHE");
    if (hub.isEmpty() && !qEnvironmentVariable("HF_HOME").isEmpty())
        hub = qEnvironmentVariable("HF_HOME") + QStringLiteral("/hub");
    if (hub.isEmpty()) hub = QDir::homePath() + QStringLiteral("/.cache/huggingface/hub");
    const QString entry = hub + QStringLiteral("/models--distilbert-base-uncased");
    return QFileInfo::exists(entry + QStringLiteral("/refs/main")) ? entry : QString();
}

}  // namespace

TrainPage::TrainPage(Workspace* workspace, QWidget* parent)
    : PageFrame(tr("Train"), tr("Fine-tune a model and watch its loss and accuracy as it learns."), parent),
      workspace_(workspace) {
    setObjectName(QStringLiteral("trainPage"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildForm());
    split->addWidget(buildRunPanel());
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    setContent(split);
    setEmptyState(tr(
        "Open a dataset first (or the built-in demo); the training settings and live charts appear here."));

    auto* c = workspace_->training();
    connect(c, &TrainingController::started, this, &TrainPage::onStarted);
    connect(c, &TrainingController::stepped, this, &TrainPage::onStep);
    connect(c, &TrainingController::evaluated, this, &TrainPage::onEvaluation);
    connect(c, &TrainingController::finished, this, &TrainPage::onFinished);
    connect(c, &TrainingController::logged, this, &TrainPage::appendLog);
    connect(c, &TrainingController::checkpointSaved, this, [this](const train::CheckpointEvent& e) {
        const QString size = QLocale().toString(double(e.bytes) / 1e6, 'f', 0);
        const QString seconds = QLocale().toString(e.writeSeconds, 'f', 1);
        appendLog(e.best ? tr("Checkpoint saved at step %1, with the best weights so far (%2 MB in %3 s).")
                               .arg(e.step).arg(size, seconds)
                         : tr("Checkpoint saved at step %1 (%2 MB in %3 s).").arg(e.step).arg(size, seconds));
    });
    connect(c, &TrainingController::failed, this, [this](const QString& m) {
        appendLog(m, true);
        formError_->setText(m);
        updateButtons();
    });
    connect(c, &TrainingController::pausedChanged, this, [this](bool paused) {
        status_->setText(paused ? tr("Paused at step %1.").arg(progress_->value()) : tr("Resuming…"));
        updateButtons();
    });
    connect(c, &TrainingController::phaseChanged, this, [this](const QString& phase, double) {
        static const QHash<QString, const char*> names = {
            {QStringLiteral("data"), QT_TR_NOOP("Reading the data…")},
            {QStringLiteral("tokenizer"),
             QT_TR_NOOP("Training a sentencepiece tokenizer on the training texts…")},
            {QStringLiteral("model"), QT_TR_NOOP("Building the model…")},
            {QStringLiteral("encode"), QT_TR_NOOP("Tokenizing (cached for later runs)…")},
            {QStringLiteral("train"), QT_TR_NOOP("Training…")},
            {QStringLiteral("export"), QT_TR_NOOP("Exporting the best model…")},
        };
        if (names.contains(phase)) status_->setText(tr(names.value(phase)));
        if (phase != QLatin1String("train")) progress_->setRange(0, 0);  // busy
    });
    connect(workspace_, &Workspace::datasetChanged, this, &TrainPage::updateDatasetState);
    updateDatasetState();
    applyPresetDefaults();
    refreshRuns();
    updateButtons();
}

QWidget* TrainPage::buildForm() {
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(310);
    auto* form = new QWidget(scroll);
    auto* v = new QVBoxLayout(form);
    v->setContentsMargins(0, 0, 8, 0);

    // With a GPU the real thing is within reach: say so, one click away.
    if (!buildInfo().cudaDevices.empty()) {
        auto* gpu = new QPushButton(tr("A GPU is here: fine-tune DistilBERT (the notebook's recipe)"), form);
        gpu->setObjectName(QStringLiteral("gpuOffer"));
        gpu->setToolTip(tr("Chooses distilbert-base-uncased (downloaded or from your cache), the GPU and bf16/fp16. "
                           "Open AG News on the Dataset page first (From the hub… sh0416/ag_news)."));
        connect(gpu, &QPushButton::clicked, this, [this] {
            selectModel(QStringLiteral("distilbert-base-uncased"));
            device_->setCurrentIndex(0);
            if (modelFolder_->text().isEmpty()) {
                HubDialog dialog(hub::RepoType::Model, QStringLiteral("distilbert-base-uncased"), this);
                if (dialog.exec() == QDialog::Accepted) modelFolder_->setText(dialog.snapshotFolder());
            }
        });
        v->addWidget(gpu);
    }
    auto* modelBox = new QGroupBox(tr("Model"), form);
    auto* mf = new QFormLayout(modelBox);
    model_ = new QComboBox(modelBox);
    model_->setObjectName(QStringLiteral("model"));
    model_->addItem(tr("Small transformer from scratch (2 layers)"), QStringLiteral("scratch-d128"));
    model_->addItem(tr("Transformer from scratch (4 layers)"), QStringLiteral("scratch-d256"));
    model_->addItem(tr("N-gram baseline (fastText-style, seconds)"), QStringLiteral("ngram"));
    model_->addItem(tr("DistilBERT base uncased (pretrained, fine-tune)"),
                    QStringLiteral("distilbert-base-uncased"));
    model_->setToolTip(tr(
        "From scratch: a small DistilBERT-shaped model and a sentencepiece tokenizer trained on your data.\n"
        "N-gram: word and bigram embeddings, as fastText; trains in seconds.\n"
        "DistilBERT: the pretrained model, fine-tuned with the notebook's recipe (best on a GPU)."));
    mf->addRow(tr("Model:"), model_);
    modelFolderRow_ = new QWidget(modelBox);
    auto* fr = new QHBoxLayout(modelFolderRow_);
    fr->setContentsMargins(0, 0, 0, 0);
    modelFolder_ = new QLineEdit(modelFolderRow_);
    modelFolder_->setObjectName(QStringLiteral("modelFolder"));
    modelFolder_->setPlaceholderText(tr("folder with config.json and weights"));
    modelFolder_->setToolTip(
        tr("A Hugging Face model folder, or the models--distilbert-base-uncased entry of your Hugging Face "
           "cache"));
    auto* browse = new QPushButton(tr("Browse…"), modelFolderRow_);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d =
            QFileDialog::getExistingDirectory(this, tr("Pretrained model folder"), modelFolder_->text());
        if (!d.isEmpty()) modelFolder_->setText(d);
    });
    auto* fromHub = new QPushButton(tr("Download…"), modelFolderRow_);
    fromHub->setObjectName(QStringLiteral("modelFromHub"));
    fromHub->setToolTip(tr("From the Hugging Face hub, or the copy already in your Hugging Face cache"));
    connect(fromHub, &QPushButton::clicked, this, [this] {
        HubDialog dialog(hub::RepoType::Model, QStringLiteral("distilbert-base-uncased"), this);
        if (dialog.exec() == QDialog::Accepted) modelFolder_->setText(dialog.snapshotFolder());
    });
    fr->addWidget(modelFolder_, 1);
    fr->addWidget(browse);
    fr->addWidget(fromHub);
    mf->addRow(tr("Weights:"), modelFolderRow_);
    modelForm_ = mf;
    v->addWidget(modelBox);

    auto* recipe = new QGroupBox(tr("Recipe"), form);
    auto* rf = new QFormLayout(recipe);
    epochs_ = intBox(recipe, 1, 1000, tr("Passes over the training data. Evaluated and saved after each."));
    epochs_->setObjectName(QStringLiteral("epochs"));
    maxSteps_ = intBox(recipe, 0, 10000000, tr("Stop after this many optimizer steps (0: run every epoch)."));
    maxSteps_->setObjectName(QStringLiteral("maxSteps"));
    maxSteps_->setSpecialValueText(tr("no limit"));
    batch_ = intBox(recipe, 1, 4096,
                    tr("Texts per optimizer step. Larger is faster per text but needs more memory."));
    lr_ =
        doubleBox(recipe, 1e-7, 1.0, 6, 1e-5,
                  tr("Peak learning rate of AdamW, reached after the warm-up, then decayed linearly to 0."));
    lr_->setObjectName(QStringLiteral("learningRate"));
    weightDecay_ = doubleBox(recipe, 0, 1, 4, 0.01,
                             tr("AdamW's decoupled weight decay (not on biases and LayerNorm weights)."));
    warmup_ = doubleBox(recipe, 0, 0.5, 3, 0.01,
                        tr("Share of the steps over which the learning rate rises from 0."));
    maxLength_ = intBox(recipe, 8, 512,
                        tr("Tokens per text, [CLS] and [SEP] included; longer texts are cut. The Dataset "
                           "page shows how many."));
    maxLength_->setObjectName(QStringLiteral("maxLength"));
    maxLength_->setValue(workspace_->maxLength());
    vocab_ = intBox(recipe, 100, 64000, tr("Sentencepiece vocabulary size for models trained from scratch, at most: a small training file "
                                               "gets the vocabulary it fills (the log says how many pieces)."));
    vocab_->setValue(8000);
    seed_ = intBox(recipe, 0, 1 << 30,
                   tr("Seeds initialization, data order, the validation split and dropout: the same seed "
                      "gives the same run."));
    seed_->setValue(42);
    gradNorm_ =
        doubleBox(recipe, 0, 100, 2, 0.1, tr("Gradients are clipped to this total norm (0: no clipping)."));
    rf->addRow(tr("Epochs:"), epochs_);
    rf->addRow(tr("Max steps:"), maxSteps_);
    batch_->setObjectName(QStringLiteral("batchSize"));
    rf->addRow(tr("Batch size:"), batch_);
    rf->addRow(tr("Learning rate:"), lr_);
    rf->addRow(tr("Weight decay:"), weightDecay_);
    rf->addRow(tr("Warm-up ratio:"), warmup_);
    rf->addRow(tr("Max length:"), maxLength_);
    rf->addRow(tr("Vocabulary:"), vocab_);
    rf->addRow(tr("Seed:"), seed_);
    rf->addRow(tr("Clip norm:"), gradNorm_);
    evalSource_ = new QLabel(recipe);
    evalSource_->setWordWrap(true);
    evalSource_->setForegroundRole(QPalette::PlaceholderText);
    rf->addRow(evalSource_);
    v->addWidget(recipe);

    auto* hw = new QGroupBox(tr("Hardware"), form);
    auto* hf = new QFormLayout(hw);
    device_ = new QComboBox(hw);
    device_->setObjectName(QStringLiteral("device"));
    const auto info = buildInfo();
    for (std::size_t i = 0; i < info.cudaDevices.size(); ++i)
        device_->addItem(QStringLiteral("GPU %1: %2").arg(i).arg(QString::fromStdString(info.cudaDevices[i])),
                         QStringLiteral("cuda:%1").arg(i));
    device_->addItem(tr("CPU (%n thread(s))", nullptr, info.cpuThreads), QStringLiteral("cpu"));
    device_->setToolTip(tr("Where the model trains. GPUs are listed when LibTorch sees CUDA."));
    precision_ = new QComboBox(hw);
    precision_->addItem(tr("Automatic (fp32 on the CPU, bf16 or fp16 on a GPU)"), QStringLiteral("auto"));
    precision_->addItem(QStringLiteral("fp32"), QStringLiteral("fp32"));
    precision_->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
    precision_->addItem(QStringLiteral("fp16"), QStringLiteral("fp16"));
    precision_->setToolTip(tr("Mixed precision halves memory and speeds up GPUs; fp16 uses loss scaling. On a CPU "
                                  "with native bf16 (AVX512-BF16 or AMX), bf16 trains about twice as fast as fp32."));
    hf->addRow(tr("Device:"), device_);
    hf->addRow(tr("Precision:"), precision_);
    v->addWidget(hw);

    formError_ = new QLabel(form);
    formError_->setObjectName(QStringLiteral("formError"));
    formError_->setWordWrap(true);
    formError_->setStyleSheet(QStringLiteral("color:#c0392b"));
    v->addWidget(formError_);
    v->addStretch(1);
    scroll->setWidget(form);

    connect(model_, &QComboBox::currentIndexChanged, this, &TrainPage::applyPresetDefaults);
    connect(maxLength_, &QSpinBox::valueChanged, workspace_, &Workspace::setMaxLength);
    return scroll;
}

QWidget* TrainPage::buildRunPanel() {
    auto* panel = new QWidget(this);
    auto* v = new QVBoxLayout(panel);
    v->setContentsMargins(8, 0, 0, 0);

    auto* buttons = new QHBoxLayout;
    start_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start training"), panel);
    start_->setObjectName(QStringLiteral("start"));
    start_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    start_->setToolTip(tr("Start a new run with these settings (Ctrl+Enter)"));
    pause_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), panel);
    pause_->setObjectName(QStringLiteral("pause"));
    stop_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), panel);
    stop_->setObjectName(QStringLiteral("stop"));
    stop_->setToolTip(tr("Stop after the current step; the run keeps a checkpoint and can be resumed."));
    epochAxis_ = new QCheckBox(tr("x-axis in epochs"), panel);
    epochAxis_->setObjectName(QStringLiteral("epochAxis"));
    compare_ = new QCheckBox(tr("Compare with earlier runs"), panel);
    compare_->setObjectName(QStringLiteral("compare"));
    compare_->setToolTip(tr("Draw the last runs on this dataset in faded colours"));
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(stop_);
    buttons->addStretch(1);
    v->addLayout(buttons);

    progress_ = new QProgressBar(panel);
    progress_->setObjectName(QStringLiteral("progress"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    status_ = new QLabel(tr("Ready."), panel);
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);
    v->addWidget(progress_);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(status_, 1);
    statusRow->addWidget(compare_);
    statusRow->addWidget(epochAxis_);
    v->addLayout(statusRow);

    auto* split = new QSplitter(Qt::Vertical, panel);
    charts_ = new TrainingCharts(split);
    tabs_ = new QTabWidget(split);
    log_ = new QPlainTextEdit(tabs_);
    log_->setObjectName(QStringLiteral("log"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);

    auto* evalPage = new QWidget(tabs_);
    auto* ev = new QVBoxLayout(evalPage);
    evalTitle_ = new QLabel(tr("No evaluation yet."), evalPage);
    evalTitle_->setWordWrap(true);
    auto* tables = new QHBoxLayout;
    confusion_ = new QTableWidget(evalPage);
    confusion_->setObjectName(QStringLiteral("confusion"));
    confusion_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    confusion_->setToolTip(tr("Rows: the true class; columns: the predicted class"));
    perClass_ = new QTableWidget(evalPage);
    perClass_->setObjectName(QStringLiteral("perClass"));
    perClass_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    perClass_->setColumnCount(4);
    perClass_->setHorizontalHeaderLabels({tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    tables->addWidget(confusion_, 1);
    tables->addWidget(perClass_, 1);
    ev->addWidget(evalTitle_);
    ev->addLayout(tables);

    auto* runsPage = new QWidget(tabs_);
    auto* rv = new QVBoxLayout(runsPage);
    runs_ = new QListWidget(runsPage);
    runs_->setObjectName(QStringLiteral("runs"));
    auto* rb = new QHBoxLayout;
    resumeRun_ = new QPushButton(tr("&Resume run"), runsPage);
    resumeRun_->setObjectName(QStringLiteral("resumeRun"));
    deleteRun_ = new QPushButton(tr("Delete run…"), runsPage);
    deleteRun_->setObjectName(QStringLiteral("deleteRun"));
    rb->addWidget(resumeRun_);
    rb->addWidget(deleteRun_);
    rb->addStretch(1);
    rv->addWidget(runs_, 1);
    rv->addLayout(rb);

    tabs_->addTab(evalPage, tr("Evaluation"));
    tabs_->addTab(log_, tr("Log"));
    tabs_->addTab(runsPage, tr("Runs"));
    split->addWidget(charts_);
    split->addWidget(tabs_);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 2);
    v->addWidget(split, 1);

    connect(start_, &QPushButton::clicked, this, &TrainPage::startTraining);
    connect(pause_, &QPushButton::clicked, this, [this] {
        auto* c = workspace_->training();
        c->isPaused() ? c->resume() : c->pause();
    });
    connect(stop_, &QPushButton::clicked, this, [this] {
        workspace_->training()->stop();
        status_->setText(tr("Stopping after this step…"));
    });
    connect(epochAxis_, &QCheckBox::toggled, charts_, &TrainingCharts::setEpochAxis);
    connect(compare_, &QCheckBox::toggled, this, &TrainPage::refreshRuns);
    connect(runs_, &QListWidget::currentRowChanged, this, [this] {
        updateButtons();
        auto* item = runs_->currentItem();
        if (item && !workspace_->training()->isRunning()) showStoredRun(item->data(Qt::UserRole).toString());
    });
    connect(resumeRun_, &QPushButton::clicked, this, [this] {
        if (auto* item = runs_->currentItem())
            workspace_->training()->resumeRun(item->data(Qt::UserRole).toString());
    });
    connect(deleteRun_, &QPushButton::clicked, this, [this] {
        auto* item = runs_->currentItem();
        if (!item) return;
        const auto answer =
            QMessageBox::question(this, tr("Delete run"),
                                  tr("Delete the run %1 with its checkpoints and model?").arg(item->text()));
        if (answer != QMessageBox::Yes) return;
        try {
            auto& store = workspace_->training()->store();
            store.remove(store.load(item->data(Qt::UserRole).toString().toStdString()));
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Delete run"), QString::fromStdString(e.what()));
        }
        refreshRuns();
        Q_EMIT workspace_->modelsChanged();
    });
    return panel;
}

void TrainPage::selectModel(const QString& preset) {
    const int i = model_->findData(preset);
    if (i >= 0) model_->setCurrentIndex(i);
}

void TrainPage::applyPresetDefaults() {
    const QString preset = model_->currentData().toString();
    const auto o = train::defaultOptionsFor(preset.toStdString());
    epochs_->setValue(o.epochs);
    batch_->setValue(o.batchSize);
    lr_->setValue(o.learningRate);
    weightDecay_->setValue(o.weightDecay);
    warmup_->setValue(o.warmupRatio);
    gradNorm_->setValue(o.maxGradNorm);
    const bool pretrained = preset == QLatin1String("distilbert-base-uncased");
    modelForm_->setRowVisible(modelFolderRow_, pretrained);
    vocab_->setEnabled(preset.startsWith(QLatin1String("scratch-")));
    if (pretrained && modelFolder_->text().isEmpty()) modelFolder_->setText(cachedDistilBert());
    if (pretrained) maxLength_->setValue(std::max(maxLength_->value(), 128));
}

void TrainPage::updateDatasetState() {
    const auto* d = workspace_->dataset();
    showContent(d != nullptr);
    if (!d) return;
    // A small dataset cannot fill a large sentencepiece vocabulary (and trains better with a small one).
    vocab_->setValue(d->train->size() < 20000 ? 2000 : 8000);
    evalSource_->setText(d->test
                             ? tr("Evaluated on the test file (%n row(s)).", nullptr, int(d->test->size()))
                             : tr("Evaluated on 10% of the training rows, held out by the seed."));
    refreshRuns();
    updateButtons();
}

train::JobSpec TrainPage::jobSpec() const {
    train::JobSpec s;
    const auto* d = workspace_->dataset();
    if (!d) return s;
    s.trainFile = d->trainPath.toStdString();
    if (!d->testPath.isEmpty()) s.evalFile = d->testPath.toStdString();
    s.readOptions = d->options;
    s.datasetName = d->isDemo ? "headliner-demo" : QFileInfo(d->trainPath).fileName().toStdString();
    const QString preset = model_->currentData().toString();
    if (preset == QLatin1String("distilbert-base-uncased"))
        s.modelFolder = modelFolder_->text().trimmed().toStdString();
    else
        s.preset = preset.toStdString();
    s.options = train::defaultOptionsFor(s.preset);
    s.options.epochs = epochs_->value();
    s.options.maxSteps = maxSteps_->value();
    s.options.batchSize = batch_->value();
    s.options.learningRate = lr_->value();
    s.options.weightDecay = weightDecay_->value();
    s.options.warmupRatio = warmup_->value();
    s.options.seed = std::uint64_t(seed_->value());
    s.options.maxGradNorm = gradNorm_->value();
    s.options.device = device_->currentData().toString().toStdString();
    s.options.precision = train::parsePrecision(precision_->currentData().toString().toStdString());
    s.maxLength = maxLength_->value();
    s.vocabSize = std::size_t(vocab_->value());
    return s;
}

void TrainPage::startTraining() {
    formError_->clear();
    const auto spec = jobSpec();
    if (spec.trainFile.empty()) {
        formError_->setText(tr("Open a dataset first."));
        return;
    }
    if (spec.preset.empty() && spec.modelFolder.empty()) {
        formError_->setText(tr("Choose the folder of the pretrained model (or download it from the hub)."));
        return;
    }
    if (!spec.modelFolder.empty() && !QFileInfo(QString::fromStdString(spec.modelFolder.string())).isDir()) {
        formError_->setText(
            tr("The model folder %1 does not exist.").arg(QString::fromStdString(spec.modelFolder.string())));
        return;
    }
    workspace_->training()->start(spec);
}

void TrainPage::onStarted(const QString& runId, const QString& folder, bool resumed) {
    runFolder_ = folder;
    labels_ = workspace_->dataset() ? workspace_->dataset()->train->labelNames : std::vector<std::string>{};
    rate_ = 0;
    firstStep_ = -1;
    sinceStart_.start();
    if (resumed) {
        // The curves so far come from the run's log.
        try {
            const auto run = workspace_->training()->store().load(folder.toStdString());
            const auto step = train::checkpointStep(run.spec.checkpointFolder());
            auto trimmed = run;
            trimmed.stepLog.erase(
                std::remove_if(trimmed.stepLog.begin(), trimmed.stepLog.end(),
                               [step](const train::StepRecord& s) { return s.step > step; }),
                trimmed.stepLog.end());
            trimmed.evalLog.erase(
                std::remove_if(trimmed.evalLog.begin(), trimmed.evalLog.end(),
                               [step](const train::EvalMetrics& m) { return m.step > step; }),
                trimmed.evalLog.end());
            charts_->showRun(trimmed);
            if (!run.labels.empty()) labels_ = run.labels;
        } catch (const std::exception& e) {
            charts_->clear();
            appendLog(QString::fromStdString(e.what()), true);
        }
    } else {
        charts_->clear();
        confusion_->clear();
        confusion_->setRowCount(0);
        perClass_->setRowCount(0);
        evalTitle_->setText(tr("No evaluation yet."));
    }
    appendLog(resumed ? tr("Resuming run %1.").arg(runId) : tr("Run %1 started.").arg(runId));
    status_->setText(tr("Preparing…"));
    progress_->setRange(0, 0);
    refreshRuns();
    updateButtons();
}

void TrainPage::onStep(const train::StepEvent& e) {
    if (progress_->maximum() != int(e.totalSteps)) progress_->setRange(0, int(e.totalSteps));
    progress_->setValue(int(e.step));
    train::StepRecord r;
    r.step = e.step;
    r.epoch = e.epochFraction;
    r.loss = e.loss;
    r.learningRate = e.learningRate;
    r.gradNorm = e.gradNorm;
    r.samplesPerSecond = e.samplesPerSecond;
    charts_->addStep(r);
    rate_ = rate_ == 0 ? e.samplesPerSecond : 0.95 * rate_ + 0.05 * e.samplesPerSecond;
    if (firstStep_ < 0) {
        firstStep_ = e.step - 1;
        sinceStart_.restart();
    }
    const double perStep =
        double(sinceStart_.elapsed()) / 1000.0 / double(std::max<std::int64_t>(1, e.step - firstStep_));
    const double eta = perStep * double(e.totalSteps - e.step);
    status_->setText(tr("Epoch %1 · step %2 of %3 · loss %4 · %5 samples/s · ETA %6")
                         .arg(e.epochFraction, 0, 'f', 2)
                         .arg(e.step)
                         .arg(e.totalSteps)
                         .arg(e.loss, 0, 'f', 4)
                         .arg(rate_, 0, 'f', 0)
                         .arg(clock(eta)));
}

void TrainPage::onEvaluation(const train::EvaluationEvent& e) {
    charts_->addEvaluation(e.metrics);
    showEvaluation(e.metrics, labels_);
    appendLog(tr("Evaluation at step %1 (epoch %2): loss %3, accuracy %4%, macro-F1 %5%%6")
                  .arg(e.metrics.step)
                  .arg(e.metrics.epoch, 0, 'f', 2)
                  .arg(e.metrics.loss, 0, 'f', 4)
                  .arg(100 * e.metrics.accuracy, 0, 'f', 2)
                  .arg(100 * e.metrics.macroF1, 0, 'f', 2)
                  .arg(e.best ? tr(" (best so far)") : QString()));
}

void TrainPage::showEvaluation(const train::EvalMetrics& m, const std::vector<std::string>& labels) {
    const int n = int(m.confusion.size());
    QStringList names;
    for (int i = 0; i < n; ++i)
        names << (std::size_t(i) < labels.size() ? QString::fromStdString(labels[std::size_t(i)])
                                                 : QString::number(i));
    evalTitle_->setText(
        tr("Step %1, epoch %2: accuracy %3%, macro-F1 %4%, loss %5 on %n row(s).", nullptr, int(m.rows))
            .arg(m.step)
            .arg(m.epoch, 0, 'f', 2)
            .arg(100 * m.accuracy, 0, 'f', 2)
            .arg(100 * m.macroF1, 0, 'f', 2)
            .arg(m.loss, 0, 'f', 4));
    confusion_->clear();
    confusion_->setRowCount(n);
    confusion_->setColumnCount(n);
    confusion_->setHorizontalHeaderLabels(names);
    confusion_->setVerticalHeaderLabels(names);
    std::int64_t most = 1;
    for (const auto& row : m.confusion)
        for (const auto c : row) most = std::max(most, c);
    const QColor hi = palette().highlight().color();
    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p) {
            const auto count = m.confusion[std::size_t(t)][std::size_t(p)];
            auto* item = new QTableWidgetItem(QString::number(count));
            item->setTextAlignment(Qt::AlignCenter);
            QColor shade = t == p ? hi : QColor(0xd3, 0x54, 0x00);
            shade.setAlphaF(0.12 + 0.6 * double(count) / double(most));
            if (count > 0) item->setBackground(shade);
            confusion_->setItem(t, p, item);
        }
    confusion_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    perClass_->setRowCount(n);
    perClass_->setVerticalHeaderLabels(names);
    for (int c = 0; c < n && std::size_t(c) < m.perClass.size(); ++c) {
        const auto& p = m.perClass[std::size_t(c)];
        const QString values[] = {QString::number(100 * p.precision, 'f', 1),
                                  QString::number(100 * p.recall, 'f', 1),
                                  QString::number(100 * p.f1, 'f', 1), QString::number(p.support)};
        for (int k = 0; k < 4; ++k) {
            auto* item = new QTableWidgetItem(values[k]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            perClass_->setItem(c, k, item);
        }
    }
    perClass_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
}

void TrainPage::onFinished(const QString& runId, int state, const QString& model, const QString& error) {
    const auto s = train::RunState(state);
    charts_->flush();
    progress_->setRange(0, std::max(1, progress_->maximum()));
    if (s == train::RunState::Completed || s == train::RunState::EarlyStopped) {
        progress_->setValue(progress_->maximum());
        status_->setText(
            tr("Run %1 %2. The model is in %3; try it on the Predict page.").arg(runId, stateText(s), model));
    } else if (s == train::RunState::Stopped) {
        status_->setText(tr("Run %1 stopped. It can be resumed from the Runs tab.").arg(runId));
    } else {
        status_->setText(tr("Run %1 failed: %2").arg(runId, error));
        const QLatin1String outOfMemory(train::kOutOfMemoryError.data(), qsizetype(train::kOutOfMemoryError.size()));
        if (!error.startsWith(outOfMemory) || !offerSmallerBatch(runFolder_, runId, error))
            QMessageBox::warning(this, tr("Training failed"), tr("The run %1 failed:\n\n%2").arg(runId, error));
    }
    appendLog(status_->text(), s == train::RunState::Failed);
    refreshRuns();
    updateButtons();
    Q_EMIT workspace_->modelsChanged();
}

bool TrainPage::offerSmallerBatch(const QString& runFolder, const QString& runId, const QString& error) {
    int batch = 0, accumulation = 1;
    try {
        const auto run = workspace_->training()->store().load(runFolder.toStdString());
        batch = run.spec.options.batchSize, accumulation = std::max(1, run.spec.options.gradientAccumulation);
    } catch (const std::exception&) {
        return false;
    }
    if (batch <= 1) return false;
    const int smaller = batch / 2;
    const int effective = batch * accumulation;
    const int newAccumulation = (effective + smaller - 1) / smaller;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Out of memory"),
                                tr("The run %1 ran out of memory with batches of %2 rows.\n\nResume it with batches "
                                   "of %3 rows? Gradient accumulation goes up to %4 steps, so each optimizer step "
                                   "still sees %5 rows. The run continues from its last checkpoint, or starts again "
                                   "if it has none.")
                                    .arg(runId)
                                    .arg(batch)
                                    .arg(smaller)
                                    .arg(newAccumulation)
                                    .arg(smaller * newAccumulation),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("outOfMemoryDialog"));
    box->setDetailedText(error);
    box->setAttribute(Qt::WA_DeleteOnClose);
    auto* resume = box->addButton(tr("Resume with batches of %1").arg(smaller), QMessageBox::AcceptRole);
    resume->setObjectName(QStringLiteral("resumeSmallerBatch"));
    box->addButton(QMessageBox::Close);
    const QString folder = runFolder;
    connect(resume, &QPushButton::clicked, this,
            [this, folder, smaller] { workspace_->training()->resumeWithBatchSize(folder, smaller); });
    box->open();
    return true;
}

void TrainPage::showStoredRun(const QString& folder) {
    try {
        const auto run = workspace_->training()->store().load(folder.toStdString());
        charts_->showRun(run);
        labels_ = run.labels;
        if (run.bestIndex >= 0) showEvaluation(run.evalLog[std::size_t(run.bestIndex)], run.labels);
        status_->setText(tr("Run %1: %2, %n step(s).", nullptr, int(run.steps))
                             .arg(QString::fromStdString(run.id), stateText(run.state)));
    } catch (const std::exception& e) {
        appendLog(QString::fromStdString(e.what()), true);
    }
}

void TrainPage::refreshRuns() {
    const QString keep =
        runs_->currentItem() ? runs_->currentItem()->data(Qt::UserRole).toString() : QString();
    const QSignalBlocker block(runs_);
    runs_->clear();
    const auto* d = workspace_->dataset();
    std::vector<train::RunRecord> overlays;
    const bool running = workspace_->training()->isRunning();
    train::RunRecord const* interrupted = nullptr;
    auto all = workspace_->training()->store().list();
    for (const auto& r : all) {
        QString best;
        if (r.bestIndex >= 0)
            best =
                QStringLiteral(" · %1%").arg(100 * r.evalLog[std::size_t(r.bestIndex)].accuracy, 0, 'f', 2);
        const QString when = QDateTime::fromString(QString::fromStdString(r.created), Qt::ISODate)
                                 .toLocalTime()
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 · %2 · %3 · %4%5")
                .arg(when, QString::fromStdString(r.spec.modelName()),
                     QString::fromStdString(r.spec.datasetName), stateText(r.state), best),
            runs_);
        item->setData(Qt::UserRole, QString::fromStdString(r.folder.string()));
        item->setToolTip(
            QString::fromStdString(r.folder.string()) +
            (r.error.empty() ? QString() : QStringLiteral("\n") + QString::fromStdString(r.error)));
        const auto icon = r.isFinished()                        ? QStyle::SP_DialogApplyButton
                          : r.state == train::RunState::Failed  ? QStyle::SP_MessageBoxCritical
                          : r.state == train::RunState::Running ? QStyle::SP_MediaPlay
                                                                : QStyle::SP_MediaPause;
        item->setIcon(style()->standardIcon(icon));
        if (item->data(Qt::UserRole).toString() == keep) runs_->setCurrentItem(item);
        const bool sameData = d && r.spec.trainFile == d->trainPath.toStdString();
        if (compare_->isChecked() && sameData && r.isFinished() &&
            QString::fromStdString(r.id) != workspace_->training()->currentRunId() &&
            int(overlays.size()) < kOverlayRuns)
            overlays.push_back(workspace_->training()->store().load(r.folder));
        if (!running && r.state == train::RunState::Interrupted && r.isResumable() && !interrupted)
            interrupted = &r;
    }
    charts_->setOverlays(overlays);
    if (interrupted && !resumeOffered_) {
        resumeOffered_ = true;
        // Not a modal question at start-up: a line in the status and the run selected.
        status_->setText(
            tr("The run %1 was interrupted at step %2. Select it in Runs and press Resume to continue.")
                .arg(QString::fromStdString(interrupted->id))
                .arg(interrupted->steps));
        for (int i = 0; i < runs_->count(); ++i)
            if (runs_->item(i)->data(Qt::UserRole).toString() ==
                QString::fromStdString(interrupted->folder.string()))
                runs_->setCurrentRow(i);
        tabs_->setCurrentIndex(2);
    }
    updateButtons();
}

void TrainPage::updateButtons() {
    auto* c = workspace_->training();
    const bool running = c->isRunning();
    start_->setEnabled(!running && workspace_->dataset());
    pause_->setEnabled(running);
    pause_->setText(c->isPaused() ? tr("&Resume") : tr("&Pause"));
    pause_->setIcon(style()->standardIcon(c->isPaused() ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    stop_->setEnabled(running);
    model_->setEnabled(!running);
    bool resumable = false;
    if (auto* item = runs_->currentItem(); item && !running) {
        try {
            resumable = workspace_->training()
                            ->store()
                            .load(item->data(Qt::UserRole).toString().toStdString())
                            .isResumable();
        } catch (const std::exception&) {
        }
    }
    resumeRun_->setEnabled(resumable);
    deleteRun_->setEnabled(runs_->currentItem() && !running);
}

void TrainPage::appendLog(const QString& text, bool warning) {
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    log_->appendPlainText(QStringLiteral("%1  %2%3").arg(time, warning ? tr("warning: ") : QString(), text));
}

}  // namespace headliner::ui
