// JSON Lines: the Hugging Face sh0416/ag_news layout and generic files with chosen keys,
// including invalid JSON, missing keys, wrong types and the shared row problems.
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/DatasetReader.h"

using headliner::FileError;
using namespace headliner::data;

namespace {

std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path.toStdString();
}

ReadOptions options(DatasetFormat format, ErrorPolicy policy = ErrorPolicy::Fail) {
    ReadOptions o;
    o.format = format;
    o.onError = policy;
    return o;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

class TestJsonlReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsHuggingFaceAgNews() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("test.jsonl"),
                                    "{\"label\": 3, \"title\": \"Fears for T N\", \"description\": \"Unions "
                                    "\\\\ #36; \\\"say\\\"\"}\n"
                                    "\n"
                                    "{\"title\": \"Caf\\u00e9\", \"description\": \"x\", \"label\": 1}\r\n");
        ReadReport report;
        const Dataset d = readDataset(path, options(DatasetFormat::HfJsonl), &report);
        QCOMPARE(d.texts,
                 (std::vector<std::string>{"Fears for T N Unions \\ #36; \"say\"", "Caf\xC3\xA9 x"}));
        QCOMPARE(d.labels, (std::vector<std::int32_t>{2, 0}));
        QCOMPARE(d.labelNames.at(3), std::string("Sci/Tech"));
        QCOMPARE(d.format, std::string("hf-jsonl"));
        QCOMPARE(report.blankLines, std::size_t(1));
        QCOMPARE(report.lines, std::uint64_t(3));
    }

    void genericKeysAndStringLabels() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("g.jsonl"),
                                    "{\"Sentence\": \"good film\", \"sentiment\": \"pos\", \"extra\": [1]}\n"
                                    "{\"sentence\": \"bad film\", \"sentiment\": \"neg\"}\n");
        ReadOptions o = options(DatasetFormat::Jsonl);
        o.textColumns = {Column::named("sentence")};
        o.labelColumn = Column::named("sentiment");
        const Dataset d = readDataset(path, o);
        QCOMPARE(d.texts, (std::vector<std::string>{"good film", "bad film"}));
        QCOMPARE(d.labelNames, (std::vector<std::string>{"neg", "pos"}));
        QCOMPARE(d.labels, (std::vector<std::int32_t>{1, 0}));

        o.textColumns = {Column::at(0)};
        QVERIFY_THROWS_EXCEPTION(FileError, readDataset(path, o));
    }

    void defaultKeysAreTextAndLabel() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("g.jsonl"),
                                    "{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": 2}\n");
        ReadOptions o = options(DatasetFormat::Jsonl);
        o.labels = LabelSpec::byId(0);
        const Dataset d = readDataset(path, o);
        QCOMPARE(d.labels, (std::vector<std::int32_t>{0, 2}));
        QCOMPARE(d.labelNames, (std::vector<std::string>{"0", "1", "2"}));
    }

    void badRowsAreReported() {
        QTemporaryDir dir;
        QByteArray bytes;
        bytes += "{\"label\": 1, \"title\": \"ok\", \"description\": \"row\"}\n";  // 1
        bytes += "{\"label\": 1, \"title\": \"no end\"\n";                         // 2 invalid JSON
        bytes += "[1, 2, 3]\n";                                                    // 3 not an object
        bytes += "{\"label\": 2, \"title\": \"no description\"}\n";                // 4 missing key
        bytes += "{\"label\": 2, \"title\": 5, \"description\": \"x\"}\n";         // 5 wrong type
        bytes += "{\"label\": 2, \"title\": \"\xFF\", \"description\": \"x\"}\n";  // 6 invalid UTF-8
        bytes += "{\"label\": 2, \"title\": \"\", \"description\": null}\n";       // 7 empty text
        bytes += "{\"label\": 5, \"title\": \"a\", \"description\": \"b\"}\n";     // 8 unknown label
        bytes += "{\"label\": 4, \"title\": \"last\", \"description\": \"row\"}";  // 9
        const auto path = writeFile(dir, QStringLiteral("bad.jsonl"), bytes);
        ReadReport report;
        const Dataset d = readDataset(path, options(DatasetFormat::HfJsonl, ErrorPolicy::Skip), &report);
        QCOMPARE(d.texts, (std::vector<std::string>{"ok row", "last row"}));
        QCOMPARE(report[RowProblem::Malformed].lines, (std::vector<std::uint64_t>{2, 3, 4, 5}));
        QCOMPARE(report[RowProblem::InvalidUtf8].lines, (std::vector<std::uint64_t>{6}));
        QCOMPARE(report[RowProblem::EmptyText].lines, (std::vector<std::uint64_t>{7}));
        QCOMPARE(report[RowProblem::UnknownLabel].lines, (std::vector<std::uint64_t>{8}));
        QVERIFY2(contains(report[RowProblem::Malformed].firstMessage, "invalid JSON"),
                 report[RowProblem::Malformed].firstMessage.c_str());
        QVERIFY(contains(report[RowProblem::UnknownLabel].firstMessage, "\"5\" (1 row)"));

        try {
            readDataset(path, options(DatasetFormat::HfJsonl));
            QFAIL("no error");
        } catch (const FileError& e) {
            QCOMPARE(e.line(), std::uint64_t(2));
            QVERIFY2(contains(e.problem(), "invalid JSON"), e.what());
        }
    }

    // Found by fuzz_hf_jsonl: a number beyond double makes nlohmann throw out_of_range, not
    // parse_error; it escaped readDataset instead of becoming a bad row.
    void numberOverflowIsABadRow() {
        QTemporaryDir dir;
        QByteArray bytes;
        bytes += "{\"label\": 1, \"title\": \"ok\", \"description\": \"row\"}\n";   // 1
        bytes += "{\"label\": 1e400, \"title\": \"a\", \"description\": \"b\"}\n";  // 2 overflow
        bytes += "5e555\n";                                                         // 3 overflow
        bytes += "{\"label\": 2, \"title\": \"x\", \"description\": -1e999}\n";    // 4 overflow
        const auto path = writeFile(dir, QStringLiteral("overflow.jsonl"), bytes);
        ReadReport report;
        const Dataset d = readDataset(path, options(DatasetFormat::HfJsonl, ErrorPolicy::Skip), &report);
        QCOMPARE(d.texts, (std::vector<std::string>{"ok row"}));
        QCOMPARE(report[RowProblem::Malformed].lines, (std::vector<std::uint64_t>{2, 3, 4}));
        QVERIFY2(contains(report[RowProblem::Malformed].firstMessage, "invalid JSON: number overflow"),
                 report[RowProblem::Malformed].firstMessage.c_str());

        try {
            readDataset(path, options(DatasetFormat::HfJsonl));
            QFAIL("no error");
        } catch (const FileError& e) {
            QCOMPARE(e.line(), std::uint64_t(2));
            QVERIFY2(contains(e.problem(), "number overflow"), e.what());
        }
    }

    void overlongLineIsReported() {
        QTemporaryDir dir;
        const QByteArray big =
            "{\"label\": 1, \"title\": \"" + QByteArray((1 << 20) + 5, 'a') + "\", \"description\": \"\"}\n";
        const auto path = writeFile(dir, QStringLiteral("big.jsonl"),
                                    big + "{\"label\": 2, \"title\": \"t\", \"description\": \"d\"}\n");
        ReadReport report;
        const Dataset d = readDataset(path, options(DatasetFormat::HfJsonl, ErrorPolicy::Skip), &report);
        QCOMPARE(d.size(), std::size_t(1));
        QCOMPARE(report[RowProblem::OverlongLine].lines, (std::vector<std::uint64_t>{1}));
    }
};

QTEST_GUILESS_MAIN(TestJsonlReader)
#include "tst_jsonl_reader.moc"
