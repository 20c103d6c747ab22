// The encoded dataset cache: parallel encoding in row order, reuse when the key matches, and
// rebuilding (never trusting) files that are truncated, damaged, foreign or made for another key.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/text/EncodedCache.h"
#include "core/text/SentencePieceTokenizer.h"
#include "support/SharedData.h"

using namespace headliner::text;
using headliner::data::Dataset;
namespace fs = std::filesystem;

namespace {

// A made-up word of 1-4 syllables: variety enough for a few hundred sentencepiece pieces.
std::string madeUpWord(std::mt19937& rng) {
    const char* syllables[] = {"ka", "ro", "mi", "tu", "len", "sar", "po", "vi", "dan", "el", "qu", "zo"};
    std::string w;
    for (int s = 0, n = 1 + int(rng() % 4); s < n; ++s) w += syllables[rng() % 12];
    return w;
}

std::vector<std::string> headlines(int count, unsigned seed) {
    std::mt19937 rng(seed);
    const char* words[] = {"stocks", "rally", "team",    "wins", "oil",   "prices", "fall",  "new",
                           "chip",   "vote",  "leaders", "meet", "storm", "hits",   "coast", "record"};
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        std::string t;
        const int n = 1 + int(rng() % 40);  // uneven lengths, so chunks finish out of order
        for (int w = 0; w < n; ++w) t += std::string(w ? " " : "") + words[rng() % 16];
        out.push_back(t + " " + madeUpWord(rng));
    }
    return out;
}

// A tokenizer that fails on one text: the error must reach the caller.
class FailingTokenizer final : public Tokenizer {
public:
    std::vector<TokenId> encode(std::string_view utf8, std::size_t) const override {
        if (utf8 == "poison") throw std::runtime_error("cannot encode poison");
        return {TokenId(utf8.size())};
    }
    std::size_t vocabSize() const override { return 1000; }
    const SpecialTokens& specialTokens() const override { return special_; }
    std::string idToToken(TokenId) const override { return {}; }
    std::optional<TokenId> tokenToId(std::string_view) const override { return std::nullopt; }
    std::string kind() const override { return "failing"; }
    std::vector<fs::path> files() const override { return {}; }
    void writeHuggingFaceFiles(const fs::path&, std::size_t) const override {}

private:
    SpecialTokens special_;
};

QByteArray readAll(const fs::path& file) {
    QFile f(QString::fromStdString(file.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const fs::path& file, const QByteArray& bytes) {
    QFile f(QString::fromStdString(file.string()));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// AG News rows as title + " " + description, read with xz and a small CSV reader of its own.
std::vector<std::string> readAgNewsTexts(const QString& xzFile) {
    QProcess xz;
    xz.start(QStringLiteral("xz"), {QStringLiteral("-dc"), xzFile});
    if (!xz.waitForFinished(120000) || xz.exitCode() != 0) return {};
    const QByteArray csv = xz.readAllStandardOutput();
    std::vector<std::string> texts;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            if (fields.size() == 3) texts.push_back(fields[1] + " " + fields[2]);
            fields.assign(1, {});
        }
    }
    return texts;
}

}  // namespace

class TestEncodedCache : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path root_;
    std::unique_ptr<SentencePieceTokenizer> tok_;
    Dataset data_;

    fs::path freshCacheFolder(const char* name) {
        const fs::path folder = root_ / name;
        fs::remove_all(folder);
        return folder;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        root_ = dir_.path().toStdString();
        SentencePieceTrainingOptions options;
        options.vocabSize = 60;
        tok_ = SentencePieceTokenizer::train(headlines(2000, 1), root_ / "tok.model", options);
        data_.texts = headlines(5000, 2);
        data_.source = root_ / "data.jsonl";
        std::ofstream out(data_.source);
        for (const auto& t : data_.texts) out << "{\"text\": \"" << t << "\"}\n";
    }

    void encodeAllKeepsRowOrderOnAnyThreadCount() {
        std::vector<std::vector<TokenId>> expected;
        for (const auto& t : data_.texts) expected.push_back(tok_->encode(t, 16));
        for (const int threads : {1, 2, 3, 8, 0}) {
            const EncodedDataset e = encodeAll(*tok_, data_.texts, 16, threads);
            QCOMPARE(e.size(), data_.texts.size());
            for (std::size_t i = 0; i < e.size(); ++i) {
                const auto row = e.row(i);
                QVERIFY2(std::vector<TokenId>(row.begin(), row.end()) == expected[i],
                         qPrintable(QStringLiteral("threads %1 row %2").arg(threads).arg(i)));
            }
        }
        QCOMPARE(encodeAll(*tok_, {}, 16).size(), std::size_t(0));
        QCOMPARE(encodeAll(*tok_, {"one"}, 16, 8).size(), std::size_t(1));
    }

    void encodeAllRethrowsTheTokenizersError() {
        std::vector<std::string> texts(10000, "fine");
        texts[7777] = "poison";
        FailingTokenizer failing;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, encodeAll(failing, texts, 0, 4));
    }

    void builtOnceThenReused() {
        const fs::path folder = freshCacheFolder("reuse");
        const auto first = loadOrEncode(*tok_, data_, 32, folder);
        QVERIFY(!first.reused);
        QVERIFY(first.rebuildReason.empty());
        QVERIFY2(first.writeError.empty(), first.writeError.c_str());
        QVERIFY(fs::exists(first.file));
        QCOMPARE(first.file.parent_path(), folder);
        QVERIFY(
            QDir(QString::fromStdString(folder.string())).entryList({QStringLiteral("*.tmp-*")}).isEmpty());

        const auto second = loadOrEncode(*tok_, data_, 32, folder);
        QVERIFY(second.reused);
        QCOMPARE(second.file, first.file);
        QCOMPARE(second.encoded.offsets, first.encoded.offsets);
        QCOMPARE(second.encoded.ids, first.encoded.ids);
        // Small vocabulary: two bytes per id on disk.
        QCOMPARE(fs::file_size(first.file),
                 std::uintmax_t(184 + 8 * (data_.size() + 1) + 2 * first.encoded.ids.size()));
    }

    void anotherKeyIsAnotherFile() {
        const fs::path folder = freshCacheFolder("keys");
        const auto base = loadOrEncode(*tok_, data_, 32, folder);
        QVERIFY(!loadOrEncode(*tok_, data_, 64, folder).reused);  // max_length

        Dataset changed = data_;
        changed.texts[10] += " record";
        QVERIFY(!loadOrEncode(*tok_, changed, 32, folder).reused);  // texts

        SentencePieceTrainingOptions options;
        options.vocabSize = 70;
        const auto other = SentencePieceTokenizer::train(headlines(2000, 1), root_ / "other.model", options);
        QVERIFY(!loadOrEncode(*other, data_, 32, folder).reused);  // tokenizer

        // The data file changed on disk (same texts in memory): its hash changes the key.
        std::ofstream(data_.source, std::ios::app) << "\n";
        const auto touched = loadOrEncode(*tok_, data_, 32, folder);
        QVERIFY(!touched.reused);
        QVERIFY(touched.file != base.file);
        QCOMPARE(QDir(QString::fromStdString(folder.string())).entryList(QDir::Files).size(), 5);
    }

    void damagedFilesAreRebuilt_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("reason");
        QTest::newRow("truncated") << "truncate"
                                   << "size its header states";
        QTest::newRow("flipped id byte") << "flip"
                                         << "checksum";
        QTest::newRow("header only") << "header"
                                     << "size its header states";
        QTest::newRow("tiny") << "tiny"
                              << "too short";
        QTest::newRow("foreign file") << "foreign"
                                      << "not a Headliner encoded cache";
        QTest::newRow("newer version") << "version"
                                       << "format version";
        QTest::newRow("other key in the file") << "otherkey"
                                               << "max_length";
    }

    void damagedFilesAreRebuilt() {
        QFETCH(QString, damage);
        QFETCH(QString, reason);
        const fs::path folder = freshCacheFolder("damage");
        const auto good = loadOrEncode(*tok_, data_, 24, folder);
        QByteArray bytes = readAll(good.file);
        if (damage == "truncate") bytes.chop(7);
        if (damage == "flip") bytes[bytes.size() - 5] = char(bytes[bytes.size() - 5] ^ 0x10);
        if (damage == "header") bytes.truncate(184);
        if (damage == "tiny") bytes.truncate(20);
        if (damage == "foreign") bytes = QByteArray(4000, 'z');
        if (damage == "version") bytes[8] = 2;
        if (damage == "otherkey") bytes = readAll(loadOrEncode(*tok_, data_, 25, folder).file);
        writeAll(good.file, bytes);

        const auto rebuilt = loadOrEncode(*tok_, data_, 24, folder);
        QVERIFY(!rebuilt.reused);
        QVERIFY2(QString::fromStdString(rebuilt.rebuildReason).contains(reason),
                 rebuilt.rebuildReason.c_str());
        QCOMPARE(rebuilt.encoded.ids, good.encoded.ids);
        // And the rewritten file is good again.
        QVERIFY(loadOrEncode(*tok_, data_, 24, folder).reused);
    }

    void wideIdsRoundTrip() {
        EncodedDataset e;
        e.ids = {0, 70000, 5, 2147483000, 65535, 65536};
        e.offsets = {0, 2, 2, 6};
        EncodedCacheKey key;
        key.tokenizerKind = "wordpiece";
        key.vocabSize = 3000000;
        key.maxLength = 512;
        const fs::path file = root_ / "wide.bin";
        writeEncodedCache(file, key, e);
        std::string why;
        const auto back = readEncodedCache(file, key, &why);
        QVERIFY2(back.has_value(), why.c_str());
        QCOMPARE(back->ids, e.ids);
        QCOMPARE(back->offsets, e.offsets);
        QCOMPARE(back->rowLength(1), std::size_t(0));
        key.tokenizerKind = "sentencepiece";
        QVERIFY(!readEncodedCache(file, key, &why));
        QVERIFY2(why.find("another tokenizer") != std::string::npos, why.c_str());
        QVERIFY(!readEncodedCache(root_ / "absent.bin", key, &why));
    }

    void unwritableCacheStillEncodes() {
        const fs::path notAFolder = root_ / "plain-file";
        std::ofstream(notAFolder) << "x";
        const auto r = loadOrEncode(*tok_, data_, 16, notAFolder);
        QVERIFY(!r.reused);
        QVERIFY(!r.writeError.empty());
        QCOMPARE(r.encoded.size(), data_.size());
    }

    // AG News train with the BERT WordPiece tokenizer: build once, then reuse.
    void agNewsBuildVersusReuse() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        Dataset train;
        train.source = headliner::test::sharedPath(QStringLiteral("data/ag_news/train.csv.xz")).toStdString();
        train.texts = readAgNewsTexts(QString::fromStdString(train.source.string()));
        QCOMPARE(train.size(), std::size_t(28360));
        const auto bert = loadTokenizer(
            headliner::test::sharedPath(QStringLiteral("data/vocab/bert-base-uncased-vocab.txt"))
                .toStdString());
        const fs::path folder = freshCacheFolder("agnews");

        QElapsedTimer timer;
        timer.start();
        const auto built = loadOrEncode(*bert, train, 512, folder);
        const qint64 buildMs = timer.restart();
        const auto reused = loadOrEncode(*bert, train, 512, folder);
        const qint64 reuseMs = timer.elapsed();
        QVERIFY(!built.reused);
        QVERIFY(reused.reused);
        QCOMPARE(reused.encoded.ids, built.encoded.ids);
        qInfo(
            "AG News train, %zu rows, %zu ids (mean %.1f), cache %llu bytes: built in %lld ms, reused in "
            "%lld ms",
            train.size(), built.encoded.ids.size(), double(built.encoded.ids.size()) / double(train.size()),
            static_cast<unsigned long long>(fs::file_size(built.file)), buildMs, reuseMs);
        QVERIFY(reuseMs < buildMs);
    }
};

QTEST_GUILESS_MAIN(TestEncodedCache)
#include "tst_encoded_cache.moc"
