#pragma once
// What the pages share: the dataset that is open (read on a worker thread, with its statistics,
// duplicates and train/test overlap), the folder where runs and the demo live, the training
// controller, and the recent files. Pages talk to each other only through it.

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/Overlap.h"
#include "core/data/ReadOptions.h"
#include "core/data/ReadReport.h"
#include "core/data/Statistics.h"

namespace headliner::ui {

class TrainingController;

// A dataset file and what the app learned about it.
struct LoadedDataset {
    std::shared_ptr<const data::Dataset> train;
    std::shared_ptr<const data::Dataset> test;  // null when no test file was given
    QString trainPath, testPath;
    data::ReadOptions options;
    data::ReadReport trainReport, testReport;
    data::DatasetStats trainStats;
    data::DuplicateReport duplicates;
    std::optional<data::OverlapReport> overlap;  // test rows that are also in train
    QString testClassesNote;  // how the test file's classes were matched when not by exact name
    std::vector<std::uint32_t> tokenLengths;     // per training row, special tokens included
    QString lengthUnit;  // what the token lengths count ("WordPiece tokens", "words and punctuation")
    bool isDemo = false;
    QString error;  // set (and nothing else) when the files could not be read
};

class Workspace : public QObject {
    Q_OBJECT
public:
    // dataFolder holds runs/ and demo/; created when missing.
    explicit Workspace(const QString& dataFolder, QObject* parent = nullptr);
    ~Workspace() override;

    QString dataFolder() const { return dataFolder_; }
    QString runsFolder() const;
    TrainingController* training() const { return training_; }

    const LoadedDataset* dataset() const { return dataset_.get(); }
    bool isLoading() const;
    QStringList recentFiles() const;

    // The max length (tokens per text) chosen on the Train page; the Dataset page marks it.
    int maxLength() const { return maxLength_; }
    void setMaxLength(int tokens);

    // The default location: QStandardPaths::AppDataLocation, or $HEADLINER_DATA_DIR when set.
    static QString defaultDataFolder();

public Q_SLOTS:
    // Reads train (and test) on a worker thread; datasetChanged or datasetFailed follows.
    void openDataset(const QString& trainPath, const QString& testPath = QString(),
                     const headliner::data::ReadOptions& options = {});
    // Writes the built-in demo into dataFolder/demo (once) and opens it.
    void openDemo();
    // Blocks until a load started by openDataset has ended (tests).
    void waitForLoad();

Q_SIGNALS:
    void datasetLoading(const QString& path);
    void datasetChanged();
    void datasetFailed(const QString& message);
    void recentFilesChanged();
    void maxLengthChanged(int tokens);
    // A run finished or was exported: model lists should refresh.
    void modelsChanged();

private:
    void addRecent(const QString& path);
    void startLoad(const QString& trainPath, const QString& testPath, const data::ReadOptions& options,
                   bool demo);

    QString dataFolder_;
    TrainingController* training_;
    std::unique_ptr<LoadedDataset> dataset_;
    QFutureWatcher<std::shared_ptr<LoadedDataset>>* watcher_;
    bool pendingDemo_ = false;
    int maxLength_ = 256;
};

// Rows of a dataset read, stats, duplicates and overlap: the work openDataset does off the UI
// thread. Throws headliner::FileError for a file that cannot be read.
std::shared_ptr<LoadedDataset> loadDataset(const QString& trainPath, const QString& testPath,
                                           const data::ReadOptions& options);

}  // namespace headliner::ui
