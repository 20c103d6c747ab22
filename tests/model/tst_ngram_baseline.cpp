// The n-gram baseline module: masked mean of embeddings, padding ignored, fastText's init.
#include <QTest>

#include "core/model/NgramBaseline.h"

using namespace headliner::model;

class TestNgramBaseline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paddingDoesNotChangeTheResult() {
        NgramBaseline m(NgramConfig{100, 8, {"a", "b", "c"}});
        m->initWeights(3);
        { torch::NoGradGuard g; m->classifier->weight.normal_(); }  // non-zero so logits differ per text
        const auto ids = torch::tensor({3, 7, 9}, torch::kLong).unsqueeze(0);
        const auto padded = torch::tensor({3, 7, 9, 0, 0}, torch::kLong).unsqueeze(0);
        const auto a = m->logits(ids, torch::ones_like(ids));
        const auto b = m->logits(padded, torch::tensor({1, 1, 1, 0, 0}, torch::kLong).unsqueeze(0));
        QCOMPARE(a.sizes(), (c10::IntArrayRef{1, 3}));
        QVERIFY(torch::allclose(a, b, 0, 1e-6));
        // By hand: mean of the three embeddings through the linear layer.
        const auto mean = m->embedding->weight.index_select(0, ids[0]).mean(0);
        QVERIFY(torch::allclose(a[0], m->classifier(mean), 0, 1e-6));
    }

    void fastTextInitialisation() {
        NgramBaseline m(NgramConfig{50, 10, {"a", "b"}});
        m->initWeights(1);
        QVERIFY(m->embedding->weight.abs().max().item<float>() <= 0.1f);
        QCOMPARE(m->embedding->weight[0].abs().sum().item<float>(), 0.0f);
        QCOMPARE(m->classifier->weight.abs().sum().item<float>(), 0.0f);
        QCOMPARE(m->architecture(), std::string("ngram"));
        QCOMPARE(m->numLabels(), std::int64_t(2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, NgramBaseline(NgramConfig{0, 10, {"a", "b"}}));
    }
};

QTEST_GUILESS_MAIN(TestNgramBaseline)
#include "tst_ngram_baseline.moc"
