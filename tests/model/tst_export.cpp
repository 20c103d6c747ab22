// Export of a Hugging Face model folder: every file save_pretrained would write, tensor names and
// dtypes as the reference, a tokenizer that reproduces the golden ids, logits unchanged after a
// reload, and an export that fails midway leaving the previous folder as it was.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/Safetensors.h"
#include "core/model/Checkpoint.h"
#include "core/model/Exporter.h"
#include "support/SharedData.h"

using namespace headliner;
using namespace headliner::model;

namespace {
struct Golden {
    DistilBertForSequenceClassification model{nullptr};
    std::unique_ptr<text::Tokenizer> tokenizer;
};

Golden loadGolden() {
    const std::string dir = test::sharedPath(QStringLiteral("golden/tiny-distilbert")).toStdString();
    Golden g;
    g.model = DistilBertForSequenceClassification(readModelConfig(dir + "/config.json"));
    loadStateDict(*g.model, readSafetensors(dir + "/model.safetensors"), dir);
    g.model->eval();
    g.tokenizer = text::loadTokenizer(dir);
    return g;
}

nlohmann::json readJson(const std::filesystem::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

ExportOptions sampleOptions() {
    ExportOptions o;
    o.card.baseModel = "distilbert-base-uncased";
    o.card.datasetName = "ag_news";
    o.card.recipe = {{"learning rate", "2e-05"}, {"batch size", "64"}, {"epochs", "3"}};
    o.card.epochs = {{1, 0.31, 0.21, 0.9396, 0.9391}, {2, 0.15, 0.18, 0.9453, 0.9450}};
    return o;
}
}  // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exportsAHuggingFaceFolder() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto g = loadGolden();
        QTemporaryDir tmp;
        const std::filesystem::path out = tmp.filePath(QStringLiteral("agnews-model")).toStdString();
        std::vector<std::string> steps;
        auto options = sampleOptions();
        options.progress = [&](double, const std::string& what) { steps.push_back(what); };
        exportModelFolder(g.model, *g.tokenizer, out, options);

        for (const char* f : {"config.json", "model.safetensors", "vocab.txt", "tokenizer.json", "tokenizer_config.json",
                              "special_tokens_map.json", "README.md"})
            QVERIFY2(std::filesystem::is_regular_file(out / f), f);
        QCOMPARE(steps.back(), std::string("done"));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 1);

        // config.json: what transformers needs to pick the class and the labels.
        const auto config = readJson(out / "config.json");
        QCOMPARE(config["architectures"][0].get<std::string>(), std::string("DistilBertForSequenceClassification"));
        QCOMPARE(config["model_type"].get<std::string>(), std::string("distilbert"));
        QCOMPARE(config["id2label"]["1"].get<std::string>(), std::string("Sports"));
        QCOMPARE(config["label2id"]["Sci/Tech"].get<int>(), 3);
        QCOMPARE(config["problem_type"].get<std::string>(), std::string("single_label_classification"));

        // Weights: the same tensor names and dtypes as save_pretrained's file, identical bytes.
        const auto ours = io::SafetensorsFile::open(out / "model.safetensors");
        const auto theirs = io::SafetensorsFile::open(test::sharedPath(QStringLiteral("golden/tiny-distilbert/model.safetensors")).toStdString());
        QCOMPARE(ours.tensors().size(), theirs.tensors().size());
        QCOMPARE(ours.metadata().at("format"), std::string("pt"));
        for (const auto& t : theirs.tensors()) {
            const auto* mine = ours.find(t.name);
            QVERIFY2(mine, t.name.c_str());
            QCOMPARE(mine->dtype, t.dtype);
            QCOMPARE(mine->shape, t.shape);
            const auto a = ours.data(*mine), b = theirs.data(t);
            QVERIFY2(a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0, t.name.c_str());
        }

        // Tokenizer files: tokenizer.json and vocab.txt (+ config) give the golden ids.
        const auto tokConfig = readJson(out / "tokenizer_config.json");
        QCOMPARE(tokConfig["tokenizer_class"].get<std::string>(), std::string("DistilBertTokenizer"));
        QCOMPARE(tokConfig["do_lower_case"].get<bool>(), true);
        QCOMPARE(tokConfig["model_max_length"].get<int>(), 512);
        QCOMPARE(readJson(out / "special_tokens_map.json")["unk_token"].get<std::string>(), std::string("[UNK]"));
        const auto fromJson = text::loadTokenizer(out / "tokenizer.json");
        const auto fromVocab = text::loadTokenizer(out / "vocab.txt");
        QFile golden(test::sharedPath(QStringLiteral("golden/tokenizer_golden_max64.jsonl")));
        QVERIFY(golden.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!golden.atEnd()) {
            const auto row = nlohmann::json::parse(golden.readLine().toStdString());
            const auto want = row["input_ids"].get<std::vector<int>>();
            QCOMPARE(fromJson->encode(row["text"].get<std::string>(), 64), want);
            QCOMPARE(fromVocab->encode(row["text"].get<std::string>(), 64), want);
            ++lines;
        }
        QCOMPARE(lines, 200);

        // Model card.
        std::ifstream readme(out / "README.md");
        const std::string card((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
        QVERIFY(card.rfind("---\nlibrary_name: transformers\n", 0) == 0);
        QVERIFY(card.find("| 2 | 0.1500 | 0.1800 | 94.53% | 94.50% |") != std::string::npos);
        QVERIFY(card.find("AutoModelForSequenceClassification.from_pretrained(path)") != std::string::npos);
        QVERIFY(card.find("| 3 | Sci/Tech |") != std::string::npos);
    }

    void reloadedExportGivesSameLogits() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto g = loadGolden();
        QTemporaryDir tmp;
        const std::filesystem::path out = tmp.filePath(QStringLiteral("m")).toStdString();
        exportModelFolder(g.model, *g.tokenizer, out, sampleOptions());
        DistilBertForSequenceClassification again(readModelConfig(out / "config.json"));
        const auto report = loadStateDict(*again, readSafetensors(out / "model.safetensors"), out);
        QVERIFY(report.missing.empty() && report.unexpected.empty());
        again->eval();
        torch::NoGradGuard noGrad;
        const auto encoded = g.tokenizer->encode("Oil prices fall after supply report", 64);
        const auto ids = torch::tensor(std::vector<std::int64_t>(encoded.begin(), encoded.end())).unsqueeze(0);
        const auto mask = torch::ones_like(ids);
        QVERIFY(torch::allclose(again->forward(ids, mask).logits, g.model->forward(ids, mask).logits, 0, 1e-6));
    }

    void halfPrecisionExport() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto g = loadGolden();
        QTemporaryDir tmp;
        const std::filesystem::path out = tmp.filePath(QStringLiteral("m16")).toStdString();
        auto options = sampleOptions();
        options.dtype = io::DType::BF16;
        exportModelFolder(g.model, *g.tokenizer, out, options);
        const auto file = io::SafetensorsFile::open(out / "model.safetensors");
        for (const auto& t : file.tensors()) QCOMPARE(t.dtype, io::DType::BF16);
        QCOMPARE(readJson(out / "config.json")["dtype"].get<std::string>(), std::string("bfloat16"));
    }

    void failedExportKeepsThePreviousFolder() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto g = loadGolden();
        QTemporaryDir tmp;
        const std::filesystem::path out = tmp.filePath(QStringLiteral("m")).toStdString();
        exportModelFolder(g.model, *g.tokenizer, out, sampleOptions());
        const auto before = readJson(out / "config.json");

        // Change the model, then cancel the export after the weights were written.
        { torch::NoGradGuard noGrad; g.model->classifier->bias.fill_(42); }
        auto options = sampleOptions();
        options.progress = [](double, const std::string& what) {
            if (what == "tokenizer") throw std::runtime_error("cancelled");
        };
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, exportModelFolder(g.model, *g.tokenizer, out, options));
        QVERIFY(readJson(out / "config.json") == before);
        const auto weights = readSafetensors(out / "model.safetensors");
        QVERIFY(weights.at("classifier.bias").abs().max().item<float>() < 1.0f);  // still the old model
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 1);

        // A finished export replaces the folder.
        exportModelFolder(g.model, *g.tokenizer, out, sampleOptions());
        QCOMPARE(readSafetensors(out / "model.safetensors").at("classifier.bias")[0].item<float>(), 42.0f);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 1);
    }

    void refusesBadTargets() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        auto g = loadGolden();
        QTemporaryDir tmp;
        const std::filesystem::path file = tmp.filePath(QStringLiteral("a-file")).toStdString();
        std::ofstream(file) << "x";
        QVERIFY_THROWS_EXCEPTION(FileError, exportModelFolder(g.model, *g.tokenizer, file, sampleOptions()));
        auto options = sampleOptions();
        options.dtype = io::DType::I64;
        QVERIFY_THROWS_EXCEPTION(FileError, exportModelFolder(g.model, *g.tokenizer, tmp.filePath(QStringLiteral("x")).toStdString(), options));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
