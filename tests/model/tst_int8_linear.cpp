// Int8Linear: the AVX512-VNNI kernel against the portable one bit for bit over awkward shapes;
// the arithmetic against double-precision sums on values that quantize exactly; the error on
// Gaussian data; zero, NaN, empty and badly shaped inputs; and the int8 copy inside DistilBERT
// (close to float32, dropped again in training mode).
#include <QTest>

#include <cmath>
#include <stdexcept>

#include <torch/torch.h>

#include "core/model/DistilBert.h"
#include "core/model/Int8Linear.h"

using headliner::model::Int8Linear;

namespace {

double relativeError(const torch::Tensor& got, const torch::Tensor& want) {
    return ((got - want).norm() / want.norm()).item<double>();
}

}  // namespace

class TestInt8Linear : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        torch::manual_seed(7);
        qInfo("AVX512-VNNI on this CPU: %s", Int8Linear::cpuHasVnni() ? "yes" : "no (both kernels are the portable one)");
    }

    // Rows 1..13 around the 6-row tile, inputs not a multiple of 4, outputs around the 16- and
    // 64-wide blocks: the vectorised kernel gives exactly the portable kernel's floats.
    void vectorisedMatchesPortableBitForBit() {
        int cases = 0;
        for (std::int64_t rows : {1, 5, 6, 7, 13, 64})
            for (std::int64_t in : {1, 3, 4, 37, 128, 768})
                for (std::int64_t out : {1, 15, 16, 17, 64, 65, 130}) {
                    const auto w = torch::randn({out, in}) * 0.1, b = torch::randn({out});
                    const auto x = torch::randn({rows, in}) * 3 + 0.5;
                    const Int8Linear layer(w, b);
                    const auto best = layer.forward(x), portable = layer.forward(x, Int8Linear::Kernel::Portable);
                    QCOMPARE(best.sizes().vec(), (std::vector<std::int64_t>{rows, out}));
                    QVERIFY2(torch::equal(best, portable),
                             qPrintable(QStringLiteral("rows %1, in %2, out %3: largest difference %4")
                                            .arg(rows)
                                            .arg(in)
                                            .arg(out)
                                            .arg((best - portable).abs().max().item<double>())));
                    ++cases;
                }
        QCOMPARE(cases, 6 * 6 * 7);
    }

    // Inputs k/2 with each row spanning exactly [-50, 77.5] (scale 0.5, zero point 100) and
    // weights j/64 with each channel reaching ±127/64 (scale 1/64) quantize without error, so
    // the output must equal the double-precision product (up to float rounding of the result).
    void exactOnValuesThatQuantizeExactly() {
        const std::int64_t rows = 9, in = 203, out = 70;
        auto xi = torch::randint(-100, 156, {rows, in}, torch::kLong);
        xi.select(1, 0).fill_(-100), xi.select(1, 1).fill_(155);
        auto wi = torch::randint(-127, 128, {out, in}, torch::kLong);
        wi.select(1, 2).fill_(127);
        const auto x = xi.to(torch::kDouble) * 0.5, w = wi.to(torch::kDouble) / 64.0;
        const auto b = torch::randn({out}, torch::kDouble);
        const Int8Linear layer(w.to(torch::kFloat), b.to(torch::kFloat));
        QVERIFY(torch::equal(layer.dequantizedWeight(), w.to(torch::kFloat)));
        const auto want = torch::matmul(x, w.t()) + b;
        for (auto kernel : {Int8Linear::Kernel::Best, Int8Linear::Kernel::Portable}) {
            const auto got = layer.forward(x.to(torch::kFloat), kernel).to(torch::kDouble);
            const double err = ((got - want).abs() / (want.abs() + 1)).max().item<double>();
            QVERIFY2(err < 1e-6, qPrintable(QStringLiteral("largest relative error %1").arg(err)));
        }
    }

    // Gaussian data at DistilBERT's shapes: within 2% of float32 (relative Frobenius norm; u8
    // inputs per row and int8 weights per channel give about 1%), and each weight within half a
    // quantization step of its float value.
    void errorAgainstFloat32() {
        for (auto [in, out] : {std::pair<std::int64_t, std::int64_t>{768, 2304}, {3072, 768}}) {
            const auto w = torch::randn({out, in}) * 0.03, b = torch::randn({out}) * 0.02;
            const auto x = torch::randn({30, in});
            const Int8Linear layer(w, b);
            const double err = relativeError(layer.forward(x), torch::nn::functional::linear(x, w, b));
            qInfo("%lld -> %lld: relative error %.4f", static_cast<long long>(in), static_cast<long long>(out), err);
            QVERIFY(err < 0.02);
            QVERIFY(err > 1e-4);  // it did quantize
            const auto step = w.abs().amax(1, true) / 127;
            QVERIFY(((layer.dequantizedWeight() - w).abs() <= step / 2 * (1 + 1e-5)).all().item<bool>());
        }
    }

    // A zero row gives the bias exactly; a row holding NaN or inf gives NaN in that row only;
    // batch dimensions are kept; no rows gives no rows.
    void zeroNonFiniteAndShapes() {
        const auto w = torch::randn({20, 12}), b = torch::randn({20});
        const Int8Linear layer(w, b);
        auto x = torch::randn({2, 3, 12});
        x[0][0].zero_();
        x[0][1][4] = NAN;
        x[1][2][0] = INFINITY;
        for (auto kernel : {Int8Linear::Kernel::Best, Int8Linear::Kernel::Portable}) {
            const auto y = layer.forward(x, kernel);
            QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 3, 20}));
            QVERIFY(torch::equal(y[0][0], b));
            QVERIFY(y[0][1].isnan().all().item<bool>());
            QVERIFY(y[1][2].isnan().all().item<bool>());
            QVERIFY(torch::isfinite(y[0][2]).all().item<bool>());
            QVERIFY(torch::isfinite(y[1][0]).all().item<bool>());
        }
        QCOMPARE(layer.forward(torch::zeros({0, 12})).sizes().vec(), (std::vector<std::int64_t>{0, 20}));
        const Int8Linear noBias(w, torch::Tensor());
        QVERIFY(torch::equal(noBias.forward(torch::zeros({1, 12})), torch::zeros({1, 20})));
    }

    void badInputIsRefused() {
        const Int8Linear layer(torch::randn({8, 6}), torch::randn({8}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, layer.forward(torch::randn({2, 5})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, layer.forward(torch::randn({2, 6}, torch::kDouble)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Int8Linear(torch::randn({8}), torch::Tensor()));
        auto bad = torch::randn({4, 4});
        bad[2][1] = INFINITY;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Int8Linear(bad, torch::Tensor()));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, Int8Linear().forward(torch::randn({1, 6})));
    }

    // DistilBERT with int8 linear layers: logits within 5% of float32's spread and the same
    // labels away from ties; train(true) drops the int8 copies, so eval mode is float32 again;
    // releasing the replaced float32 weights.
    void distilBertCopy() {
        using namespace headliner::model;
        ModelConfig config;
        config.dim = 64, config.nLayers = 2, config.nHeads = 2, config.hiddenDim = 256, config.vocabSize = 500;
        config.maxPositionEmbeddings = 64;
        config.labels = {"a", "b", "c", "d"};
        DistilBertForSequenceClassification model(config);
        model->initWeights(3);
        {
            torch::NoGradGuard g;  // larger head weights, so the logits spread and ties are rare
            model->classifier->weight.mul_(20);
        }
        model->eval();
        const auto ids = torch::randint(5, 500, {16, 24}, torch::kLong);
        auto mask = torch::ones({16, 24}, torch::kLong);
        mask.narrow(1, 18, 6).narrow(0, 0, 8).zero_();  // half the rows padded
        torch::NoGradGuard noGrad;
        const auto exact = model->forward(ids, mask).logits;
        model->prepareForPrediction(WeightFormat::Int8);
        const auto int8 = model->forward(ids, mask).logits;
        const double spread = (exact.amax(1) - exact.amin(1)).mean().item<double>();
        const double worst = (int8 - exact).abs().max().item<double>();
        qInfo("int8 vs fp32 logits: largest difference %.4f, mean spread %.4f", worst, spread);
        QVERIFY(worst > 0);
        QVERIFY(worst < 0.05 * spread);
        const auto top = std::get<0>(exact.topk(2, 1));
        const auto clear = (top.select(1, 0) - top.select(1, 1)) > 0.1 * spread;
        QVERIFY(torch::equal(int8.argmax(1).masked_select(clear), exact.argmax(1).masked_select(clear)));

        model->train(true);
        model->eval();
        QVERIFY(torch::equal(model->forward(ids, mask).logits, exact));

        // A copy that only predicts frees the float32 weights its int8 layers replaced: the
        // logits stay the same to the bit, the parameters shrink by those six matrices per layer,
        // and the model refuses to train.
        QVERIFY_THROWS_EXCEPTION(std::logic_error, model->releaseQuantizedFloatWeights());  // not int8 now
        model->prepareForPrediction(WeightFormat::Int8);
        auto floatBytes = [&] {
            std::int64_t bytes = 0;
            for (const auto& p : model->parameters()) bytes += p.numel() * std::int64_t(p.element_size());
            return bytes;
        };
        const auto before = floatBytes();
        model->releaseQuantizedFloatWeights();
        const std::int64_t released = config.nLayers * (4 * 64 * 64 + 2 * 64 * 256) * 4;
        QCOMPARE(before - floatBytes(), released);
        QCOMPARE(model->distilbert->transformer->layer->at<TransformerBlockImpl>(0).ffn->lin1->weight.numel(),
                 std::int64_t(0));
        QVERIFY(torch::equal(model->forward(ids, mask).logits, int8));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, model->train(true));
        model->eval();  // still fine
        QVERIFY(torch::equal(model->forward(ids, mask).logits, int8));
    }
};

QTEST_GUILESS_MAIN(TestInt8Linear)
#include "tst_int8_linear.moc"
