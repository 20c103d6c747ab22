// The Trainer against transformers.Trainer: 60 optimizer steps on the golden batches from the
// golden initial weights (all dropouts 0), every step's loss, pre-clip gradient norm and
// learning rate within 1e-4, then the logits of 16 test texts within 1e-4. Three ways: the
// module-by-module layers, the fused layers, and the fused layers through recorded steps (the
// path a GPU replays as CUDA graphs, here run directly over batches padded to multiples of 8).
#include <QTest>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/model/Checkpoint.h"
#include "core/model/DistilBert.h"
#include "core/model/ModelConfig.h"
#include "core/train/Trainer.h"
#include "support/SharedData.h"

using namespace headliner;

namespace {

std::filesystem::path shared(const char* relative) {
    return headliner::test::sharedPath(QString::fromUtf8(relative)).toStdString();
}

struct Recorder : train::TrainingEvents {
    std::vector<train::StepEvent> steps;
    std::string error;
    std::vector<std::string> logs;
    void onStep(const train::StepEvent& e) override { steps.push_back(e); }
    void onError(const std::string& m) override { error = m; }
    void onLog(train::LogLevel, const std::string& m) override { logs.push_back(m); }
};

}  // namespace

class TestTrainerParity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The module-by-module layers (the CPU default), the fused layers (a GPU's default), and
    // the fused layers through recorded steps (TrainerOptions::cudaGraphs).
    void parity_data() {
        QTest::addColumn<bool>("fused");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("modules") << false << false;
        QTest::newRow("fused layers") << true << false;
        QTest::newRow("recorded steps") << true << true;
    }
    void parity() {
        QFETCH(bool, fused);
        QFETCH(bool, recorded);
        HEADLINER_REQUIRE_SHARED("golden/tiny_training.json");
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-init-nodropout/model.safetensors");
        torch::set_num_threads(1);  // summation order as close to the reference as it gets
        std::ifstream in(shared("golden/tiny_training.json"));
        const auto golden = nlohmann::json::parse(in);
        const auto& recipe = golden.at("recipe");

        const auto init = shared("golden/tiny-distilbert-init-nodropout");
        const auto config = model::readModelConfig(init / "config.json");
        model::DistilBertForSequenceClassification net(config);
        const auto report = model::loadStateDict(*net, model::readSafetensors(init / "model.safetensors"), init);
        QVERIFY(report.missing.empty());

        // The weight-decay groups are transformers' exactly.
        std::set<std::string> noDecay;
        for (const auto& n : recipe.at("no_decay")) noDecay.insert(n.get<std::string>());
        for (const auto& p : net->named_parameters())
            QVERIFY2(net->decays(p.key()) == (noDecay.count(p.key()) == 0), p.key().c_str());

        std::vector<train::Batch> batches;
        for (const auto& entry : golden.at("log")) {
            std::vector<std::vector<std::int64_t>> rows;
            for (const auto& row : entry.at("input_ids")) {
                auto ids = row.get<std::vector<std::int64_t>>();
                while (!ids.empty() && ids.back() == 0) ids.pop_back();  // the mask comes from the padding
                rows.push_back(ids);
            }
            auto batch = train::makeBatch(rows, entry.at("labels").get<std::vector<std::int64_t>>(), 0);
            QCOMPARE(batch.columns, entry.at("input_ids")[0].size());
            batches.push_back(std::move(batch));
        }

        train::TrainerOptions o;
        o.epochs = 1;
        o.maxSteps = recipe.at("steps").get<std::int64_t>();
        o.batchSize = recipe.at("batch_size").get<int>();
        o.learningRate = recipe.at("lr").get<double>();
        o.weightDecay = recipe.at("weight_decay").get<double>();
        o.warmupSteps = recipe.at("warmup_steps").get<std::int64_t>();
        o.beta1 = recipe.at("betas")[0].get<double>();
        o.beta2 = recipe.at("betas")[1].get<double>();
        o.epsilon = recipe.at("eps").get<double>();
        o.maxGradNorm = recipe.at("max_grad_norm").get<double>();
        o.shuffle = false;
        o.precision = train::Precision::Fp32;
        o.fusedLayers = fused ? train::Switch::On : train::Switch::Off;
        o.cudaGraphs = recorded ? train::Switch::On : train::Switch::Off;

        Recorder events;
        train::Trainer trainer(net.ptr(), o, &events);
        train::FixedBatches source(batches);
        const auto started = std::chrono::steady_clock::now();
        const auto result = trainer.run(source, nullptr);
        qInfo("60 steps in %.2f s", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        QVERIFY2(result.status == train::RunStatus::Completed, result.error.c_str());
        QCOMPARE(events.steps.size(), golden.at("log").size());

        double worst = 0;
        for (std::size_t i = 0; i < events.steps.size(); ++i) {
            const auto& want = golden.at("log")[i];
            const auto& got = events.steps[i];
            QCOMPARE(got.step, want.at("step").get<std::int64_t>() + 1);
            for (auto [name, g, w] : {std::tuple{"loss", got.loss, want.at("loss").get<double>()},
                                      std::tuple{"grad_norm", got.gradNorm, want.at("grad_norm").get<double>()},
                                      std::tuple{"lr", got.learningRate, want.at("lr").get<double>()}}) {
                worst = std::max(worst, std::abs(g - w));
                QVERIFY2(std::abs(g - w) <= 1e-4,
                         qPrintable(QStringLiteral("step %1 %2: got %3, want %4").arg(i).arg(QString::fromUtf8(name))
                                        .arg(g, 0, 'g', 10).arg(w, 0, 'g', 10)));
            }
        }
        qInfo("largest step difference %.3g", worst);
        if (recorded) {
            // Most steps went through their recordings: every full batch after the first three
            // steps whose width (rounded up to a multiple of 8) had come before.
            std::set<std::size_t> widths;
            std::size_t expected = 0;
            for (std::size_t i = 0; i < batches.size(); ++i) {
                if (batches[i].rows != std::size_t(o.batchSize)) continue;  // runs as usual
                const std::size_t width = (batches[i].columns + 7) / 8 * 8;
                if (i >= 3 && widths.count(width)) ++expected;
                widths.insert(width);
            }
            QVERIFY(expected >= 20);
            const std::string want = "recorded steps: " + std::to_string(expected) + " steps replayed, " +
                                     std::to_string(batches.size() - expected) + " run as usual";
            QVERIFY2(std::find(events.logs.begin(), events.logs.end(), want) != events.logs.end(),
                     events.logs.empty() ? "no log" : events.logs.back().c_str());
        }

        // Final logits on the eval texts, tokenized as the reference did: recipe.max_length (64)
        // applied to the training batches only; the 16 eval texts were truncated at the model's
        // 512 (cutting them at 64 changes exactly the 6 texts longer than 64 ids by ~3e-3).
        const auto tokenizer = text::loadTokenizer(shared("golden/tiny-distilbert"));
        constexpr std::size_t kEvalMaxLength = 512;
        std::vector<std::vector<text::TokenId>> encoded;
        for (const auto& t : golden.at("eval_texts")) encoded.push_back(tokenizer->encode(t.get<std::string>(), kEvalMaxLength));
        const auto padded = text::padBatch(encoded, 0);
        const auto rows = std::int64_t(padded.rows), cols = std::int64_t(padded.columns);
        const auto ids = torch::tensor(padded.ids, torch::kLong).view({rows, cols});
        const auto mask = torch::tensor(padded.attentionMask, torch::kLong).view({rows, cols});
        net->eval();
        torch::NoGradGuard noGrad;
        const auto logits = net->logits(ids, mask);
        const auto& want = golden.at("final_logits");
        QCOMPARE(std::size_t(logits.size(0)), want.size());
        double worstLogit = 0;
        for (std::int64_t r = 0; r < rows; ++r) {
            double rowWorst = 0;
            for (std::int64_t c = 0; c < logits.size(1); ++c)
                rowWorst = std::max(rowWorst, std::abs(logits[r][c].item<double>() - want[std::size_t(r)][std::size_t(c)].get<double>()));
            if (rowWorst > 1e-4) qInfo("text %d (%zu ids): logits differ by %.3g", int(r), encoded[std::size_t(r)].size(), rowWorst);
            worstLogit = std::max(worstLogit, rowWorst);
        }
        qInfo("largest final logit difference %.3g", worstLogit);
        QVERIFY(worstLogit <= 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestTrainerParity)
#include "tst_trainer_parity.moc"
