// `headliner-cli demo` end to end: `demo --quick` writes the built-in data, trains the n-gram
// baseline and a short scratch-d128 run, prints metrics that parse, exports folders that reload,
// and its example predictions are what Predictor gives for the same texts. Bad arguments are
// usage errors (exit code 2).
#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <string>
#include <vector>

#include "core/infer/Predictor.h"

namespace {

struct Result {
    int code;
    QString out, err;
};

Result runCli(const QStringList& args, int timeoutMs = 900000) {
    QProcess p;
    p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), args);
    if (!p.waitForStarted(30000)) return {-1, {}, QStringLiteral("did not start")};
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(10000);
        return {-1, {}, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

struct Printed {
    double accuracy = -1, macroF1 = -1;
    QString folder;
    QStringList texts, labels;
    std::vector<double> probs;
};

// The per-model lines of the demo's stdout, by model name.
QMap<QString, Printed> parse(const QString& out) {
    static const QRegularExpression metrics(QStringLiteral(
        R"re(^\[(\S+)\] test accuracy ([0-9.]+), macro-F1 ([0-9.]+) \((\d+) rows\), ([0-9.]+) s)re"));
    static const QRegularExpression folder(QStringLiteral(R"re(^\[(\S+)\] model folder: (.+)$)re"));
    static const QRegularExpression predict(
        QStringLiteral(R"re(^\[(\S+)\] predict "(.*)" -> (.+) \(p=([0-9.]+), expected )re"));
    QMap<QString, Printed> models;
    for (const auto& line : out.split(QLatin1Char('\n'))) {
        if (auto m = metrics.match(line); m.hasMatch()) {
            models[m.captured(1)].accuracy = m.captured(2).toDouble();
            models[m.captured(1)].macroF1 = m.captured(3).toDouble();
        } else if (auto f = folder.match(line); f.hasMatch()) {
            models[f.captured(1)].folder = f.captured(2);
        } else if (auto p = predict.match(line); p.hasMatch()) {
            auto& model = models[p.captured(1)];
            model.texts << p.captured(2);
            model.labels << p.captured(3);
            model.probs.push_back(p.captured(4).toDouble());
        }
    }
    return models;
}

}  // namespace

class TestCliDemo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set"); }

    void usageErrors() {
        QTemporaryDir dir;
        const auto unknown =
            runCli({QStringLiteral("demo"), QStringLiteral("--models"), QStringLiteral("ngram,bert-huge"),
                    QStringLiteral("--out"), dir.filePath(QStringLiteral("o"))});
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("unknown model 'bert-huge'")), qPrintable(unknown.err));
        QVERIFY2(unknown.err.contains(QStringLiteral("scratch-d128")), qPrintable(unknown.err));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("o"))));  // checked before anything is written
        QCOMPARE(runCli({QStringLiteral("demo"), QStringLiteral("--epochs"), QStringLiteral("0"),
                         QStringLiteral("--out"), dir.filePath(QStringLiteral("o"))})
                     .code,
                 2);
        QCOMPARE(runCli({QStringLiteral("demo"), QStringLiteral("--frobnicate")}).code, 2);
        const auto help = runCli({QStringLiteral("demo"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char* option : {"--out", "--models", "--epochs", "--quick"})
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
        QVERIFY(runCli({QStringLiteral("--help")}).out.contains(QStringLiteral("  demo ")));
    }

    void quickDemo() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("demo"));
        const auto r =
            runCli({QStringLiteral("demo"), QStringLiteral("--quick"), QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        qInfo().noquote() << r.out;
        QVERIFY2(r.out.contains(QStringLiteral("demo folder: ") + QDir(out).absolutePath()),
                 qPrintable(r.out));
        QVERIFY(QFile::exists(out + QStringLiteral("/data/train.csv")));
        QVERIFY(QFile::exists(out + QStringLiteral("/data/test.csv")));

        const auto models = parse(r.out);
        QCOMPARE(models.keys(), (QStringList{QStringLiteral("ngram"), QStringLiteral("scratch-d128")}));
        for (auto it = models.begin(); it != models.end(); ++it) {
            const auto& m = it.value();
            const QByteArray name = it.key().toUtf8();
            QVERIFY2(m.accuracy > 0 && m.accuracy <= 1, name);
            QVERIFY2(m.macroF1 > 0 && m.macroF1 <= 1, name);
            QVERIFY2(QFileInfo(m.folder).isDir(), qPrintable(m.folder));
            QCOMPARE(m.texts.size(), 4);

            // The exported folder reloads, and the printed predictions are Predictor's.
            auto predictor = headliner::infer::Predictor::open(m.folder.toStdString());
            QCOMPARE(predictor.labels().size(), std::size_t(4));
            std::vector<std::string> texts;
            for (const auto& t : m.texts) texts.push_back(t.toStdString());
            const auto predictions = predictor.predict(texts);
            QCOMPARE(predictions.size(), texts.size());
            for (std::size_t i = 0; i < texts.size(); ++i) {
                QCOMPARE(m.labels[qsizetype(i)], QString::fromStdString(predictions[i].labelName));
                const double p = predictions[i].probs[std::size_t(predictions[i].label)];
                QVERIFY2(std::abs(p - m.probs[i]) <= 2e-3,
                         qPrintable(QStringLiteral("%1: printed %2, Predictor %3")
                                        .arg(m.texts[qsizetype(i)])
                                        .arg(m.probs[i])
                                        .arg(p)));
            }
        }
        // The baseline trains fully even with --quick: the demo data is easy for it.
        QVERIFY2(models[QStringLiteral("ngram")].accuracy >= 0.8, qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "tst_cli_demo.moc"
