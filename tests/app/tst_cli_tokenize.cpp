// `headliner-cli tokenize` as outside checks run it: JSONL texts on stdin, JSONL ids on stdout.
// WordPiece output must equal the Hugging Face golden ids line for line; sentencepiece, help and
// errors are checked on a model trained here.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <random>
#include <string>
#include <vector>

#include "core/text/SentencePieceTokenizer.h"
#include "support/SharedData.h"

namespace {

// A made-up word of 1-4 syllables: variety enough for a few hundred sentencepiece pieces.
std::string madeUpWord(std::mt19937& rng) {
    const char* syllables[] = {"ka", "ro", "mi", "tu", "len", "sar", "po", "vi", "dan", "el", "qu", "zo"};
    std::string w;
    for (int s = 0, n = 1 + int(rng() % 4); s < n; ++s) w += syllables[rng() % 12];
    return w;
}
}  // namespace

class TestCliTokenize : public QObject {
    Q_OBJECT

    struct Result {
        int code;
        QByteArray out;
        QString err;
    };
    static Result run(const QStringList& args, const QByteArray& input) {
        QProcess p;
        p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), args);
        if (!p.waitForStarted(30000)) return {-1, {}, QStringLiteral("did not start")};
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
                QString::fromUtf8(p.readAllStandardError())};
    }

    static QList<QByteArray> lines(const QByteArray& text) {
        QList<QByteArray> out = text.split('\n');
        if (!out.isEmpty() && out.back().isEmpty()) out.removeLast();
        return out;
    }

    static QJsonArray ids(const QByteArray& jsonLine) {
        return QJsonDocument::fromJson(jsonLine).object().value(QStringLiteral("input_ids")).toArray();
    }

    // The golden file's lines are fed as they are: their extra "input_ids" key is ignored.
    void checkGolden(const QString& tokenizer) {
        QFile golden(headliner::test::sharedPath(QStringLiteral("golden/tokenizer_golden_max64.jsonl")));
        QVERIFY(golden.open(QIODevice::ReadOnly));
        const QByteArray input = golden.readAll();
        const auto r = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), tokenizer,
                            QStringLiteral("--max-length"), QStringLiteral("64")},
                           input);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto expected = lines(input);
        const auto got = lines(r.out);
        QCOMPARE(expected.size(), 200);
        QCOMPARE(got.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            const QJsonArray want = ids(expected[i]);
            QVERIFY(!want.isEmpty());
            QVERIFY2(ids(got[i]) == want, qPrintable(QStringLiteral("line %1 differs:\n got  %2\n want %3")
                                                         .arg(i + 1)
                                                         .arg(QString::fromUtf8(got[i]))
                                                         .arg(QString::fromUtf8(expected[i]))));
            // Exactly the shape Python's json.dumps gives.
            QVERIFY(got[i].startsWith("{\"input_ids\": [101, "));
        }
    }

    QTemporaryDir dir_;
    QString spmModel_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY(dir_.isValid());
        std::vector<std::string> texts;
        std::mt19937 rng(3);
        const char* words[] = {"market", "team",  "wins",  "talks", "oil",  "price", "chip",  "phone",
                               "vote",   "final", "score", "bank",  "cuts", "rates", "storm", "river"};
        for (int i = 0; i < 2000; ++i) {
            std::string t;
            for (int w = 0; w < 8; ++w) t += std::string(w ? " " : "") + words[rng() % 16];
            texts.push_back(t + " " + madeUpWord(rng));
        }
        headliner::text::SentencePieceTrainingOptions options;
        options.vocabSize = 100;
        spmModel_ = dir_.filePath(QStringLiteral("news.model"));
        headliner::text::SentencePieceTokenizer::train(texts, spmModel_.toStdString(), options);
    }

    void help() {
        const auto r = run({QStringLiteral("tokenize"), QStringLiteral("--help")}, {});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("Usage: headliner-cli tokenize --tokenizer PATH"), r.out.constData());
        QVERIFY(r.out.contains("--max-length"));
        const auto top = run({QStringLiteral("--help")}, {});
        QVERIFY(top.out.contains("tokenize"));
    }

    void bertVocabTxtMatchesGolden() {
        HEADLINER_REQUIRE_SHARED("golden/tokenizer_golden_max64.jsonl");
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        checkGolden(headliner::test::sharedPath(QStringLiteral("data/vocab/bert-base-uncased-vocab.txt")));
    }

    void tokenizerJsonMatchesGolden() {
        HEADLINER_REQUIRE_SHARED("golden/tokenizer_golden_max64.jsonl");
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");
        checkGolden(
            headliner::test::sharedPath(QStringLiteral("data/vocab/distilbert-base-uncased/tokenizer.json")));
    }

    void modelFolderMatchesGolden() {
        HEADLINER_REQUIRE_SHARED("golden/tokenizer_golden_max64.jsonl");
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased");
        checkGolden(headliner::test::sharedPath(QStringLiteral("data/vocab/distilbert-base-uncased")));
    }

    void sentencePieceModel() {
        const QByteArray input =
            "{\"text\": \"market wins talks\"}\n"
            "\n"
            "{\"text\": \"\", \"label\": 2}\n"
            "{\"text\": \"oil price cuts rates storm river final score bank team vote phone chip\"}\n";
        const auto r = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), spmModel_,
                            QStringLiteral("--max-length"), QStringLiteral("8")},
                           input);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto got = lines(r.out);
        QCOMPARE(got.size(), 3);  // the blank line is not a record
        const auto tok = headliner::text::SentencePieceTokenizer::fromModelFile(spmModel_.toStdString());
        const char* texts[] = {"market wins talks", "",
                               "oil price cuts rates storm river final score bank team vote phone chip"};
        for (int i = 0; i < 3; ++i) {
            const auto want = tok->encode(texts[i], 8);
            const QJsonArray have = ids(got[i]);
            QCOMPARE(have.size(), qsizetype(want.size()));
            for (qsizetype k = 0; k < have.size(); ++k) QCOMPARE(have[k].toInt(), want[std::size_t(k)]);
            QCOMPARE(have.first().toInt(), 2);  // [CLS]
            QCOMPARE(have.last().toInt(), 3);   // [SEP]
        }
        QCOMPARE(ids(got[1]).size(), 2);
        QCOMPARE(ids(got[2]).size(), 8);
    }

    void defaultMaxLengthIs512() {
        std::string longText;
        for (int i = 0; i < 600; ++i) longText += "market ";
        const auto r = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), spmModel_},
                           QByteArray("{\"text\": \"") + longText.c_str() + "\"}\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(ids(lines(r.out).value(0)).size(), 512);
    }

    void badJsonLineNamesItsLine() {
        for (const QByteArray& bad :
             {QByteArray("{\"text\": \"unterminated}\n"), QByteArray("[1, 2]\n"),
              QByteArray("{\"txt\": \"wrong key\"}\n"), QByteArray("{\"text\": 42}\n")}) {
            const auto r =
                run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), spmModel_},
                    "{\"text\": \"fine\"}\n{\"text\": \"also fine\"}\n" + bad + "{\"text\": \"after\"}\n");
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("stdin:3:")), qPrintable(r.err));
            QVERIFY(r.out.isEmpty());
        }
    }

    void missingTokenizerNamesThePath() {
        const QString missing = dir_.filePath(QStringLiteral("no-such-tokenizer.model"));
        const auto r = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), missing},
                           "{\"text\": \"hello\"}\n");
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));

        // An empty folder, and a file that is no tokenizer at all.
        const auto emptyDir =
            run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), dir_.path() + "/sub"}, {});
        QVERIFY(emptyDir.code != 0);
        QFile junk(dir_.filePath(QStringLiteral("junk.model")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("just some text\n");
        junk.close();
        const auto r2 = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), junk.fileName()}, {});
        QCOMPARE(r2.code, 1);
        QVERIFY2(r2.err.contains(junk.fileName()), qPrintable(r2.err));
    }

    void usageErrors() {
        auto r = run({QStringLiteral("tokenize")}, {});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--tokenizer")), qPrintable(r.err));
        r = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), spmModel_,
                 QStringLiteral("--max-length"), QStringLiteral("many")},
                {});
        QCOMPARE(r.code, 2);
        r = run({QStringLiteral("tokenize"), QStringLiteral("--tokenizer"), spmModel_,
                 QStringLiteral("--max-length"), QStringLiteral("-3")},
                {});
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliTokenize)
#include "tst_cli_tokenize.moc"
