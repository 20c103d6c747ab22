// Never lose a run: `headliner-cli train` is killed with SIGKILL at random moments (mid-step,
// mid-evaluation, mid-checkpoint; with checkpoints written in the background and step figures
// read a step late, or not), resumed each time, and must end with exactly the weights of
// a run that was never interrupted.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <chrono>
#include <utility>
#include <random>
#include <thread>

#include "support/MadeUpData.h"
#include "support/SharedData.h"

namespace {

int lineCount(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return 0;
    return int(f.readAll().count('\n'));
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The names of the hidden entries of a folder (half-built ".name.tag-pid-n" folders).
QStringList hiddenEntries(const QString& folder) {
    return QDir(folder).entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot).filter(QRegularExpression(QStringLiteral("^\\.")));
}

}  // namespace

class TestKillResume : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QStringList args(const QString& out) const {
        return {QStringLiteral("train"), "--train", dir_.filePath("train.csv"), "--model",
                headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert")), "--out", out, "--epochs", "3",
                "--batch-size", "16", "--lr", "1e-3", "--warmup-ratio", "0.1", "--max-length", "48", "--save-every", "4",
                "--seed", "7", "--log-jsonl", out + ".jsonl"};
    }

    static QProcessEnvironment env() {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HEADLINER_THREADS"), QStringLiteral("1"));
        return e;
    }

    static int runToEnd(const QStringList& a) {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), a);
        if (!p.waitForStarted(30000) || !p.waitForFinished(120000)) return -1;
        if (p.exitCode() != 0) qWarning("%s", p.readAllStandardError().constData());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }

    // Runs a program to its end: exit code and standard error.
    static std::pair<int, QString> runCapturing(const QStringList& a, const QString& program = QString()) {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(program.isEmpty() ? QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")) : program, a);
        if (!p.waitForStarted(30000) || !p.waitForFinished(120000)) return {-1, QStringLiteral("did not finish")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void killedRunsEndLikeAnUninterruptedOne() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/tokenizer.json");
        QVERIFY(dir_.isValid());
        {
            QFile f(dir_.filePath("train.csv"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(headliner::test::madeUpAgNews(400, 11));
        }
        const QString straight = dir_.filePath(QStringLiteral("straight"));
        QCOMPARE(runToEnd(args(straight)), 0);
        const int totalSteps = 3 * ((360 + 15) / 16);  // 10% held out for evaluation
        int stepsInLog = 0;
        for (const auto& line : readAll(straight + ".jsonl").split('\n')) stepsInLog += line.startsWith("{\"epoch\"") ? 1 : 0;
        QCOMPARE(stepsInLog, totalSteps);

        const QString killed = dir_.filePath(QStringLiteral("killed"));
        std::mt19937 rng(QRandomGenerator::global()->generate());
        int kills = 0;
        for (int attempt = 0; attempt < 4; ++attempt) {
            QStringList a = args(killed);
            if (attempt > 0) a << QStringLiteral("--resume");
            // In turn: checkpoints written in the background (a kill may land mid-write, while
            // training goes on) with each step's figures read a step late, as on a GPU; and
            // both done in place.
            const QString mode = attempt % 2 == 0 ? QStringLiteral("on") : QStringLiteral("off");
            a << QStringLiteral("--async-checkpoints") << mode << QStringLiteral("--defer-readback") << mode;
            const int linesBefore = lineCount(killed + ".jsonl");
            QProcess p;
            p.setProcessEnvironment(env());
            p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), a);
            QVERIFY(p.waitForStarted(30000));
            // Kill once the log has reached a random step (or at a random moment before training).
            const int target = attempt == 0 && rng() % 4 == 0 ? 0 : linesBefore + 1 + int(rng() % 25);
            const auto extra = std::chrono::microseconds(rng() % 20000);
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            while (p.state() == QProcess::Running && lineCount(killed + ".jsonl") < target &&
                   std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            std::this_thread::sleep_for(extra);
            if (p.state() == QProcess::Running) {
                p.kill();  // SIGKILL
                ++kills;
                qInfo("killed at log line %d", lineCount(killed + ".jsonl"));
            }
            p.waitForFinished(30000);
        }
        QVERIFY(kills >= 1);
        QCOMPARE(runToEnd(args(killed) << QStringLiteral("--resume")), 0);

        // --out DIR: the final model in DIR/final.
        const QByteArray a = readAll(straight + "/final/model.safetensors"),
                         b = readAll(killed + "/final/model.safetensors");
        QVERIFY(!a.isEmpty());
        QVERIFY2(a == b, "the resumed run's final weights differ from the uninterrupted run's");
        // The log of the resumed run has every step once, with the same losses.
        auto losses = [](const QByteArray& log) {
            QList<QByteArray> out;
            for (const auto& line : log.split('\n'))
                if (line.startsWith("{\"epoch\"")) out << line.left(line.indexOf(",\"samples_per_s\""));
            return out;
        };
        QCOMPARE(losses(readAll(killed + ".jsonl")), losses(readAll(straight + ".jsonl")));
        // The half-written checkpoint folders of the killed processes were cleared away.
        QCOMPARE(hiddenEntries(killed + "/run/checkpoints"), QStringList());
    }

    // One run at a time in a folder: while a run trains, a second `resume` and a `train
    // --overwrite` into it are refused, naming the first, and touch nothing; SIGTERM stops the
    // first with a checkpoint, as Ctrl-C does. Then a full disk: the checkpoint that cannot be
    // written stops the run with a message naming it, the previous checkpoint stays as it was,
    // and once there is room the run goes on to the end.
    void oneRunAtATimeAndAFullDiskLosesNothing() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/tokenizer.json");
        QVERIFY(QFile::exists(dir_.filePath("train.csv")));  // written by the test before
        const QString out = dir_.filePath(QStringLiteral("shared-folder"));
        QStringList first = args(out);
        first[first.indexOf(QStringLiteral("--epochs")) + 1] = QStringLiteral("40");
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), first);
        QVERIFY(p.waitForStarted(30000));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (p.state() == QProcess::Running && lineCount(out + ".jsonl") < 6 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        QCOMPARE(p.state(), QProcess::Running);
        const QByteArray runJson = readAll(out + "/run/run.json");
        QVERIFY(!runJson.isEmpty());
        const QString holder = QStringLiteral("(headliner-cli train, process %1, since ").arg(p.processId());
        for (const QStringList& second :
             {QStringList{QStringLiteral("resume"), QStringLiteral("--out"), out},
              QStringList(args(out)) << QStringLiteral("--overwrite") << QStringLiteral("--epochs") << QStringLiteral("1")}) {
            const auto [code, err] = runCapturing(second);
            QCOMPARE(code, 1);
            QVERIFY2(err.contains(out + "/run: is in use by another training run " + holder), qPrintable(err));
        }
        QCOMPARE(readAll(out + "/run/run.json"), runJson);
        QCOMPARE(p.state(), QProcess::Running);

        ::kill(pid_t(p.processId()), SIGTERM);  // `kill PID`, a logout: stop with a checkpoint
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).contains(QStringLiteral("stopped at step")));
        const QString last = out + "/run/checkpoints/last/";
        const QByteArray state = readAll(last + "trainer_state.json");
        const QByteArray weights = readAll(last + "model.safetensors");
        QVERIFY(!state.isEmpty());
        const int stoppedAt = int(QJsonDocument::fromJson(state).object().value(QStringLiteral("step")).toInt());
        QVERIFY(stoppedAt > 0);

        // The disk is "full" for files over the size of the optimizer's: the model file of the
        // next checkpoint is written, its optimizer file is not (write() fails with EFBIG).
        const qint64 limitKiB = QFileInfo(last + "optimizer.safetensors").size() / 1024 - 1;
        QVERIFY(limitKiB > QFileInfo(last + "model.safetensors").size() / 1024);
        QStringList limited{QStringLiteral("-c"),
                            QStringLiteral("trap '' XFSZ; ulimit -f %1; exec \"$0\" \"$@\"").arg(limitKiB),
                            QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), QStringLiteral("resume"),
                            QStringLiteral("--out"), out};
        const auto [code, err] = runCapturing(limited, QStringLiteral("bash"));
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(out + "/run/checkpoints/last: the checkpoint of step "), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral(" could not be written (optimizer.safetensors: write failed: File too large); "
                                             "the previous one is kept")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("the run's last checkpoint (step %1) is intact: once the problem is solved, "
                                             "continue with: headliner-cli resume --out %2")
                                  .arg(stoppedAt)
                                  .arg(out)),
                 qPrintable(err));
        QCOMPARE(readAll(last + "trainer_state.json"), state);
        QCOMPARE(readAll(last + "model.safetensors"), weights);
        QCOMPARE(hiddenEntries(out + "/run/checkpoints"), QStringList());

        // Room again: the run resumes from that checkpoint and finishes.
        QStringList rest{QStringLiteral("resume"), QStringLiteral("--out"), out, QStringLiteral("--max-steps"),
                         QString::number(stoppedAt + 8)};
        const auto [restCode, restErr] = runCapturing(rest);
        QVERIFY2(restCode == 0, qPrintable(restErr));
        QVERIFY(QFile::exists(out + "/final/model.safetensors"));
    }
};

QTEST_GUILESS_MAIN(TestKillResume)
#include "tst_kill_resume.moc"
