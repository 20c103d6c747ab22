// Dataset statistics: rows per class, length distributions in characters and in caller-counted tokens.
#include <QTest>

#include <string>
#include <vector>

#include "core/data/Statistics.h"

using namespace headliner::data;

class TestStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsCodePointsNotBytes() {
        QCOMPARE(countCharacters(""), std::size_t(0));
        QCOMPARE(countCharacters("abc"), std::size_t(3));
        QCOMPARE(countCharacters("caf\xC3\xA9 \xF0\x9F\x98\x80"), std::size_t(6));
    }

    void rowsPerClassAndLengths() {
        Dataset d;
        d.labelNames = {"World", "Sports", "Business", "Sci/Tech"};
        // Lengths in characters: 1, 2, ..., 10 (the last one with a two-byte character).
        for (int i = 1; i <= 9; ++i) {
            d.texts.push_back(std::string(std::size_t(i), 'x'));
            d.labels.push_back(i % 2);
        }
        d.texts.push_back("123456789\xC3\xA9");
        d.labels.push_back(3);
        const DatasetStats s = computeStats(d, {}, {.characterBinWidth = 4, .tokenBinWidth = 1});
        QCOMPARE(s.rows, std::size_t(10));
        QCOMPARE(s.rowsPerClass, (std::vector<std::size_t>{4, 5, 0, 1}));
        QCOMPARE(s.characters.min, std::size_t(1));
        QCOMPARE(s.characters.max, std::size_t(10));
        QCOMPARE(s.characters.mean, 5.5);
        QCOMPARE(s.characters.median, std::size_t(5));
        QCOMPARE(s.characters.p95, std::size_t(10));
        QCOMPARE(s.characters.histogram.binWidth, std::size_t(4));
        QCOMPARE(s.characters.histogram.counts, (std::vector<std::size_t>{3, 4, 3}));  // [0,4) [4,8) [8,12)
        QVERIFY(!s.tokens);
    }

    void tokensComeFromTheCallersCounter() {
        Dataset d;
        d.labelNames = {"a"};
        d.texts = {"one", "one two", "one two three", "x y z w"};
        d.labels = {0, 0, 0, 0};
        std::size_t calls = 0;
        const TokenCounter words = [&](std::string_view text) {
            ++calls;
            return std::size_t(std::count(text.begin(), text.end(), ' ') + 1);
        };
        const DatasetStats s = computeStats(d, words, {.characterBinWidth = 25, .tokenBinWidth = 2});
        QCOMPARE(calls, std::size_t(4));
        QVERIFY(s.tokens);
        QCOMPARE(s.tokens->min, std::size_t(1));
        QCOMPARE(s.tokens->max, std::size_t(4));
        QCOMPARE(s.tokens->median, std::size_t(2));
        QCOMPARE(s.tokens->histogram.counts, (std::vector<std::size_t>{1, 2, 1}));  // [0,2) [2,4) [4,6)
    }

    void emptyDatasetAndBadLabels() {
        Dataset d;
        const DatasetStats s = computeStats(d);
        QCOMPARE(s.rows, std::size_t(0));
        QVERIFY(s.characters.histogram.counts.empty());
        d.texts = {"a"};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeStats(d));  // no label for the text
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
