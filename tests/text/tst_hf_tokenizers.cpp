// The exported sentencepiece tokenizer against Hugging Face's own `tokenizers` library (the Rust
// implementation, run through its Node bindings in tests/hf-tokenizers, installed by
// `npm ci --prefix tests/hf-tokenizers`; scripts/setup.sh test does it): a unigram model trained
// on AG News, cased and uncased, exported as a model folder, must give exactly Headliner's ids
// for all 7,600 test texts, for one text made of 40 of them, and for texts with awkward
// whitespace, digits with commas, quotes, accents, emoji and scripts the model never saw.
// A BPE model keeps the AlbertTokenizer settings. The WordPiece export (distilbert-base-uncased's
// tokenizer, read and written back as tokenizer.json) gives the same ids there too.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/Dataset.h"
#include "core/data/DatasetReader.h"
#include "core/text/SentencePieceTokenizer.h"
#include "core/text/Tokenizer.h"
#include "support/SharedData.h"

using headliner::text::SentencePieceTokenizer;
using headliner::text::SentencePieceTrainingOptions;
using headliner::text::TokenId;

namespace {

const char* const kAwkwardTexts[] = {
    "",
    "a",
    "  leading and trailing spaces  ",
    "multiple     spaces\tand a tab\nand a newline",
    "Revenue rose to 1,000 million in 2005, up 5% from 2,004,311 in Q1,2004",
    "''Quoted'' and ``backticked`` words, \"double\" and 'single'",
    "Caf\xC3\xA9 na\xC3\xAFve \xC3\x9C" "ber \xC3\x85ngstr\xC3\xB6m",  // accents
    "\xEF\xBC\xA6\xEF\xBC\xB5\xEF\xBC\xAC\xEF\xBC\xAC width and \xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93",  // full-width letters and digits
    "emoji \xF0\x9F\x98\x80\xF0\x9F\x9A\x80 and CJK \xE6\xBC\xA2\xE5\xAD\x97 and Greek \xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC",
    "zero\xE2\x80\x8Bwidth and non\xC2\xA0" "breaking",
    "\xE2\x96\x81" "already\xE2\x96\x81" "escaped",  // U+2581 in the text itself
    "AT&amp;T's #1 stock -- $3.50 (NYSE: T) &lt;b&gt;",
};

}  // namespace

class TestHfTokenizers : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString node_;
    QString script_;
    std::vector<std::string> train_, test_;

    // Hugging Face's ids for texts, from FOLDER/tokenizer.json.
    std::vector<std::vector<TokenId>> huggingFaceIds(const QString& folder, const std::vector<std::string>& texts) {
        QByteArray input;
        for (const auto& t : texts) input += QByteArray::fromStdString(nlohmann::json{{"text", t}}.dump()) + '\n';
        QProcess p;
        p.start(node_, {script_, folder + QStringLiteral("/tokenizer.json")});
        if (!p.waitForStarted(30000)) return {};
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(300000) || p.exitCode() != 0) {
            qWarning("node failed: %s", p.readAllStandardError().constData());
            return {};
        }
        std::vector<std::vector<TokenId>> out;
        for (const auto& line : p.readAllStandardOutput().split('\n'))
            if (!line.isEmpty()) out.push_back(nlohmann::json::parse(line.toStdString()).at("ids").get<std::vector<TokenId>>());
        return out;
    }

    // Exports the tokenizer and compares every text's ids with Hugging Face's.
    void checkAgainstHuggingFace(const headliner::text::Tokenizer& tokenizer, const QString& name,
                                 const char* tokenizerClass = "PreTrainedTokenizerFast") {
        const QString folder = dir_.filePath(name);
        QVERIFY(QDir().mkpath(folder));
        tokenizer.writeHuggingFaceFiles(folder.toStdString(), 512);
        QFile config(folder + QStringLiteral("/tokenizer_config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QCOMPARE(nlohmann::json::parse(config.readAll().toStdString()).at("tokenizer_class").get<std::string>(),
                 std::string(tokenizerClass));

        std::vector<std::string> texts = test_;
        for (const char* t : kAwkwardTexts) texts.emplace_back(t);
        std::string longText;  // about 2,000 pieces: path scores far from the float32 limit's reach
        for (std::size_t i = 0; i < 40; ++i) longText += test_[i] + " ";
        texts.push_back(longText);
        const auto theirs = huggingFaceIds(folder, texts);
        QCOMPARE(theirs.size(), texts.size());
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto ours = tokenizer.encode(texts[i], 0);
            if (ours == theirs[i]) continue;
            if (++mismatches <= 5) {
                std::string a, b;
                for (auto id : ours) a += tokenizer.idToToken(id) + " ";
                for (auto id : theirs[i]) b += (id >= 0 && std::size_t(id) < tokenizer.vocabSize() ? tokenizer.idToToken(id) : "?") + " ";
                qWarning("text %zu \"%s\"\n  Headliner:    %s\n  tokenizers:   %s", i, texts[i].c_str(), a.c_str(), b.c_str());
            }
        }
        qInfo("%s: %zu of %zu texts differ", qPrintable(name), mismatches, texts.size());
        QCOMPARE(mismatches, std::size_t(0));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        node_ = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString tools = QStringLiteral(HEADLINER_SOURCE_DIR "/tests/hf-tokenizers");
        script_ = tools + QStringLiteral("/encode.js");
        QVERIFY2(!node_.isEmpty(), "no node on PATH: install Node.js (scripts/setup.sh test does)");
        QVERIFY2(QFile::exists(tools + QStringLiteral("/node_modules/@anush008/tokenizers/package.json")),
                 "Hugging Face tokenizers for Node are not installed: npm ci --prefix tests/hf-tokenizers "
                 "(scripts/setup.sh test does it)");
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        const auto train = headliner::data::readDataset(
            headliner::test::sharedPath(QStringLiteral("data/ag_news/train.csv.xz")).toStdString());
        for (std::size_t i = 0; i < train.size(); i += 4) train_.push_back(train.texts[i]);  // 7,090 texts
        test_ = headliner::data::readDataset(
                    headliner::test::sharedPath(QStringLiteral("data/ag_news/test.csv.xz")).toStdString())
                    .texts;
        QCOMPARE(test_.size(), std::size_t(7600));
    }

    // As the scratch presets train it: unigram, lowercased.
    void uncasedUnigramMatches() {
        SentencePieceTrainingOptions o;
        o.vocabSize = 4000;
        o.lowercase = true;
        const auto tokenizer = SentencePieceTokenizer::train(train_, dir_.filePath("uncased.model").toStdString(), o);
        checkAgainstHuggingFace(*tokenizer, QStringLiteral("uncased"));
    }

    void casedUnigramMatches() {
        SentencePieceTrainingOptions o;
        o.vocabSize = 3000;
        o.characterCoverage = 0.98;  // more characters left to [UNK]
        const auto tokenizer = SentencePieceTokenizer::train(train_, dir_.filePath("cased.model").toStdString(), o);
        checkAgainstHuggingFace(*tokenizer, QStringLiteral("cased"));
    }

    // The exported folder (tokenizer.json is Unigram) loads back as the sentencepiece model.
    void exportedFolderLoadsBack() {
        const QString folder = dir_.filePath(QStringLiteral("uncased"));
        QVERIFY(QFile::exists(folder + QStringLiteral("/tokenizer.json")));
        const auto loaded = headliner::text::loadTokenizer(folder.toStdString());
        const auto original = SentencePieceTokenizer::fromModelFile(dir_.filePath("uncased.model").toStdString());
        for (std::size_t i = 0; i < 200; ++i) QCOMPARE(loaded->encode(test_[i], 64), original->encode(test_[i], 64));
    }

    // Headliner's WordPiece tokenizer read from distilbert-base-uncased's folder, exported.
    void wordPieceMatches() {
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");
        const auto tokenizer = headliner::text::loadTokenizer(
            headliner::test::sharedPath(QStringLiteral("data/vocab/distilbert-base-uncased")).toStdString());
        checkAgainstHuggingFace(*tokenizer, QStringLiteral("wordpiece"), "DistilBertTokenizer");
    }

    // A BPE model has no tokenizer.json and keeps the AlbertTokenizer settings.
    void bpeKeepsAlbertSettings() {
        SentencePieceTrainingOptions o;
        o.vocabSize = 1000;
        o.algorithm = SentencePieceTrainingOptions::Algorithm::Bpe;
        const std::vector<std::string> few(train_.begin(), train_.begin() + 2000);
        const auto tokenizer = SentencePieceTokenizer::train(few, dir_.filePath("bpe.model").toStdString(), o);
        const QString folder = dir_.filePath(QStringLiteral("bpe"));
        QVERIFY(QDir().mkpath(folder));
        tokenizer->writeHuggingFaceFiles(folder.toStdString(), 128);
        QVERIFY(!QFile::exists(folder + QStringLiteral("/tokenizer.json")));
        QVERIFY(QFile::exists(folder + QStringLiteral("/spiece.model")));
        QFile config(folder + QStringLiteral("/tokenizer_config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const auto j = nlohmann::json::parse(config.readAll().toStdString());
        QCOMPARE(j.at("tokenizer_class").get<std::string>(), std::string("AlbertTokenizer"));
        QCOMPARE(j.at("model_max_length").get<int>(), 128);
    }
};

QTEST_GUILESS_MAIN(TestHfTokenizers)
#include "tst_hf_tokenizers.moc"
