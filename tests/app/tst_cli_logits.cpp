// `headliner-cli logits` as outside checks run it: JSONL texts on stdin, JSONL
// {"logits", "label", "probs"} on stdout. The golden tiny model's logits for the golden texts
// must come back within 1e-5, in input order, whatever the batch size.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "support/SharedData.h"

namespace {
constexpr double kTolerance = 1e-5;
}

class TestCliLogits : public QObject {
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
        if (!p.waitForFinished(300000)) return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
                QString::fromUtf8(p.readAllStandardError())};
    }

    static QList<QByteArray> lines(const QByteArray& text) {
        QList<QByteArray> out = text.split('\n');
        if (!out.isEmpty() && out.back().isEmpty()) out.removeLast();
        return out;
    }

    static QString model() { return headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert")); }

    QJsonObject golden_;
    QByteArray goldenInput_;  // the golden texts as {"text": ...} lines
    const QStringList labels_ = {QStringLiteral("World"), QStringLiteral("Sports"),
                                 QStringLiteral("Business"), QStringLiteral("Sci/Tech")};

    // Every output line against the golden logits; probs a softmax of them; label the argmax.
    void checkGoldenOutput(const Result& r) {
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto got = lines(r.out);
        const QJsonArray want = golden_.value(QStringLiteral("logits")).toArray();
        QCOMPARE(got.size(), want.size());
        for (int i = 0; i < got.size(); ++i) {
            QJsonParseError error{};
            const QJsonObject line = QJsonDocument::fromJson(got[i], &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, got[i].constData());
            QCOMPARE(line.keys().size(), 3);
            const QJsonArray logits = line.value(QStringLiteral("logits")).toArray();
            const QJsonArray probs = line.value(QStringLiteral("probs")).toArray();
            const QJsonArray expected = want[i].toArray();
            QCOMPARE(logits.size(), expected.size());
            QCOMPARE(probs.size(), expected.size());
            int best = 0;
            double norm = 0, sum = 0;
            for (qsizetype k = 0; k < logits.size(); ++k) {
                const double err = std::abs(logits[k].toDouble() - expected[k].toDouble());
                QVERIFY2(err <= kTolerance,
                         qPrintable(QStringLiteral("text %1, logit %2: error %3").arg(i).arg(k).arg(err)));
                if (logits[k].toDouble() > logits[best].toDouble()) best = int(k);
                norm += std::exp(logits[k].toDouble());
                sum += probs[k].toDouble();
            }
            QVERIFY2(std::abs(sum - 1.0) <= 1e-5, qPrintable(QString::number(sum, 'g', 17)));
            for (qsizetype k = 0; k < probs.size(); ++k)
                QVERIFY(std::abs(probs[k].toDouble() - std::exp(logits[k].toDouble()) / norm) <= 1e-6);
            QCOMPARE(line.value(QStringLiteral("label")).toString(), labels_[best]);
            // Key order and spacing as Python's json.dumps writes them.
            QVERIFY2(got[i].startsWith("{\"logits\": [") && got[i].contains("], \"label\": \"") &&
                         got[i].contains("\", \"probs\": [") && got[i].endsWith("]}"),
                     got[i].constData());
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QFile f(headliner::test::sharedPath(QStringLiteral("golden/tiny_logits.json")));
        if (!f.open(QIODevice::ReadOnly)) return;  // the tests that need it skip
        golden_ = QJsonDocument::fromJson(f.readAll()).object();
        for (const auto& text : golden_.value(QStringLiteral("texts")).toArray())
            goldenInput_ +=
                QJsonDocument(QJsonObject{{QStringLiteral("text"), text}}).toJson(QJsonDocument::Compact) +
                "\n";
    }

    void help() {
        const auto r = run({QStringLiteral("logits"), QStringLiteral("--help")}, {});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("Usage: headliner-cli logits --model DIR"), r.out.constData());
        for (const char* option : {"--max-length", "--device", "--batch-size"})
            QVERIFY(r.out.contains(option));
        QVERIFY(run({QStringLiteral("--help")}, {}).out.contains("logits"));
    }

    void goldenLogits() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QCOMPARE(golden_.value(QStringLiteral("texts")).toArray().size(), 19);
        checkGoldenOutput(run({QStringLiteral("logits"), QStringLiteral("--model"), model()}, goldenInput_));
    }

    void goldenLogitsWhateverTheBatchSize() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        for (const char* batch : {"1", "3", "32"}) {
            checkGoldenOutput(
                run({QStringLiteral("logits"), QStringLiteral("--model"), model(),
                     QStringLiteral("--batch-size"), QString::fromLatin1(batch),
                     QStringLiteral("--max-length=512"), QStringLiteral("--device"), QStringLiteral("cpu")},
                    goldenInput_));
        }
    }

    // Blank lines are not records; other keys are ignored; an empty stdin gives no output.
    void inputConventions() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        const auto r = run({QStringLiteral("logits"), QStringLiteral("--model"), model()},
                           "{\"text\": \"stocks rally\", \"label\": 2}\n\n  \n{\"id\": 7, \"text\": \"\"}\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(lines(r.out).size(), 2);
        const auto empty = run({QStringLiteral("logits"), QStringLiteral("--model"), model()}, {});
        QVERIFY2(empty.code == 0, qPrintable(empty.err));
        QVERIFY(empty.out.isEmpty());
    }

    void badJsonLineNamesItsLine() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        for (const QByteArray& bad :
             {QByteArray("{\"text\": \"unterminated}\n"), QByteArray("[1, 2]\n"),
              QByteArray("{\"txt\": \"wrong key\"}\n"), QByteArray("{\"text\": 42}\n")}) {
            const auto r =
                run({QStringLiteral("logits"), QStringLiteral("--model"), model()},
                    "{\"text\": \"fine\"}\n{\"text\": \"also fine\"}\n" + bad + "{\"text\": \"after\"}\n");
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("stdin:3:")), qPrintable(r.err));
            QVERIFY(r.out.isEmpty());
        }
    }

    void missingModelNamesThePath() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("no-such-model"));
        auto r =
            run({QStringLiteral("logits"), QStringLiteral("--model"), missing}, "{\"text\": \"hello\"}\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());

        // A folder without config.json: the message names the file that is missing.
        r = run({QStringLiteral("logits"), QStringLiteral("--model"), dir.path()}, "{\"text\": \"hello\"}\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(dir.filePath(QStringLiteral("config.json"))), qPrintable(r.err));
    }

    // Without a CUDA device the command says so and fails; with one it gives the golden logits.
    void cudaDevice() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        const auto r = run({QStringLiteral("logits"), QStringLiteral("--model"), model(),
                            QStringLiteral("--device"), QStringLiteral("cuda")},
                           goldenInput_);
        if (r.code == 0) {
            qInfo("CUDA is available: checking the golden logits on it");
            checkGoldenOutput(r);
        } else {
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("cuda")) && r.err.contains(QStringLiteral("cpu")),
                     qPrintable(r.err));
            QVERIFY(r.out.isEmpty());
        }
    }

    void usageErrors() {
        const QString m = model();
        const QList<QStringList> bad = {
            {QStringLiteral("logits")},
            {QStringLiteral("logits"), QStringLiteral("--model"), m, QStringLiteral("--device"),
             QStringLiteral("tpu")},
            {QStringLiteral("logits"), QStringLiteral("--model"), m, QStringLiteral("--batch-size"),
             QStringLiteral("0")},
            {QStringLiteral("logits"), QStringLiteral("--model"), m, QStringLiteral("--max-length"),
             QStringLiteral("-1")},
            {QStringLiteral("logits"), QStringLiteral("--model"), m, QStringLiteral("--max-length"),
             QStringLiteral("x")},
            {QStringLiteral("logits"), QStringLiteral("--model"), m, QStringLiteral("--temperature"),
             QStringLiteral("2")},
            {QStringLiteral("logits"), QStringLiteral("--model"), m, QStringLiteral("extra")},
        };
        for (const auto& args : bad) {
            const auto r = run(args, {});
            QVERIFY2(r.code == 2, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
        }
        QVERIFY(run(bad[0], {}).err.contains(QStringLiteral("--model")));
    }
};

QTEST_GUILESS_MAIN(TestCliLogits)
#include "tst_cli_logits.moc"
