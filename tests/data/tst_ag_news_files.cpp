// The real AG News files in ../shared/data: row counts, class balance, the first row's text,
// no test row in the train part, and the read time.
#include <QElapsedTimer>
#include <QTest>

#include <string>
#include <vector>

#include "core/data/DatasetReader.h"
#include "core/data/Overlap.h"
#include "core/data/Statistics.h"
#include "support/SharedData.h"

using namespace headliner::data;

class TestAgNewsFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsBothFiles() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/test.csv.xz");
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        const auto testPath =
            headliner::test::sharedPath(QStringLiteral("data/ag_news/test.csv.xz")).toStdString();
        const auto trainPath =
            headliner::test::sharedPath(QStringLiteral("data/ag_news/train.csv.xz")).toStdString();
        QCOMPARE(detectFormat(testPath), DatasetFormat::AgNewsCsv);

        QElapsedTimer timer;
        timer.start();
        ReadReport testReport, trainReport;
        const Dataset test = readDataset(testPath, {}, &testReport);
        const Dataset train = readDataset(trainPath, {}, &trainReport);
        const qint64 ms = timer.elapsed();
        qInfo("read %zu + %zu rows in %lld ms", test.size(), train.size(), static_cast<long long>(ms));
        QVERIFY2(ms < 3000,
                 "reading the shared files should take well under a second");  // slack for loaded CI

        QCOMPARE(test.size(), std::size_t(7600));
        QCOMPARE(train.size(), std::size_t(28360));
        QCOMPARE(testReport.skippedRows + trainReport.skippedRows, std::size_t(0));
        QCOMPARE(testReport.lines, std::uint64_t(7600));
        QCOMPARE(test.labelNames, (std::vector<std::string>{"World", "Sports", "Business", "Sci/Tech"}));
        QCOMPARE(computeStats(test).rowsPerClass, (std::vector<std::size_t>(4, 1900)));
        QCOMPARE(computeStats(train).rowsPerClass, (std::vector<std::size_t>(4, 7090)));
        QVERIFY(test.texts[0].starts_with("Fears for T N pension after talks"));
        QCOMPARE(test.texts[0],
                 std::string("Fears for T N pension after talks Unions representing workers at Turner   "
                             "Newall say they are 'disappointed' after talks with stricken parent firm "
                             "Federal Mogul."));
        QCOMPARE(test.labels[0], 2);  // "3" = Business
        // Backslash sequences stay as the file has them.
        QVERIFY(test.texts[1].find("A second\\team of rocketeers") != std::string::npos);
        QVERIFY(test.texts[1].find(" #36;10 million") != std::string::npos);

        const OverlapReport overlap = findOverlap(train, test);
        QCOMPARE(overlap.exact.rows, std::size_t(0));
        qInfo("normalized train/test overlap: %zu rows", overlap.normalized.rows);
    }
};

QTEST_GUILESS_MAIN(TestAgNewsFiles)
#include "tst_ag_news_files.moc"
