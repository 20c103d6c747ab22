// Seeded stratified splits: deterministic per seed, class shares kept, rows neither lost nor doubled.
#include <QTest>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/data/Split.h"

using namespace headliner::data;

namespace {

// 1000 rows over three classes of unequal size (600/300/100), in a mixed order.
Dataset makeDataset() {
    Dataset d;
    d.labelNames = {"a", "b", "c"};
    d.format = "test";
    for (int i = 0; i < 1000; ++i) {
        const int r = (i * 7) % 10;
        d.labels.push_back(r < 6 ? 0 : r < 9 ? 1 : 2);
        d.texts.push_back("row " + std::to_string(i));
    }
    return d;
}

std::vector<std::size_t> perClass(const std::vector<std::int32_t>& labels, std::size_t classes) {
    std::vector<std::size_t> counts(classes, 0);
    for (const auto l : labels) ++counts[std::size_t(l)];
    return counts;
}

}  // namespace

class TestSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameSplit() {
        const Dataset d = makeDataset();
        const auto a = stratifiedSplitIndices(d.labels, 0.2, 42);
        const auto b = stratifiedSplitIndices(d.labels, 0.2, 42);
        QCOMPARE(a.validation, b.validation);
        QCOMPARE(a.train, b.train);
        QVERIFY(stratifiedSplitIndices(d.labels, 0.2, 43).validation != a.validation);
    }

    void keepsClassSharesAndEveryRowOnce() {
        const Dataset d = makeDataset();
        const auto split = stratifiedSplitIndices(d.labels, 0.1, 7);
        QCOMPARE(split.validation.size(), std::size_t(100));
        std::vector<std::int32_t> validationLabels;
        for (const auto row : split.validation) validationLabels.push_back(d.labels[row]);
        QCOMPARE(perClass(validationLabels, 3), (std::vector<std::size_t>{60, 30, 10}));

        std::vector<std::size_t> all = split.train;
        all.insert(all.end(), split.validation.begin(), split.validation.end());
        std::sort(all.begin(), all.end());
        std::vector<std::size_t> expected(d.size());
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(all, expected);
        QVERIFY(std::is_sorted(split.train.begin(), split.train.end()));
        QVERIFY(std::is_sorted(split.validation.begin(), split.validation.end()));
    }

    void splitStratifiedBuildsBothDatasets() {
        const Dataset d = makeDataset();
        const auto [train, validation] = splitStratified(d, 0.25, 1);
        QCOMPARE(train.size() + validation.size(), d.size());
        QCOMPARE(perClass(validation.labels, 3), (std::vector<std::size_t>{150, 75, 25}));
        QCOMPARE(validation.labelNames, d.labelNames);
        QCOMPARE(train.format, d.format);
        const auto indices = stratifiedSplitIndices(d.labels, 0.25, 1);
        QCOMPARE(validation.texts.front(), d.texts[indices.validation.front()]);
    }

    void subsetTakesRowsInGivenOrder() {
        const Dataset d = makeDataset();
        const std::vector<std::size_t> rows = {5, 2, 5};
        const Dataset s = subset(d, rows);
        QCOMPARE(s.texts, (std::vector<std::string>{"row 5", "row 2", "row 5"}));
        QCOMPARE(s.labels, (std::vector<std::int32_t>{d.labels[5], d.labels[2], d.labels[5]}));
        const std::vector<std::size_t> outOfRange = {d.size()};
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, subset(d, outOfRange));
    }

    void edgeFractions() {
        const Dataset d = makeDataset();
        QVERIFY(stratifiedSplitIndices(d.labels, 0.0, 3).validation.empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSplitIndices(d.labels, 1.0, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSplitIndices(d.labels, -0.1, 3));
        const std::vector<std::int32_t> negative = {0, -1};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSplitIndices(negative, 0.5, 3));
    }
};

QTEST_GUILESS_MAIN(TestSplit)
#include "tst_split.moc"
