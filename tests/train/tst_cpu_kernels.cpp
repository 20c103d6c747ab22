// The fused CPU optimizer kernels against the tensor operations they replace (PyTorch's AdamW
// as torch.optim.AdamW computes it, and Tensor::norm), on sizes that cross the vector width
// and the parallel chunk size, with and without decay and clipping; and RetainFreedMemory.
#include <QTest>

#include <cmath>

#include <torch/torch.h>

#include "core/Runtime.h"
#include "core/train/CpuKernels.h"
#include "core/train/TrainerImpl.h"

using namespace headliner;
using headliner::train::kernels::AdamWConstants;

namespace {

struct State {
    torch::Tensor p, g, m, v;
};

State randomState(std::int64_t n, std::uint64_t seed) {
    torch::manual_seed(seed);
    State s;
    s.p = torch::randn({n});
    s.g = torch::randn({n}) * 0.1;
    s.m = torch::randn({n}) * 0.01;
    s.v = torch::rand({n}) * 1e-3;
    return s;
}

// torch.optim.AdamW's single-tensor step, operation by operation.
void referenceStep(State& s, double lr, double wd, double beta1, double beta2, double eps, std::int64_t step,
                   double clip) {
    torch::NoGradGuard noGrad;
    auto g = s.g.clone();
    if (clip != 1.0) g.mul_(clip);
    const double bc1 = 1.0 - std::pow(beta1, double(step));
    const double bc2Sqrt = std::sqrt(1.0 - std::pow(beta2, double(step)));
    if (wd != 0.0) s.p.mul_(1.0 - lr * wd);
    s.m.lerp_(g, 1.0 - beta1);
    s.v.mul_(beta2).addcmul_(g, g, 1.0 - beta2);
    const auto denom = (s.v.sqrt() / bc2Sqrt).add_(eps);
    s.p.addcdiv_(s.m, denom, -lr / bc1);
}

// Largest difference relative to the tensor's scale (values near zero, such as a first moment
// after cancellation, make per-element ratios meaningless).
double maxRelative(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>() / b.abs().max().clamp_min(1e-30).item<double>();
}

}  // namespace

class TestCpuKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void adamwMatchesTensorOperations_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<double>("weightDecay");
        QTest::addColumn<double>("clip");
        QTest::addColumn<int>("step");
        QTest::newRow("one value") << qint64(1) << 0.01 << 1.0 << 1;
        QTest::newRow("17 values, no decay") << qint64(17) << 0.0 << 1.0 << 1;
        QTest::newRow("vector tail, clipped") << qint64(1000003) << 0.01 << 0.37 << 5;
        QTest::newRow("chunk edge") << qint64(1 << 15) << 0.1 << 1.0 << 1000;
        QTest::newRow("two chunks and a bit") << qint64((1 << 16) + 5) << 0.01 << 0.5 << 2;
    }
    void adamwMatchesTensorOperations() {
        QFETCH(qint64, n);
        QFETCH(double, weightDecay);
        QFETCH(double, clip);
        QFETCH(int, step);
        const double lr = 2e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        State reference = randomState(n, 11), fused = randomState(n, 11);
        const auto gradBefore = fused.g.clone();
        referenceStep(reference, lr, weightDecay, beta1, beta2, eps, step, clip);

        AdamWConstants c;
        c.lr = lr, c.weightDecay = weightDecay, c.beta1 = beta1, c.beta2 = beta2, c.epsilon = eps;
        c.stepSize = lr / (1.0 - std::pow(beta1, double(step)));
        c.biasCorrection2Sqrt = std::sqrt(1.0 - std::pow(beta2, double(step)));
        c.gradScale = float(clip);
        train::kernels::adamwStep(fused.p.data_ptr<float>(), fused.g.data_ptr<float>(), fused.m.data_ptr<float>(),
                                  fused.v.data_ptr<float>(), n, c);

        // Same formula, same float rounding of each scalar: equal to float rounding (PyTorch's
        // own vector and scalar paths differ by that much).
        const double p = maxRelative(fused.p, reference.p), m = maxRelative(fused.m, reference.m),
                     v = maxRelative(fused.v, reference.v);
        qInfo("largest relative difference: p %.2e, m %.2e, v %.2e", p, m, v);
        QVERIFY2(p <= 1e-6, "parameter differs");
        QVERIFY2(m <= 1e-6, "first moment differs");
        QVERIFY2(v <= 1e-6, "second moment differs");
        QVERIFY2(torch::equal(fused.g, gradBefore), "the gradient must be left as it was");
        QVERIFY(!torch::equal(fused.p, randomState(n, 11).p));  // the step did move the weights
    }

    // The optimizer's multi-tensor path (what GPU tensors take: a few _foreach_ launches for all
    // tensors) against its fused CPU kernel, over three steps of tensors of assorted sizes, with
    // and without weight decay, clipped and not.
    void multiTensorAdamWMatchesTheFusedKernel() {
        const std::vector<std::int64_t> sizes = {1, 17, 768, 4099, 70001, 3, 300};
        auto makeOptimizer = [&](bool cpuKernel) {
            train::AdamW adam;
            adam.cpuKernel = cpuKernel;
            for (std::size_t i = 0; i < sizes.size(); ++i) {
                const auto s = randomState(sizes[i], 100 + i);
                adam.names.push_back("p" + std::to_string(i));
                adam.params.push_back(s.p.clone().requires_grad_(true));
                adam.decays.push_back(i % 3 != 1);
                adam.expAvg.push_back(s.m.clone());
                adam.expAvgSq.push_back(s.v.clone());
            }
            return adam;
        };
        train::AdamW fused = makeOptimizer(true), multi = makeOptimizer(false);
        train::TrainerOptions o;
        o.weightDecay = 0.01;
        const double clips[] = {1.0, 0.37, 1.0};
        for (int step = 0; step < 3; ++step) {
            for (std::size_t i = 0; i < sizes.size(); ++i) {
                const auto g = randomState(sizes[i], 1000 * step + i).g;
                fused.params[i].mutable_grad() = g.clone();
                multi.params[i].mutable_grad() = g.clone();
            }
            fused.step(1e-3 * (step + 1), o, clips[step]);
            multi.step(1e-3 * (step + 1), o, clips[step]);
        }
        QCOMPARE(multi.steps, std::int64_t(3));
        double worst = 0;
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            const double p = maxRelative(multi.params[i], fused.params[i]), m = maxRelative(multi.expAvg[i], fused.expAvg[i]),
                         v = maxRelative(multi.expAvgSq[i], fused.expAvgSq[i]);
            worst = std::max({worst, p, m, v});
            QVERIFY2(p <= 1e-6 && m <= 1e-6 && v <= 1e-6,
                     qPrintable(QString("tensor %1 (%2 values): p %3, m %4, v %5").arg(i).arg(sizes[i]).arg(p).arg(m).arg(v)));
            QVERIFY(!torch::equal(multi.params[i], randomState(sizes[i], 100 + i).p));  // it moved
        }
        qInfo("multi-tensor vs fused AdamW, 3 steps: largest relative difference %.2e", worst);
    }

    // A sparse gradient (the n-gram embedding's): the row kernel updates the gradient's rows in
    // place as the gathered-rows tensor path does, and leaves every other row and its moments
    // exactly as they were.
    void sparseRowsAdamWMatchesTheTensorPath() {
        const std::int64_t rows = 1000, dim = 10;
        auto makeOptimizer = [&](bool cpuKernel) {
            train::AdamW adam;
            adam.cpuKernel = cpuKernel;
            const auto s = randomState(rows * dim, 77);
            adam.names.push_back("embedding.weight");
            adam.params.push_back(s.p.view({rows, dim}).clone().requires_grad_(true));
            adam.decays.push_back(true);
            adam.expAvg.push_back(s.m.view({rows, dim}).clone());
            adam.expAvgSq.push_back(s.v.view({rows, dim}).clone());
            return adam;
        };
        train::AdamW kernel = makeOptimizer(true), tensors = makeOptimizer(false);
        const auto before = kernel.params[0].detach().clone(), meanBefore = kernel.expAvg[0].clone();
        train::TrainerOptions o;
        o.weightDecay = 0.01;
        const std::vector<std::vector<std::int64_t>> touched = {{0, 3, 17, 512, 999}, {3, 4, 998}, {17, 3, 600, 2}};
        torch::Tensor everTouched = torch::zeros({rows}, torch::kBool);
        for (std::size_t step = 0; step < touched.size(); ++step) {
            const auto ids = torch::tensor(touched[step], torch::kLong);
            everTouched.index_fill_(0, ids, true);
            torch::manual_seed(int(step));
            const auto values = torch::randn({ids.numel(), dim}) * 0.1;
            const auto grad = torch::sparse_coo_tensor(ids.unsqueeze(0), values, {rows, dim}).coalesce();
            kernel.params[0].mutable_grad() = grad.clone();
            tensors.params[0].mutable_grad() = grad.clone();
            kernel.step(1e-2, o, step == 1 ? 0.5 : 1.0);
            tensors.step(1e-2, o, step == 1 ? 0.5 : 1.0);
        }
        const double p = maxRelative(kernel.params[0], tensors.params[0]), m = maxRelative(kernel.expAvg[0], tensors.expAvg[0]),
                     v = maxRelative(kernel.expAvgSq[0], tensors.expAvgSq[0]);
        qInfo("row kernel vs gathered rows, 3 steps: p %.2e, m %.2e, v %.2e", p, m, v);
        QVERIFY(p <= 1e-6 && m <= 1e-6 && v <= 1e-6);
        const auto untouched = everTouched.logical_not();
        QVERIFY(torch::equal(kernel.params[0].detach().index({untouched}), before.index({untouched})));
        QVERIFY(torch::equal(kernel.expAvg[0].index({untouched}), meanBefore.index({untouched})));
        QVERIFY(!torch::equal(kernel.params[0].detach().index({everTouched}), before.index({everTouched})));
    }

    void adamwIsDeterministic() {
        // Exact resume depends on it: the same inputs give bit-identical results, any chunking.
        State a = randomState(300001, 5), b = randomState(300001, 5);
        AdamWConstants c;
        c.lr = 1e-3, c.weightDecay = 0.01, c.stepSize = 1e-2, c.biasCorrection2Sqrt = 0.05;
        train::kernels::adamwStep(a.p.data_ptr<float>(), a.g.data_ptr<float>(), a.m.data_ptr<float>(),
                                  a.v.data_ptr<float>(), a.p.numel(), c);
        const int threads = torch::get_num_threads();
        torch::set_num_threads(1);
        train::kernels::adamwStep(b.p.data_ptr<float>(), b.g.data_ptr<float>(), b.m.data_ptr<float>(),
                                  b.v.data_ptr<float>(), b.p.numel(), c);
        torch::set_num_threads(threads);
        QVERIFY(torch::equal(a.p, b.p));
        QVERIFY(torch::equal(a.m, b.m));
        QVERIFY(torch::equal(a.v, b.v));
    }

    void sumOfSquaresMatchesNorm_data() {
        QTest::addColumn<qint64>("n");
        QTest::newRow("empty") << qint64(0);
        QTest::newRow("15") << qint64(15);
        QTest::newRow("4097") << qint64(4097);
        QTest::newRow("three chunks") << qint64(3 * (1 << 15) + 7);
        QTest::newRow("23 M, an embedding matrix") << qint64(30522 * 768);
    }
    void sumOfSquaresMatchesNorm() {
        QFETCH(qint64, n);
        torch::manual_seed(3);
        const auto x = torch::randn({n}) * 0.01;
        const double fused = train::kernels::sumOfSquares(x.data_ptr<float>(), n);
        const double reference = x.to(torch::kDouble).square().sum().item<double>();
        if (n == 0) {
            QCOMPARE(fused, 0.0);
            return;
        }
        QVERIFY2(std::abs(fused - reference) <= 1e-6 * reference,
                 qPrintable(QString("%1 vs %2").arg(fused, 0, 'g', 17).arg(reference, 0, 'g', 17)));
        // Same value every time (fixed summation order).
        QCOMPARE(train::kernels::sumOfSquares(x.data_ptr<float>(), n), fused);
    }

    void retainFreedMemoryNests() {
        QVERIFY(!RetainFreedMemory::active());
        {
            const RetainFreedMemory outer;
            QVERIFY(RetainFreedMemory::active());
            {
                const RetainFreedMemory inner;
                // A large block is allocated and freed inside; it works as usual.
                auto big = torch::ones({64 * 1024 * 1024 / 4});
                QCOMPARE(big.sum().item<double>(), double(big.numel()));
            }
            QVERIFY(RetainFreedMemory::active());
        }
        QVERIFY(!RetainFreedMemory::active());
    }
};

QTEST_GUILESS_MAIN(TestCpuKernels)
#include "tst_cpu_kernels.moc"
