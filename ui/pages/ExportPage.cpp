#include "ui/pages/ExportPage.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>
#include <functional>

#include "core/io/AtomicFile.h"
#include "core/io/AtomicFolder.h"
#include "core/train/RunStore.h"
#include "ui/TrainingCharts.h"
#include "ui/TrainingController.h"
#include "ui/Workspace.h"

namespace headliner::ui {

namespace fs = std::filesystem;

QString copyModelFolder(const QString& source, const QString& destination,
                        const std::function<void(int, int)>& progress) {
    try {
        const fs::path src = source.toStdString(), dst = fs::absolute(destination.toStdString());
        if (!fs::is_directory(src)) return QObject::tr("%1 is not a folder").arg(source);
        if (fs::exists(dst) && !fs::is_directory(dst))
            return QObject::tr("%1 exists and is not a folder").arg(destination);
        if (fs::exists(dst) && !fs::is_empty(dst) && !fs::exists(dst / "config.json") &&
            !fs::exists(dst / "headliner_config.json"))
            return QObject::tr("%1 holds other files; choose an empty folder or a model folder to replace")
                .arg(destination);
        fs::create_directories(dst.parent_path());
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(src))
            if (e.is_regular_file()) files.push_back(e.path());
        // Whole or not at all: a full disk leaves the folder that was there, and no half copy.
        io::writeFolderAtomically(dst, "export", "the model", [&](const fs::path& staged) {
            int done = 0;
            for (const auto& f : files) {
                fs::copy_file(f, staged / f.filename(), fs::copy_options::overwrite_existing);
                if (progress) progress(++done, int(files.size()));
            }
        });
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

QString metricsCsv(const QString& runFolder, QString* error) {
    try {
        const auto run =
            train::RunStore(fs::path(runFolder.toStdString()).parent_path()).load(runFolder.toStdString());
        QString csv = QStringLiteral("kind,step,epoch,loss,learning_rate,grad_norm,accuracy,macro_f1\n");
        for (const auto& s : run.stepLog)
            csv += QStringLiteral("step,%1,%2,%3,%4,%5,,\n")
                       .arg(s.step)
                       .arg(s.epoch, 0, 'g', 8)
                       .arg(s.loss, 0, 'g', 8)
                       .arg(s.learningRate, 0, 'g', 8)
                       .arg(s.gradNorm, 0, 'g', 8);
        for (const auto& e : run.evalLog)
            csv += QStringLiteral("eval,%1,%2,%3,,,%4,%5\n")
                       .arg(e.step)
                       .arg(e.epoch, 0, 'g', 8)
                       .arg(e.loss, 0, 'g', 8)
                       .arg(e.accuracy, 0, 'g', 8)
                       .arg(e.macroF1, 0, 'g', 8);
        return csv;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return {};
    }
}

ExportPage::ExportPage(Workspace* workspace, QWidget* parent)
    : PageFrame(tr("Export"),
                tr("Save a trained model as a Hugging Face folder, and its curves and metrics."), parent),
      workspace_(workspace),
      watcher_(new QFutureWatcher<QString>(this)) {
    setObjectName(QStringLiteral("exportPage"));
    auto* content = new QWidget(this);
    auto* v = new QVBoxLayout(content);
    v->setContentsMargins(0, 0, 0, 0);

    auto* form = new QFormLayout;
    runs_ = new QComboBox(content);
    runs_->setObjectName(QStringLiteral("exportRun"));
    runInfo_ = new QLabel(content);
    runInfo_->setWordWrap(true);
    runInfo_->setForegroundRole(QPalette::PlaceholderText);
    auto* destRow = new QHBoxLayout;
    destination_ = new QLineEdit(content);
    destination_->setObjectName(QStringLiteral("destination"));
    destination_->setPlaceholderText(tr("a new or empty folder"));
    auto* browse = new QPushButton(tr("Browse…"), content);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Export to"), destination_->text());
        if (!d.isEmpty()) destination_->setText(d);
    });
    connect(destination_, &QLineEdit::textEdited, this, [this] { destination_->setProperty("auto", false); });
    destRow->addWidget(destination_, 1);
    destRow->addWidget(browse);
    form->addRow(tr("Run:"), runs_);
    form->addRow(QString(), runInfo_);
    form->addRow(tr("Folder:"), destRow);
    v->addLayout(form);

    auto* buttons = new QHBoxLayout;
    export_ =
        new QPushButton(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Export model"), content);
    export_->setObjectName(QStringLiteral("exportModel"));
    charts_ = new QPushButton(tr("Save charts as PNG…"), content);
    charts_->setObjectName(QStringLiteral("saveCharts"));
    csv_ = new QPushButton(tr("Save metrics as CSV…"), content);
    csv_->setObjectName(QStringLiteral("saveCsv"));
    buttons->addWidget(export_);
    buttons->addWidget(charts_);
    buttons->addWidget(csv_);
    buttons->addStretch(1);
    v->addLayout(buttons);
    progress_ = new QProgressBar(content);
    progress_->setValue(0);
    v->addWidget(progress_);
    message_ = new QLabel(content);
    message_->setObjectName(QStringLiteral("exportMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(message_);

    auto* snippetBox = new QGroupBox(tr("Load it in Python"), content);
    auto* sv = new QVBoxLayout(snippetBox);
    snippet_ = new QPlainTextEdit(snippetBox);
    snippet_->setObjectName(QStringLiteral("snippet"));
    snippet_->setReadOnly(true);
    snippet_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    copy_ = new QPushButton(tr("&Copy"), snippetBox);
    copy_->setObjectName(QStringLiteral("copySnippet"));
    connect(copy_, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(snippet_->toPlainText()); });
    sv->addWidget(snippet_);
    sv->addWidget(copy_, 0, Qt::AlignRight);
    snippet_->setMaximumHeight(snippet_->fontMetrics().lineSpacing() * 9 + 12);
    v->addWidget(snippetBox);
    v->addStretch(1);
    setContent(content);
    setEmptyState(tr("A finished training run can be exported here."));

    connect(runs_, &QComboBox::currentIndexChanged, this, &ExportPage::updateState);
    connect(export_, &QPushButton::clicked, this, &ExportPage::exportModel);
    connect(charts_, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Save charts to"));
        if (!d.isEmpty()) saveCharts(d);
    });
    connect(csv_, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(
            this, tr("Save metrics"), QStringLiteral("metrics.csv"), tr("CSV files (*.csv)"));
        if (!f.isEmpty()) saveMetricsCsv(f);
    });
    connect(watcher_, &QFutureWatcherBase::finished, this, [this] {
        const QString error = watcher_->result();
        const QString folder = QFileInfo(destination_->text().trimmed()).absoluteFilePath();
        export_->setEnabled(true);
        if (error.isEmpty()) {
            progress_->setValue(progress_->maximum());
            message_->setText(tr("✓ Exported to %1").arg(folder));
            message_->setStyleSheet(QStringLiteral("color:#27ae60"));
            const bool ngram = QFileInfo::exists(folder + QStringLiteral("/headliner_config.json"));
            snippet_->setPlainText(
                ngram ? tr("# The n-gram baseline is not a transformers model: load it with Headliner\n"
                           "# (Predict page, or: headliner-cli logits --model \"%1\").")
                            .arg(folder)
                      : QStringLiteral(
                            "from transformers import AutoModelForSequenceClassification, AutoTokenizer, "
                            "pipeline\n\n"
                            "path = \"%1\"\n"
                            "model = AutoModelForSequenceClassification.from_pretrained(path)\n"
                            "tokenizer = AutoTokenizer.from_pretrained(path)\n"
                            "classify = pipeline(\"text-classification\", model=model, tokenizer=tokenizer)\n"
                            "print(classify(\"Stocks rally as markets cheer rate cut\"))\n")
                            .arg(folder));
        } else {
            message_->setText(tr("The export failed: %1").arg(error));
            message_->setStyleSheet(QStringLiteral("color:#c0392b"));
        }
        Q_EMIT exportFinished(folder, error);
    });
    connect(workspace_, &Workspace::modelsChanged, this, &ExportPage::refreshRuns);
    refreshRuns();
}

ExportPage::~ExportPage() { watcher_->waitForFinished(); }

void ExportPage::refreshRuns() {
    const QString current = runs_->currentData().toString();
    const QSignalBlocker block(runs_);
    runs_->clear();
    for (const auto& r : workspace_->training()->store().list()) {
        if (!r.hasModel()) continue;
        QString acc;
        if (r.bestIndex >= 0)
            acc = QStringLiteral(" · %1%").arg(100 * r.evalLog[std::size_t(r.bestIndex)].accuracy, 0, 'f', 2);
        runs_->addItem(
            QStringLiteral("%1 · %2%3")
                .arg(QString::fromStdString(r.id), QString::fromStdString(r.spec.datasetName), acc),
            QString::fromStdString(r.folder.string()));
    }
    const int keep = runs_->findData(current);
    if (keep >= 0) runs_->setCurrentIndex(keep);
    showContent(runs_->count() > 0);
    updateState();
}

QString ExportPage::selectedRunFolder() const {
    return runs_->currentData().toString();
}

void ExportPage::updateState() {
    const QString folder = selectedRunFolder();
    const bool any = !folder.isEmpty();
    export_->setEnabled(any && !watcher_->isRunning());
    charts_->setEnabled(any);
    csv_->setEnabled(any);
    if (!any) return;
    const QString id = QFileInfo(folder).fileName();
    runInfo_->setText(tr("Model folder of the run: %1").arg(QDir(folder).filePath(QStringLiteral("model"))));
    if (destination_->text().isEmpty() || destination_->property("auto").toBool()) {
        const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        destination_->setText(
            QDir(docs.isEmpty() ? QDir::homePath() : docs).filePath(QStringLiteral("headliner-") + id));
        destination_->setProperty("auto", true);
    }
}

void ExportPage::exportModel() {
    const QString run = selectedRunFolder();
    const QString dest = destination_->text().trimmed();
    if (run.isEmpty() || dest.isEmpty()) {
        message_->setText(tr("Choose a run and a folder first."));
        return;
    }
    export_->setEnabled(false);
    message_->setStyleSheet(QString());
    message_->setText(tr("Exporting…"));
    progress_->setRange(0, 100);
    progress_->setValue(0);
    const QString source = QDir(run).filePath(QStringLiteral("model"));
    // The page outlives the copy: its destructor waits for it.
    watcher_->setFuture(QtConcurrent::run([this, source, dest] {
        return copyModelFolder(source, dest, [this](int done, int total) {
            QMetaObject::invokeMethod(
                this, [this, done, total] { progress_->setValue(100 * done / std::max(1, total)); },
                Qt::QueuedConnection);
        });
    }));
}

bool ExportPage::saveCharts(const QString& folder) {
    try {
        const auto run = workspace_->training()->store().load(selectedRunFolder().toStdString());
        // Drawn off screen at a fixed size, so the files do not depend on the window.
        TrainingCharts charts;
        charts.resize(1200, 800);
        charts.showRun(run);
        charts.flush();
        charts.ensurePolished();
        charts.layout()->activate();
        QString error;
        if (!charts.savePngs(folder, &error)) {
            message_->setText(error);
            return false;
        }
        message_->setText(
            tr("Charts saved to %1 (loss.png, evaluation.png, learning-rate.png).").arg(folder));
        return true;
    } catch (const std::exception& e) {
        message_->setText(QString::fromStdString(e.what()));
        return false;
    }
}

bool ExportPage::saveMetricsCsv(const QString& file) {
    QString error;
    const QString csv = metricsCsv(selectedRunFolder(), &error);
    if (!error.isEmpty()) {
        message_->setText(error);
        return false;
    }
    try {
        io::writeFileAtomically(file.toStdString(), csv.toStdString());
    } catch (const std::exception& e) {
        message_->setText(QString::fromStdString(e.what()));
        return false;
    }
    message_->setText(tr("Metrics saved to %1.").arg(file));
    return true;
}

}  // namespace headliner::ui
