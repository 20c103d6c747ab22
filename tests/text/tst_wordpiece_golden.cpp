// Parity with Hugging Face: every line of the tokenizer goldens (7,622 texts at max_length 512,
// 200 at max_length 64) must give the same ids, whether the tokenizer comes from vocab.txt or
// from tokenizer.json, and from several threads at once.
#include <QFile>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text/WordPieceTokenizer.h"
#include "support/SharedData.h"

using headliner::text::TokenId;
using headliner::text::WordPieceTokenizer;

namespace {

struct GoldenRow {
    std::string text;
    std::vector<TokenId> ids;
};

std::vector<GoldenRow> parseGolden(const QByteArray& jsonl) {
    std::vector<GoldenRow> rows;
    for (const QByteArray& line : jsonl.split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const auto row = nlohmann::json::parse(line.constData(), line.constData() + line.size());
        rows.push_back({row.at("text").get<std::string>(), row.at("input_ids").get<std::vector<TokenId>>()});
    }
    return rows;
}

std::string idList(const std::vector<TokenId>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
    return out + "]";
}

// Every row, in order; on the first difference a message with the line, text and both id lists.
struct Parity {
    std::size_t matched = 0;
    std::string firstMismatch;
};

Parity compare(const WordPieceTokenizer& tokenizer, const std::vector<GoldenRow>& rows,
               std::size_t maxLength) {
    Parity parity;
    for (std::size_t line = 0; line < rows.size(); ++line) {
        const auto ids = tokenizer.encode(rows[line].text, maxLength);
        if (ids == rows[line].ids) {
            ++parity.matched;
        } else if (parity.firstMismatch.empty()) {
            parity.firstMismatch = "line " + std::to_string(line + 1) + ": text " +
                                   nlohmann::json(rows[line].text).dump() + "\n  expected " +
                                   idList(rows[line].ids) + "\n  got      " + idList(ids);
        }
    }
    return parity;
}

}  // namespace

class TestWordPieceGolden : public QObject {
    Q_OBJECT
private:
    std::vector<GoldenRow> rows512_;
    std::vector<GoldenRow> rows64_;
    std::unique_ptr<WordPieceTokenizer> fromVocab_;
    std::unique_ptr<WordPieceTokenizer> fromJson_;

    void checkParity(const WordPieceTokenizer& tokenizer, const std::vector<GoldenRow>& rows,
                     std::size_t maxLength, std::size_t expectedLines) {
        QCOMPARE(rows.size(), expectedLines);
        const Parity parity = compare(tokenizer, rows, maxLength);
        qInfo("max_length %zu, %s: %zu / %zu lines match", maxLength,
              tokenizer.files().front().filename().string().c_str(), parity.matched, rows.size());
        QVERIFY2(parity.matched == rows.size(), parity.firstMismatch.c_str());
    }

private Q_SLOTS:
    void initTestCase() {
        HEADLINER_REQUIRE_SHARED("golden/tokenizer_golden.jsonl.xz");
        HEADLINER_REQUIRE_SHARED("golden/tokenizer_golden_max64.jsonl");
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");

        QProcess xz;
        xz.start(QStringLiteral("xz"),
                 {QStringLiteral("-dc"),
                  headliner::test::sharedPath(QStringLiteral("golden/tokenizer_golden.jsonl.xz"))});
        QVERIFY2(xz.waitForStarted(), "cannot start xz (is it installed?)");
        QVERIFY(xz.waitForFinished(120000));
        QCOMPARE(xz.exitCode(), 0);
        rows512_ = parseGolden(xz.readAllStandardOutput());

        QFile max64(headliner::test::sharedPath(QStringLiteral("golden/tokenizer_golden_max64.jsonl")));
        QVERIFY(max64.open(QIODevice::ReadOnly));
        rows64_ = parseGolden(max64.readAll());

        const auto shared = [](const char* relative) {
            return headliner::test::sharedPath(QString::fromUtf8(relative)).toStdString();
        };
        fromVocab_ = WordPieceTokenizer::fromVocabFile(shared("data/vocab/bert-base-uncased-vocab.txt"));
        fromJson_ = WordPieceTokenizer::fromTokenizerJson(
            shared("data/vocab/distilbert-base-uncased/tokenizer.json"));
    }

    void maxLength512FromVocabTxt() { checkParity(*fromVocab_, rows512_, 512, 7622); }
    void maxLength512FromTokenizerJson() { checkParity(*fromJson_, rows512_, 512, 7622); }
    void maxLength64FromVocabTxt() { checkParity(*fromVocab_, rows64_, 64, 200); }
    void maxLength64FromTokenizerJson() { checkParity(*fromJson_, rows64_, 64, 200); }

    // encode is const and thread-safe: the same tokenizer on every core gives the same ids.
    void parallelEncodingMatches() {
        const unsigned threads = std::max(4u, std::thread::hardware_concurrency());
        std::vector<std::size_t> matched(threads, 0);
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                // Every thread walks all rows, starting at a different place.
                for (std::size_t k = 0; k < rows512_.size(); ++k) {
                    const auto& row = rows512_[(k + t * rows512_.size() / threads) % rows512_.size()];
                    matched[t] += fromVocab_->encode(row.text, 512) == row.ids;
                }
            });
        }
        for (auto& worker : workers) worker.join();
        for (unsigned t = 0; t < threads; ++t) QCOMPARE(matched[t], rows512_.size());
    }
};

QTEST_GUILESS_MAIN(TestWordPieceGolden)
#include "tst_wordpiece_golden.moc"
