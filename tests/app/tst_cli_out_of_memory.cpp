// Running out of memory while training (issue 5): a real `headliner-cli train` whose batches do
// not fit (support/OutOfMemoryRun.h: a 4 GB address-space limit in the child) fails with a
// message naming the device, the batch size and the resume that avoids it, and keeps the run;
// `resume` with a smaller batch then finishes it. The same in an evaluation batch, whose message
// points at --eval-batch-size.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "support/CliProcess.h"
#include "support/OutOfMemoryRun.h"
#include "support/SharedData.h"
#include "support/TestFiles.h"

using headliner::test::runCli;

class TestCliOutOfMemory : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY(dir_.isValid());
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        QVERIFY(headliner::test::writeFile(dir_.filePath(QStringLiteral("train.csv")), headliner::test::longAgNewsCsv(2400)));
    }

    void failsWithAResumableMessage() {
        const QString out = dir_.filePath(QStringLiteral("run"));
        const auto limited = headliner::test::trainUntilOutOfMemory(dir_.filePath(QStringLiteral("train.csv")), out);
        QCOMPARE(limited.code, 1);
        QVERIFY2(limited.err.contains(QStringLiteral("out of memory on cpu with batch size 2048 (256 tokens per row)")),
                 qPrintable(limited.err));
        QVERIFY2(limited.err.contains(QStringLiteral("--batch-size 1024 --grad-accum 2")), qPrintable(limited.err));
        QVERIFY(QFile::exists(out + QStringLiteral("/run/run.json")));
        QVERIFY(!QFile::exists(out + QStringLiteral("/final")));

        // The same run, resumed with a smaller batch (two steps are enough to show it trains).
        const auto resumed = runCli({QStringLiteral("resume"), QStringLiteral("--out"), out, QStringLiteral("--batch-size"),
                                     QStringLiteral("16"), QStringLiteral("--max-steps"), QStringLiteral("2")});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QVERIFY(QFile::exists(out + QStringLiteral("/final/model.safetensors")));
    }

    // Out of memory in an evaluation batch (small training batches, one huge evaluation batch):
    // the message names evaluation and --eval-batch-size, not the training batch; resuming with
    // smaller evaluation batches finishes the run.
    void evaluationOutOfMemoryNamesTheEvaluationBatch() {
        const QString out = dir_.filePath(QStringLiteral("eval-run"));
        const QString data = dir_.filePath(QStringLiteral("train.csv"));
        const auto limited = headliner::test::trainUntilOutOfMemory(
            data, out,
            {QStringLiteral("--eval"), data, QStringLiteral("--batch-size"), QStringLiteral("8"),
             QStringLiteral("--eval-batch-size"), QStringLiteral("4096"), QStringLiteral("--max-steps"), QStringLiteral("2")});
        QCOMPARE(limited.code, 1);
        QVERIFY2(limited.err.contains(
                     QStringLiteral("out of memory on cpu while evaluating, with batches of 2400 rows (256 tokens per row)")),
                 qPrintable(limited.err));
        QVERIFY2(limited.err.contains(QStringLiteral("--resume --eval-batch-size 1200")), qPrintable(limited.err));
        QVERIFY2(!limited.err.contains(QStringLiteral("--grad-accum")), qPrintable(limited.err));
        QVERIFY(!QFile::exists(out + QStringLiteral("/final")));

        const auto resumed = runCli({QStringLiteral("resume"), QStringLiteral("--out"), out,
                                     QStringLiteral("--eval-batch-size"), QStringLiteral("64")});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QVERIFY(QFile::exists(out + QStringLiteral("/final/model.safetensors")));
        QVERIFY2(resumed.out.contains("accuracy"), resumed.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliOutOfMemory)
#include "tst_cli_out_of_memory.moc"
