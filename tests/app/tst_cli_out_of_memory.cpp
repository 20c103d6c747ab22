// Running out of memory while training (issue 5): a real `headliner-cli train` under a 4 GB
// address-space limit (setrlimit in the child) with batches far too large for it fails with a
// message naming the device, the batch size and the resume that avoids it, and keeps the run;
// `resume` with a smaller batch then finishes it. Texts are AG News rows made long (six
// descriptions each), so that a batch of 2048 rows × 256 tokens needs several GB.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <string>

#include "core/data/Dataset.h"
#include "core/data/DatasetReader.h"
#include "support/CliProcess.h"
#include "support/SharedData.h"
#include "support/TestFiles.h"

using headliner::test::runCli;

namespace {

QByteArray csvField(const std::string& s) {
    QByteArray out = QByteArray::fromStdString(s);
    out.replace('"', "\"\"");
    return '"' + out + '"';
}

}  // namespace

class TestCliOutOfMemory : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY(dir_.isValid());
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        const auto rows = headliner::data::readDataset(
            headliner::test::sharedPath(QStringLiteral("data/ag_news/train.csv.xz")).toStdString());
        QByteArray csv;
        for (std::size_t i = 0; i < 2400; ++i) {
            std::string text;
            for (std::size_t k = 0; k < 6; ++k) text += rows.texts[(i * 7 + k) % rows.size()] + " ";
            csv += csvField(std::to_string(rows.labels[i] + 1)) + ',' + csvField("Row " + std::to_string(i)) + ',' +
                   csvField(text) + '\n';
        }
        QVERIFY(headliner::test::writeFile(dir_.filePath(QStringLiteral("train.csv")), csv));
    }

    void failsWithAResumableMessage() {
        const QString out = dir_.filePath(QStringLiteral("run"));
        const auto limited = runCli(
            {QStringLiteral("train"), QStringLiteral("--train"), dir_.filePath(QStringLiteral("train.csv")),
             QStringLiteral("--preset"), QStringLiteral("scratch-d128"), QStringLiteral("--batch-size"),
             QStringLiteral("2048"), QStringLiteral("--max-length"), QStringLiteral("256"), QStringLiteral("--epochs"),
             QStringLiteral("1"), QStringLiteral("--out"), out},
            {}, 300000, std::nullopt, [] {
                const rlimit limit{4000000000ULL, 4000000000ULL};
                ::setrlimit(RLIMIT_AS, &limit);
            });
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
};

QTEST_GUILESS_MAIN(TestCliOutOfMemory)
#include "tst_cli_out_of_memory.moc"
