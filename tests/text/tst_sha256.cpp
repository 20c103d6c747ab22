// core/io/Sha256 against the FIPS 180-4 / NIST test vectors, across block boundaries, and for
// files against the system's sha256sum.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

#include "core/Error.h"
#include "core/io/Sha256.h"
#include "support/SharedData.h"

using headliner::io::sha256;
using headliner::io::Sha256;
using headliner::io::sha256File;
using headliner::io::toHex;

class TestSha256 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownVectors_data() {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("digest");
        QTest::newRow("empty") << QByteArray()
                               << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc")
                             << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                  << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        QTest::newRow("896 bits") << QByteArray(
                                         "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijk"
                                         "lmnopjklmnopqklmnopqrlmnopqrs"
                                         "mnopqrstnopqrstu")
                                  << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
        QTest::newRow("one million a")
            << QByteArray(1000000, 'a') << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        // Not published vectors; from coreutils' sha256sum. 55 bytes is the longest message
        // whose padding fits in its last block.
        QTest::newRow("55 x") << QByteArray(55, 'x')
                              << "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072";
        QTest::newRow("56 x") << QByteArray(56, 'x')
                              << "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e";
        QTest::newRow("64 x") << QByteArray(64, 'x')
                              << "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c";
    }

    void knownVectors() {
        QFETCH(QByteArray, message);
        QFETCH(QString, digest);
        const std::string got =
            toHex(sha256(std::string_view(message.constData(), std::size_t(message.size()))));
        QCOMPARE(QString::fromStdString(got), digest);
    }

    // Every split of a message into two updates, around the 64-byte block and the 56-byte
    // padding limit, gives the one-shot digest.
    void incrementalUpdatesAgree() {
        for (std::size_t length : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000}) {
            std::string message;
            for (std::size_t i = 0; i < length; ++i) message += char('a' + (i * 31) % 26);
            const auto whole = sha256(message);
            for (std::size_t cut = 0; cut <= length; ++cut) {
                Sha256 h;
                h.update(std::string_view(message).substr(0, cut));
                h.update(std::string_view(message).substr(cut));
                QVERIFY2(h.finish() == whole,
                         qPrintable(QStringLiteral("length %1 cut %2").arg(length).arg(cut)));
            }
            // Byte by byte, and finish() leaves the object ready for a new message.
            Sha256 bytes;
            for (char c : message) bytes.update(&c, 1);
            QVERIFY(bytes.finish() == whole);
            QVERIFY(bytes.finish() == sha256(""));
        }
    }

    void fileMatchesSha256sum() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/test.csv.xz");
        const QString file = headliner::test::sharedPath(QStringLiteral("data/ag_news/test.csv.xz"));
        QProcess p;
        p.start(QStringLiteral("sha256sum"), {file});
        QVERIFY(p.waitForFinished(60000));
        const QString expected = QString::fromLatin1(p.readAllStandardOutput().left(64));
        QCOMPARE(QString::fromStdString(toHex(sha256File(file.toStdString()))), expected);
    }

    void fileAndBufferAgree() {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("bytes.bin")).toStdString();
        std::string bytes;
        for (int i = 0; i < (3 << 20) + 17; ++i) bytes += char(i * 7);  // past the 1 MiB read chunk
        std::ofstream(file, std::ios::binary) << bytes;
        QVERIFY(sha256File(file) == sha256(bytes));
    }

    void fileErrorsNameTheFile() {
        QTemporaryDir dir;
        const std::string missing = dir.filePath(QStringLiteral("absent.bin")).toStdString();
        try {
            sha256File(missing);
            QFAIL("no error");
        } catch (const headliner::FileError& e) {
            QCOMPARE(e.file(), std::filesystem::path(missing));
            QVERIFY(std::string(e.what()).find("no such file") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(headliner::FileError, sha256File(dir.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
