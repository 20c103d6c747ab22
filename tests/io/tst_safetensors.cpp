// safetensors: the golden model file reads with the right names, shapes and values; what we
// write reads back bit for bit; and hostile or broken files are refused with a message that
// names the file and the problem, never a crash.
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/Safetensors.h"
#include "support/SharedData.h"

using namespace headliner::io;

namespace {
std::string fileWithHeader(const std::string& json, std::size_t dataBytes) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
    return out + json + std::string(dataBytes, '\x01');
}
template <typename T>
std::span<const std::byte> bytesOf(const std::vector<T>& v) {
    return std::as_bytes(std::span(v));
}
}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsGoldenModel() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        const auto file = SafetensorsFile::open(
            headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert/model.safetensors")).toStdString());
        QCOMPARE(file.tensors().size(), std::size_t(40));
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        const auto* emb = file.find("distilbert.embeddings.word_embeddings.weight");
        QVERIFY(emb);
        QCOMPARE(emb->dtype, DType::F32);
        QCOMPARE(emb->shape, (std::vector<std::int64_t>{30522, 32}));
        QCOMPARE(file.data(*emb).size(), std::size_t(30522 * 32 * 4));
        const auto* q = file.find("distilbert.transformer.layer.1.attention.q_lin.weight");
        QVERIFY(q);
        QCOMPARE(q->shape, (std::vector<std::int64_t>{32, 32}));
        QVERIFY(!file.find("no.such.tensor"));
        // Values are real numbers of a sane size (an initialised model, not garbage bytes).
        const auto bytes = file.data(*q);
        std::vector<float> w(32 * 32);
        std::memcpy(w.data(), bytes.data(), bytes.size());
        double sumSq = 0;
        for (float x : w) {
            QVERIFY(std::isfinite(x));
            sumSq += double(x) * x;
        }
        QVERIFY(sumSq > 0 && sumSq < 1e4);
    }

    void writesAndReadsBack() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("m.safetensors")).toStdString();
        const std::vector<float> a{1.5f, -2.f, 3.25f, 0.f, 7.f, 8.f};
        const std::vector<std::int64_t> ids{101, 102, 0};
        const std::vector<std::uint16_t> half{0x3c00, 0xc000};  // 1.0, -2.0 in F16
        writeSafetensors(path,
                         {{"w.weight", DType::F32, {2, 3}, bytesOf(a)},
                          {"ids", DType::I64, {3}, bytesOf(ids)},
                          {"h", DType::F16, {2}, bytesOf(half)},
                          {"empty", DType::F32, {0, 4}, {}}},
                         {{"format", "pt"}});
        const auto file = SafetensorsFile::open(path);
        QCOMPARE(file.tensors().size(), std::size_t(4));
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        const auto* w = file.find("w.weight");
        QCOMPARE(w->shape, (std::vector<std::int64_t>{2, 3}));
        QVERIFY(std::memcmp(file.data(*w).data(), a.data(), 24) == 0);
        QVERIFY(std::memcmp(file.data(*file.find("ids")).data(), ids.data(), 24) == 0);
        QCOMPARE(file.find("h")->dtype, DType::F16);
        QCOMPARE(file.find("empty")->numel(), std::int64_t(0));
        // Header padded to 8 bytes; 8-byte dtypes first.
        std::ifstream in(path, std::ios::binary);
        std::uint64_t n = 0;
        in.read(reinterpret_cast<char*>(&n), 8);
        QCOMPARE(n % 8, std::uint64_t(0));
        QCOMPARE(file.tensors().front().name, std::string("ids"));
    }

    void writerRefusesInconsistentInput() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("bad.safetensors")).toStdString();
        const std::vector<float> a{1, 2, 3};
        QVERIFY_THROWS_EXCEPTION(headliner::FileError, writeSafetensors(path, {{"x", DType::F32, {2, 2}, bytesOf(a)}}));
        QVERIFY_THROWS_EXCEPTION(headliner::FileError,
                                 writeSafetensors(path, {{"x", DType::F32, {3}, bytesOf(a)}, {"x", DType::F32, {3}, bytesOf(a)}}));
        QVERIFY(!QFile::exists(QString::fromStdString(path)));  // nothing half-written left behind
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }

    void failedWriteKeepsPreviousFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("m.safetensors")).toStdString();
        const std::vector<float> a{1, 2, 3};
        writeSafetensors(path, {{"x", DType::F32, {3}, bytesOf(a)}});
        QVERIFY_THROWS_EXCEPTION(headliner::FileError, writeSafetensors(path, {{"y", DType::F32, {9}, bytesOf(a)}}));
        QVERIFY(SafetensorsFile::open(path).find("x"));
    }

    void rejectsHostileFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto add = [](const char* tag, const std::string& bytes, const char* expected) {
            QTest::newRow(tag) << QByteArray(bytes.data(), qsizetype(bytes.size())) << QString::fromLatin1(expected);
        };
        const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        add("empty file", "", "too small");
        add("header size past end", std::string("\xff\x00\x00\x00\x00\x00\x00\x00", 8) + "{}", "truncated");
        add("huge header size", std::string("\x00\x00\x00\x00\x01\x00\x00\x00", 8), "exceeds the 100 MB limit");
        add("not json", fileWithHeader("{nope", 0), "not valid JSON");
        add("not an object", fileWithHeader("[1,2]", 0), "start with '{'");
        add("data truncated", fileWithHeader(ok, 4), "truncated");
        add("trailing bytes", fileWithHeader(ok, 12), "unexpected bytes after the last tensor");
        add("shape mismatch", fileWithHeader(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8), "needs 12 bytes");
        add("negative dim", fileWithHeader(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8), "non-negative");
        add("overflowing shape",
            fileWithHeader(R"({"a":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,8]}})", 8),
            "too large");
        add("unknown dtype", fileWithHeader(R"({"a":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}})", 8), "unsupported dtype");
        add("reversed offsets", fileWithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8), "end before");
        add("overlap", fileWithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "overlap");
        add("gap", fileWithHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "unused bytes");
        add("duplicate name", fileWithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 8), "twice");
        add("duplicate field", fileWithHeader(R"({"a":{"dtype":"F32","dtype":"I32","shape":[2],"data_offsets":[0,8]}})", 8), "twice");
        add("bad metadata", fileWithHeader(R"({"__metadata__":{"k":1}})", 0), "not a string");
        add("missing offsets", fileWithHeader(R"({"a":{"dtype":"F32","shape":[2]}})", 8), "data_offsets");
        add("unknown field", fileWithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", 8), "unknown field");
    }
    void rejectsHostileFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        try {
            SafetensorsFile::fromBytes(bytes.toStdString(), "hostile.safetensors");
            QFAIL("accepted a broken file");
        } catch (const headliner::FileError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith(QStringLiteral("hostile.safetensors: ")), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }

    void truncatedRealFileIsRefused() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QFile golden(headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert/model.safetensors")));
        QVERIFY(golden.open(QIODevice::ReadOnly));
        const QByteArray all = golden.readAll();
        QTemporaryDir dir;
        for (qsizetype cut : {qsizetype(4), qsizetype(100), all.size() / 2, all.size() - 1}) {
            const QString path = dir.filePath(QStringLiteral("cut.safetensors"));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(all.left(cut));
            out.close();
            QVERIFY_THROWS_EXCEPTION(headliner::FileError, SafetensorsFile::open(path.toStdString()));
        }
        QVERIFY_THROWS_EXCEPTION(headliner::FileError, SafetensorsFile::open(dir.filePath(QStringLiteral("missing")).toStdString()));
        QVERIFY_THROWS_EXCEPTION(headliner::FileError, SafetensorsFile::open(dir.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
