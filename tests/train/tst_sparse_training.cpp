// The n-gram baseline through the Trainer: its embedding gradient is sparse and the optimizer
// updates only the rows a batch uses (lazy AdamW, as torch.optim.SparseAdam), repeated ids are
// summed before the gradient norm, and training runs on the model's preferred single thread.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/model/NgramBaseline.h"
#include "core/train/Trainer.h"

using namespace headliner;

namespace {

struct Observed final : train::TrainingEvents {
    std::vector<double> gradNorms;
    std::vector<int> threads;
    void onStep(const train::StepEvent& e) override {
        gradNorms.push_back(e.gradNorm);
        threads.push_back(torch::get_num_threads());
    }
};

model::NgramBaseline makeModel() {
    model::NgramBaseline m(model::NgramConfig{1000, 4, {"a", "b"}});
    m->initWeights(5);
    torch::NoGradGuard noGrad;
    torch::manual_seed(9);
    m->classifier->weight.normal_();  // fastText starts it at zero: no embedding gradient at step 1
    return m;
}

// Two rows; id 5 appears in both and twice in the first; 0 is padding.
train::Batch makeBatch() {
    return train::makeBatch({{3, 5, 5, 7}, {5, 11}}, {0, 1}, 0);
}

}  // namespace

class TestSparseTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onlyTheBatchRowsMoveAsLazyAdamW() {
        auto reference = makeModel();
        // The reference gradient, dense, from the same forward pass.
        const auto batch = makeBatch();
        const auto ids = torch::tensor(batch.ids, torch::kLong).view({2, -1});
        const auto mask = torch::tensor(batch.attentionMask, torch::kLong).view({2, -1});
        const auto labels = torch::tensor(batch.labels, torch::kLong);
        torch::nn::functional::cross_entropy(reference->logits(ids, mask), labels).backward();
        QVERIFY(reference->embedding->weight.grad().is_sparse());
        const auto denseGrad = reference->embedding->weight.grad().coalesce().to_dense();
        const double expectedNorm = std::sqrt(denseGrad.square().sum().item<double>() +
                                              reference->classifier->weight.grad().square().sum().item<double>() +
                                              reference->classifier->bias.grad().square().sum().item<double>());

        auto m = makeModel();
        const auto before = m->embedding->weight.detach().clone();
        train::TrainerOptions o;
        o.maxSteps = 1, o.batchSize = 2, o.learningRate = 0.1, o.weightDecay = 0.0, o.maxGradNorm = 0.0;
        o.shuffle = false;
        Observed seen;
        const int threadsBefore = torch::get_num_threads();
        train::Trainer trainer(m.ptr(), o, &seen);
        train::FixedBatches source({batch});
        const auto result = trainer.run(source, nullptr);
        QCOMPARE(int(result.status), int(train::RunStatus::Completed));

        // The reported norm counts id 5 once, with its three contributions summed.
        QCOMPARE(seen.gradNorms.size(), std::size_t(1));
        QVERIFY2(std::abs(seen.gradNorms[0] - expectedNorm) <= 1e-6 * expectedNorm,
                 qPrintable(QString("%1 vs %2").arg(seen.gradNorms[0]).arg(expectedNorm)));

        // AdamW's first step on a row with gradient g: p - lr * g / (|g| + eps), elementwise.
        const auto after = m->embedding->weight.detach();
        const auto expected = before - 0.1 * denseGrad / (denseGrad.abs() + 1e-8);
        for (std::int64_t row : {3, 5, 7, 11})
            QVERIFY2(torch::allclose(after[row], expected[row], 0, 1e-6), qPrintable(QString("row %1").arg(row)));
        // Every other row, the padding row included, is exactly as it was.
        auto untouched = torch::ones({1000}, torch::kBool);
        for (std::int64_t row : {3, 5, 7, 11}) untouched[row] = false;
        QVERIFY(torch::equal(after.index({untouched}), before.index({untouched})));
        QVERIFY(!torch::equal(after[5], before[5]));

        // One CPU thread while it trained; the caller's count afterwards.
        QCOMPARE(seen.threads, std::vector<int>{1});
        QCOMPARE(torch::get_num_threads(), threadsBefore);
    }

    // Steps with a sparse gradient cannot be recorded (TrainerOptions::cudaGraphs): the run says
    // so and trains as usual, with the same result as without the option.
    void sparseStepsAreNotRecorded() {
        struct Logs final : train::TrainingEvents {
            std::vector<std::string> lines;
            void onLog(train::LogLevel, const std::string& m) override { lines.push_back(m); }
        };
        train::TrainerOptions o;
        o.maxSteps = 6, o.batchSize = 2, o.learningRate = 0.1, o.shuffle = false;
        auto plain = makeModel(), asked = makeModel();
        train::Trainer a(plain.ptr(), o);
        train::FixedBatches sourceA({makeBatch()});
        QCOMPARE(int(a.run(sourceA, nullptr).status), int(train::RunStatus::Completed));
        o.cudaGraphs = train::Switch::On;
        Logs logs;
        train::Trainer b(asked.ptr(), o, &logs);
        train::FixedBatches sourceB({makeBatch()});
        QCOMPARE(int(b.run(sourceB, nullptr).status), int(train::RunStatus::Completed));
        const auto has = [&](const std::string& part) {
            return std::any_of(logs.lines.begin(), logs.lines.end(),
                               [&](const std::string& l) { return l.find(part) != std::string::npos; });
        };
        QVERIFY(has("CUDA graphs are off for this run: the model's gradients are sparse"));
        QVERIFY(has("recorded steps: 0 steps replayed, 6 run as usual"));
        QVERIFY(torch::equal(plain->embedding->weight, asked->embedding->weight));
        QVERIFY(torch::equal(plain->classifier->weight, asked->classifier->weight));
    }

    void untouchedRowsKeepTheirMoments() {
        // Two steps on different rows: the first step's rows do not move in the second
        // (a dense AdamW would keep moving them with their momentum).
        auto m = makeModel();
        train::TrainerOptions o;
        o.maxSteps = 2, o.batchSize = 1, o.learningRate = 0.05, o.shuffle = false;
        train::FixedBatches source({train::makeBatch({{3, 4}}, {0}, 0), train::makeBatch({{8, 9}}, {1}, 0)});
        std::vector<torch::Tensor> afterStep;
        struct Snapshot final : train::TrainingEvents {
            model::NgramBaseline* model;
            std::vector<torch::Tensor>* out;
            void onStep(const train::StepEvent&) override { out->push_back((*model)->embedding->weight.detach().clone()); }
        } snapshot;
        snapshot.model = &m, snapshot.out = &afterStep;
        train::Trainer trainer(m.ptr(), o, &snapshot);
        QCOMPARE(int(trainer.run(source, nullptr).status), int(train::RunStatus::Completed));
        QCOMPARE(afterStep.size(), std::size_t(2));
        QVERIFY(torch::equal(afterStep[1][3], afterStep[0][3]));
        QVERIFY(torch::equal(afterStep[1][4], afterStep[0][4]));
        QVERIFY(!torch::equal(afterStep[1][8], afterStep[0][8]));
    }
};

QTEST_GUILESS_MAIN(TestSparseTraining)
#include "tst_sparse_training.moc"
