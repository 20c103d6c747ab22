// The built-in demo dataset: the embedded bytes equal resources/demo/*.csv, writeDemoDataset puts
// them on disk (once), and what it writes reads back as a clean AG News CSV: four balanced
// classes, no repeated rows, no test row in train, valid UTF-8.
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/DatasetReader.h"
#include "core/data/DemoDataset.h"
#include "core/data/Overlap.h"
#include "core/data/Statistics.h"
#include "core/data/Utf8Validation.h"

using namespace headliner::data;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

fs::path sourceDemoDir() {
    return fs::path(HEADLINER_SOURCE_DIR) / "resources" / "demo";
}

std::string describe(const MatchCount& count) {
    std::string out = std::to_string(count.rows) + " rows, e.g.";
    for (const RowPair& p : count.examples)
        out += " " + std::to_string(p.first) + "/" + std::to_string(p.second);
    return out;
}

}  // namespace

class TestDemoDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void embeddedBytesEqualTheSourceFiles() {
        const std::string train = readFile(sourceDemoDir() / "train.csv");
        const std::string test = readFile(sourceDemoDir() / "test.csv");
        QVERIFY2(!train.empty() && !test.empty(), "resources/demo/train.csv and test.csv must exist");
        QVERIFY2(demoTrainCsv() == train, "rebuild: the embedded train.csv differs from resources/demo");
        QVERIFY2(demoTestCsv() == test, "rebuild: the embedded test.csv differs from resources/demo");
    }

    void writesAReadableBalancedDataset() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path folder = fs::path(tmp.path().toStdString()) / "nested" / "demo";  // created
        const DemoFiles files = writeDemoDataset(folder);
        QCOMPARE(files.train, folder / "train.csv");
        QCOMPARE(files.test, folder / "test.csv");
        QCOMPARE(readFile(files.train), std::string(demoTrainCsv()));
        QCOMPARE(readFile(files.test), std::string(demoTestCsv()));

        QCOMPARE(detectFormat(files.train), DatasetFormat::AgNewsCsv);
        QCOMPARE(detectFormat(files.test), DatasetFormat::AgNewsCsv);
        ReadReport trainReport, testReport;
        const Dataset train = readDataset(files.train, {}, &trainReport);  // ErrorPolicy::Fail: no bad row
        const Dataset test = readDataset(files.test, {}, &testReport);
        QCOMPARE(train.format, std::string("agnews-csv"));
        QCOMPARE(test.format, std::string("agnews-csv"));
        QCOMPARE(trainReport.skippedRows + testReport.skippedRows, std::size_t(0));
        const std::vector<std::string> names{"World", "Sports", "Business", "Sci/Tech"};
        QCOMPARE(train.labelNames, names);
        QCOMPARE(test.labelNames, names);

        const std::vector<std::size_t> trainPerClass = computeStats(train).rowsPerClass;
        QCOMPARE(trainPerClass.size(), std::size_t(4));
        for (const std::size_t rows : trainPerClass)
            QVERIFY2(rows >= 450, "at least 450 train rows per class");
        QCOMPARE(computeStats(test).rowsPerClass, (std::vector<std::size_t>(4, 100)));

        // Shuffled, not grouped by class: among the first 40 rows of each file every class appears.
        for (const Dataset* d : {&train, &test}) {
            std::vector<int> seen(4, 0);
            for (std::size_t i = 0; i < 40; ++i) seen[static_cast<std::size_t>(d->labels[i])] = 1;
            QCOMPARE(seen, (std::vector<int>(4, 1)));
        }

        for (const Dataset* d : {&train, &test}) {
            for (std::size_t i = 0; i < d->size(); ++i) {
                const std::string& text = d->texts[i];
                QVERIFY2(text.size() > 40, ("row " + std::to_string(i) + " is too short").c_str());
                QCOMPARE(findInvalidUtf8(text), std::string::npos);
            }
        }

        const DuplicateReport trainDuplicates = findDuplicates(train);
        const DuplicateReport testDuplicates = findDuplicates(test);
        QVERIFY2(trainDuplicates.exact.rows == 0, describe(trainDuplicates.exact).c_str());
        QVERIFY2(trainDuplicates.normalized.rows == 0, describe(trainDuplicates.normalized).c_str());
        QVERIFY2(testDuplicates.exact.rows == 0, describe(testDuplicates.exact).c_str());
        QVERIFY2(testDuplicates.normalized.rows == 0, describe(testDuplicates.normalized).c_str());
        const OverlapReport overlap = findOverlap(train, test);
        QVERIFY2(overlap.exact.rows == 0, describe(overlap.exact).c_str());
        QVERIFY2(overlap.normalized.rows == 0, describe(overlap.normalized).c_str());
    }

    void secondWriteLeavesIdenticalFilesAlone() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path folder = tmp.path().toStdString();
        const DemoFiles files = writeDemoDataset(folder);
        // Back-date the files so that a rewrite, however quick, would show in the mtime.
        const auto past = fs::last_write_time(files.train) - std::chrono::hours(24);
        fs::last_write_time(files.train, past);
        fs::last_write_time(files.test, past);

        const DemoFiles again = writeDemoDataset(folder);
        QCOMPARE(again.train, files.train);
        QCOMPARE(fs::last_write_time(files.train), past);
        QCOMPARE(fs::last_write_time(files.test), past);
        QCOMPARE(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), std::ptrdiff_t(2));
    }

    void rewritesAChangedFile() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path folder = tmp.path().toStdString();
        const DemoFiles files = writeDemoDataset(folder);
        std::string edited(demoTestCsv());
        edited[edited.size() / 2] = edited[edited.size() / 2] == 'x' ? 'y' : 'x';  // same size, other bytes
        std::ofstream(files.test, std::ios::binary | std::ios::trunc) << edited;
        std::ofstream(files.train, std::ios::binary | std::ios::trunc) << "\"1\",\"short\",\"file\"\n";

        writeDemoDataset(folder);
        QCOMPARE(readFile(files.train), std::string(demoTrainCsv()));
        QCOMPARE(readFile(files.test), std::string(demoTestCsv()));
    }

    void failureNamesTheFolder() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path blocker = fs::path(tmp.path().toStdString()) / "a-file";
        std::ofstream(blocker) << "not a folder";
        const fs::path folder = blocker / "demo";
        try {
            writeDemoDataset(folder);
            QFAIL("expected FileError");
        } catch (const headliner::FileError& e) {
            QCOMPARE(e.file(), folder);
            QVERIFY2(std::string(e.what()).find(folder.string()) != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoDataset)
#include "tst_demo_dataset.moc"
