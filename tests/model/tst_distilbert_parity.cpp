// DistilBERT against Hugging Face: the golden tiny model (saved by save_pretrained, and as
// pytorch_model.bin) must give the golden logits and [CLS] vectors after the embeddings and
// after every layer, within 1e-5 (max abs), with both attention kernels. Nothing here knows
// the tiny shapes: they come from config.json.
#include <map>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/model/Checkpoint.h"
#include "core/model/DistilBert.h"
#include "support/SharedData.h"

using namespace headliner::model;

namespace {
constexpr double kTolerance = 1e-5;

nlohmann::json readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return nlohmann::json::parse(f.readAll().toStdString());
}

torch::Tensor toTensor2d(const nlohmann::json& rows, torch::ScalarType dtype) {
    std::vector<torch::Tensor> out;
    for (const auto& r : rows) {
        if (dtype == torch::kLong) out.push_back(torch::tensor(r.get<std::vector<std::int64_t>>()));
        else out.push_back(torch::tensor(r.get<std::vector<double>>(), torch::kDouble).to(torch::kFloat));
    }
    return torch::stack(out);
}

double maxAbs(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }
// A zip archive with one stored (uncompressed) entry, as torch.save writes them; the CRC is left
// at 0 (readers of state dicts do not check it, ours included).
QByteArray storedZip(const QByteArray& name, const QByteArray& content) {
    auto le = [](QByteArray& out, quint64 v, int bytes) {
        for (int i = 0; i < bytes; ++i) out += char((v >> (8 * i)) & 0xff);
    };
    QByteArray zip;
    le(zip, 0x04034b50, 4), le(zip, 20, 2), le(zip, 0, 2), le(zip, 0, 2), le(zip, 0, 4), le(zip, 0, 4);
    le(zip, quint64(content.size()), 4), le(zip, quint64(content.size()), 4), le(zip, quint64(name.size()), 2), le(zip, 0, 2);
    zip += name + content;
    const quint64 directory = quint64(zip.size());
    le(zip, 0x02014b50, 4), le(zip, 20, 2), le(zip, 20, 2), le(zip, 0, 2), le(zip, 0, 2), le(zip, 0, 4), le(zip, 0, 4);
    le(zip, quint64(content.size()), 4), le(zip, quint64(content.size()), 4), le(zip, quint64(name.size()), 2);
    le(zip, 0, 2), le(zip, 0, 2), le(zip, 0, 2), le(zip, 0, 2), le(zip, 0, 4), le(zip, 0, 4);
    zip += name;
    const quint64 directorySize = quint64(zip.size()) - directory;
    le(zip, 0x06054b50, 4), le(zip, 0, 2), le(zip, 0, 2), le(zip, 1, 2), le(zip, 1, 2);
    le(zip, directorySize, 4), le(zip, directory, 4), le(zip, 0, 2);
    return zip;
}

}  // namespace

class TestDistilBertParity : public QObject {
    Q_OBJECT

    void checkAgainstGolden(DistilBertForSequenceClassification& model) {
        const auto golden = readJson(headliner::test::sharedPath(QStringLiteral("golden/tiny_logits.json")));
        const auto ids = toTensor2d(golden.at("input_ids"), torch::kLong);
        const auto mask = toTensor2d(golden.at("attention_mask"), torch::kLong);
        const auto wantLogits = toTensor2d(golden.at("logits"), torch::kFloat);
        QCOMPARE(ids.size(0), std::int64_t(19));
        model->eval();
        torch::NoGradGuard noGrad;
        for (auto [kernel, clsOnly] : {std::pair{AttentionKernel::Plain, true}, std::pair{AttentionKernel::Fused, true},
                                       std::pair{AttentionKernel::Plain, false}, std::pair{AttentionKernel::Fused, false}}) {
            model->setAttentionKernel(kernel);
            model->lastLayerForClsOnly = clsOnly;
            const auto out = model->forward(ids, mask, /*keepClsPerLayer=*/true);
            const double err = maxAbs(out.logits, wantLogits);
            QVERIFY2(err <= kTolerance, qPrintable(QStringLiteral("logits max abs error %1 (kernel %2, last layer for [CLS] only %3)")
                                                       .arg(err).arg(int(kernel)).arg(clsOnly)));
            const auto& hidden = golden.at("hidden_states_cls");
            QCOMPARE(out.clsPerLayer.size(), hidden.size());
            QCOMPARE(std::int64_t(hidden.size()), model->config().nLayers + 1);
            for (std::size_t layer = 0; layer < hidden.size(); ++layer) {
                const double e = maxAbs(out.clsPerLayer[layer], toTensor2d(hidden[layer], torch::kFloat));
                QVERIFY2(e <= kTolerance, qPrintable(QStringLiteral("[CLS] after stage %1: max abs error %2").arg(layer).arg(e)));
            }
        }
    }

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void configFromSavePretrained() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/config.json");
        const auto c = readModelConfig(headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert/config.json")).toStdString());
        QCOMPARE(c.dim, std::int64_t(32));
        QCOMPARE(c.nLayers, std::int64_t(2));
        QCOMPARE(c.nHeads, std::int64_t(4));
        QCOMPARE(c.hiddenDim, std::int64_t(64));
        QCOMPARE(c.vocabSize, std::int64_t(30522));
        QCOMPARE(c.labels, (std::vector<std::string>{"World", "Sports", "Business", "Sci/Tech"}));
        // Round trip through our writer keeps every field.
        const auto again = ModelConfig::fromJson(nlohmann::json::parse(c.toJson().dump()));
        QCOMPARE(again.toJson().dump(), c.toJson().dump());
        QCOMPARE(c.toJson()["id2label"]["3"].get<std::string>(), std::string("Sci/Tech"));
    }

    void logitsFromSafetensors() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        const QString dir = headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert/"));
        DistilBertForSequenceClassification model(readModelConfig((dir + QStringLiteral("config.json")).toStdString()));
        const std::string weights = (dir + QStringLiteral("model.safetensors")).toStdString();
        const auto report = loadStateDict(*model, readSafetensors(weights), weights);
        QVERIFY2(report.missing.empty(), report.missing.empty() ? "" : report.missing.front().c_str());
        QVERIFY2(report.unexpected.empty(), report.unexpected.empty() ? "" : report.unexpected.front().c_str());
        QCOMPARE(report.loaded.size(), model->parameters().size());
        checkAgainstGolden(model);
    }

    void logitsFromPytorchBin() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-bin/pytorch_model.bin");
        const QString dir = headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-bin/"));
        DistilBertForSequenceClassification model(readModelConfig((dir + QStringLiteral("config.json")).toStdString()));
        const std::string weights = (dir + QStringLiteral("pytorch_model.bin")).toStdString();
        const auto report = loadStateDict(*model, readWeights(weights), weights);
        QVERIFY(report.missing.empty());
        QVERIFY(report.unexpected.empty());
        checkAgainstGolden(model);
    }

    // Training through a last layer that computes only the [CLS] row gives the logits, the loss
    // and every parameter's gradient of the full layer (the golden inputs, padding included).
    void lastLayerForClsOnlyGivesTheSameGradients() {
        HEADLINER_REQUIRE_SHARED("golden/tiny_logits.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-init-nodropout/model.safetensors");
        const auto golden = readJson(headliner::test::sharedPath(QStringLiteral("golden/tiny_logits.json")));
        const auto ids = toTensor2d(golden.at("input_ids"), torch::kLong);
        const auto mask = toTensor2d(golden.at("attention_mask"), torch::kLong);
        QVERIFY((mask == 0).any().item<bool>());  // some rows padded
        const QString dir = headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-init-nodropout/"));
        DistilBertForSequenceClassification model(readModelConfig((dir + QStringLiteral("config.json")).toStdString()));
        const std::string weights = (dir + QStringLiteral("model.safetensors")).toStdString();
        loadStateDict(*model, readSafetensors(weights), weights);
        model->train();
        const auto labels = torch::arange(ids.size(0), torch::kLong) % model->numLabels();
        for (auto kernel : {AttentionKernel::Plain, AttentionKernel::Fused}) {
            model->setAttentionKernel(kernel);
            std::map<bool, torch::Tensor> logits;
            std::map<bool, std::map<std::string, torch::Tensor>> grads;
            for (bool clsOnly : {false, true}) {
                model->lastLayerForClsOnly = clsOnly;
                model->zero_grad();
                logits[clsOnly] = model->logits(ids, mask);
                torch::nn::functional::cross_entropy(logits[clsOnly], labels).backward();
                for (const auto& p : model->named_parameters()) grads[clsOnly][p.key()] = p.value().grad().clone();
            }
            QVERIFY(maxAbs(logits[true], logits[false]) <= 1e-6);
            QCOMPARE(grads[true].size(), model->parameters().size());
            double worst = 0;
            for (const auto& [name, full] : grads[false]) {
                const auto& pruned = grads[true].at(name);
                const double scale = 1 + full.abs().max().item<double>();
                const double e = maxAbs(pruned, full) / scale;
                worst = std::max(worst, e);
                QVERIFY2(e <= 1e-6, qPrintable(QStringLiteral("%1: gradient differs by %2").arg(QString::fromStdString(name)).arg(e)));
            }
            qInfo("kernel %d: largest gradient difference %.2e (relative to 1 + the gradient's largest value)", int(kernel), worst);
            // The last layer's query projection and feed-forward did get gradients.
            QVERIFY(grads[true].at("distilbert.transformer.layer.1.ffn.lin1.weight").abs().sum().item<double>() > 0);
            QVERIFY(grads[true].at("distilbert.transformer.layer.1.attention.q_lin.weight").abs().sum().item<double>() > 0);
        }
    }

    // The .bin and the safetensors copy hold the same numbers, tensor for tensor.
    void binAndSafetensorsAgree() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-bin/pytorch_model.bin");
        const auto bin = readPytorchBin(headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-bin/pytorch_model.bin")).toStdString());
        const auto st = readSafetensors(headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert/model.safetensors")).toStdString());
        QCOMPARE(bin.size(), st.size());
        for (const auto& [name, tensor] : st) {
            QVERIFY2(bin.count(name), name.c_str());
            QVERIFY2(torch::equal(bin.at(name), tensor), name.c_str());
        }
    }

    // Broken or hostile .bin files are refused with a message naming the file.
    void brokenPytorchBinIsRefused() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-bin/pytorch_model.bin");
        QFile f(headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-bin/pytorch_model.bin")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pytorch_model.bin"));
        auto writeAndExpectError = [&](const QByteArray& bytes, const char* expected) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(bytes);
            out.close();
            try {
                readPytorchBin(path.toStdString());
                QFAIL("accepted a broken file");
            } catch (const headliner::FileError& e) {
                const QString message = QString::fromStdString(e.what());
                QVERIFY2(message.startsWith(path) && message.contains(QString::fromLatin1(expected)), qPrintable(message));
            }
        };
        writeAndExpectError(all.left(all.size() / 2), "zip");
        writeAndExpectError("not a zip at all", "not a torch.save zip");
        // A pickle that asks to call a function outside a state dict is refused, never run.
        QByteArray evil = all;
        const QByteArray global("collections\nOrderedDict");
        const QByteArray hostile("subprocess\ncheck_output");  // same length, so the zip stays valid
        QCOMPARE(global.size(), hostile.size());
        const qsizetype at = evil.indexOf(global);
        QVERIFY(at > 0);
        evil.replace(at, global.size(), hostile);
        writeAndExpectError(evil, "refusing to call subprocess.check_output");
        // Containers nested 300,000 deep in 600 KB of pickle: refused, without overflowing the
        // stack (tearing the nest down recursively did, before).
        const int depth = 300000;
        const QByteArray deep = QByteArray("\x80\x02") + QByteArray(depth, '(') + QByteArray(depth, 't') + ".";
        writeAndExpectError(storedZip("archive/data.pkl", deep), "does not hold a state dict");
    }
};

QTEST_GUILESS_MAIN(TestDistilBertParity)
#include "tst_distilbert_parity.moc"
