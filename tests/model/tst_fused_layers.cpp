// DistilBERT's fused layers (core/model/FusedLayers.h) against the module-by-module layers: the
// same logits and the same gradient for every parameter, in float32 and under bf16 autocast,
// every row or the last layer for [CLS] only, GELU or ReLU; and, with dropout on, the hand-written
// backward pass against finite differences in float64.
#include <QTest>

#include <torch/torch.h>

#include "core/TorchCompat.h"
#include "core/model/DistilBert.h"

using namespace headliner;

namespace {
model::ModelConfig tinyConfig(const std::string& activation, double dropout) {
    model::ModelConfig c;
    c.vocabSize = 120, c.dim = 32, c.nLayers = 2, c.nHeads = 4, c.hiddenDim = 48, c.maxPositionEmbeddings = 40;
    c.dropout = c.attentionDropout = c.seqClassifDropout = dropout;
    c.activation = activation;
    c.labels = {"a", "b", "c"};
    return c;
}

struct Batch {
    torch::Tensor ids, mask, labels;
};
Batch tinyBatch() {
    torch::manual_seed(11);
    Batch b;
    b.ids = torch::randint(1, 120, {5, 9}, torch::kLong);
    b.mask = torch::ones({5, 9}, torch::kLong);
    b.mask.slice(1, 6).slice(0, 0, 2).zero_();  // two rows padded after 6 tokens
    b.ids.masked_fill_(b.mask == 0, 0);
    b.labels = torch::tensor({0, 2, 1, 1, 0}, torch::kLong);
    return b;
}

// Logits, then the loss's gradients (name -> gradient), in the model's current mode.
std::pair<torch::Tensor, std::map<std::string, torch::Tensor>> run(model::DistilBertForSequenceClassificationImpl& m,
                                                                   const Batch& b, bool bf16Autocast) {
    for (auto& p : m.parameters()) p.mutable_grad() = torch::Tensor();
    torch::Tensor logits;
    {
        compat::AutocastGuard autocast(c10::DeviceType::CPU, torch::kBFloat16, bf16Autocast);
        logits = m.logits(b.ids, b.mask).to(torch::kFloat);
    }
    torch::nn::functional::cross_entropy(logits, b.labels).backward();
    std::map<std::string, torch::Tensor> grads;
    for (const auto& item : m.named_parameters())
        grads[item.key()] = item.value().grad().defined() ? item.value().grad().clone() : torch::Tensor();
    return {logits.detach(), grads};
}

// Relative to the reference's largest value, or to `floor` where that is smaller: the key
// projection's bias has a gradient of exactly 0 in exact arithmetic (softmax ignores a constant
// added to every score), so both sides hold only rounding noise there.
double relativeDifference(const torch::Tensor& a, const torch::Tensor& b, double floor = 1e-12) {
    const double scale = std::max(b.abs().max().item<double>(), floor);
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>() / scale;
}
}  // namespace

class TestFusedLayers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void sameLogitsAndGradients_data() {
        QTest::addColumn<QString>("activation");
        QTest::addColumn<bool>("clsOnly");
        QTest::addColumn<bool>("bf16");
        QTest::addColumn<double>("tolerance");
        // float32: the same products in another grouping (q, k and v as one), summed in another
        // order: rounding-level differences. bf16: products rounded to 8 bits of mantissa.
        QTest::newRow("fp32, gelu, every row") << "gelu" << false << false << 2e-6;
        QTest::newRow("fp32, gelu, [CLS] only in the last layer") << "gelu" << true << false << 2e-6;
        QTest::newRow("fp32, relu") << "relu" << true << false << 2e-6;
        QTest::newRow("bf16 autocast") << "gelu" << true << true << 2e-3;
    }
    void sameLogitsAndGradients() {
        QFETCH(QString, activation);
        QFETCH(bool, clsOnly);
        QFETCH(bool, bf16);
        QFETCH(double, tolerance);
        torch::manual_seed(5);
        model::DistilBertForSequenceClassificationImpl modules(tinyConfig(activation.toStdString(), 0.0));
        modules.initWeights(7);
        modules.lastLayerForClsOnly = clsOnly;
        modules.train();
        model::DistilBertForSequenceClassificationImpl fused(tinyConfig(activation.toStdString(), 0.0));
        {
            torch::NoGradGuard noGrad;
            const auto from = modules.named_parameters();
            for (auto& item : fused.named_parameters()) item.value().copy_(from[item.key()]);
        }
        fused.lastLayerForClsOnly = clsOnly;
        fused.setFusedLayers(true);
        fused.train();
        const auto batch = tinyBatch();
        const auto [logitsA, gradsA] = run(modules, batch, bf16);
        const auto [logitsB, gradsB] = run(fused, batch, bf16);
        const double logitError = relativeDifference(logitsB, logitsA);
        double worst = 0;
        std::string worstName;
        int compared = 0;
        for (const auto& [name, g] : gradsA) {
            if (!g.defined()) continue;
            QVERIFY2(gradsB.at(name).defined(), name.c_str());
            QCOMPARE(gradsB.at(name).scalar_type(), g.scalar_type());
            QCOMPARE(gradsB.at(name).sizes(), g.sizes());
            const double e = relativeDifference(gradsB.at(name), g, 1e-3);
            if (e > worst) worst = e, worstName = name;
            ++compared;
        }
        qInfo("logits %.2e, %d gradients, worst %.2e (%s)", logitError, compared, worst, worstName.c_str());
        QCOMPARE(compared, int(modules.parameters().size()));
        QVERIFY(logitError < tolerance);
        QVERIFY2(worst < tolerance, worstName.c_str());
    }

    // Dropout on: the gradient of a fixed random direction against the central difference of
    // the loss along it, in float64, with the dropout masks drawn the same way for each pass.
    void backwardMatchesFiniteDifferencesWithDropout() {
        model::DistilBertForSequenceClassificationImpl m(tinyConfig("gelu", 0.3));
        m.initWeights(3);
        m.to(torch::kDouble);
        m.setFusedLayers(true);
        m.train();
        const auto batch = tinyBatch();
        auto loss = [&] {
            torch::manual_seed(99);  // the same dropout masks every time
            return torch::nn::functional::cross_entropy(m.logits(batch.ids, batch.mask), batch.labels);
        };
        const auto l0 = loss();
        l0.backward();
        torch::manual_seed(1);
        std::vector<torch::Tensor> direction;
        double analytic = 0;
        for (auto& p : m.parameters()) {
            direction.push_back(torch::randn_like(p));
            analytic += (p.grad() * direction.back()).sum().item<double>();
        }
        const double eps = 1e-6;
        auto shifted = [&](double by) {
            torch::NoGradGuard noGrad;
            auto params = m.parameters();
            for (std::size_t i = 0; i < params.size(); ++i) params[i].add_(direction[i], by);
            const double value = loss().item<double>();
            for (std::size_t i = 0; i < params.size(); ++i) params[i].sub_(direction[i], by);
            return value;
        };
        const double numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
        qInfo("directional derivative: backward %.10f, central difference %.10f", analytic, numeric);
        QVERIFY(std::abs(analytic) > 1e-3);  // a direction the loss does change along
        QVERIFY(std::abs(analytic - numeric) < 1e-6 * std::max(1.0, std::abs(numeric)));
        // The masks did drop: without them the loss differs.
        m.eval();
        {
            torch::NoGradGuard noGrad;
            QVERIFY(std::abs(loss().item<double>() - l0.item<double>()) > 1e-6);
        }
    }

    // Prediction copies (joined or int8 projections) keep the module path; so does the fused
    // model in eval mode, with the same logits as the module path.
    void evalModeGivesTheModulePathsLogits() {
        model::DistilBertForSequenceClassificationImpl m(tinyConfig("gelu", 0.1));
        m.initWeights(4);
        m.eval();
        torch::NoGradGuard noGrad;
        const auto batch = tinyBatch();
        const auto before = m.logits(batch.ids, batch.mask);
        m.setFusedLayers(true);
        const auto fused = m.logits(batch.ids, batch.mask);
        QVERIFY(relativeDifference(fused, before) < 2e-5);
        m.joinProjections();
        QVERIFY(relativeDifference(m.logits(batch.ids, batch.mask), before) < 2e-5);
    }
};

QTEST_GUILESS_MAIN(TestFusedLayers)
#include "tst_fused_layers.moc"
