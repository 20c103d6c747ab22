#include "ui/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdlib>
#include <fstream>

#include "core/Error.h"
#include "core/data/DatasetReader.h"
#include "core/data/DemoDataset.h"
#include "core/text/BertNormalizer.h"
#include "core/text/BertPreTokenizer.h"
#include "core/text/Tokenizer.h"
#include "ui/TrainingController.h"

namespace headliner::ui {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxRecent = 8;
const QString kRecentKey = QStringLiteral("dataset/recent");

// vocab.txt of distilbert-base-uncased in the Hugging Face cache, when Python (or Headliner)
// downloaded it there: then the histogram counts real WordPiece tokens.
fs::path cachedBertVocab() {
    fs::path hub;
    if (const char* c = std::getenv("HF_HUB_CACHE"); c && *c)
        hub = c;
    else if (const char* h = std::getenv("HF_HOME"); h && *h)
        hub = fs::path(h) / "hub";
    else if (const char* home = std::getenv("HOME"); home && *home)
        hub = fs::path(home) / ".cache" / "huggingface" / "hub";
    const fs::path entry = hub / "models--distilbert-base-uncased";
    std::ifstream ref(entry / "refs" / "main");
    std::string revision;
    if (!(ref >> revision) || revision.find('/') != std::string::npos ||
        revision.find("..") != std::string::npos)
        return {};
    const fs::path vocab = entry / "snapshots" / revision / "vocab.txt";
    std::error_code ec;
    return fs::exists(vocab, ec) ? vocab : fs::path();
}

}  // namespace

std::shared_ptr<LoadedDataset> loadDataset(const QString& trainPath, const QString& testPath,
                                           const data::ReadOptions& options) {
    auto d = std::make_shared<LoadedDataset>();
    d->trainPath = trainPath;
    d->testPath = testPath;
    d->options = options;
    auto train =
        std::make_shared<data::Dataset>(data::readDataset(trainPath.toStdString(), options, &d->trainReport));
    if (!testPath.isEmpty()) {
        auto test = std::make_shared<data::Dataset>(
            data::readDataset(testPath.toStdString(), options, &d->testReport));
        // It may lack some classes, or order them otherwise.
        d->testClassesNote = QString::fromStdString(data::useClassesOf(*train, *test));
        d->overlap = data::findOverlap(*train, *test);
        d->test = std::move(test);
    }
    d->duplicates = data::findDuplicates(*train);

    // Token lengths: WordPiece when the real vocabulary is at hand, else BERT's pre-tokens
    // (words and punctuation), which WordPiece only ever splits further.
    data::TokenCounter count;
    std::unique_ptr<text::Tokenizer> wordpiece;
    if (const auto vocab = cachedBertVocab(); !vocab.empty()) {
        try {
            wordpiece = text::loadTokenizer(vocab);
        } catch (const std::exception&) {
            wordpiece.reset();
        }
    }
    if (wordpiece) {
        const text::Tokenizer* t = wordpiece.get();
        count = [t](std::string_view s) { return t->encode(s, 0).size(); };
        d->lengthUnit = QObject::tr("WordPiece tokens");
    } else {
        auto normalizer = std::make_shared<text::BertNormalizer>();
        count = [normalizer](std::string_view s) {
            std::size_t n = 2;  // [CLS] and [SEP]
            text::forEachBertWord(normalizer->normalize(s), [&n](std::string_view) {
                ++n;
                return true;
            });
            return n;
        };
        d->lengthUnit = QObject::tr("words and punctuation");
    }
    d->tokenLengths.reserve(train->size());
    for (const auto& t : train->texts) d->tokenLengths.push_back(std::uint32_t(count(t)));
    d->trainStats = data::computeStats(*train);
    d->train = std::move(train);
    return d;
}

Workspace::Workspace(const QString& dataFolder, QObject* parent)
    : QObject(parent),
      dataFolder_(dataFolder),
      watcher_(new QFutureWatcher<std::shared_ptr<LoadedDataset>>(this)) {
    QDir().mkpath(dataFolder_);
    training_ = new TrainingController(runsFolder(), this);
    connect(watcher_, &QFutureWatcherBase::finished, this, [this] {
        // The future carries either the dataset or, as a LoadedDataset without train, the error.
        auto result = watcher_->result();
        if (!result->train) {
            Q_EMIT datasetFailed(result->error);
            return;
        }
        dataset_ = std::make_unique<LoadedDataset>(std::move(*result));
        dataset_->isDemo = pendingDemo_;
        if (!dataset_->isDemo) addRecent(dataset_->trainPath);
        Q_EMIT datasetChanged();
    });
}

Workspace::~Workspace() {
    waitForLoad();
}

QString Workspace::runsFolder() const {
    return QDir(dataFolder_).filePath(QStringLiteral("runs"));
}

QString Workspace::defaultDataFolder() {
    const QByteArray env = qgetenv("HEADLINER_DATA_DIR");
    if (!env.isEmpty()) return QString::fromLocal8Bit(env);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool Workspace::isLoading() const {
    return watcher_->isRunning();
}

void Workspace::waitForLoad() {
    if (!watcher_->isRunning()) return;
    watcher_->waitForFinished();
}

void Workspace::openDataset(const QString& trainPath, const QString& testPath,
                            const data::ReadOptions& options) {
    startLoad(trainPath, testPath, options, false);
}

void Workspace::startLoad(const QString& trainPath, const QString& testPath, const data::ReadOptions& options,
                          bool demo) {
    if (watcher_->isRunning()) watcher_->waitForFinished();  // one load at a time; the newest wins
    Q_EMIT datasetLoading(trainPath);
    pendingDemo_ = demo;
    watcher_->setFuture(QtConcurrent::run([trainPath, testPath, options]() -> std::shared_ptr<LoadedDataset> {
        try {
            return loadDataset(trainPath, testPath, options);
        } catch (const std::exception& e) {
            auto failed = std::make_shared<LoadedDataset>();
            failed->error = QString::fromStdString(e.what());
            return failed;
        }
    }));
}

void Workspace::openDemo() {
    try {
        const auto files =
            data::writeDemoDataset((QDir(dataFolder_).filePath(QStringLiteral("demo"))).toStdString());
        startLoad(QString::fromStdString(files.train.string()), QString::fromStdString(files.test.string()),
                  {}, true);
    } catch (const std::exception& e) {
        Q_EMIT datasetFailed(QString::fromStdString(e.what()));
    }
}

void Workspace::setMaxLength(int tokens) {
    if (tokens == maxLength_) return;
    maxLength_ = tokens;
    Q_EMIT maxLengthChanged(tokens);
}

QStringList Workspace::recentFiles() const {
    return QSettings().value(kRecentKey).toStringList();
}

void Workspace::addRecent(const QString& path) {
    QStringList recent = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent) recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    Q_EMIT recentFilesChanged();
}

}  // namespace headliner::ui
