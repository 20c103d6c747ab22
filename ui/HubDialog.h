#pragma once
// A model or dataset from the Hugging Face hub: search by name, see whether a copy is already in
// the Hugging Face cache (shared with Python's huggingface_hub) and use it, or download it with
// progress, speed and ETA, and cancel. Downloads run on a worker thread; the dialog stays
// responsive, and a cancelled download resumes where it stopped next time.

#include <QDialog>

#include <atomic>
#include <memory>
#include <thread>

#include "core/hub/HubCache.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace headliner::ui {

class HubDialog : public QDialog {
    Q_OBJECT
public:
    // suggestion: the repository selected at first (e.g. distilbert-base-uncased, sh0416/ag_news).
    HubDialog(hub::RepoType type, const QString& suggestion, QWidget* parent = nullptr);
    ~HubDialog() override;

    // After accept(): the local snapshot folder (models: a model folder; datasets: its files).
    QString snapshotFolder() const { return snapshot_; }
    QString repo() const;

    // Files to fetch for a repository: a model's config, tokenizer and one weights file
    // (model.safetensors, else pytorch_model.bin), a dataset's data files.
    static std::vector<std::string> filesToFetch(hub::RepoType type, const std::vector<std::string>& listed);

public Q_SLOTS:
    void search();
    void download();
    void useCached();

Q_SIGNALS:
    void searchFinished(int results);
    void downloadFinished(const QString& snapshot, const QString& error);

private:
    void updateCacheState();
    void setBusy(bool busy);

    hub::RepoType type_;
    QLineEdit* query_;
    QListWidget* results_;
    QLabel* cacheState_;
    QPushButton* useCached_;
    QPushButton* download_;
    QPushButton* cancel_;
    QProgressBar* progress_;
    QLabel* status_;
    QString snapshot_;
    QString cachedPath_;
    std::shared_ptr<std::atomic<bool>> cancelFlag_;
    std::thread worker_;
};

// Human-readable byte counts: "12.3 MB".
QString formatBytes(double bytes);

}  // namespace headliner::ui
