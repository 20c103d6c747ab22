// cpuAttention (attention's batched products split across threads) against LibTorch's own
// attention: outputs and all three input gradients, with padding masked, on two threads.
#include <QTest>

#include <torch/torch.h>

#include "core/TorchCompat.h"
#include "core/model/CpuAttention.h"

using namespace headliner;

namespace {
double largestDifference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}
}  // namespace

class TestCpuAttention : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void batchedProductMatchesBmmWithGradients() {
        torch::manual_seed(3);
        const auto a = torch::randn({37, 19, 23}).requires_grad_(true);
        const auto bStored = torch::randn({37, 29, 23});  // used transposed: a strided view
        const auto b = bStored.transpose(1, 2).requires_grad_(false);
        const auto leaf = bStored.clone().requires_grad_(true);
        const auto upstream = torch::randn({37, 19, 29});

        const auto ours = model::parallelBmm(a, leaf.transpose(1, 2));
        ours.backward(upstream);
        const auto gaOurs = a.grad().clone(), gbOurs = leaf.grad().clone();
        a.mutable_grad() = leaf.mutable_grad() = torch::Tensor();
        const auto theirs = torch::bmm(a, leaf.transpose(1, 2));
        theirs.backward(upstream);
        QCOMPARE(ours.sizes().vec(), std::vector<std::int64_t>({37, 19, 29}));
        QVERIFY(torch::allclose(ours, torch::bmm(a, b), 1e-6, 1e-6));
        const double out = largestDifference(ours, theirs), ga = largestDifference(gaOurs, a.grad()),
                     gb = largestDifference(gbOurs, leaf.grad());
        qInfo("parallelBmm vs bmm: output %.2e, grad a %.2e, grad b %.2e", out, ga, gb);
        QVERIFY(out < 1e-5 && ga < 1e-5 && gb < 1e-5);
        QVERIFY_THROWS_EXCEPTION(c10::Error, model::parallelBmm(a, torch::randn({37, 22, 5})));

        // Row- or column-major on either side, and strided views (every second column): all as bmm.
        const auto wide = torch::randn({37, 19, 46});
        const auto aT = torch::randn({37, 23, 19}).transpose(1, 2);  // column-major a
        for (const auto& [left, right] : {std::pair{aT, bStored.transpose(1, 2)}, std::pair{aT, b.contiguous()},
                                          std::pair{wide.slice(2, 0, 46, 2), b}, std::pair{a, wide.slice(2, 0, 46, 2).transpose(1, 2)}}) {
            const double e = largestDifference(model::parallelBmm(left, right), torch::bmm(left, right));
            QVERIFY2(e < 1e-5, qPrintable(QString::number(e)));
        }
    }

    // Every position querying (training's layers), and fewer queries than keys (the classifier's
    // last layer, where only [CLS] queries).
    void attentionMatchesLibTorchsWithPadding_data() {
        QTest::addColumn<qint64>("queries");
        QTest::newRow("all 17 positions query") << qint64(17);
        QTest::newRow("only the first queries") << qint64(1);
        QTest::newRow("the first 5 query") << qint64(5);
    }
    void attentionMatchesLibTorchsWithPadding() {
        QFETCH(qint64, queries);
        torch::manual_seed(5);
        const std::int64_t B = 6, H = 3, T = 17, d = 8;
        auto make = [&](std::int64_t positions) { return torch::randn({B, H, positions, d}).requires_grad_(true); };
        const auto q = make(queries), k = make(T), v = make(T);
        // Rows 1, 3 and 5 end in padding (DistilBERT's additive mask: float32's lowest there).
        auto attending = torch::ones({B, T});
        attending.index_put_({1, torch::indexing::Slice(9)}, 0);
        attending.index_put_({3, torch::indexing::Slice(2)}, 0);
        attending.index_put_({5, torch::indexing::Slice(16)}, 0);
        const auto mask = ((1 - attending) * -3.4028234663852886e38).view({B, 1, 1, T});
        const auto upstream = torch::randn({B, H, queries, d});

        QVERIFY(!model::preferCpuAttention(q, k));  // too little work to split
        const auto big = torch::zeros({64, 2, 64, 64});
        QVERIFY(model::preferCpuAttention(big, big) == !compat::kHasFlashAttention);
        QVERIFY(!model::preferCpuAttention(big.narrow(2, 0, 1), big));  // one query per sequence: too little
        QVERIFY(!model::preferCpuAttention(big.to(torch::kBFloat16), big.to(torch::kBFloat16)));
        const auto ours = model::cpuAttention(q, k, v, mask, 0.1, /*training=*/false);  // no dropout
        QCOMPARE(ours.sizes().vec(), std::vector<std::int64_t>({B, H, queries, d}));
        ours.backward(upstream);
        const auto gq = q.grad().clone(), gk = k.grad().clone(), gv = v.grad().clone();
        q.mutable_grad() = k.mutable_grad() = v.mutable_grad() = torch::Tensor();
        const auto theirs = compat::scaledDotProductAttention(q, k, v, mask, 0.0);
        theirs.backward(upstream);
        const double out = largestDifference(ours, theirs), dq = largestDifference(gq, q.grad()),
                     dk = largestDifference(gk, k.grad()), dv = largestDifference(gv, v.grad());
        qInfo("cpuAttention vs LibTorch: output %.2e, grad q %.2e, k %.2e, v %.2e", out, dq, dk, dv);
        QVERIFY(std::isfinite(out) && std::isfinite(dq) && std::isfinite(dk) && std::isfinite(dv));
        QVERIFY(out < 1e-5 && dq < 1e-5 && dk < 1e-5 && dv < 1e-5);
    }

    // Prediction runs under InferenceMode: the worker threads must see it too (writing into an
    // inference tensor outside it is an error), and errors inside them reach the caller.
    void runsUnderInferenceMode() {
        torch::manual_seed(9);
        const auto q = torch::randn({3, 4, 10, 8}), k = torch::randn({3, 4, 10, 8}), v = torch::randn({3, 4, 10, 8});
        const auto mask = torch::zeros({3, 1, 1, 10});
        const auto expected = compat::scaledDotProductAttention(q, k, v, mask, 0.0);
        c10::InferenceMode inference;
        const auto got = model::cpuAttention(q, k, v, mask, 0.0, false);
        QVERIFY(largestDifference(got, expected) < 1e-5);
        QVERIFY(got.is_inference());
    }

    // Training with dropout: the same seed gives the same result, some weights are dropped
    // (the output differs from the one without dropout), and the gradients stay finite.
    void dropoutIsSeededAndApplied() {
        torch::manual_seed(8);
        const auto q = torch::randn({4, 2, 12, 8}).requires_grad_(true), k = torch::randn({4, 2, 12, 8}),
                   v = torch::randn({4, 2, 12, 8});
        const auto mask = torch::zeros({4, 1, 1, 12});
        torch::manual_seed(42);
        const auto first = model::cpuAttention(q, k, v, mask, 0.3, true);
        torch::manual_seed(42);
        const auto second = model::cpuAttention(q, k, v, mask, 0.3, true);
        QVERIFY(torch::equal(first, second));
        const auto plain = model::cpuAttention(q, k, v, mask, 0.3, false);
        QVERIFY(largestDifference(first, plain) > 1e-3);
        first.sum().backward();
        QVERIFY(torch::isfinite(q.grad()).all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(TestCpuAttention)
#include "tst_cpu_attention.moc"
