// The zip reader under pytorch_model.bin: a mapped file reads the same entries as the same bytes
// in memory, release() hands pages back without changing what is read, and broken files (empty,
// truncated, a folder, missing) are refused with a message naming the file.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iterator>

#include "core/Error.h"
#include "core/io/ZipArchive.h"
#include "support/SharedData.h"

using headliner::io::ZipArchive;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// The error message of opening `path` as a mapped archive ("" when it opens).
std::string openError(const std::string& path) {
    try {
        ZipArchive zip{std::filesystem::path(path)};
        return {};
    } catch (const headliner::FileError& e) {
        return e.what();
    }
}

}  // namespace

class TestZipArchive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mappedFileReadsLikeBytesInMemory() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-bin/pytorch_model.bin");
        const std::string path =
            headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-bin/pytorch_model.bin")).toStdString();
        const std::string bytes = readFile(path);
        const ZipArchive inMemory(bytes, path);
        const ZipArchive mapped{std::filesystem::path(path)};
        QCOMPARE(mapped.bytes().size(), bytes.size());
        QVERIFY(mapped.bytes() == bytes);
        QVERIFY(mapped.names() == inMemory.names());
        QVERIFY(mapped.names().size() > 10);
        for (const auto& name : mapped.names()) {
            const std::string before(mapped.entry(name));
            QVERIFY2(before == inMemory.entry(name), name.c_str());
            // Handed back, then read again: the same bytes, from the file.
            mapped.release(mapped.entry(name));
            inMemory.release(inMemory.entry(name));  // nothing to hand back: a no-op
            QVERIFY2(mapped.entry(name) == before, name.c_str());
            QVERIFY2(inMemory.entry(name) == before, name.c_str());
        }
        mapped.release(mapped.bytes());
        QVERIFY(mapped.bytes() == bytes);
    }

    void brokenFilesAreRefused() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-bin/pytorch_model.bin");
        const std::string bytes = readFile(
            headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-bin/pytorch_model.bin")).toStdString());
        QTemporaryDir dir;
        const std::string empty = dir.filePath(QStringLiteral("empty.bin")).toStdString();
        const std::string truncated = dir.filePath(QStringLiteral("truncated.bin")).toStdString();
        const std::string missing = dir.filePath(QStringLiteral("missing.bin")).toStdString();
        writeFile(empty, "");
        writeFile(truncated, bytes.substr(0, bytes.size() - 30));
        for (const auto& [path, expected] : {std::pair{empty, "too small"},
                                             std::pair{truncated, "not a readable zip archive"},
                                             std::pair{missing, "cannot open"},
                                             std::pair{dir.path().toStdString(), "not a regular file"}}) {
            const std::string message = openError(path);
            QVERIFY2(message.rfind(path, 0) == 0 && message.find(expected) != std::string::npos, message.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestZipArchive)
#include "tst_zip_archive.moc"
