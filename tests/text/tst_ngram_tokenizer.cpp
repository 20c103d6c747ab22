// The n-gram baseline's tokenizer: words, bigram buckets, stable ids, its vocabulary file.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include "core/Error.h"
#include "core/text/NgramTokenizer.h"

using namespace headliner::text;

class TestNgramTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitsWordsAndPunctuation() {
        QTemporaryDir dir;
        const auto tok = NgramTokenizer::build({"x"}, dir.filePath(QStringLiteral("v.json")).toStdString());
        QCOMPARE(tok->words("Oil prices FALL, again!  Café"),
                 (std::vector<std::string>{"oil", "prices", "fall", ",", "again", "!", "café"}));
    }

    void idsAreWordsThenBigrams() {
        QTemporaryDir dir;
        NgramOptions o;
        o.buckets = 1000;
        const auto tok = NgramTokenizer::build({"stocks rally", "stocks fall", "stocks rally again"},
                                               dir.filePath(QStringLiteral("v.json")).toStdString(), o);
        QCOMPARE(tok->wordCount(), std::size_t(4));
        QCOMPARE(tok->vocabSize(), std::size_t(1 + 4 + 1000));
        QCOMPARE(*tok->tokenToId("stocks"), 1);  // most frequent word first
        const auto ids = tok->encode("Stocks rally", 0);
        QCOMPARE(ids.size(), std::size_t(3));   // 2 words + 1 bigram
        QCOMPARE(ids[0], 1);
        QVERIFY(ids[2] >= 5 && ids[2] < 1005);  // a bigram bucket after the words
        QCOMPARE(tok->encode("stocks rally", 0), ids);
        // Unknown words give no word id, but their bigrams still count (as fastText).
        const auto unknown = tok->encode("zebra quagga", 0);
        QCOMPARE(unknown.size(), std::size_t(1));
        QVERIFY(unknown[0] >= 5);
        QCOMPARE(tok->encode("", 0), std::vector<TokenId>{0});  // never empty
        QCOMPARE(tok->encode("stocks rally again", 2).size(), std::size_t(2));
        NgramOptions unigrams = o;
        unigrams.wordNgrams = 1;
        const auto tok1 = NgramTokenizer::build({"stocks rally"}, dir.filePath(QStringLiteral("u.json")).toStdString(), unigrams);
        QCOMPARE(tok1->encode("stocks rally", 0).size(), std::size_t(2));
        QCOMPARE(tok1->vocabSize(), std::size_t(3));
    }

    void savesAndLoads() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("v.json")).toStdString();
        const auto built = NgramTokenizer::build({"a b c", "b c d"}, path);
        const auto loaded = NgramTokenizer::fromFile(path);
        QCOMPARE(loaded->vocabSize(), built->vocabSize());
        QCOMPARE(loaded->encode("a b c d e", 0), built->encode("a b c d e", 0));
        QCOMPARE(loaded->kind(), std::string("ngram"));
        QCOMPARE(loaded->files().front(), std::filesystem::path(path));
    }

    void badFilesAreRefused() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("bad.json")).toStdString();
        for (const char* content : {"not json", "{}", R"({"format":"headliner-ngram-vocab","version":1})",
                                    R"({"format":"headliner-ngram-vocab","lowercase":true,"word_ngrams":3,"buckets":10,"min_count":1,"words":[]})",
                                    R"({"format":"headliner-ngram-vocab","lowercase":true,"word_ngrams":2,"buckets":10,"min_count":1,"words":["a","a"]})"}) {
            std::ofstream(path) << content;
            try {
                NgramTokenizer::fromFile(path);
                QFAIL(content);
            } catch (const headliner::FileError& e) {
                QVERIFY2(std::string(e.what()).rfind(path, 0) == 0, e.what());
            }
        }
        QVERIFY_THROWS_EXCEPTION(headliner::FileError, NgramTokenizer::fromFile(dir.filePath(QStringLiteral("missing")).toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestNgramTokenizer)
#include "tst_ngram_tokenizer.moc"
