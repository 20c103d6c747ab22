// `headliner-cli predict`, `export` and `resume` end to end on a tiny scratch-d128 run of made-up
// data: predict's labels are logits' labels; a checkpoint exported with `export` is the model
// train exports (the same logits to the last digit when the checkpoint holds the final weights,
// other logits for an earlier checkpoint); a run stopped with Ctrl-C and continued with `resume`
// ends with exactly the weights of an uninterrupted run.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/CliProcess.h"
#include "support/TestFiles.h"
#include "support/MadeUpData.h"

namespace {

using headliner::test::writeFile;

using Result = headliner::test::CliResult;

QProcessEnvironment oneThread() {
    auto e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("HEADLINER_THREADS"), QStringLiteral("1"));  // bit-exact repeats
    return e;
}

Result runCli(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 120000) {
    return headliner::test::runCli(args, input, timeoutMs, oneThread());
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int stepLines(const QString& log) {
    int n = 0;
    for (const auto& line : readAll(log).split('\n')) n += line.startsWith("{\"epoch\"") ? 1 : 0;
    return n;
}

const QStringList kTexts = {QStringLiteral("the minister opens the summit on the treaty"),
                            QStringLiteral("coach says the league season starts after the match"),
                            QStringLiteral("bank shares and stocks rise as the merger lifts profit"),
                            QStringLiteral("new chip for space research robot"),
                            QStringLiteral("a big week")};

QByteArray textsJsonl() {
    QByteArray out;
    for (const auto& t : kTexts)
        out += QByteArray::fromStdString(nlohmann::json{{"text", t.toStdString()}}.dump()) + '\n';
    return out;
}

// `logits` output of a model folder for kTexts: one line per text.
QList<QByteArray> logitsOf(const QString& model, const QStringList& extra = {}) {
    const auto r =
        runCli(QStringList{QStringLiteral("logits"), QStringLiteral("--model"), model} + extra, textsJsonl());
    if (r.code != 0) qWarning("%s", qPrintable(r.err));
    QList<QByteArray> lines = r.out.split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

}  // namespace

class TestCliPredictExport : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString straight_;

    QStringList trainArgs(const QString& out) const {
        // One epoch: its only evaluation is at the last step, so checkpoints/last holds the best
        // (and final) weights.
        return {QStringLiteral("train"),
                "--train",
                dir_.filePath("train.csv"),
                "--preset",
                "scratch-d128",
                "--vocab-size",
                "50",
                "--max-length",
                "32",
                "--epochs",
                "1",
                "--batch-size",
                "8",
                "--lr",
                "1e-3",
                "--seed",
                "5",
                "--out",
                out,
                "--log-jsonl",
                out + ".jsonl"};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY(dir_.isValid());
        QVERIFY(writeFile(dir_.filePath("train.csv"), headliner::test::madeUpAgNews(400, 21)));
        straight_ = dir_.filePath(QStringLiteral("straight"));
        const auto r = runCli(trainArgs(straight_));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(straight_ + "/final/model.safetensors"));
        QCOMPARE(stepLines(straight_ + ".jsonl"), 45);  // 360 rows (10% held out) in batches of 8
    }

    void predictLabelsAreLogitsLabels() {
        const QString final = straight_ + "/final";
        QStringList labels;
        std::vector<double> best;
        // predict cuts texts at the length the model was trained with (its tokenizer_config.json's
        // model_max_length, 32 here; the 50-piece vocabulary makes some of these texts longer).
        for (const auto& line : logitsOf(final, {QStringLiteral("--max-length"), QStringLiteral("32")})) {
            const auto j = nlohmann::json::parse(line.toStdString());
            labels << QString::fromStdString(j["label"].get<std::string>());
            const auto probs = j["probs"].get<std::vector<double>>();
            best.push_back(*std::max_element(probs.begin(), probs.end()));
        }
        QCOMPARE(labels.size(), kTexts.size());

        const auto r =
            runCli(QStringList{QStringLiteral("predict"), QStringLiteral("--model"), final} + kTexts);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QList<QByteArray> lines = r.out.split('\n');
        lines.removeAll(QByteArray());
        QCOMPARE(lines.size(), kTexts.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            // "LABEL  0.93  TEXT", the label padded to the longest class name.
            const QString line = QString::fromUtf8(lines[i]);
            QVERIFY2(line.endsWith(QStringLiteral("  ") + kTexts[i]), qPrintable(line));
            const QStringList fields =
                line.left(line.size() - kTexts[i].size()).simplified().split(QLatin1Char(' '));
            QCOMPARE(fields.size(), 2);
            QCOMPARE(fields[0], labels[i]);
            QVERIFY2(std::abs(fields[1].toDouble() - best[std::size_t(i)]) <= 0.0051, qPrintable(line));
        }

        // The same texts from stdin, one per line (blank lines skipped): the same output.
        const auto fromStdin = runCli({QStringLiteral("predict"), QStringLiteral("--model"), final},
                                      (kTexts.join(QLatin1Char('\n')) + QStringLiteral("\n\n")).toUtf8());
        QVERIFY2(fromStdin.code == 0, qPrintable(fromStdin.err));
        QCOMPARE(fromStdin.out, r.out);

        // --json: the label and every class's probability.
        const auto json = runCli(QStringList{QStringLiteral("predict"), QStringLiteral("--model"), final,
                                             QStringLiteral("--json")} +
                                 kTexts);
        QVERIFY2(json.code == 0, qPrintable(json.err));
        QList<QByteArray> objects = json.out.split('\n');
        objects.removeAll(QByteArray());
        QCOMPARE(objects.size(), kTexts.size());
        for (qsizetype i = 0; i < objects.size(); ++i) {
            const auto j = nlohmann::json::parse(objects[i].toStdString());
            QCOMPARE(QString::fromStdString(j["text"].get<std::string>()), kTexts[i]);
            QCOMPARE(QString::fromStdString(j["label"].get<std::string>()), labels[i]);
            QCOMPARE(j["probs"].size(), std::size_t(4));
            double sum = 0;
            for (const auto& [name, p] : j["probs"].items()) sum += p.get<double>();
            QVERIFY(std::abs(sum - 1) < 1e-5);
            const double p = j["probs"][labels[i].toStdString()].get<double>();
            QVERIFY2(std::abs(p - best[std::size_t(i)]) < 1e-7,
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg(kTexts[i])
                                    .arg(p, 0, 'g', 12)
                                    .arg(best[std::size_t(i)], 0, 'g', 12)));
        }

        // --top 2: two classes, most probable first, then the text.
        const auto top = runCli({QStringLiteral("predict"), QStringLiteral("--model"), final,
                                 QStringLiteral("--top"), QStringLiteral("2"), kTexts[0]});
        QVERIFY2(top.code == 0, qPrintable(top.err));
        const QStringList fields = QString::fromUtf8(top.out).simplified().split(QLatin1Char(' '));
        QVERIFY2(fields.size() > 4 && fields[0] == labels[0] && fields[2] != labels[0] &&
                     fields[1].toDouble() >= fields[3].toDouble(),
                 top.out.constData());

        QCOMPARE(runCli({QStringLiteral("predict"), QStringLiteral("hello")}).code, 2);  // no --model
        QCOMPARE(runCli({QStringLiteral("predict"), QStringLiteral("--model"), final, QStringLiteral("--top"),
                         QStringLiteral("0"), QStringLiteral("hello")})
                     .code,
                 2);
        // A blank text (an unset shell variable) is refused, not classified.
        const auto blank =
            runCli({QStringLiteral("predict"), QStringLiteral("--model"), final, QStringLiteral("hello"), QStringLiteral(" ")});
        QCOMPARE(blank.code, 2);
        QVERIFY2(blank.err.contains(QStringLiteral("text 2 is blank: nothing to classify")) && blank.out.isEmpty(),
                 qPrintable(blank.err));
    }

    void exportedCheckpointIsTheTrainedModel() {
        const QString to = dir_.filePath(QStringLiteral("exported-last"));
        const auto r = runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"),
                               straight_ + "/run/checkpoints/last", QStringLiteral("--to"), to});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char* file :
             {"config.json", "model.safetensors", "spiece.model", "tokenizer_config.json", "README.md"})
            QVERIFY2(QFile::exists(to + "/" + file), file);
        // One epoch: the last checkpoint holds the final weights, so the exported folder is
        // train's DIR/final: the same logits, digit for digit, and the same weight bytes.
        const auto expected = logitsOf(straight_ + "/final");
        QCOMPARE(expected.size(), kTexts.size());
        QCOMPARE(logitsOf(to), expected);
        QCOMPARE(readAll(to + "/model.safetensors"), readAll(straight_ + "/final/model.safetensors"));
        QCOMPARE(readAll(to + "/config.json"), readAll(straight_ + "/final/config.json"));

        // The class names are the ones the run recorded when it started (run/data.json), not those
        // of the training file as it is now: replaced by a file of other classes, the export is
        // the same.
        const QByteArray original = readAll(dir_.filePath("train.csv"));
        QVERIFY(writeFile(dir_.filePath("train.csv"), "text,label\nsome text,alpha\nother text,beta\n"));
        const QString relabelled = dir_.filePath(QStringLiteral("exported-after-change"));
        const auto changed = runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"),
                                     straight_ + "/run/checkpoints/last", QStringLiteral("--to"), relabelled});
        QVERIFY(writeFile(dir_.filePath("train.csv"), original));
        QVERIFY2(changed.code == 0, qPrintable(changed.err));
        QCOMPARE(readAll(relabelled + "/config.json"), readAll(straight_ + "/final/config.json"));

        // Half-precision weights: about half the bytes, and the folder loads.
        const QString half = dir_.filePath(QStringLiteral("exported-f16"));
        const auto f16 = runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"),
                                 straight_ + "/run/checkpoints/best", QStringLiteral("--to"), half,
                                 QStringLiteral("--dtype"), QStringLiteral("f16")});
        QVERIFY2(f16.code == 0, qPrintable(f16.err));
        QVERIFY(QFileInfo(half + "/model.safetensors").size() <
                QFileInfo(to + "/model.safetensors").size() * 6 / 10);
        QVERIFY(readAll(half + "/config.json").contains("float16"));
        QCOMPARE(logitsOf(half).size(), kTexts.size());
    }

    void exportErrorsNameTheFolder() {
        // Not a checkpoint folder: no model.safetensors.
        const auto none =
            runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"), straight_ + "/run",
                    QStringLiteral("--to"), dir_.filePath(QStringLiteral("x"))});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains(straight_ + "/run/model.safetensors"), qPrintable(none.err));
        // A model folder, not a checkpoint of a run: no run.json two levels up.
        const auto notRun =
            runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"), straight_ + "/final",
                    QStringLiteral("--to"), dir_.filePath(QStringLiteral("x"))});
        QCOMPARE(notRun.code, 1);
        QVERIFY2(notRun.err.contains(QStringLiteral("run.json")), qPrintable(notRun.err));
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("x"))));
        // The tokenizer the run trained is gone.
        const QString copy = dir_.filePath(QStringLiteral("copy"));
        QVERIFY(QDir().mkpath(copy + "/run/checkpoints/last"));
        QVERIFY(QFile::copy(straight_ + "/run/run.json", copy + "/run/run.json"));
        QVERIFY(QFile::copy(straight_ + "/run/checkpoints/last/model.safetensors",
                            copy + "/run/checkpoints/last/model.safetensors"));
        const auto noTokenizer =
            runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"), copy + "/run/checkpoints/last",
                    QStringLiteral("--to"), dir_.filePath(QStringLiteral("x"))});
        QCOMPARE(noTokenizer.code, 1);
        QVERIFY2(noTokenizer.err.contains(copy + "/run/tokenizer/spiece.model"), qPrintable(noTokenizer.err));
        QCOMPARE(runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"),
                         straight_ + "/run/checkpoints/last"})
                     .code,
                 2);
        QCOMPARE(runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"),
                         straight_ + "/run/checkpoints/last", QStringLiteral("--to"),
                         dir_.filePath(QStringLiteral("x")), QStringLiteral("--dtype"), QStringLiteral("f8")})
                     .code,
                 2);
    }

    void resumeAfterCtrlC() {
        const QString out = dir_.filePath(QStringLiteral("stopped"));
        QProcess p;
        p.setProcessEnvironment(oneThread());
        p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), trainArgs(out));
        QVERIFY(p.waitForStarted(30000));
        // Ctrl-C once training has begun (the log has steps): the run stops after its current
        // step, writes a checkpoint and exits with 130.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (p.state() == QProcess::Running && stepLines(out + ".jsonl") < 4 &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        QVERIFY(p.state() == QProcess::Running);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains(QStringLiteral("headliner-cli resume --out ") + out), qPrintable(err));
        QVERIFY(!QFileInfo::exists(out + "/final"));
        const int stoppedAt = stepLines(out + ".jsonl");
        QVERIFY2(stoppedAt < 45, qPrintable(err));

        // The stopped run's checkpoint exports, and it is not the final model.
        const QString early = dir_.filePath(QStringLiteral("exported-early"));
        const auto ex = runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"),
                                out + "/run/checkpoints/last", QStringLiteral("--to"), early});
        QVERIFY2(ex.code == 0, qPrintable(ex.err));
        const auto earlyLogits = logitsOf(early);
        QCOMPARE(earlyLogits.size(), kTexts.size());
        QVERIFY(earlyLogits != logitsOf(straight_ + "/final"));

        QCOMPARE(runCli({QStringLiteral("resume"), QStringLiteral("--out"),
                         dir_.filePath(QStringLiteral("nothing"))})
                     .code,
                 2);
        const auto resumed = runCli({QStringLiteral("resume"), QStringLiteral("--out"), out});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains(QStringLiteral("resuming")), qPrintable(resumed.err));
        QCOMPARE(stepLines(out + ".jsonl"), 45);  // every step once
        const QByteArray a = readAll(straight_ + "/final/model.safetensors"),
                         b = readAll(out + "/final/model.safetensors");
        QVERIFY(!a.isEmpty());
        QVERIFY2(a == b, "the resumed run's final weights differ from the uninterrupted run's");

        // Resuming the finished run again trains nothing and says so; the model stays as it was.
        const auto again = runCli({QStringLiteral("resume"), QStringLiteral("--out"), out});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains(QStringLiteral("resumed at step 45: the run had already finished")), qPrintable(again.err));
        QCOMPARE(stepLines(out + ".jsonl"), 45);
        QCOMPARE(readAll(out + "/final/model.safetensors"), a);
    }
};

QTEST_GUILESS_MAIN(TestCliPredictExport)
#include "tst_cli_predict_export.moc"
