// Duplicate rows and train/test overlap, on exact and on normalized text.
#include <QTest>

#include <string>
#include <vector>

#include "core/data/Overlap.h"

using namespace headliner::data;

namespace {

Dataset make(std::vector<std::string> texts, std::vector<std::int32_t> labels) {
    Dataset d;
    d.texts = std::move(texts);
    d.labels = std::move(labels);
    d.labelNames = {"a", "b"};
    return d;
}

}  // namespace

class TestDuplicatesOverlap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalization() {
        QCOMPARE(normalizeForComparison("U.S.  Stocks\tRise!"), std::string("us stocks rise"));
        QCOMPARE(normalizeForComparison("  -- A - b\\n #36;10 "), std::string("a bn 3610"));
        QCOMPARE(normalizeForComparison("Caf\xC3\xA9"), std::string("caf\xC3\xA9"));  // non-ASCII as written
        QCOMPARE(normalizeForComparison("..."), std::string());
    }

    void findsExactAndNormalizedDuplicates() {
        const Dataset d =
            make({"Stocks rise", "Cup final", "Stocks rise", "stocks, RISE", "Cup  final!", "Other"},
                 {0, 1, 0, 1, 1, 0});
        const DuplicateReport r = findDuplicates(d);
        QCOMPARE(r.exact.rows, std::size_t(1));
        QCOMPARE(r.exact.differentLabel, std::size_t(0));
        QVERIFY(r.exact.examples == (std::vector<RowPair>{{0, 2}}));
        QCOMPARE(r.normalized.rows, std::size_t(3));
        QCOMPARE(r.normalized.differentLabel, std::size_t(1));  // "stocks, RISE" is labelled b, row 0 a
        QVERIFY(r.normalized.examples == (std::vector<RowPair>{{0, 2}, {0, 3}, {1, 4}}));
        QCOMPARE(findDuplicates(d, 1).normalized.examples.size(), std::size_t(1));
    }

    void findsRowsOfBInA() {
        const Dataset train = make({"Stocks rise", "Cup final", "Talks resume"}, {0, 1, 0});
        const Dataset test =
            make({"New thing", "Talks resume", "CUP final.", "stocks rise", "Talks resume"}, {0, 0, 1, 1, 0});
        const OverlapReport r = findOverlap(train, test);
        QCOMPARE(r.exact.rows, std::size_t(2));
        QVERIFY(r.exact.examples == (std::vector<RowPair>{{2, 1}, {2, 4}}));
        QCOMPARE(r.normalized.rows, std::size_t(4));
        QCOMPARE(r.normalized.differentLabel, std::size_t(1));  // "stocks rise": a in train, b in test
        QCOMPARE(findOverlap(train, make({"none"}, {0})).normalized.rows, std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestDuplicatesOverlap)
#include "tst_duplicates_overlap.moc"
