#include "ui/HubDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/hub/HubClient.h"
#include "core/hub/HubSettings.h"

namespace headliner::ui {

QString formatBytes(double bytes) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (bytes >= 1000 && u < 4) bytes /= 1000, ++u;
    return QStringLiteral("%1 %2").arg(bytes, 0, 'f', u == 0 ? 0 : 1).arg(QLatin1String(units[u]));
}

std::vector<std::string> HubDialog::filesToFetch(hub::RepoType type, const std::vector<std::string>& listed) {
    std::vector<std::string> out;
    const auto has = [&](const std::string& f) { return std::find(listed.begin(), listed.end(), f) != listed.end(); };
    if (type == hub::RepoType::Dataset) {
        for (const auto& f : listed) {
            const auto dot = f.rfind('.');
            const std::string ext = dot == std::string::npos ? "" : f.substr(dot);
            if (ext == ".jsonl" || ext == ".csv" || ext == ".tsv" || ext == ".xz" || ext == ".txt") out.push_back(f);
        }
        return out;
    }
    for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
                          "special_tokens_map.json", "spiece.model", "sentencepiece.bpe.model"})
        if (has(f)) out.emplace_back(f);
    if (has("model.safetensors")) out.emplace_back("model.safetensors");
    else if (has("pytorch_model.bin")) out.emplace_back("pytorch_model.bin");
    return out;
}

HubDialog::HubDialog(hub::RepoType type, const QString& suggestion, QWidget* parent)
    : QDialog(parent), type_(type) {
    setObjectName(QStringLiteral("hubDialog"));
    setWindowTitle(type == hub::RepoType::Model ? tr("Model from the Hugging Face hub")
                                                : tr("Dataset from the Hugging Face hub"));
    resize(620, 460);
    const auto settings = hub::HubSettings::fromEnvironment();

    query_ = new QLineEdit(suggestion, this);
    query_->setObjectName(QStringLiteral("query"));
    query_->setPlaceholderText(tr("Search by name, or type org/name"));
    query_->setClearButtonEnabled(true);
    auto* searchButton = new QPushButton(tr("&Search"), this);
    searchButton->setObjectName(QStringLiteral("searchButton"));
    auto* row = new QHBoxLayout;
    row->addWidget(query_, 1);
    row->addWidget(searchButton);

    results_ = new QListWidget(this);
    results_->setObjectName(QStringLiteral("results"));
    if (!suggestion.isEmpty()) new QListWidgetItem(suggestion, results_);
    results_->setCurrentRow(0);

    cacheState_ = new QLabel(this);
    cacheState_->setObjectName(QStringLiteral("cacheState"));
    cacheState_->setWordWrap(true);
    useCached_ = new QPushButton(tr("&Use the copy in the cache"), this);
    useCached_->setObjectName(QStringLiteral("useCached"));
    download_ = new QPushButton(style()->standardIcon(QStyle::SP_ArrowDown), tr("&Download"), this);
    download_->setObjectName(QStringLiteral("download"));
    cancel_ = new QPushButton(tr("Cancel download"), this);
    cancel_->setEnabled(false);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("downloadProgress"));
    progress_->setValue(0);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("downloadStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* actions = new QHBoxLayout;
    actions->addWidget(useCached_);
    actions->addStretch(1);
    actions->addWidget(download_);
    actions->addWidget(cancel_);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* v = new QVBoxLayout(this);
    auto* where = new QLabel(tr("Hub: %1 · cache: %2%3")
                                 .arg(QString::fromStdString(settings.endpoint),
                                      QString::fromStdString(settings.cacheDir.string()),
                                      settings.offline ? tr(" · offline (HF_HUB_OFFLINE)") : QString()),
                             this);
    where->setForegroundRole(QPalette::PlaceholderText);
    where->setWordWrap(true);
    v->addWidget(where);
    v->addLayout(row);
    v->addWidget(results_, 1);
    v->addWidget(cacheState_);
    v->addLayout(actions);
    v->addWidget(progress_);
    v->addWidget(status_);
    v->addWidget(close);

    connect(searchButton, &QPushButton::clicked, this, &HubDialog::search);
    connect(query_, &QLineEdit::returnPressed, this, &HubDialog::search);
    connect(results_, &QListWidget::currentRowChanged, this, &HubDialog::updateCacheState);
    connect(useCached_, &QPushButton::clicked, this, &HubDialog::useCached);
    connect(download_, &QPushButton::clicked, this, &HubDialog::download);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (cancelFlag_) *cancelFlag_ = true;
        status_->setText(tr("Cancelling… (what has arrived is kept, a later download resumes it)"));
    });
    updateCacheState();
}

HubDialog::~HubDialog() {
    if (cancelFlag_) *cancelFlag_ = true;
    if (worker_.joinable()) worker_.join();
}

QString HubDialog::repo() const {
    auto* item = results_->currentItem();
    return item ? item->data(Qt::UserRole).toString().isEmpty() ? item->text() : item->data(Qt::UserRole).toString()
                : query_->text().trimmed();
}

void HubDialog::setBusy(bool busy) {
    download_->setEnabled(!busy);
    useCached_->setEnabled(!busy && !cachedPath_.isEmpty());
    cancel_->setEnabled(busy);
    query_->setEnabled(!busy);
    results_->setEnabled(!busy);
}

void HubDialog::updateCacheState() {
    cachedPath_.clear();
    const std::string id = repo().toStdString();
    if (hub::isValidRepoId(id)) {
        const auto cached = hub::cachedSnapshot(id, type_, "main", hub::HubSettings::fromEnvironment());
        if (cached) cachedPath_ = QString::fromStdString(cached->string());
    }
    cacheState_->setText(cachedPath_.isEmpty() ? tr("Not in your Hugging Face cache yet.")
                                               : tr("In your Hugging Face cache: %1").arg(cachedPath_));
    useCached_->setEnabled(!cachedPath_.isEmpty());
}

void HubDialog::search() {
    const QString text = query_->text().trimmed();
    if (text.isEmpty() || (worker_.joinable() && cancel_->isEnabled())) return;
    if (worker_.joinable()) worker_.join();
    status_->setText(tr("Searching the hub for \"%1\"…").arg(text));
    const auto type = type_;
    QPointer<HubDialog> self(this);
    worker_ = std::thread([self, type, query = text.toStdString()] {
        QString error;
        std::vector<hub::RepoSummary> found;
        try {
            found = hub::searchRepos(query, type, 30);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            self,
            [self, found, error] {
                if (!self) return;
                const QString typed = self->query_->text().trimmed();
                self->results_->clear();
                for (const auto& r : found) {
                    auto* item = new QListWidgetItem(
                        QStringLiteral("%1   ·   %2 downloads%3")
                            .arg(QString::fromStdString(r.id))
                            .arg(r.downloads)
                            .arg(r.gated ? tr("   ·   gated: needs a token") : QString()),
                        self->results_);
                    item->setData(Qt::UserRole, QString::fromStdString(r.id));
                }
                // A full id typed by hand is offered even when the search does not list it.
                if (hub::isValidRepoId(typed.toStdString()) && self->results_->findItems(typed, Qt::MatchStartsWith).isEmpty()) {
                    auto* item = new QListWidgetItem(typed, self->results_);
                    item->setData(Qt::UserRole, typed);
                }
                self->results_->setCurrentRow(0);
                self->status_->setText(error.isEmpty() ? tr("%n result(s).", nullptr, int(found.size()))
                                                       : tr("Search failed: %1").arg(error));
                Q_EMIT self->searchFinished(int(found.size()));
            },
            Qt::QueuedConnection);
    });
}

void HubDialog::useCached() {
    if (cachedPath_.isEmpty()) return;
    snapshot_ = cachedPath_;
    accept();
}

void HubDialog::download() {
    const std::string id = repo().toStdString();
    if (!hub::isValidRepoId(id)) {
        status_->setText(tr("\"%1\" is not a repository name (org/name).").arg(repo()));
        return;
    }
    if (worker_.joinable()) worker_.join();
    cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
    setBusy(true);
    progress_->setRange(0, 0);
    status_->setText(tr("Listing the files of %1…").arg(repo()));
    QPointer<HubDialog> self(this);
    worker_ = std::thread([self, id, type = type_, cancel = cancelFlag_] {
        QString error, snapshot;
        try {
            hub::DownloadOptions o;
            o.type = type;
            o.cancel = cancel.get();
            o.progress = [self](const hub::DownloadProgress& p) {
                QMetaObject::invokeMethod(
                    self,
                    [self, p] {
                        if (!self) return;
                        if (p.total > 0) {
                            self->progress_->setRange(0, 1000);
                            self->progress_->setValue(int(1000.0 * double(p.bytes) / double(p.total)));
                        }
                        QString eta = p.etaSeconds >= 0 ? tr(", %1 s left").arg(std::lround(p.etaSeconds)) : QString();
                        self->status_->setText(tr("File %1 of %2: %3 — %4 of %5 at %6/s%7")
                                                   .arg(p.fileIndex + 1)
                                                   .arg(p.fileCount)
                                                   .arg(QString::fromStdString(p.file))
                                                   .arg(formatBytes(double(p.bytes)))
                                                   .arg(p.total > 0 ? formatBytes(double(p.total)) : tr("?"))
                                                   .arg(formatBytes(p.bytesPerSecond))
                                                   .arg(eta));
                    },
                    Qt::QueuedConnection);
            };
            const auto settings = hub::HubSettings::fromEnvironment();
            try {
                const auto listing = hub::listRepoFiles(id, o, settings);
                o.include = filesToFetch(type, listing.files);
                if (o.include.empty())
                    throw std::runtime_error(tr("%1 has no files Headliner can use").arg(QString::fromStdString(id)).toStdString());
            } catch (const hub::HubError& e) {
                // Offline or unreachable: downloadSnapshot falls back on the cache (or says why not).
                if (e.kind() != hub::HubError::Kind::Offline && e.kind() != hub::HubError::Kind::Network) throw;
                o.include = type == hub::RepoType::Model
                                ? std::vector<std::string>{"*.json", "*.txt", "*.model", "*.safetensors", "*.bin"}
                                : std::vector<std::string>{"*.jsonl", "*.csv", "*.tsv", "*.xz"};
            }
            snapshot = QString::fromStdString(hub::downloadSnapshot(id, o, settings).string());
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            self,
            [self, snapshot, error] {
                if (!self) return;
                self->setBusy(false);
                self->progress_->setRange(0, 1000);
                self->progress_->setValue(error.isEmpty() ? 1000 : 0);
                self->status_->setText(error.isEmpty() ? tr("Downloaded to %1").arg(snapshot)
                                                       : tr("The download failed: %1").arg(error));
                self->updateCacheState();
                Q_EMIT self->downloadFinished(snapshot, error);
                if (error.isEmpty()) {
                    self->snapshot_ = snapshot;
                    self->accept();
                }
            },
            Qt::QueuedConnection);
    });
}

}  // namespace headliner::ui
