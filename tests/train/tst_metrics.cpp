// Metrics on cases computed by hand (and checked against scikit-learn's conventions).
#include <QTest>

#include "core/train/Metrics.h"

using namespace headliner::train;

class TestMetrics : public QObject {
    Q_OBJECT

    static bool near(double a, double b) { return std::abs(a - b) < 1e-12; }

private Q_SLOTS:
    void threeClasses() {
        // truth 0 0 0 1 1 2, predicted 0 0 1 1 2 2
        const std::vector<std::int32_t> truth{0, 0, 0, 1, 1, 2}, predicted{0, 0, 1, 1, 2, 2};
        const auto confusion = confusionMatrix(truth, predicted, 3);
        const std::vector<std::vector<std::int64_t>> want{{2, 1, 0}, {0, 1, 1}, {0, 0, 1}};
        QVERIFY(confusion == want);
        const auto m = metricsFromConfusion(confusion);
        QCOMPARE(m.rows, std::int64_t(6));
        QVERIFY(near(m.accuracy, 4.0 / 6.0));
        // class 0: P 2/2, R 2/3, F1 0.8; class 1: P 1/2, R 1/2, F1 0.5; class 2: P 1/2, R 1, F1 2/3
        QVERIFY(near(m.perClass[0].precision, 1.0));
        QVERIFY(near(m.perClass[0].recall, 2.0 / 3.0));
        QVERIFY(near(m.perClass[0].f1, 0.8));
        QVERIFY(near(m.perClass[1].precision, 0.5));
        QVERIFY(near(m.perClass[1].recall, 0.5));
        QVERIFY(near(m.perClass[1].f1, 0.5));
        QVERIFY(near(m.perClass[2].precision, 0.5));
        QVERIFY(near(m.perClass[2].recall, 1.0));
        QVERIFY(near(m.perClass[2].f1, 2.0 / 3.0));
        QCOMPARE(m.perClass[0].support, std::int64_t(3));
        QCOMPARE(m.perClass[2].support, std::int64_t(1));
        QVERIFY(near(m.macroF1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0));
    }

    // As scikit-learn's f1_score(average="macro"): f1_score([0, 0, 1], [0, 0, 0], average="macro")
    // is (0.8 + 0) / 2 = 0.4; class 2, in neither, is left out of the mean.
    void macroF1AveragesTheClassesPresent() {
        // Class 2 never occurs and is never predicted; class 1 is never predicted.
        const std::vector<std::int32_t> truth{0, 0, 1}, predicted{0, 0, 0};
        const auto m = metricsFromConfusion(confusionMatrix(truth, predicted, 3));
        QVERIFY(near(m.accuracy, 2.0 / 3.0));
        QVERIFY(near(m.perClass[0].precision, 2.0 / 3.0));
        QVERIFY(near(m.perClass[0].recall, 1.0));
        QVERIFY(near(m.perClass[0].f1, 0.8));
        QCOMPARE(m.perClass[1].precision, 0.0);
        QCOMPARE(m.perClass[1].f1, 0.0);
        QCOMPARE(m.perClass[2].recall, 0.0);
        QVERIFY(near(m.macroF1, 0.4));
        // A class only predicted counts: truth {0, 0}, predictions {0, 2}: (2/3 + 0) / 2.
        const std::vector<std::int32_t> onlyZero{0, 0}, someTwo{0, 2};
        QVERIFY(near(metricsFromConfusion(confusionMatrix(onlyZero, someTwo, 3)).macroF1, (2.0 / 3.0) / 2.0));
    }

    void perfectAndEmpty() {
        const std::vector<std::int32_t> labels{0, 1, 2, 3, 3};
        const auto m = metricsFromConfusion(confusionMatrix(labels, labels, 4));
        QCOMPARE(m.accuracy, 1.0);
        QCOMPARE(m.macroF1, 1.0);
        const auto empty = metricsFromConfusion(confusionMatrix({}, {}, 4));
        QCOMPARE(empty.accuracy, 0.0);
        QCOMPARE(empty.rows, std::int64_t(0));
    }

    void badLabelsAreErrors() {
        const std::vector<std::int32_t> truth{0, 4}, predicted{0, 0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, confusionMatrix(truth, predicted, 4));
        const std::vector<std::int32_t> shorter{0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, confusionMatrix(truth, shorter, 4));
    }

    void jsonRoundTrip() {
        const std::vector<std::int32_t> truth{0, 0, 0, 1, 1, 2}, predicted{0, 0, 1, 1, 2, 2};
        auto m = metricsFromConfusion(confusionMatrix(truth, predicted, 3));
        m.loss = 0.123456789012345678;
        m.step = 17;
        m.epoch = 1.5;
        const auto back = evalMetricsFromJson(nlohmann::json::parse(toJson(m).dump()));
        QVERIFY(back.loss == m.loss);
        QCOMPARE(back.macroF1, m.macroF1);
        QVERIFY(back.confusion == m.confusion);
        QCOMPARE(back.perClass.size(), std::size_t(3));
        QCOMPARE(back.perClass[2].f1, m.perClass[2].f1);
        QCOMPARE(back.step, std::int64_t(17));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
