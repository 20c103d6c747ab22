// Never lose a run: `headliner-cli train` is killed with SIGKILL at random moments (mid-step,
// mid-evaluation, mid-checkpoint; with checkpoints written in the background and step figures
// read a step late, or not), resumed each time, and must end with exactly the weights of
// a run that was never interrupted.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
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
    }
};

QTEST_GUILESS_MAIN(TestKillResume)
#include "tst_kill_resume.moc"
