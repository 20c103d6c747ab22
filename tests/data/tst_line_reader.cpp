// LineReader: line splitting (LF, CRLF, last line without a newline, BOM), lines that straddle
// its internal buffers, the overlong-line cap, xz decoding, and the errors for truncated or
// corrupt xz, gzip, and missing files.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

#include "core/Error.h"
#include "core/io/LineReader.h"

using headliner::FileError;
using headliner::io::LineReader;

namespace {

std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path.toStdString();
}

// The bytes of `plain` compressed by the xz tool; empty when xz is not installed.
QByteArray xzCompress(const QByteArray& plain) {
    QProcess xz;
    xz.start(QStringLiteral("xz"), {QStringLiteral("-c"), QStringLiteral("-z"), QStringLiteral("-6")});
    if (!xz.waitForStarted()) return {};
    xz.write(plain);
    xz.closeWriteChannel();
    xz.waitForFinished(60000);
    return xz.exitCode() == 0 ? xz.readAllStandardOutput() : QByteArray();
}

std::vector<std::string> readAll(const std::string& path,
                                 std::size_t maxLineBytes = LineReader::kDefaultMaxLineBytes) {
    LineReader reader(path, maxLineBytes);
    std::vector<std::string> lines;
    while (reader.next()) {
        if (reader.lineNumber() != lines.size() + 1) qFatal("line numbers are not consecutive");
        lines.emplace_back(reader.line());
    }
    return lines;
}

// Many lines of varied length, so that some straddle the 256 KiB decode buffer.
QByteArray manyLines(std::vector<std::string>& expected) {
    QByteArray bytes;
    for (int i = 0; i < 5000; ++i) {
        std::string line =
            "row " + std::to_string(i) + " " + std::string(std::size_t(i * 37 % 500), char('a' + i % 26));
        expected.push_back(line);
        bytes += QByteArray::fromStdString(line) + (i % 3 == 0 ? "\r\n" : "\n");
    }
    return bytes;
}

}  // namespace

class TestLineReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitsLfAndCrlfAndKeepsLastLine() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("a.txt"), "one\r\ntwo\n\nfour\rstill four\nlast");
        const std::vector<std::string> want = {"one", "two", "", "four\rstill four", "last"};
        QCOMPARE(readAll(path), want);
    }

    void emptyFileHasNoLines() {
        QTemporaryDir dir;
        QVERIFY(readAll(writeFile(dir, QStringLiteral("empty.txt"), "")).empty());
        const std::vector<std::string> one = {""};
        QCOMPARE(readAll(writeFile(dir, QStringLiteral("newline.txt"), "\n")), one);
    }

    void dropsUtf8ByteOrderMark() {
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("bom.csv"), "\xEF\xBB\xBFhead\n\xEF\xBB\xBFkept\n");
        const std::vector<std::string> want = {"head", "\xEF\xBB\xBFkept"};
        QCOMPARE(readAll(path), want);
    }

    void linesAcrossBufferBoundaries() {
        QTemporaryDir dir;
        std::vector<std::string> expected;
        const QByteArray bytes = manyLines(expected);
        const auto path = writeFile(dir, QStringLiteral("big.txt"), bytes);
        QCOMPARE(readAll(path), expected);
        LineReader reader(path);
        while (reader.next()) {
        }
        QCOMPARE(reader.bytesRead(), std::uint64_t(bytes.size()));
        QVERIFY(!reader.compressed());
        QCOMPARE(reader.path().string(), path);
    }

    void overlongLinesAreCutAndFlagged() {
        QTemporaryDir dir;
        const auto path =
            writeFile(dir, QStringLiteral("long.txt"), "short\n0123456789abcdef\r\n01234567\r\nnext");
        LineReader reader(path, 8);
        QVERIFY(reader.next());
        QCOMPARE(reader.line(), std::string_view("short"));
        QVERIFY(!reader.overlong());
        QVERIFY(reader.next());
        QVERIFY(reader.overlong());
        QCOMPARE(reader.line(), std::string_view("01234567"));
        QVERIFY(reader.next());  // exactly the cap, CR not counted
        QVERIFY(!reader.overlong());
        QCOMPARE(reader.line(), std::string_view("01234567"));
        QVERIFY(reader.next());
        QCOMPARE(reader.line(), std::string_view("next"));
        QCOMPARE(reader.lineNumber(), std::uint64_t(4));
        QVERIFY(!reader.next());
    }

    void overOneMegabyteWithDefaultCap() {
        QTemporaryDir dir;
        QByteArray bytes =
            "first\n" + QByteArray(int(LineReader::kDefaultMaxLineBytes) + 10, 'x') + "\r\nafter\n";
        LineReader reader(writeFile(dir, QStringLiteral("huge.txt"), bytes));
        QVERIFY(reader.next() && !reader.overlong());
        QVERIFY(reader.next());
        QVERIFY(reader.overlong());
        QCOMPARE(reader.line().size(), LineReader::kDefaultMaxLineBytes);
        QVERIFY(reader.next() && !reader.overlong());
        QCOMPARE(reader.line(), std::string_view("after"));
        QCOMPARE(reader.lineNumber(), std::uint64_t(3));
    }

    void readsXzByMagicBytesNotExtension() {
        QTemporaryDir dir;
        std::vector<std::string> expected;
        const QByteArray xz = xzCompress(manyLines(expected));
        if (xz.isEmpty()) QSKIP("the xz tool is not installed");
        const auto path = writeFile(dir, QStringLiteral("looks-plain.txt"), xz);
        QCOMPARE(readAll(path), expected);
        LineReader reader(path);
        QVERIFY(reader.compressed());
    }

    void readsConcatenatedXzStreams() {
        QTemporaryDir dir;
        const QByteArray a = xzCompress("one\ntwo\n"), b = xzCompress("three\n");
        if (a.isEmpty()) QSKIP("the xz tool is not installed");
        const std::vector<std::string> want = {"one", "two", "three"};
        QCOMPARE(readAll(writeFile(dir, QStringLiteral("two.xz"), a + b)), want);
    }

    void truncatedXzIsFileError() {
        QTemporaryDir dir;
        std::vector<std::string> expected;
        const QByteArray xz = xzCompress(manyLines(expected));
        if (xz.isEmpty()) QSKIP("the xz tool is not installed");
        const auto path = writeFile(dir, QStringLiteral("cut.csv.xz"), xz.left(xz.size() / 2));
        try {
            readAll(path);
            QFAIL("a truncated xz file was read without error");
        } catch (const FileError& e) {
            QCOMPARE(e.file().string(), path);
            QVERIFY2(e.line() > 1, e.what());  // names the line it was reading
            QVERIFY2(std::string(e.what()).find("truncated") != std::string::npos, e.what());
        }
    }

    void corruptXzIsFileError() {
        QTemporaryDir dir;
        std::vector<std::string> expected;
        QByteArray xz = xzCompress(manyLines(expected));
        if (xz.isEmpty()) QSKIP("the xz tool is not installed");
        for (int i = 100; i < 200; ++i) xz[i] = char(xz[i] ^ 0x5A);
        const auto path = writeFile(dir, QStringLiteral("bad.xz"), xz);
        QVERIFY_THROWS_EXCEPTION(FileError, readAll(path));
    }

    // Found with fuzz_line_reader (a hand-made input; libFuzzer cannot fix the header's CRC32
    // itself): "hello\nworld\n" as xz whose block header asks for a 4 GiB dictionary. The
    // decoder had no memory limit and allocated 4 GiB (an out-of-memory report under ASan).
    void xzNeedingHugeMemoryIsFileError() {
        static const unsigned char kHugeDictionary[] = {
            0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x00, 0xff, 0x12, 0xd9, 0x41, 0x02, 0x00, 0x21,
            0x01, 0x28, 0x00, 0x00, 0x00, 0xe6, 0xa0, 0x11, 0xb3, 0x01, 0x00, 0x0b, 0x68, 0x65, 0x6c,
            0x6c, 0x6f, 0x0a, 0x77, 0x6f, 0x72, 0x6c, 0x64, 0x0a, 0x00, 0x00, 0x01, 0x1c, 0x0c, 0x5d,
            0xa4, 0x47, 0xcf, 0x06, 0x72, 0x9e, 0x7a, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x59, 0x5a};
        QTemporaryDir dir;
        const auto path = writeFile(dir, QStringLiteral("huge-dict.xz"),
                                    QByteArray(reinterpret_cast<const char*>(kHugeDictionary),
                                               int(sizeof kHugeDictionary)));
        try {
            readAll(path);
            QFAIL("an xz file needing 4 GiB was read");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("MiB of memory to decompress") != std::string::npos, e.what());
            QCOMPARE(e.line(), std::uint64_t(1));
        }
    }

    void refusesGzipAndMissingFiles() {
        QTemporaryDir dir;
        const auto gz = writeFile(dir, QStringLiteral("a.csv"), QByteArray("\x1F\x8B\x08\x00rest", 8));
        try {
            LineReader reader(gz);
            QFAIL("gzip accepted");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("gzip") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(FileError,
                                 LineReader(dir.filePath(QStringLiteral("missing.csv")).toStdString()));
        QVERIFY_THROWS_EXCEPTION(FileError, LineReader(dir.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestLineReader)
#include "tst_line_reader.moc"
