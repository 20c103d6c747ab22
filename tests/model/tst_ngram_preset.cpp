// The ngram preset end to end through the same Trainer as DistilBERT: build it on training
// texts, learn a separable task, export the folder, and read the exported weights back.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/data/Dataset.h"
#include "core/io/Safetensors.h"
#include "core/model/Exporter.h"
#include "core/model/Presets.h"
#include "core/train/Trainer.h"

using namespace headliner;

class TestNgramPreset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsAndExports() {
        torch::set_num_threads(1);
        data::Dataset ds;
        ds.labelNames = {"Sports", "Business"};
        const char* sports[] = {"team wins final match", "striker scores late goal", "coach praises the team",
                                "champions win the cup"};
        const char* business[] = {"shares fall on profit warning", "bank raises interest rates",
                                  "company reports record profit", "markets rally as shares rise"};
        for (int rep = 0; rep < 10; ++rep)
            for (int i = 0; i < 4; ++i) {
                ds.texts.push_back(sports[i]), ds.labels.push_back(0);
                ds.texts.push_back(business[i]), ds.labels.push_back(1);
            }
        QTemporaryDir work;
        model::PresetOptions po;
        po.labels = ds.labelNames;
        po.workFolder = work.filePath(QStringLiteral("work")).toStdString();
        po.trainingTexts = &ds;
        auto preset = model::makePreset("ngram", po);
        QCOMPARE(preset.classifier->architecture(), std::string("ngram"));
        QVERIFY(!preset.distilbert);
        QVERIFY(std::filesystem::exists(po.workFolder / "tokenizer" / "ngram_vocab.json"));

        train::EncodedExamples examples;
        for (std::size_t i = 0; i < ds.size(); ++i) {
            const auto ids = preset.tokenizer->encode(ds.texts[i], 64);
            examples.encoded.ids.insert(examples.encoded.ids.end(), ids.begin(), ids.end());
            examples.encoded.offsets.push_back(examples.encoded.ids.size());
            examples.labels.push_back(ds.labels[i]);
        }
        train::TrainerOptions o;
        o.epochs = 5;
        o.batchSize = 8;
        o.learningRate = 0.05;
        o.weightDecay = 0;
        train::Trainer trainer(preset.classifier, o);
        const auto result = trainer.run(examples, &examples);
        QCOMPARE(result.status, train::RunStatus::Completed);
        QVERIFY(result.bestIndex >= 0);
        QCOMPARE(result.history[std::size_t(result.bestIndex)].accuracy, 1.0);

        const std::filesystem::path out = work.filePath(QStringLiteral("ngram-model")).toStdString();
        model::ExportOptions ex;
        ex.card.datasetName = "toy";
        model::exportNgramFolder(*preset.classifier, ds.labelNames, *preset.tokenizer, out, ex);
        for (const char* f : {"headliner_config.json", "model.safetensors", "ngram_vocab.json", "README.md"})
            QVERIFY2(std::filesystem::exists(out / f), f);
        std::ifstream in(out / "headliner_config.json");
        const auto config = nlohmann::json::parse(in);
        QCOMPARE(config["architecture"].get<std::string>(), std::string("ngram"));
        QCOMPARE(config["labels"][1].get<std::string>(), std::string("Business"));
        const auto weights = io::SafetensorsFile::open(out / "model.safetensors");
        QVERIFY(weights.find("embedding.weight"));
        QCOMPARE(weights.find("embedding.weight")->shape[0], std::int64_t(preset.tokenizer->vocabSize()));
        QVERIFY(weights.find("classifier.weight"));
        std::ifstream readme(out / "README.md");
        const std::string card((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
        QVERIFY(card.find("library_name: headliner") != std::string::npos);
        QVERIFY(card.find("transformers import") == std::string::npos);

        // A resumed run finds the same word list instead of building a new one.
        auto again = model::makePreset("ngram", po);
        QCOMPARE(again.tokenizer->encode("team wins", 0), preset.tokenizer->encode("team wins", 0));
    }
};

QTEST_GUILESS_MAIN(TestNgramPreset)
#include "tst_ngram_preset.moc"
