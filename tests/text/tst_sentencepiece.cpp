// SentencePieceTokenizer on the real sentencepiece library: models trained here from texts the
// test writes (and from AG News), the special-token layout the model side relies on, truncation,
// atomic writes, and errors that name the file.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sentencepiece_trainer.h>

#include "core/Error.h"
#include "core/data/Dataset.h"
#include "core/text/SentencePieceTokenizer.h"
#include "support/SharedData.h"

using headliner::FileError;
using headliner::text::SentencePieceTokenizer;
using headliner::text::SentencePieceTrainingOptions;
using headliner::text::TokenId;

namespace {

// Headline-like sentences from a small grammar, seeded: enough variety for a few hundred pieces.
std::vector<std::string> syntheticTexts(int count) {
    const std::vector<std::string> subjects = {"Stocks",     "The team",  "Researchers", "Leaders",
                                               "Oil prices", "A striker", "Voters",      "The central bank",
                                               "Engineers",  "Fans"};
    const std::vector<std::string> verbs = {"rally", "celebrate", "unveil",   "discuss", "fall",
                                            "score", "protest",   "announce", "build",   "cheer"};
    const std::vector<std::string> objects = {"after the rate cut",        "in overtime",
                                              "a faster processor",        "border talks",
                                              "on supply worries",         "twice in the derby",
                                              "new election rules",        "record quarterly profits",
                                              "a bridge across the river", "the championship parade"};
    std::mt19937 rng(7);
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i)
        out.push_back(subjects[rng() % subjects.size()] + " " + verbs[rng() % verbs.size()] + " " +
                      objects[rng() % objects.size()] + " " + std::to_string(rng() % 1000) + ".");
    return out;
}

std::string path(const QTemporaryDir& dir, const char* name) {
    return dir.filePath(QString::fromUtf8(name)).toStdString();
}

// AG News rows as the golden files form them: title + " " + description.
std::vector<std::string> readAgNewsTexts(const QString& xzFile) {
    QProcess xz;
    xz.start(QStringLiteral("xz"), {QStringLiteral("-dc"), xzFile});
    if (!xz.waitForFinished(120000) || xz.exitCode() != 0) return {};
    const QByteArray csv = xz.readAllStandardOutput();
    // Every field is quoted; "" is a quote inside a field; rows end with \n outside quotes.
    std::vector<std::string> texts;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            if (fields.size() == 3) texts.push_back(fields[1] + " " + fields[2]);
            fields.assign(1, {});
        }
    }
    return texts;
}

}  // namespace

class TestSentencePiece : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<SentencePieceTokenizer> small_;  // unigram, 300 pieces, trained once

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        SentencePieceTrainingOptions options;
        options.vocabSize = 300;
        small_ = SentencePieceTokenizer::train(syntheticTexts(3000), path(dir_, "small.model"), options);
        QVERIFY(small_);
    }

    void trainedModelHasTheDocumentedSpecialTokens() {
        QCOMPARE(small_->vocabSize(), std::size_t(300));
        QCOMPARE(small_->kind(), std::string("sentencepiece"));
        QCOMPARE(small_->idToToken(0), std::string("[PAD]"));
        QCOMPARE(small_->idToToken(1), std::string("[UNK]"));
        QCOMPARE(small_->idToToken(2), std::string("[CLS]"));
        QCOMPARE(small_->idToToken(3), std::string("[SEP]"));
        QCOMPARE(small_->idToToken(4), std::string("[MASK]"));
        const auto& s = small_->specialTokens();
        QCOMPARE(s.pad, 0);
        QCOMPARE(s.unk, 1);
        QCOMPARE(s.cls, 2);
        QCOMPARE(s.sep, 3);
        QCOMPARE(s.mask, 4);
        QCOMPARE(small_->tokenToId("[MASK]"), std::optional<TokenId>(4));
        QCOMPARE(small_->tokenToId("no-such-piece-here"), std::optional<TokenId>());
        QCOMPARE(small_->tokenToId("[UNK]"), std::optional<TokenId>(1));
        QCOMPARE(small_->files().size(), std::size_t(1));
        QCOMPARE(small_->files()[0], std::filesystem::path(path(dir_, "small.model")));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, small_->idToToken(300));
    }

    void encodePlacesClsAndSepAroundThePieces() {
        const auto ids = small_->encode("Stocks rally after the rate cut", 0);
        QVERIFY(ids.size() > 3);
        QCOMPARE(ids.front(), 2);
        QCOMPARE(ids.back(), 3);
        const auto pieces = small_->pieces("Stocks rally after the rate cut");
        QCOMPARE(ids.size(), pieces.size() + 2);
        for (std::size_t i = 0; i < pieces.size(); ++i) QCOMPARE(small_->idToToken(ids[i + 1]), pieces[i]);
        // No special id comes out of text, even when the text spells one.
        for (std::size_t i = 1; i + 1 < ids.size(); ++i) QVERIFY(ids[i] > 4 || ids[i] == 1);
        const auto literal = small_->encode("[CLS] [MASK] [SEP] [PAD]", 0);
        for (std::size_t i = 1; i + 1 < literal.size(); ++i) QVERIFY(literal[i] > 4 || literal[i] == 1);
        // Unseen characters become [UNK].
        const auto unseen = small_->encode("\xe6\xbc\xa2\xe5\xad\x97", 0);
        QVERIFY(std::find(unseen.begin(), unseen.end(), 1) != unseen.end());
        // The empty text is just the two special tokens.
        QCOMPARE(small_->encode("", 512), (std::vector<TokenId>{2, 3}));
    }

    void truncationKeepsTheFinalSepAndExactLength() {
        std::string longText;
        for (int i = 0; i < 40; ++i) longText += "Researchers unveil a faster processor. ";
        const auto full = small_->encode(longText, 0);
        QVERIFY(full.size() > 100);
        for (const std::size_t max : {std::size_t(2), std::size_t(3), std::size_t(16), std::size_t(64)}) {
            const auto cut = small_->encode(longText, max);
            QCOMPARE(cut.size(), max);
            QCOMPARE(cut.front(), 2);
            QCOMPARE(cut.back(), 3);
            QVERIFY(std::equal(cut.begin(), cut.end() - 1, full.begin()));
        }
        QCOMPARE(small_->encode(longText, full.size()), full);
        QCOMPARE(small_->encode(longText, full.size() + 10), full);  // no padding here
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, small_->encode(longText, 1));
    }

    void reloadedModelEncodesIdentically() {
        const auto loaded = SentencePieceTokenizer::fromModelFile(path(dir_, "small.model"));
        QCOMPARE(loaded->vocabSize(), small_->vocabSize());
        for (const auto& text : syntheticTexts(50))
            QCOMPARE(loaded->encode(text, 32), small_->encode(text, 32));
        // The model was written through a temporary file that is gone now.
        const QStringList left = QDir(dir_.path()).entryList({QStringLiteral("*.tmp-*")}, QDir::Files);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
    }

    void bpeAndLowercaseAndDatasetOverload() {
        headliner::data::Dataset dataset;
        dataset.texts = syntheticTexts(2000);
        dataset.texts.push_back("");  // ignored, not an error
        SentencePieceTrainingOptions options;
        options.algorithm = SentencePieceTrainingOptions::Algorithm::Bpe;
        options.vocabSize = 250;
        options.lowercase = true;
        const auto bpe = SentencePieceTokenizer::train(dataset, path(dir_, "sub/folder/bpe.model"), options);
        QCOMPARE(bpe->vocabSize(), std::size_t(250));
        QCOMPARE(bpe->specialTokens().mask, 4);
        QCOMPARE(bpe->encode("STOCKS RALLY", 0), bpe->encode("stocks rally", 0));
        QVERIFY(QFile::exists(QString::fromStdString(path(dir_, "sub/folder/bpe.model"))));
        // Multi-line texts and texts longer than the training cut are fine.
        std::vector<std::string> odd = syntheticTexts(500);
        odd.push_back("line one\nline two\ttabbed\r\n");
        odd.push_back(std::string(20000, 'x') + "\xc3\xa9");
        options.maxTextBytes = 1000;
        QVERIFY(SentencePieceTokenizer::train(odd, path(dir_, "odd.model"), options));
    }

    // A model trained with sentencepiece's defaults (unk 0, <s> 1, </s> 2, no pad), as most
    // published models are: the tokenizer takes its special tokens from the model.
    void loadsModelsWithTheDefaultLayout() {
        const std::string corpus = path(dir_, "corpus.txt");
        {
            std::ofstream out(corpus);
            for (const auto& t : syntheticTexts(1000)) out << t << "\n";
        }
        const auto status = sentencepiece::SentencePieceTrainer::Train(
            "--input=" + corpus + " --model_prefix=" + path(dir_, "plain") +
            " --vocab_size=120 --minloglevel=2 --num_threads=1");
        QVERIFY2(status.ok(), status.ToString().c_str());
        const auto plain = SentencePieceTokenizer::fromModelFile(path(dir_, "plain.model"));
        QCOMPARE(plain->specialTokens().unk, 0);
        QCOMPARE(plain->specialTokens().cls, 1);
        QCOMPARE(plain->specialTokens().sep, 2);
        QCOMPARE(plain->specialTokens().pad, -1);
        QCOMPARE(plain->specialTokens().mask, -1);
        const auto ids = plain->encode("Voters protest new election rules", 5);
        QCOMPARE(ids.size(), std::size_t(5));
        QCOMPARE(ids.front(), 1);
        QCOMPARE(ids.back(), 2);
    }

    void loadErrorsNameTheFile() {
        auto expectError = [](const std::string& file, const char* fragment) {
            try {
                SentencePieceTokenizer::fromModelFile(file);
                QFAIL("no error");
            } catch (const FileError& e) {
                QCOMPARE(e.file(), std::filesystem::path(file));
                QVERIFY2(QString::fromStdString(e.what()).contains(QString::fromStdString(file)), e.what());
                QVERIFY2(QString::fromStdString(e.what()).contains(QLatin1String(fragment)), e.what());
            }
        };
        expectError(path(dir_, "missing.model"), "no such file");
        expectError(dir_.path().toStdString(), "folder");
        {
            std::ofstream(path(dir_, "empty.model"));
            std::ofstream(path(dir_, "vocab.model")) << "[PAD]\n[unused0]\n[UNK]\nthe\n##s\n";
            std::ofstream junk(path(dir_, "junk.model"), std::ios::binary);
            for (int i = 0; i < 4096; ++i) junk.put(static_cast<char>((i * 7919) & 0xFF));
        }
        expectError(path(dir_, "empty.model"), "empty");
        expectError(path(dir_, "vocab.model"), "not a sentencepiece model");
        expectError(path(dir_, "junk.model"), "not a sentencepiece model");
    }

    void trainingErrorsNameTheModelFileAndKeepTheOldOne() {
        const std::string target = path(dir_, "keep.model");
        SentencePieceTrainingOptions options;
        options.vocabSize = 200;
        SentencePieceTokenizer::train(syntheticTexts(1000), target, options);
        QFile before(QString::fromStdString(target));
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray oldBytes = before.readAll();
        before.close();

        auto expectError = [&](const std::vector<std::string>& texts, std::size_t vocab,
                               const char* fragment) {
            SentencePieceTrainingOptions o;
            o.vocabSize = vocab;
            try {
                SentencePieceTokenizer::train(texts, target, o);
                QFAIL("no error");
            } catch (const FileError& e) {
                QCOMPARE(e.file(), std::filesystem::path(target));
                QVERIFY2(QString::fromStdString(e.what()).contains(QLatin1String(fragment)), e.what());
            }
        };
        expectError(syntheticTexts(200), 20000, "too high");  // more pieces than the texts hold
        expectError(syntheticTexts(200), 5, "vocabulary size 5");
        expectError({"", ""}, 100, "no texts");

        QFile after(QString::fromStdString(target));
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), oldBytes);
        QVERIFY(QDir(dir_.path()).entryList({QStringLiteral("*.tmp-*")}, QDir::Files).isEmpty());
    }

    // vocabSizeIsLimit: the texts that are too few for 20,000 pieces above give a smaller
    // vocabulary instead of an error, and the model encodes with it.
    void vocabularyAsAnUpperBound() {
        SentencePieceTrainingOptions o;
        o.vocabSize = 20000;
        o.vocabSizeIsLimit = true;
        const auto texts = syntheticTexts(200);
        const auto tokenizer = SentencePieceTokenizer::train(texts, path(dir_, "bounded.model"), o);
        QVERIFY2(tokenizer->vocabSize() > 5 && tokenizer->vocabSize() < 20000,
                 qPrintable(QString::number(tokenizer->vocabSize())));
        const auto reloaded = SentencePieceTokenizer::fromModelFile(path(dir_, "bounded.model"));
        QCOMPARE(reloaded->vocabSize(), tokenizer->vocabSize());
        const auto ids = reloaded->encode(texts.front(), 0);
        QVERIFY(ids.size() > 2);
        for (const auto id : ids) QVERIFY(id >= 0 && std::size_t(id) < tokenizer->vocabSize());
        QCOMPARE(ids, tokenizer->encode(texts.front(), 0));
    }

    // The size the brief asks to be quick: AG News train (28,360 texts), 8,000 pieces.
    void trainsOnAgNewsInSeconds() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        headliner::data::Dataset agNews;
        agNews.texts =
            readAgNewsTexts(headliner::test::sharedPath(QStringLiteral("data/ag_news/train.csv.xz")));
        QCOMPARE(agNews.size(), std::size_t(28360));
        for (const auto algorithm : {SentencePieceTrainingOptions::Algorithm::Unigram,
                                     SentencePieceTrainingOptions::Algorithm::Bpe}) {
            SentencePieceTrainingOptions options;
            options.algorithm = algorithm;
            options.vocabSize = 8000;
            QElapsedTimer timer;
            timer.start();
            const auto tok = SentencePieceTokenizer::train(agNews, path(dir_, "agnews.model"), options);
            const qint64 ms = timer.elapsed();
            qInfo("trained %s, 8000 pieces, on %zu texts in %lld ms",
                  algorithm == SentencePieceTrainingOptions::Algorithm::Bpe ? "bpe" : "unigram",
                  agNews.size(), ms);
            QCOMPARE(tok->vocabSize(), std::size_t(8000));
            QVERIFY2(ms < 120000, "training took over two minutes");
            std::size_t total = 0;
            for (std::size_t i = 0; i < 1000; ++i) total += tok->encode(agNews.texts[i], 0).size();
            const double mean = double(total) / 1000.0;
            qInfo("mean length %.1f ids", mean);
            QVERIFY2(mean > 20 && mean < 100, "implausible mean length");
        }
    }
};

QTEST_GUILESS_MAIN(TestSentencePiece)
#include "tst_sentencepiece.moc"
