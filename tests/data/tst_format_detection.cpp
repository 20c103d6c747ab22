// Format detection by content, with extensions that lie; forcing a format; format names.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <string>

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

QByteArray xzCompress(const QByteArray& plain) {
    QProcess xz;
    xz.start(QStringLiteral("xz"), {QStringLiteral("-c")});
    if (!xz.waitForStarted()) return {};
    xz.write(plain);
    xz.closeWriteChannel();
    xz.waitForFinished(60000);
    return xz.exitCode() == 0 ? xz.readAllStandardOutput() : QByteArray();
}

const QByteArray kAgNewsCsv = "\"3\",\"Fears for T N\",\"Unions say\"\n\"4\",\"Space\",\"Launch, date\"\n";

}  // namespace

class TestFormatDetection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsByContentDespiteExtension_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("format");
        QTest::newRow("agnews as .jsonl") << kAgNewsCsv << "x.jsonl" << int(DatasetFormat::AgNewsCsv);
        QTest::newRow("agnews unquoted") << QByteArray("2,Cup final,Won 3-1\n1,Talks,Resume\n") << "x.txt"
                                         << int(DatasetFormat::AgNewsCsv);
        QTest::newRow("kaggle as .tsv") << QByteArray("\"Class Index\",\"Title\",\"Description\"\n3,a,b\n")
                                        << "x.tsv" << int(DatasetFormat::KaggleCsv);
        QTest::newRow("hf names as header") << QByteArray("Label,Title,Description\n3,a,b\n4,c,d\n1,e,f\n")
                                            << "x.txt" << int(DatasetFormat::KaggleCsv);
        // AG-shaped rows under a header of other names: a generic CSV (its columns are mapped),
        // not AG News with a header row read as data.
        QTest::newRow("other header over ag rows")
            << QByteArray("category,headline,body\n3,a,b\n4,c,d\n1,e,f\n") << "x.csv" << int(DatasetFormat::Csv);
        // A broken first row (label 5) of an AG News file is still AG News.
        QTest::newRow("ag rows, first broken")
            << QByteArray("5,a,b\n3,c,d\n4,e,f\n") << "x.csv" << int(DatasetFormat::AgNewsCsv);
        QTest::newRow("hf jsonl as .csv")
            << QByteArray("{\"label\": 3, \"title\": \"a\", \"description\": \"b\"}\n") << "x.csv"
            << int(DatasetFormat::HfJsonl);
        QTest::newRow("generic jsonl as .txt")
            << QByteArray("{\"text\": \"a\", \"label\": \"pos\"}\n") << "x.txt" << int(DatasetFormat::Jsonl);
        QTest::newRow("fasttext as .csv") << QByteArray("__label__World a, b, c\n__label__Sports d\n")
                                          << "x.csv" << int(DatasetFormat::FastText);
        QTest::newRow("tsv as .csv") << QByteArray("text\tlabel\nhello, world\tpos\nbye\tneg\n") << "x.csv"
                                     << int(DatasetFormat::Tsv);
        QTest::newRow("csv as .tsv") << QByteArray("text,label\nhello,pos\n\"bye, now\",neg\n") << "x.tsv"
                                     << int(DatasetFormat::Csv);
        QTest::newRow("one column, extension decides")
            << QByteArray("just text\nmore text\n") << "x.tsv" << int(DatasetFormat::Tsv);
    }
    void detectsByContentDespiteExtension() {
        QFETCH(QByteArray, content);
        QFETCH(QString, name);
        QFETCH(int, format);
        QTemporaryDir dir;
        const auto path = writeFile(dir, name, content);
        QCOMPARE(formatName(detectFormat(path)), formatName(DatasetFormat(format)));
    }

    void detectsInsideXz() {
        const QByteArray xz = xzCompress(kAgNewsCsv);
        if (xz.isEmpty()) QSKIP("the xz tool is not installed");
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("data.json"), xz);
        QCOMPARE(detectFormat(path), DatasetFormat::AgNewsCsv);
        const Dataset d = readDataset(path);
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(d.texts[1], std::string("Space Launch, date"));
    }

    void callerCanForceFormat() {
        QTemporaryDir dir;
        // Detected as AG News; forced as headerless generic CSV it keeps the raw class ids.
        const auto path = writeFile(dir, QStringLiteral("x.csv"), kAgNewsCsv);
        ReadOptions o;
        o.format = DatasetFormat::Csv;
        o.hasHeader = false;
        o.textColumns = {Column::at(1)};
        o.labelColumn = Column::at(0);
        ReadReport report;
        const Dataset d = readDataset(path, o, &report);
        QCOMPARE(d.format, std::string("csv"));
        QCOMPARE(report.format, DatasetFormat::Csv);
        QCOMPARE(d.labelNames, (std::vector<std::string>{"3", "4"}));
        QCOMPARE(d.texts.front(), std::string("Fears for T N"));
    }

    void undetectableAndEmptyFilesAreErrors() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(FileError, detectFormat(writeFile(dir, QStringLiteral("e.dat"), "\n  \n")));
        QVERIFY_THROWS_EXCEPTION(FileError,
                                 detectFormat(writeFile(dir, QStringLiteral("x.dat"), "just text\nmore\n")));
        QVERIFY_THROWS_EXCEPTION(FileError,
                                 readDataset(dir.filePath(QStringLiteral("none.csv")).toStdString()));
    }

    void formatNamesRoundTrip() {
        for (const auto f :
             {DatasetFormat::Auto, DatasetFormat::AgNewsCsv, DatasetFormat::KaggleCsv, DatasetFormat::HfJsonl,
              DatasetFormat::Csv, DatasetFormat::Tsv, DatasetFormat::Jsonl, DatasetFormat::FastText})
            QCOMPARE(formatFromName(formatName(f)), std::optional<DatasetFormat>(f));
        QCOMPARE(formatName(DatasetFormat::AgNewsCsv), std::string_view("agnews-csv"));
        QVERIFY(!formatFromName("parquet"));
    }
};

QTEST_GUILESS_MAIN(TestFormatDetection)
#include "tst_format_detection.moc"
