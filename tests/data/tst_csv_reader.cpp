// CSV family: RFC 4180 records, the AG News CSV as published, the Kaggle CSV, generic CSV/TSV
// with a column mapping, and every kind of bad row under both error policies.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/Csv.h"
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

std::vector<CsvRecord> records(const std::string& path, char delimiter = ',',
                               std::size_t maxBytes = 1 << 20) {
    headliner::io::LineReader lines(path, maxBytes);
    CsvRecordReader reader(lines, delimiter, maxBytes);
    std::vector<CsvRecord> out;
    CsvRecord r;
    while (reader.next(r)) out.push_back(r);
    return out;
}

ReadOptions agNews(ErrorPolicy policy = ErrorPolicy::Fail) {
    ReadOptions o;
    o.format = DatasetFormat::AgNewsCsv;
    o.onError = policy;
    return o;
}

// The FileError thrown by reading `path`, or a test failure.
FileError failure(const std::string& path, const ReadOptions& options) {
    try {
        readDataset(path, options);
    } catch (const FileError& e) {
        return e;
    }
    qFatal("no FileError for %s", path.c_str());
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rfc4180Records() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("r.csv"),
                                    "plain,\"with, comma\",\"say \"\"hi\"\"\"\r\n"
                                    "\n"
                                    "\"two\nlines\",,\"\"\n"
                                    "a\"b,c\n");
        const auto got = records(path);
        QCOMPARE(got.size(), std::size_t(3));
        QCOMPARE(got[0].line, std::uint64_t(1));
        QCOMPARE(got[0].fields, (std::vector<std::string>{"plain", "with, comma", "say \"hi\""}));
        QCOMPARE(got[1].line, std::uint64_t(3));
        QCOMPARE(got[1].fields, (std::vector<std::string>{"two\nlines", "", ""}));
        QCOMPARE(got[2].fields, (std::vector<std::string>{"a\"b", "c"}));  // lenient: literal quote
        for (const auto& r : got) QVERIFY(!r.problem);

        headliner::io::LineReader lines(path);
        CsvRecordReader reader(lines, ',', 1 << 20);
        CsvRecord record;
        while (reader.next(record)) {
        }
        QCOMPARE(reader.blankLines(), std::size_t(1));
    }

    // Tab-separated files are often written without quoting: text that opens with a quotation
    // is kept as written. Comma-separated files keep reporting the same line as bad quotes, and
    // a quoted field that ran over a line break does too.
    void tsvTextStartingWithAQuoteIsPlainText() {
        QTemporaryDir dir;
        const QByteArray lines = "sport\t\"Help Wanted\" signs go up\n"
                                 "money\t\"quoted\"\tx\n"
                                 "\"a \"\"b\"\" c\" d\tlast\n"
                                 "x\t\"two\nlines\" junk\n"
                                 "after\tok\n";
        const auto tsv = records(writeFile(dir, QStringLiteral("q.tsv"), lines), '\t');
        QCOMPARE(tsv.size(), std::size_t(6));
        QCOMPARE(tsv[0].fields, (std::vector<std::string>{"sport", "\"Help Wanted\" signs go up"}));
        QCOMPARE(tsv[1].fields, (std::vector<std::string>{"money", "quoted", "x"}));
        QCOMPARE(tsv[2].fields, (std::vector<std::string>{"\"a \"\"b\"\" c\" d", "last"}));
        for (int i = 0; i < 3; ++i) QVERIFY2(!tsv[std::size_t(i)].problem, tsv[std::size_t(i)].message.c_str());
        QVERIFY(tsv[3].problem);  // the quote ran over a line break: a real quoted field, broken
        QCOMPARE(tsv[3].line, std::uint64_t(4));
        // Its second line is read again as a record of its own, then the rest.
        QCOMPARE(tsv[4].fields, (std::vector<std::string>{"lines\" junk"}));
        QCOMPARE(tsv[5].fields, (std::vector<std::string>{"after", "ok"}));

        QByteArray commas = lines;
        commas.replace('\t', ',');
        const auto csv = records(writeFile(dir, QStringLiteral("q.csv"), commas), ',');
        QVERIFY(csv.front().problem);
        QVERIFY2(contains(csv.front().message, "bad quotes"), csv.front().message.c_str());
    }

    void brokenQuoteLosesOnlyItsLine() {
        QTemporaryDir dir;
        const auto path =
            writeFile(dir, QStringLiteral("r.csv"), "\"1\",\"open,x\n\"2\",\"b\"\n\"3\",\"c\"\n");
        const auto got = records(path);
        QCOMPARE(got.size(), std::size_t(3));
        QVERIFY(got[0].problem);
        QCOMPARE(got[0].line, std::uint64_t(1));
        QCOMPARE(got[1].fields, (std::vector<std::string>{"2", "b"}));
        QCOMPARE(got[1].line, std::uint64_t(2));
        QCOMPARE(got[2].fields, (std::vector<std::string>{"3", "c"}));
    }

    // Found reviewing the fuzz_agnews_csv runs (5,000 such lines took 40 s in the fuzz build):
    // `a","` opens a quoted field as a new record and keeps it open inside quotes, so each line
    // re-read after a broken record ran to the end of the file again: quadratic time. A record
    // that runs into the lines of a broken one now fails at once, with the same outcome.
    void quotesNeverClosedOnEveryLineStayLinear() {
        QTemporaryDir dir;
        constexpr int kLines = 50000;  // about 3 minutes before, well under a second now
        QByteArray bytes;
        for (int i = 0; i < kLines; ++i) bytes += "a\",\"\n";
        const auto path = writeFile(dir, QStringLiteral("open.csv"), bytes);
        QElapsedTimer timer;
        timer.start();
        const auto got = records(path);
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed()) + " ms"));
        QCOMPARE(got.size(), std::size_t(kLines));
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].line, std::uint64_t(i + 1));
            QVERIFY(got[i].problem == RowProblem::Malformed);
            QCOMPARE(got[i].message, std::string("a quoted field that starts in this record is never closed"));
        }

        // The same with junk after a closing quote on the last line: every record ends there.
        const auto junk = writeFile(dir, QStringLiteral("junk.csv"), "a\",\"\na\",\"\na\",\"\n\"x\"y\n");
        const auto ended = records(junk);
        QCOMPARE(ended.size(), std::size_t(4));
        for (std::size_t i = 0; i < 3; ++i) {
            QVERIFY(ended[i].problem == RowProblem::Malformed);
            QVERIFY2(contains(ended[i].message, "closing quote") && contains(ended[i].message, "(line 4, byte 2)"),
                     ended[i].message.c_str());
        }
        QVERIFY2(contains(ended[3].message, "(line 4, byte 4)"), ended[3].message.c_str());

        ReadOptions o = agNews(ErrorPolicy::Skip);
        ReadReport report;
        const Dataset d = readDataset(path, o, &report);
        QCOMPARE(d.size(), std::size_t(0));
        QCOMPARE(report[RowProblem::Malformed].count, std::size_t(kLines));
    }

    void readsAgNewsCsvKeepingRawBytes() {
        QTemporaryDir dir;
        const auto path =
            writeFile(dir, QStringLiteral("test.csv"),
                      "\"3\",\"Fears for T N pension\",\"Unions \"\"say\"\", a\\team  #36;10\"\n"
                      "\"1\",\"World, news\",\"desc\"\r\n"
                      "\"4\",\"\",\"only description\"\n");
        ReadReport report;
        const Dataset d = readDataset(path, agNews(), &report);
        QCOMPARE(d.size(), std::size_t(3));
        QCOMPARE(d.texts[0], std::string("Fears for T N pension Unions \"say\", a\\team  #36;10"));
        QCOMPARE(d.texts[1], std::string("World, news desc"));
        QCOMPARE(d.texts[2], std::string(" only description"));  // title + " " + description, always
        QCOMPARE(d.labels, (std::vector<std::int32_t>{2, 0, 3}));
        QCOMPARE(d.labelNames, (std::vector<std::string>{"World", "Sports", "Business", "Sci/Tech"}));
        QCOMPARE(d.format, std::string("agnews-csv"));
        QCOMPARE(d.source.string(), path);
        QCOMPARE(report.rows, std::size_t(3));
        QCOMPARE(report.lines, std::uint64_t(3));
        QCOMPARE(report.labelValues.at("3"), std::size_t(1));
    }

    void textColumnsAndSeparatorAreConfigurable() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("test.csv"), "\"2\",\"Title\",\"Body\"\n");
        ReadOptions o = agNews();
        o.textColumns = {Column::named("DESCRIPTION"), Column::at(1)};
        o.textSeparator = " | ";
        QCOMPARE(readDataset(path, o).texts.front(), std::string("Body | Title"));
        o.textColumns = {Column::named("summary")};
        QVERIFY(contains(failure(path, o).what(), "label, title, description"));
    }

    void readsKaggleCsvWithHeader() {
        QTemporaryDir dir;
        const auto path =
            writeFile(dir, QStringLiteral("train.csv"), "Class Index,Title,Description\n2,Match,Won 3-1\n");
        ReadOptions o;
        o.format = DatasetFormat::KaggleCsv;
        const Dataset d = readDataset(path, o);
        QCOMPARE(d.texts, (std::vector<std::string>{"Match Won 3-1"}));
        QCOMPARE(d.labels, (std::vector<std::int32_t>{1}));
        const auto wrong = writeFile(dir, QStringLiteral("wrong.csv"), "label,title,text\n2,Match,Won\n");
        const FileError e = failure(wrong, o);
        QCOMPARE(e.line(), std::uint64_t(1));
        QVERIFY2(contains(e.what(), "Class Index,Title,Description"), e.what());
        QVERIFY2(contains(e.what(), "found \"label,title,text\""), e.what());

        // The Hugging Face dataset's column names as the header, detected and read the same way:
        // the header is not a row, labels 1-4 are AG News's classes.
        const auto hf = writeFile(dir, QStringLiteral("hf.csv"),
                                  "label,title,description\n2,Match,Won 3-1\n4,\"Probe, launched\",Mars\n");
        QCOMPARE(detectFormat(hf), DatasetFormat::KaggleCsv);
        const Dataset h = readDataset(hf, ReadOptions{});
        QCOMPARE(h.texts, (std::vector<std::string>{"Match Won 3-1", "Probe, launched Mars"}));
        QCOMPARE(h.labels, (std::vector<std::int32_t>{1, 3}));
        QCOMPARE(h.labelNames, (std::vector<std::string>{"World", "Sports", "Business", "Sci/Tech"}));
    }

    void genericCsvAndTsvWithMapping() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, QStringLiteral("g.csv"),
                                   "id,Headline,topic\n7,Rates rise,econ\n8,Cup final,sport\n");
        ReadOptions o;
        o.format = DatasetFormat::Csv;
        o.textColumns = {Column::named("headline")};
        o.labelColumn = Column::named("Topic");
        Dataset d = readDataset(csv, o);
        QCOMPARE(d.texts, (std::vector<std::string>{"Rates rise", "Cup final"}));
        QCOMPARE(d.labelNames, (std::vector<std::string>{"econ", "sport"}));  // sorted
        QCOMPARE(d.labels, (std::vector<std::int32_t>{0, 1}));

        o.labels = LabelSpec::byName({"sport", "econ"});
        QCOMPARE(readDataset(csv, o).labels, (std::vector<std::int32_t>{1, 0}));

        const auto tsv = writeFile(dir, QStringLiteral("g.tsv"), "0\tfirst, with comma\n1\tsecond\n");
        ReadOptions t;
        t.format = DatasetFormat::Tsv;
        t.hasHeader = false;
        t.textColumns = {Column::at(1)};
        t.labelColumn = Column::at(0);
        t.labels = LabelSpec::byId(0, {"neg", "pos"});
        d = readDataset(tsv, t);
        QCOMPARE(d.texts, (std::vector<std::string>{"first, with comma", "second"}));
        QCOMPARE(d.labels, (std::vector<std::int32_t>{0, 1}));
        QCOMPARE(d.format, std::string("tsv"));
    }

    // An evaluation file read on its own names its classes by what it holds: useClassesOf gives
    // it the training file's ids, and refuses a class the training file lacks, naming both.
    void evaluationFileTakesTheTrainingClasses() {
        QTemporaryDir dir;
        const auto train = writeFile(dir, QStringLiteral("train.csv"), "text,label\na,sport\nb,money\nc,tech\n");
        const auto small = writeFile(dir, QStringLiteral("eval.csv"), "text,label\nd,tech\ne,sport\nf,tech\n");
        const auto stray = writeFile(dir, QStringLiteral("stray.csv"), "text,label\ng,sport\nh,weather\ni,weather\n");
        ReadOptions o;
        o.format = DatasetFormat::Csv;
        const Dataset reference = readDataset(train, o);
        QCOMPARE(reference.labelNames, (std::vector<std::string>{"money", "sport", "tech"}));
        Dataset eval = readDataset(small, o);
        QCOMPARE(eval.labelNames, (std::vector<std::string>{"sport", "tech"}));
        QCOMPARE(headliner::data::useClassesOf(reference, eval), std::string());  // by exact name: no note
        QCOMPARE(eval.labelNames, reference.labelNames);
        QCOMPARE(eval.labels, (std::vector<std::int32_t>{2, 1, 2}));
        QCOMPARE(eval.texts, (std::vector<std::string>{"d", "e", "f"}));

        Dataset other = readDataset(stray, o);
        try {
            headliner::data::useClassesOf(reference, other);
            QFAIL("no error for a class the training file lacks");
        } catch (const FileError& e) {
            QCOMPARE(e.file().string(), stray);
            QVERIFY2(contains(e.problem(), "class 'weather' (2 rows) is not one of the classes of " + train +
                                               " (money, sport, tech)"),
                     e.what());
        }
    }

    // Classes that are not spelled as the known ones: by name ignoring case when that is
    // unambiguous, or as class ids ({"label": 2}) when no class matches by name; each with a
    // note. Ids out of range and ambiguous cases are refused, naming the class.
    void classesMatchIgnoringCaseOrAsIds() {
        QTemporaryDir dir;
        const std::vector<std::string> known{"World", "Sports", "Business", "Sci/Tech"};
        ReadOptions o;
        o.format = DatasetFormat::Jsonl;
        const auto read = [&](const QString& name, const QByteArray& bytes) {
            return readDataset(writeFile(dir, name, bytes), o);
        };
        using headliner::data::mapClasses;
        const Dataset lower = read(QStringLiteral("lower.jsonl"),
                                   "{\"text\":\"a\",\"label\":\"sports\"}\n{\"text\":\"b\",\"label\":\"World\"}\n"
                                   "{\"text\":\"c\",\"label\":\"SCI/TECH\"}\n");
        const auto byCase = mapClasses(lower, known, "the model's classes");
        std::vector<std::int32_t> truth;
        for (const auto l : lower.labels) truth.push_back(byCase.toKnown[std::size_t(l)]);
        QCOMPARE(truth, (std::vector<std::int32_t>{1, 0, 3}));
        QVERIFY2(contains(byCase.note, "classes matched ignoring case: ") && contains(byCase.note, "'sports' as 'Sports'") &&
                     contains(byCase.note, "'SCI/TECH' as 'Sci/Tech'") && !contains(byCase.note, "'World'"),
                 byCase.note.c_str());

        const Dataset ids = read(QStringLiteral("ids.jsonl"),
                                 "{\"text\":\"a\",\"label\":2}\n{\"text\":\"b\",\"label\":0}\n{\"text\":\"c\",\"label\":3}\n");
        const auto byId = mapClasses(ids, known, "the model's classes");
        truth.clear();
        for (const auto l : ids.labels) truth.push_back(byId.toKnown[std::size_t(l)]);
        QCOMPARE(truth, (std::vector<std::int32_t>{2, 0, 3}));
        QCOMPARE(byId.note, std::string("its labels are read as class ids (0 = World, 1 = Sports, 2 = Business, 3 = Sci/Tech)"));
        // The same through useClassesOf, against a training file.
        Dataset reference;
        reference.source = "train.csv";
        reference.labelNames = known;
        Dataset idsCopy = ids;
        QCOMPARE(headliner::data::useClassesOf(reference, idsCopy), byId.note);
        QCOMPARE(idsCopy.labels, (std::vector<std::int32_t>{2, 0, 3}));
        QCOMPARE(idsCopy.labelNames, known);

        const auto refused = [&](const Dataset& d) {
            try {
                mapClasses(d, known, "the model's classes");
                return std::string();
            } catch (const FileError& e) {
                return std::string(e.what());
            }
        };
        // An id past the last class; a number among names (not read as an id); two known
        // classes that differ only in case make a lowercase name ambiguous.
        const std::string tooLarge = refused(read(QStringLiteral("big.jsonl"),
                                                  "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":4}\n"));
        QVERIFY2(contains(tooLarge, "big.jsonl: class id 4 (1 row) is not one of the model's classes (0 = World, "),
                 tooLarge.c_str());
        const std::string mixed = refused(read(QStringLiteral("mixed.jsonl"),
                                               "{\"text\":\"a\",\"label\":\"World\"}\n{\"text\":\"b\",\"label\":2}\n"));
        QVERIFY2(contains(mixed, "class '2' (1 row) is not one of the model's classes (World, Sports, Business, Sci/Tech)"),
                 mixed.c_str());
        Dataset twoCases = lower;
        const std::string ambiguous = [&] {
            try {
                mapClasses(twoCases, {"Sports", "SPORTS", "World", "Sci/Tech"}, "the model's classes");
                return std::string();
            } catch (const FileError& e) {
                return std::string(e.what());
            }
        }();
        QVERIFY2(contains(ambiguous, "class 'sports' (1 row) is not one of"), ambiguous.c_str());
    }

    void missingColumnListsTheColumns() {
        QTemporaryDir dir;
        const auto csv = writeFile(dir, QStringLiteral("g.csv"), "sentence,label\nhello,1\n");
        ReadOptions o;
        o.format = DatasetFormat::Csv;
        const FileError e = failure(csv, o);  // default text column "text" is absent
        QVERIFY2(contains(e.what(), "\"text\"") && contains(e.what(), "sentence, label"), e.what());
    }

    void badQuotesFailNamingLine() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("q.csv"),
                                    "\"1\",\"ok\",\"ok\"\n\"2\",\"bad \"quote\" here\",\"x\"\n");
        const FileError e = failure(path, agNews());
        QCOMPARE(e.line(), std::uint64_t(2));
        QCOMPARE(e.file().string(), path);
        QVERIFY2(contains(e.problem(), "bad quotes"), e.what());
    }

    void skipPolicyReportsEveryProblemKind() {
        QTemporaryDir dir;
        QByteArray bytes;
        bytes += "\"1\",\"good\",\"row\"\n";                       // 1
        bytes += "\"2\",\"bad \"quote\",\"x\"\n";                  // 2 malformed
        bytes += "\"3\",\"two columns\"\n";                        // 3 wrong column count
        bytes += "\"4\",\"caf\xE9\",\"latin-1\"\n";                // 4 invalid UTF-8
        bytes += "\"1\",\"\",\"  \"\n";                            // 5 empty text
        bytes += "\"9\",\"unknown\",\"label\"\n";                  // 6 unknown label
        bytes += "\"2\",\"" + QByteArray(64, 'x') + "\",\"y\"\n";  // 7 overlong (cap below)
        bytes += "\n";                                             // 8 blank
        bytes += "\"2\",\"unclosed,x\n";                           // 9 malformed, swallows line 10...
        bytes += "\"4\",\"last\",\"row\"\n";                       // 10 ...which is read again
        const auto path = writeFile(dir, QStringLiteral("bad.csv"), bytes);
        ReadOptions o = agNews(ErrorPolicy::Skip);
        o.maxLineBytes = 60;
        ReadReport report;
        const Dataset d = readDataset(path, o, &report);
        QCOMPARE(d.texts, (std::vector<std::string>{"good row", "last row"}));
        QCOMPARE(report.rows, std::size_t(2));
        QCOMPARE(report.skippedRows, std::size_t(7));
        QCOMPARE(report.blankLines, std::size_t(1));
        QCOMPARE(report.lines, std::uint64_t(10));
        QCOMPARE(report[RowProblem::Malformed].lines, (std::vector<std::uint64_t>{2, 9}));
        QCOMPARE(report[RowProblem::WrongColumnCount].lines, (std::vector<std::uint64_t>{3}));
        QCOMPARE(report[RowProblem::InvalidUtf8].lines, (std::vector<std::uint64_t>{4}));
        QCOMPARE(report[RowProblem::EmptyText].lines, (std::vector<std::uint64_t>{5}));
        QCOMPARE(report[RowProblem::UnknownLabel].lines, (std::vector<std::uint64_t>{6}));
        QCOMPARE(report[RowProblem::OverlongLine].lines, (std::vector<std::uint64_t>{7}));
        QVERIFY(contains(report[RowProblem::WrongColumnCount].firstMessage, "expected 3 fields"));
        const std::string summary = report.summary();
        QVERIFY2(contains(summary, "2 rows kept, 7 skipped") &&
                     contains(summary, "invalid UTF-8: 1 rows, lines 4"),
                 summary.c_str());
        QCOMPARE(problemName(RowProblem::OverlongLine), std::string_view("overlong line"));
    }

    void reportKeepsOnlyFirstLineNumbers() {
        QTemporaryDir dir;
        QByteArray bytes;
        for (int i = 0; i < 25; ++i) bytes += "\"1\",\"only two\"\n";
        ReadOptions o = agNews(ErrorPolicy::Skip);
        o.reportedLinesPerProblem = 3;
        ReadReport report;
        readDataset(writeFile(dir, QStringLiteral("w.csv"), bytes), o, &report);
        QCOMPARE(report[RowProblem::WrongColumnCount].count, std::size_t(25));
        QCOMPARE(report[RowProblem::WrongColumnCount].lines, (std::vector<std::uint64_t>{1, 2, 3}));
    }

    void eachProblemFailsUnderFailPolicy() {
        QTemporaryDir dir;
        const struct {
            QByteArray bytes;
            std::uint64_t line;
            const char* says;
        } cases[] = {
            {"\"1\",\"a\",\"b\"\n\"3\",\"two\"\n", 2, "wrong column count"},
            {"\"1\",\"a\",\"b\"\n\"3\",\"\xC3\x28\",\"b\"\n", 2, "invalid UTF-8"},
            {"\"1\",\"\",\"\"\n", 1, "empty"},
            {"\"1\",\"a\",\"b\"\n\"1\",\"open,b\n", 2, "never closed"},
        };
        for (const auto& c : cases) {
            const FileError e = failure(writeFile(dir, QStringLiteral("f.csv"), c.bytes), agNews());
            QCOMPARE(e.line(), c.line);
            QVERIFY2(contains(e.problem(), c.says), e.what());
        }
        QByteArray longLine = "\"1\",\"a\",\"" + QByteArray((1 << 20) + 1, 'z') + "\"\n";
        const FileError e = failure(writeFile(dir, QStringLiteral("long.csv"), longLine), agNews());
        QCOMPARE(e.line(), std::uint64_t(1));
        QVERIFY2(contains(e.problem(), "longer than 1048576 bytes"), e.what());
    }

    void unknownLabelListsValuesSeen() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("zero.csv"),
                                    "\"1\",\"a\",\"b\"\n\"0\",\"a\",\"b\"\n\"3\",\"a\",\"b\"\n\"7\",\"a\","
                                    "\"b\"\n\"0\",\"a\",\"b\"\n");
        const FileError e = failure(path, agNews());
        QCOMPARE(e.line(), std::uint64_t(2));  // the first unknown label...
        const std::string what = e.what();     // ...and every value in the file, even after it
        QVERIFY2(contains(what, "unknown label \"0\""), what.c_str());
        QVERIFY2(contains(what, "from 1 to 4"), what.c_str());
        QVERIFY2(contains(what, "\"0\" (2 rows), \"1\" (1 row), \"3\" (1 row), \"7\" (1 row)"), what.c_str());

        ReadReport report;
        const Dataset d = readDataset(path, agNews(ErrorPolicy::Skip), &report);
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(report[RowProblem::UnknownLabel].count, std::size_t(3));
        QVERIFY(contains(report[RowProblem::UnknownLabel].firstMessage, "\"7\" (1 row)"));
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csv_reader.moc"
