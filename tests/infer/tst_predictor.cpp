// Predictor against Hugging Face: the golden tiny model's logits for the 19 golden texts (whose
// input_ids came from HF's tokenizer at max_length 512) within 1e-5, so tokenizer, truncation,
// per-batch padding and masks are all checked at once; probabilities, labels, input order with
// mixed lengths and any batch size; devices.
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "core/infer/Predictor.h"
#include "core/model/ModelFolder.h"
#include "support/SharedData.h"

using headliner::infer::Device;
using headliner::infer::Prediction;
using headliner::infer::Predictor;

namespace {
constexpr double kTolerance = 1e-5;

std::string goldenFolder() {
    return headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert")).toStdString();
}

nlohmann::json readGolden() {
    QFile f(headliner::test::sharedPath(QStringLiteral("golden/tiny_logits.json")));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return nlohmann::json::parse(f.readAll().toStdString());
}

double maxAbs(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(double(a[i]) - double(b[i])));
    return m;
}
}  // namespace

class TestPredictor : public QObject {
    Q_OBJECT

    nlohmann::json golden_;
    std::vector<std::string> texts_;
    std::vector<std::vector<float>> logits_;

    // Logits within 1e-5 of want; probs a softmax summing to 1; label the argmax, named.
    static void checkPrediction(const Prediction& p, const std::vector<float>& want,
                                const std::vector<std::string>& labels, const char* where) {
        const double err = maxAbs(p.logits, want);
        QVERIFY2(
            err <= kTolerance,
            qPrintable(QStringLiteral("%1: logits max abs error %2").arg(QLatin1String(where)).arg(err)));
        QCOMPARE(p.probs.size(), p.logits.size());
        const double sum = std::accumulate(p.probs.begin(), p.probs.end(), 0.0);
        QVERIFY2(std::abs(sum - 1.0) <= 1e-5, qPrintable(QString::number(sum, 'g', 17)));
        double norm = 0;
        for (float l : p.logits) norm += std::exp(double(l));
        for (std::size_t k = 0; k < p.probs.size(); ++k) {
            QVERIFY(p.probs[k] >= 0.0f && p.probs[k] <= 1.0f);
            QVERIFY(std::abs(p.probs[k] - std::exp(double(p.logits[k])) / norm) <= 1e-6);
        }
        const auto best = std::max_element(p.logits.begin(), p.logits.end()) - p.logits.begin();
        QCOMPARE(p.label, int(best));
        QCOMPARE(p.probs[std::size_t(best)], *std::max_element(p.probs.begin(), p.probs.end()));
        QCOMPARE(p.labelName, labels.at(std::size_t(best)));
    }

    // A reduced number format against fp32 on the golden texts: the same labels where fp32's
    // top two logits are more than 0.1 apart, logits and probabilities within the given bounds.
    void compareWithFp32(headliner::infer::Precision precision, double logitBound, double probBound) {
        auto predictor = Predictor::open(goldenFolder(), Device::Cpu, precision);
        QVERIFY(predictor.precision() == precision);
        const auto out = predictor.predict(texts_, 128, 4);
        auto fp32 = Predictor::open(goldenFolder());
        QVERIFY(fp32.precision() == headliner::infer::Precision::Fp32);
        const auto exact = fp32.predict(texts_, 128, 4);
        double worstLogit = 0, worstProb = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            for (std::size_t c = 0; c < out[i].logits.size(); ++c) {
                worstLogit = std::max(worstLogit, double(std::abs(out[i].logits[c] - exact[i].logits[c])));
                worstProb = std::max(worstProb, double(std::abs(out[i].probs[c] - exact[i].probs[c])));
            }
            auto sorted = exact[i].logits;
            std::sort(sorted.rbegin(), sorted.rend());
            if (sorted[0] - sorted[1] > 0.1f) QCOMPARE(out[i].label, exact[i].label);
        }
        const auto name = headliner::infer::precisionName(precision);
        qInfo("%.*s vs fp32: largest logit difference %.4f, probability %.4f", int(name.size()), name.data(),
              worstLogit, worstProb);
        QVERIFY(worstLogit <= logitBound);
        QVERIFY(worstProb <= probBound);
        QVERIFY(worstLogit > 0.0);  // it did run in the reduced format
    }

private Q_SLOTS:
    void initTestCase() {
        torch::set_num_threads(2);
        golden_ = readGolden();
        if (golden_.is_null()) return;  // the tests that need it skip
        texts_ = golden_.at("texts").get<std::vector<std::string>>();
        for (const auto& row : golden_.at("logits")) logits_.push_back(row.get<std::vector<float>>());
    }

    void goldenLogits() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QCOMPARE(texts_.size(), std::size_t(19));
        auto predictor = Predictor::open(goldenFolder());
        QCOMPARE(predictor.labels(), (std::vector<std::string>{"World", "Sports", "Business", "Sci/Tech"}));
        QCOMPARE(predictor.folder().string(), goldenFolder());
        QVERIFY(predictor.device() == Device::Cpu);
        const auto out = predictor.predict(texts_);
        QCOMPARE(out.size(), texts_.size());
        for (std::size_t i = 0; i < out.size(); ++i)
            checkPrediction(out[i], logits_[i], predictor.labels(),
                            qPrintable(QStringLiteral("text %1").arg(i)));
        // One of the texts is longer than 512 ids: it was truncated as HF does.
        const auto& ids = golden_.at("attention_mask");
        QVERIFY(std::any_of(ids.begin(), ids.end(),
                            [](const auto& m) { return m.size() == 512 && m.back() == 1; }));
    }

    // bf16 weights (LayerNorms in float32): logits within 0.05, probabilities within 0.02.
    void bf16Weights() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        compareWithFp32(headliner::infer::Precision::Bf16, 0.05, 0.02);
    }

    // int8 linear layers (model::Int8Linear; the portable kernel where the CPU lacks VNNI):
    // logits within 0.05, probabilities within 0.02.
    void int8Weights() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        compareWithFp32(headliner::infer::Precision::Int8, 0.05, 0.02);
    }

    // Auto resolves by what the CPU has (int8 with VNNI, else bf16 where native, else fp32);
    // precision names round-trip; int8 is refused on CUDA.
    void automaticPrecision() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        using headliner::infer::Precision;
        auto automatic = Predictor::open(goldenFolder(), Device::Cpu, Precision::Auto);
        const Precision want = headliner::infer::cpuHasNativeInt8()   ? Precision::Int8
                               : headliner::infer::cpuHasNativeBf16() ? Precision::Bf16
                                                                       : Precision::Fp32;
        QVERIFY(automatic.precision() == want);
        for (auto p : {Precision::Fp32, Precision::Bf16, Precision::Int8, Precision::Auto})
            QVERIFY(headliner::infer::parsePrecision(headliner::infer::precisionName(p)) == p);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, headliner::infer::parsePrecision("fp16"));
        if (torch::cuda::is_available())
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Predictor::open(goldenFolder(), Device::Cuda, Precision::Int8));
    }

    // Batches of 1, 3 and 32 (and maxLength 0 = the model's 512) give the same answers in the
    // same order; so do the texts reversed and interleaved with copies of different lengths.
    void orderAndBatchSizes() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto predictor = Predictor::open(goldenFolder());
        for (std::size_t batch : {1, 3, 32}) {
            for (std::size_t maxLength : {512, 0, 100000}) {
                const auto out = predictor.predict(texts_, maxLength, batch);
                QCOMPARE(out.size(), texts_.size());
                for (std::size_t i = 0; i < out.size(); ++i)
                    checkPrediction(out[i], logits_[i], predictor.labels(),
                                    qPrintable(QStringLiteral("batch %1, text %2").arg(batch).arg(i)));
            }
        }

        // Mixed lengths: golden i at position 2i, reversed, with a short or long filler between.
        std::vector<std::string> mixed;
        std::vector<int> goldenIndex;
        for (std::size_t k = 0; k < texts_.size(); ++k) {
            const std::size_t i = texts_.size() - 1 - k;
            mixed.push_back(texts_[i]);
            goldenIndex.push_back(int(i));
            mixed.push_back(k % 2 ? std::string("a") : texts_[(i + 7) % texts_.size()] + " " + texts_[i]);
            goldenIndex.push_back(-1);
        }
        const auto single = predictor.predict({std::string("a")}, 512, 1);
        for (std::size_t batch : {1, 3, 32}) {
            const auto out = predictor.predict(mixed, 512, batch);
            QCOMPARE(out.size(), mixed.size());
            for (std::size_t j = 0; j < out.size(); ++j) {
                if (goldenIndex[j] >= 0) {
                    checkPrediction(out[j], logits_[std::size_t(goldenIndex[j])], predictor.labels(),
                                    qPrintable(QStringLiteral("mixed %1, batch %2").arg(j).arg(batch)));
                } else if (mixed[j] == "a") {
                    QVERIFY(maxAbs(out[j].logits, single[0].logits) <= kTolerance);
                }
            }
        }
    }

    void shortMaxLength() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto predictor = Predictor::open(goldenFolder());
        // At max length 4, texts that agree in their first two pieces give the same answer.
        const auto out = predictor.predict({"stocks rally today", "stocks rally on monday after news"}, 4, 2);
        QCOMPARE(out.size(), std::size_t(2));
        QVERIFY(maxAbs(out[0].logits, out[1].logits) <= kTolerance);
        QVERIFY(maxAbs(out[0].logits, predictor.predict({"stocks rally"})[0].logits) <= kTolerance);
    }

    void edgeCases() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto predictor = Predictor::open(goldenFolder());
        QVERIFY(predictor.predict({}).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, predictor.predict({"x"}, 512, 0));
        // Moving keeps the loaded model.
        Predictor moved = std::move(predictor);
        QCOMPARE(moved.predict({"x", ""}).size(), std::size_t(2));
    }

    // From an already loaded classifier (the GUI loads once, then predicts on a worker).
    void fromLoadedClassifier() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        Predictor predictor(headliner::model::loadClassifier(goldenFolder()));
        const auto out = predictor.predict({texts_[3]});
        checkPrediction(out[0], logits_[3], predictor.labels(), "text 3");
    }

    void devices() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QVERIFY(headliner::infer::parseDevice("cpu") == Device::Cpu);
        QVERIFY(headliner::infer::parseDevice("cuda") == Device::Cuda);
        QCOMPARE(headliner::infer::deviceName(Device::Cuda), std::string_view("cuda"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, headliner::infer::parseDevice("gpu"));
        if (!torch::cuda::is_available()) {
            try {
                Predictor::open(goldenFolder(), Device::Cuda);
                QFAIL("cuda accepted without a CUDA device");
            } catch (const std::runtime_error& e) {
                QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("cuda")), e.what());
            }
            return;
        }
        auto predictor = Predictor::open(goldenFolder(), Device::Cuda);
        QVERIFY(predictor.device() == Device::Cuda);
        const auto out = predictor.predict(texts_, 512, 8);
        for (std::size_t i = 0; i < out.size(); ++i)
            checkPrediction(out[i], logits_[i], predictor.labels(),
                            qPrintable(QStringLiteral("cuda, text %1").arg(i)));
    }
};

QTEST_GUILESS_MAIN(TestPredictor)
#include "tst_predictor.moc"
