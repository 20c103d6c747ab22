// OpenBLAS's kernel choice (core/BlasKernels.h): which of its kernel sets are replaced, that the
// replacement is in effect in this process (every test executable chooses at start-up, as the
// app and the CLI do in initRuntime), and that products through the chosen kernels are right.
#include <QTest>

#include <cstdlib>

#include <torch/torch.h>

#include "core/BlasKernels.h"
#include "core/Runtime.h"

using headliner::blas::CpuFeatures;

class TestBlasKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onlyPreAvx2KernelsAreReplaced_data() {
        QTest::addColumn<QString>("detected");
        QTest::addColumn<bool>("avx2");
        QTest::addColumn<bool>("avx512");
        QTest::addColumn<bool>("bf16");
        QTest::addColumn<QString>("expected");
        // Debian 12's OpenBLAS 0.3.21 on an Emerald Rapids Xeon (this project's VM).
        QTest::newRow("Prescott on AVX-512 BF16") << "Prescott" << true << true << true << "Cooperlake";
        QTest::newRow("Prescott on AVX-512") << "Prescott" << true << true << false << "SkylakeX";
        QTest::newRow("Nehalem on AVX2") << "Nehalem" << true << false << false << "Haswell";
        QTest::newRow("Sandybridge on AVX2") << "Sandybridge" << true << false << false << "Haswell";
        QTest::newRow("Unknown on AVX2") << "Unknown" << true << false << false << "Haswell";
        // A CPU that has neither: OpenBLAS's choice stands.
        QTest::newRow("Prescott on SSE only") << "Prescott" << false << false << false << "";
        QTest::newRow("Sandybridge on AVX") << "Sandybridge" << false << false << false << "";
        // OpenBLAS's AVX2 and AVX-512 choices are never second-guessed.
        QTest::newRow("Haswell on AVX-512") << "Haswell" << true << true << true << "";
        QTest::newRow("Zen on AVX-512") << "Zen" << true << true << false << "";
        QTest::newRow("SkylakeX on AVX-512 BF16") << "SkylakeX" << true << true << true << "";
        QTest::newRow("Cooperlake") << "Cooperlake" << true << true << true << "";
        // A name a later OpenBLAS may report is left alone.
        QTest::newRow("unheard-of name") << "GraniteRapids" << true << true << true << "";
        QTest::newRow("empty name") << "" << true << true << true << "";
    }
    void onlyPreAvx2KernelsAreReplaced() {
        QFETCH(QString, detected);
        QFETCH(bool, avx2);
        QFETCH(bool, avx512);
        QFETCH(bool, bf16);
        QFETCH(QString, expected);
        const CpuFeatures cpu{.avx2Fma = avx2, .avx512 = avx512, .avx512Bf16 = bf16};
        QCOMPARE(QString::fromStdString(headliner::blas::betterKernels(detected.toStdString(), cpu)),
                 expected);
    }

    // The state after the start-up choice: a replacement was made exactly where betterKernels
    // names one, it is the set in use, and the variable that carried it is gone again.
    void theChoiceIsInEffect() {
        const auto k = headliner::blas::kernels();
        if (k.library.empty()) QSKIP("the BLAS is not OpenBLAS: nothing to choose");
        QVERIFY(k.library.rfind("OpenBLAS", 0) == 0);
        QVERIFY(!k.active.empty());
        QCOMPARE(headliner::blas::chooseKernels().active, k.active);  // a second call changes nothing
        if (k.origin == "OPENBLAS_CORETYPE") {
            QVERIFY(std::getenv("OPENBLAS_CORETYPE") != nullptr);
            QCOMPARE(k.active, k.detected);
            return;
        }
        QVERIFY2(std::getenv("OPENBLAS_CORETYPE") == nullptr, "left in the environment for child processes");
        const std::string better = headliner::blas::betterKernels(k.detected, headliner::blas::cpuFeatures());
        if (better.empty()) {
            QCOMPARE(QString::fromStdString(k.origin), QStringLiteral("OpenBLAS"));
            QCOMPARE(k.active, k.detected);
            QVERIFY(k.note.empty());
        } else {
            QCOMPARE(QString::fromStdString(k.origin), QStringLiteral("Headliner"));
            QCOMPARE(k.active, better);
            QVERIFY2(k.note.find(k.detected) != std::string::npos, k.note.c_str());
            QVERIFY2(k.describe().find("chose " + k.detected) != std::string::npos, k.describe().c_str());
        }
        // Whatever was chosen, the CPU runs it: no pre-AVX2 set is left on an AVX2 machine.
        QVERIFY2(headliner::blas::betterKernels(k.active, headliner::blas::cpuFeatures()).empty(),
                 k.active.c_str());
    }

    // Products through the kernels in use, against float64, on the shapes training uses
    // (DistilBERT's linear layers forward and backward, attention's small batched products)
    // and on odd sizes that exercise the kernels' edge handling.
    void productsAreRight_data() {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("n");
        QTest::newRow("linear 240x768x768") << 240 << 768 << 768;
        QTest::newRow("feed-forward 240x768x3072") << 240 << 768 << 3072;
        QTest::newRow("odd 1x17x5") << 1 << 17 << 5;
        QTest::newRow("odd 33x65x129") << 33 << 65 << 129;
        QTest::newRow("square 1024") << 1024 << 1024 << 1024;
    }
    void productsAreRight() {
        QFETCH(int, m);
        QFETCH(int, k);
        QFETCH(int, n);
        headliner::initRuntime();
        torch::manual_seed(7);
        const auto a = torch::randn({m, k}), b = torch::randn({k, n});
        const auto exact = torch::mm(a.to(torch::kFloat64), b.to(torch::kFloat64));
        const auto scale =
            torch::mm(a.abs().to(torch::kFloat64), b.abs().to(torch::kFloat64)).max().item<double>();
        // float32 products of k terms: error within a few k * 2^-24 of the sum of magnitudes.
        const double tolerance = 4.0 * double(k) * 6e-8 * scale;
        const double plain = (torch::mm(a, b).to(torch::kFloat64) - exact).abs().max().item<double>();
        // Weight gradients multiply a transposed operand: the kernels' other packing path.
        const auto at = a.t().contiguous();
        const double transposed =
            (torch::mm(at.t(), b).to(torch::kFloat64) - exact).abs().max().item<double>();
        const auto batched = torch::bmm(a.unsqueeze(0).expand({3, m, k}).contiguous(),
                                        b.unsqueeze(0).expand({3, k, n}).contiguous());
        const double perBatch = (batched.to(torch::kFloat64) - exact.unsqueeze(0)).abs().max().item<double>();
        QVERIFY2(plain <= tolerance, qPrintable(QStringLiteral("mm: %1 > %2").arg(plain).arg(tolerance)));
        QVERIFY2(
            transposed <= tolerance,
            qPrintable(QStringLiteral("mm(a stored transposed): %1 > %2").arg(transposed).arg(tolerance)));
        QVERIFY2(perBatch <= tolerance,
                 qPrintable(QStringLiteral("bmm: %1 > %2").arg(perBatch).arg(tolerance)));
    }
};

QTEST_GUILESS_MAIN(TestBlasKernels)
#include "tst_blas_kernels.moc"
