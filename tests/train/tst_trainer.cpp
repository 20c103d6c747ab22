// The Trainer on a tiny DistilBERT and a made-up task (the label is the class token the text
// holds): batching, exact resume after a stop, best-at-end, early stopping, pause, divergence.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <torch/torch.h>

#include "core/model/Checkpoint.h"
#include "core/model/DistilBert.h"
#include "core/train/Trainer.h"

using namespace headliner;

namespace {

constexpr int kClasses = 4;

model::ModelConfig tinyConfig(double dropout) {
    model::ModelConfig c;
    c.vocabSize = 64;
    c.dim = 16;
    c.nLayers = 2;
    c.nHeads = 2;
    c.hiddenDim = 32;
    c.maxPositionEmbeddings = 64;
    c.dropout = c.attentionDropout = dropout;
    c.seqClassifDropout = dropout;
    c.labels = {"a", "b", "c", "d"};
    return c;
}

model::DistilBertForSequenceClassification tinyModel(double dropout = 0.1) {
    model::DistilBertForSequenceClassification m(tinyConfig(dropout));
    m->initWeights(7);
    return m;
}

// [CLS]=1 ... [SEP]=2; ids 10..13 are the class tokens, the rest noise from 20..63.
train::EncodedExamples makeExamples(std::size_t rows, std::uint32_t seed) {
    std::mt19937 rng(seed);
    train::EncodedExamples ex;
    for (std::size_t r = 0; r < rows; ++r) {
        const int label = int(rng() % kClasses);
        const std::size_t len = 3 + rng() % 20;
        std::vector<text::TokenId> ids{1};
        for (std::size_t i = 0; i < len; ++i) ids.push_back(text::TokenId(20 + rng() % 44));
        for (std::size_t i = 1; i <= len; i += 3) ids[i] = text::TokenId(10 + label);  // every third token
        ids.push_back(2);
        ex.encoded.ids.insert(ex.encoded.ids.end(), ids.begin(), ids.end());
        ex.encoded.offsets.push_back(ex.encoded.ids.size());
        ex.labels.push_back(label);
    }
    return ex;
}

train::TrainerOptions baseOptions() {
    train::TrainerOptions o;
    o.epochs = 3;
    o.batchSize = 16;
    o.learningRate = 3e-3;
    o.weightDecay = 0.01;
    o.warmupRatio = 0.1;
    o.seed = 5;
    o.precision = train::Precision::Fp32;
    return o;
}

bool sameWeights(torch::nn::Module& a, torch::nn::Module& b) {
    const auto pa = a.named_parameters(), pb = b.named_parameters();
    for (const auto& p : pa)
        if (!torch::equal(p.value(), pb[p.key()])) return false;
    return true;
}

struct StopAt : train::TrainingEvents {
    train::Trainer* trainer = nullptr;
    std::int64_t stopAt = -1;
    std::vector<train::StepEvent> steps;
    std::vector<train::EvalMetrics> evals;
    std::string error;
    void onStep(const train::StepEvent& e) override {
        steps.push_back(e);
        if (e.step == stopAt && trainer) trainer->requestStop();
    }
    void onEvaluation(const train::EvaluationEvent& e) override { evals.push_back(e.metrics); }
    void onError(const std::string& m) override { error = m; }
    std::vector<std::string> logs;
    void onLog(train::LogLevel, const std::string& m) override { logs.push_back(m); }
    bool logged(const std::string& part) const {
        return std::any_of(logs.begin(), logs.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
    }
};

// The steps a run replayed through its recordings, from its closing log line ("recorded
// steps: N steps replayed, M run as usual"); -1 without one.
long replayedSteps(const std::vector<std::string>& logs) {
    const std::string prefix = "recorded steps: ";
    for (const auto& l : logs)
        if (l.rfind(prefix, 0) == 0) return std::stol(l.substr(prefix.size()));
    return -1;
}

// A DatasetBatches that records every batch it hands out: its epoch and each row's ids.
struct RecordingBatches : train::BatchSource {
    struct Recorded {
        int epoch;
        std::vector<std::vector<std::int64_t>> rows;
    };
    train::DatasetBatches inner;
    int epoch = -1;
    std::vector<Recorded> batches;
    RecordingBatches(const train::EncodedExamples& ex, train::BatchingOptions o) : inner(ex, o) {}
    std::size_t batchesPerEpoch() const override { return inner.batchesPerEpoch(); }
    void startEpoch(int e, std::size_t skip) override { epoch = e, inner.startEpoch(e, skip); }
    std::optional<std::size_t> startEpochFromRow(int e, std::size_t planBatchSize, std::size_t rowsDone) override {
        epoch = e;
        return inner.startEpochFromRow(e, planBatchSize, rowsDone);
    }
    std::optional<train::Batch> next() override {
        auto b = inner.next();
        if (!b) return b;
        Recorded rec{epoch, {}};
        for (std::size_t r = 0; r < b->rows; ++r) {
            std::vector<std::int64_t> ids;
            for (std::size_t c = 0; c < b->columns; ++c)
                if (b->attentionMask[r * b->columns + c]) ids.push_back(b->ids[r * b->columns + c]);
            rec.rows.push_back(std::move(ids));
        }
        batches.push_back(std::move(rec));
        return b;
    }
};

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void batchesWithoutShuffleAreRowsInOrder() {
        const auto ex = makeExamples(37, 1);
        train::DatasetBatches batches(ex, {.batchSize = 8, .shuffle = false});
        QCOMPARE(batches.batchesPerEpoch(), std::size_t(5));
        batches.startEpoch(2, 0);
        std::size_t row = 0;
        while (auto b = batches.next()) {
            for (std::size_t i = 0; i < b->rows; ++i, ++row) {
                QCOMPARE(b->labels[i], std::int64_t(ex.labels[row]));
                const auto ids = ex.encoded.row(row);
                QCOMPARE(b->ids[i * b->columns], std::int64_t(ids[0]));
                std::size_t real = 0;
                for (std::size_t c = 0; c < b->columns; ++c) real += std::size_t(b->attentionMask[i * b->columns + c]);
                QCOMPARE(real, ids.size());
            }
        }
        QCOMPARE(row, std::size_t(37));
    }

    void bucketedBatchesCoverEveryRowOnce() {
        const auto ex = makeExamples(500, 2);
        train::DatasetBatches batches(ex, {.batchSize = 16, .shuffle = true, .bucketByLength = true, .seed = 3,
                                           .bucketPoolBatches = 8});
        const auto e0 = batches.epochPlan(0), e1 = batches.epochPlan(1);
        QVERIFY(batches.epochPlan(0) == e0);  // a pure function of (seed, epoch)
        QVERIFY(e0 != e1);
        std::multiset<std::size_t> seen;
        std::size_t padded = 0, real = 0;
        for (const auto& rows : e0) {
            seen.insert(rows.begin(), rows.end());
            const auto b = train::batchOfRows(ex, rows, 0);
            padded += b.rows * b.columns, real += b.tokens;
        }
        QCOMPARE(seen.size(), std::size_t(500));
        QCOMPARE(std::set<std::size_t>(seen.begin(), seen.end()).size(), std::size_t(500));
        // Buckets cut padding well below the unsorted batches' (lengths 5..24).
        QVERIFY2(double(real) / double(padded) > 0.85, qPrintable(QString::number(double(real) / double(padded))));
        // A skip positions the epoch exactly.
        batches.startEpoch(1, 3);
        QCOMPARE(batches.next()->labels[0], std::int64_t(ex.labels[e1[3][0]]));
    }

    void learnsAndKeepsTheBest() {
        const auto trainSet = makeExamples(320, 3), evalSet = makeExamples(96, 4);
        QTemporaryDir dir;
        auto o = baseOptions();
        o.checkpointFolder = dir.filePath(QStringLiteral("ckpt")).toStdString();
        auto net = tinyModel();
        StopAt events;
        train::Trainer trainer(net.ptr(), o, &events);
        const auto r = trainer.run(trainSet, &evalSet);
        QVERIFY2(r.status == train::RunStatus::Completed, r.error.c_str());
        QCOMPARE(r.steps, std::int64_t(60));
        QCOMPARE(r.history.size(), std::size_t(3));
        QCOMPARE(r.epochTrainLoss.size(), std::size_t(3));
        QVERIFY(r.bestIndex >= 0 && r.bestLoaded);
        QVERIFY2(r.history.back().accuracy > 0.5, qPrintable(QString::number(r.history.back().accuracy)));
        for (const auto& s : events.steps) QVERIFY(s.samplesPerSecond > 0 && s.tokensPerSecond > s.samplesPerSecond);
        // The model holds the best evaluation's weights, as best/ does.
        auto best = tinyModel();
        model::loadStateDict(*best, model::readSafetensors(o.checkpointFolder / "best" / "model.safetensors"), "best");
        QVERIFY(sameWeights(*net, *best));
        const auto again = trainer.evaluate(evalSet);
        QVERIFY(again.accuracy == r.history[std::size_t(r.bestIndex)].accuracy);
    }

    // bf16 autocast on the CPU: the products run in bf16, the weights, gradients and optimizer
    // state stay float32, and the run follows the fp32 run closely (same data, same seed).
    void bf16AutocastOnTheCpuTracksFp32() {
        const auto trainSet = makeExamples(320, 3), evalSet = makeExamples(96, 4);
        bool allFloat = true;
        auto runWith = [&](train::Precision precision, StopAt& events) {
            auto o = baseOptions();
            o.precision = precision;
            auto net = tinyModel(0.0);
            train::Trainer trainer(net.ptr(), o, &events);
            const auto r = trainer.run(trainSet, &evalSet);
            for (const auto& p : net->parameters()) allFloat = allFloat && p.scalar_type() == torch::kFloat;
            return r;
        };
        StopAt fp32Events, bf16Events;
        const auto fp32 = runWith(train::Precision::Fp32, fp32Events);
        const auto bf16 = runWith(train::Precision::Bf16, bf16Events);
        QVERIFY2(allFloat, "the weights must stay float32 under autocast");
        QVERIFY2(bf16.status == train::RunStatus::Completed, bf16.error.c_str());
        QCOMPARE(bf16Events.steps.size(), fp32Events.steps.size());
        // The first step sees the same weights and batch: the losses differ only by bf16 rounding.
        const double first = std::abs(bf16Events.steps[0].loss - fp32Events.steps[0].loss);
        QVERIFY2(first < 2e-2 && first > 0.0, qPrintable(QString::number(first)));
        double worst = 0;
        for (std::size_t i = 0; i < fp32Events.steps.size(); ++i) {
            QVERIFY(std::isfinite(bf16Events.steps[i].loss) && std::isfinite(bf16Events.steps[i].gradNorm));
            worst = std::max(worst, std::abs(bf16Events.steps[i].loss - fp32Events.steps[i].loss));
        }
        qInfo("bf16 vs fp32 on the CPU: first-step loss difference %.2e, largest %.2e; eval loss %.4f vs %.4f",
              first, worst, bf16.history.back().loss, fp32.history.back().loss);
        QVERIFY2(worst < 0.05, qPrintable(QString::number(worst)));
        // It learns (the epoch loss falls), and evaluation in bf16 gives nearly the fp32 loss.
        // (Accuracy is not compared: this tiny model's logits are close to ties after 3 epochs,
        // so bf16 rounding flips many argmaxes.)
        QVERIFY(bf16.epochTrainLoss.back() < bf16.epochTrainLoss.front());
        const double evalLoss = std::abs(bf16.history.back().loss - fp32.history.back().loss);
        QVERIFY2(evalLoss < 0.02, qPrintable(QString::number(evalLoss)));
    }

    // The interrupted runs write checkpoints in the foreground or in the background
    // (asyncCheckpoints), and read each step's figures at once or a step late
    // (deferStepReadback); the uninterrupted one does neither.
    void stopAndResumeGiveTheSameWeights_data() {
        QTest::addColumn<bool>("background");
        QTest::addColumn<bool>("deferred");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("foreground writes") << false << false << false;
        QTest::newRow("background writes") << true << false << false;
        QTest::newRow("background writes, deferred reads") << true << true << false;
        // Steps through their recordings (TrainerOptions::cudaGraphs; run directly on the CPU)
        // update exactly as plain ones: a resumed run, which records anew, ends the same.
        QTest::newRow("recorded steps") << false << false << true;
    }
    void stopAndResumeGiveTheSameWeights() {
        QFETCH(bool, background);
        QFETCH(bool, deferred);
        QFETCH(bool, recorded);
        const auto trainSet = makeExamples(200, 5), evalSet = makeExamples(48, 6);
        auto o = baseOptions();
        o.asyncCheckpoints = o.deferStepReadback = train::Switch::Off;
        o.gradientAccumulation = recorded ? 1 : 2;  // accumulation is not recorded
        o.cudaGraphs = recorded ? train::Switch::On : train::Switch::Off;
        o.evalEverySteps = 5;
        o.loadBestAtEnd = false;

        QTemporaryDir dirA, dirB;
        o.checkpointFolder = dirA.filePath(QStringLiteral("ckpt")).toStdString();
        auto straight = tinyModel();
        train::Trainer a(straight.ptr(), o);
        const auto ra = a.run(trainSet, &evalSet);
        QVERIFY2(ra.status == train::RunStatus::Completed, ra.error.c_str());

        o.asyncCheckpoints = background ? train::Switch::On : train::Switch::Off;
        o.deferStepReadback = deferred ? train::Switch::On : train::Switch::Off;
        o.checkpointFolder = dirB.filePath(QStringLiteral("ckpt")).toStdString();
        for (std::int64_t stopAt : {3, 11, 17}) {
            auto net = tinyModel();  // a fresh process would start from fresh weights
            StopAt events;
            train::Trainer b(net.ptr(), o, &events);
            events.trainer = &b;
            events.stopAt = stopAt;
            // Scramble the RNG: resume must restore it.
            torch::manual_seed(1234 + std::uint64_t(stopAt));
            const auto rb = b.run(trainSet, &evalSet, /*resume=*/stopAt != 3);
            QCOMPARE(int(rb.status), int(train::RunStatus::Stopped));
            // A stop is honoured at the end of the step in progress; read a step late, step
            // stopAt is reported while step stopAt + 1 runs.
            QCOMPARE(rb.steps, stopAt + (deferred ? 1 : 0));
            QVERIFY(train::Trainer::hasCheckpoint(o.checkpointFolder));
        }
        auto resumed = tinyModel();
        StopAt resumedEvents;
        train::Trainer c(resumed.ptr(), o, &resumedEvents);
        const auto rc = c.run(trainSet, &evalSet, /*resume=*/true);
        QVERIFY2(rc.status == train::RunStatus::Completed, rc.error.c_str());
        QCOMPARE(rc.steps, ra.steps);
        if (recorded) QVERIFY(replayedSteps(resumedEvents.logs) >= 10);
        QVERIFY(sameWeights(*straight, *resumed));
        QCOMPARE(rc.history.size(), ra.history.size());
        for (std::size_t i = 0; i < ra.history.size(); ++i) QVERIFY(rc.history[i].loss == ra.history[i].loss);
        QVERIFY(rc.epochTrainLoss == ra.epochTrainLoss);

        // A finished run resumed again does nothing more.
        auto done = tinyModel();
        train::Trainer d(done.ptr(), o);
        const auto rd = d.run(trainSet, &evalSet, true);
        QVERIFY(rd.status == train::RunStatus::Completed);
        QVERIFY(sameWeights(*straight, *done));
    }

    // A checkpoint written by the background thread is the same, byte for byte, as one written
    // while training waits; each is reported once it is on disk, in order, and none is lost at
    // the end of the run.
    void backgroundCheckpointsAreTheSameFiles() {
        const auto trainSet = makeExamples(160, 21), evalSet = makeExamples(40, 22);
        auto o = baseOptions();
        o.epochs = 2;
        o.saveEverySteps = 3;
        o.evalEverySteps = 4;
        struct Saved : train::TrainingEvents {
            std::vector<train::CheckpointEvent> checkpoints;
            std::vector<std::int64_t> stepsSeen;
            void onStep(const train::StepEvent& e) override { stepsSeen.push_back(e.step); }
            void onCheckpoint(const train::CheckpointEvent& e) override {
                QVERIFY(std::filesystem::exists(e.folder / "trainer_state.json"));  // complete when reported
                checkpoints.push_back(e);
            }
        };
        QTemporaryDir dir;
        std::map<bool, Saved> seen;
        std::map<bool, std::filesystem::path> folders;
        for (bool background : {false, true}) {
            auto net = tinyModel();
            o.asyncCheckpoints = background ? train::Switch::On : train::Switch::Off;
            o.checkpointFolder = folders[background] = dir.filePath(background ? "bg" : "fg").toStdString();
            train::Trainer t(net.ptr(), o, &seen[background]);
            const auto r = t.run(trainSet, &evalSet);
            QVERIFY2(r.status == train::RunStatus::Completed, r.error.c_str());
        }
        const auto& fg = seen[false].checkpoints;
        const auto& bg = seen[true].checkpoints;
        QVERIFY(fg.size() >= 6);
        QCOMPARE(bg.size(), fg.size());
        for (std::size_t i = 0; i < fg.size(); ++i) {
            QCOMPARE(bg[i].step, fg[i].step);
            QCOMPARE(bg[i].best, fg[i].best);
            QCOMPARE(bg[i].bytes, fg[i].bytes);
            QVERIFY(!fg[i].background && bg[i].background);
            QVERIFY(bg[i].writeSeconds > 0 && bg[i].waitSeconds >= 0);
        }
        QCOMPARE(bg.back().step, seen[true].stepsSeen.back());  // the last one is reported too
        auto bytes = [](const std::filesystem::path& f) {
            std::ifstream in(f, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        for (const char* file : {"last/model.safetensors", "last/optimizer.safetensors", "best/model.safetensors",
                                 "best/metrics.json"}) {
            const auto a = bytes(folders[false] / file), b = bytes(folders[true] / file);
            QVERIFY2(!a.empty() && a == b, file);
        }
        auto state = [&](bool background) {
            auto j = nlohmann::json::parse(bytes(folders[background] / "last/trainer_state.json"));
            j.erase("options");  // names the folder and the mode
            return j.dump();
        };
        QCOMPARE(QString::fromStdString(state(true)), QString::fromStdString(state(false)));
    }

    // A checkpoint that cannot be written fails the run with a message naming the folder, in
    // the background as in the foreground; the previous checkpoint stays.
    void aCheckpointThatCannotBeWrittenFailsTheRun_data() {
        QTest::addColumn<bool>("background");
        QTest::newRow("foreground writes") << false;
        QTest::newRow("background writes") << true;
    }
    void aCheckpointThatCannotBeWrittenFailsTheRun() {
        QFETCH(bool, background);
        const auto trainSet = makeExamples(96, 23), evalSet = makeExamples(32, 24);
        auto o = baseOptions();
        o.epochs = 2;
        o.asyncCheckpoints = background ? train::Switch::On : train::Switch::Off;
        QTemporaryDir dir;
        o.checkpointFolder = dir.filePath("ckpt").toStdString();
        std::filesystem::create_directories(o.checkpointFolder);
        std::ofstream(o.checkpointFolder / "best") << "a file where the best checkpoint goes\n";
        auto net = tinyModel();
        StopAt events;
        train::Trainer t(net.ptr(), o, &events);
        const auto r = t.run(trainSet, &evalSet);
        QCOMPARE(int(r.status), int(train::RunStatus::Failed));
        QVERIFY2(r.error.find((o.checkpointFolder / "best").string()) != std::string::npos, r.error.c_str());
        QCOMPARE(events.error, r.error);
        QVERIFY(!train::Trainer::hasCheckpoint(o.checkpointFolder));  // best/ comes before last/
    }

    // Resumed with another batch size in the middle of an epoch (as after running out of
    // memory), the rest of that epoch is exactly its rows not trained yet, in batches of the new
    // size; a second stop and resume inside that re-cut epoch keeps it so; the next epoch is
    // whole, and the run ends after its two epochs. Rows are compared as multisets of their ids.
    // The trainer reads one batch ahead, so the batches trained are the first as many as the
    // steps taken (no accumulation here).
    void resumeWithAnotherBatchSizeTrainsEachRowOnce() {
        const auto trainSet = makeExamples(150, 21);
        std::multiset<std::vector<std::int64_t>> all;
        for (std::size_t r = 0; r < trainSet.size(); ++r) {
            const auto row = trainSet.encoded.row(r);
            all.emplace(row.begin(), row.end());
        }
        auto o = baseOptions();
        o.epochs = 2;
        QTemporaryDir dir;
        o.checkpointFolder = dir.filePath(QStringLiteral("ckpt")).toStdString();
        std::map<int, std::multiset<std::vector<std::int64_t>>> seen;  // per epoch
        std::map<int, std::size_t> largest;                             // per epoch: the largest batch
        // Trains with `batch` rows per batch until step stopAt (or the end); records what it trained.
        auto runWith = [&](int batch, std::int64_t stopAt, bool resume) {
            o.batchSize = batch;
            auto net = tinyModel();
            StopAt events;
            train::Trainer t(net.ptr(), o, &events);
            events.trainer = &t, events.stopAt = stopAt;
            train::BatchingOptions b;
            b.batchSize = std::size_t(batch), b.seed = 5;
            RecordingBatches source(trainSet, b);
            const auto r = t.run(source, nullptr, resume);
            for (std::size_t i = 0; i < events.steps.size(); ++i) {
                const auto& rec = source.batches.at(i);
                for (const auto& row : rec.rows) seen[rec.epoch].insert(row);
                largest[rec.epoch] = std::max(largest[rec.epoch], rec.rows.size());
            }
            return r;
        };
        QCOMPARE(int(runWith(16, 3, false).status), int(train::RunStatus::Stopped));
        QCOMPARE(largest[0], std::size_t(16));
        const std::size_t firstRows = seen[0].size();  // the rows of the 3 steps of 16
        largest.clear();
        QCOMPARE(int(runWith(5, 10, true).status), int(train::RunStatus::Stopped));  // inside the re-cut epoch
        QCOMPARE(largest[0], std::size_t(5));
        const auto rest = runWith(5, -1, true);
        QVERIFY2(rest.status == train::RunStatus::Completed, rest.error.c_str());
        QVERIFY(largest[0] <= 5 && largest[1] == 5);
        QCOMPARE(seen[0].size(), all.size());
        QVERIFY(seen[0] == all);  // epoch 0: every row once, over three runs and two batch sizes
        QVERIFY(seen[1] == all);
        QCOMPARE(rest.steps, std::int64_t(3 + (150 - firstRows + 4) / 5 + 30));  // and no step more
    }

    void earlyStopping() {
        const auto trainSet = makeExamples(64, 7), evalSet = makeExamples(32, 8);
        auto o = baseOptions();
        o.epochs = 10;
        o.learningRate = 0;  // nothing improves after the first evaluation
        o.earlyStoppingPatience = 2;
        auto net = tinyModel();
        train::Trainer t(net.ptr(), o);
        const auto r = t.run(trainSet, &evalSet);
        QCOMPARE(int(r.status), int(train::RunStatus::EarlyStopped));
        QCOMPARE(r.history.size(), std::size_t(3));
        QCOMPARE(r.bestIndex, 0);
    }

    void pauseWaitsBetweenSteps() {
        const auto trainSet = makeExamples(64, 9);
        auto o = baseOptions();
        o.epochs = 1;
        auto net = tinyModel();
        struct PauseOnce : train::TrainingEvents {
            train::Trainer* t = nullptr;
            std::thread resumer;
            void onStep(const train::StepEvent& e) override {
                if (e.step != 1) return;
                t->pause();
                resumer = std::thread([this] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    t->resume();
                });
            }
        } events;
        train::Trainer t(net.ptr(), o, &events);
        events.t = &t;
        const auto started = std::chrono::steady_clock::now();
        const auto r = t.run(trainSet, nullptr);
        events.resumer.join();
        QVERIFY(r.status == train::RunStatus::Completed);
        QVERIFY(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300));
        QCOMPARE(r.steps, std::int64_t(4));
    }

    // Dynamic loss scaling (fp16's GradScaler rule), checked on the CPU in fp32: scaling by
    // powers of two is exact there, so a run that never overflows is bit for bit the plain run,
    // while the scale grows by 2 every `growthInterval` steps.
    void lossScalingWithoutOverflowIsExact() {
        const auto trainSet = makeExamples(320, 3);
        auto o = baseOptions();
        auto plain = tinyModel();
        StopAt plainEvents;
        train::Trainer a(plain.ptr(), o, &plainEvents);
        QVERIFY(a.run(trainSet, nullptr).status == train::RunStatus::Completed);

        o.lossScaling = true;
        o.initialLossScale = 65536;
        o.lossScaleGrowthInterval = 4;
        auto scaled = tinyModel();
        StopAt scaledEvents;
        train::Trainer b(scaled.ptr(), o, &scaledEvents);
        QVERIFY(b.run(trainSet, nullptr).status == train::RunStatus::Completed);

        QCOMPARE(scaledEvents.steps.size(), std::size_t(60));
        QCOMPARE(scaledEvents.steps.size(), plainEvents.steps.size());
        for (std::size_t i = 0; i < plainEvents.steps.size(); ++i) {
            const auto& p = plainEvents.steps[i];
            const auto& q = scaledEvents.steps[i];
            QVERIFY(!q.skipped && q.lossScaling && !p.lossScaling);
            QCOMPARE(q.lossScale, std::ldexp(1.0, 16 + int((i + 1) / 4)));  // after step i + 1
            QCOMPARE(p.lossScale, 1.0);
            QVERIFY2(q.loss == p.loss && q.gradNorm == p.gradNorm && q.learningRate == p.learningRate,
                     qPrintable(QStringLiteral("step %1: loss %2/%3 grad norm %4/%5")
                                    .arg(i + 1).arg(q.loss, 0, 'g', 17).arg(p.loss, 0, 'g', 17)
                                    .arg(q.gradNorm, 0, 'g', 17).arg(p.gradNorm, 0, 'g', 17)));
        }
        QVERIFY(sameWeights(*plain, *scaled));
    }

    // A scale too large for float32 makes the scaled loss infinite: the step is skipped (no
    // update, the learning-rate schedule waits), the scale halves, and growth resumes after
    // `growthInterval` clean steps. Stopped and resumed in the middle, the run is the same.
    void lossScaleOverflowSkipsTheStep() {
        const auto trainSet = makeExamples(320, 3);
        auto o = baseOptions();
        o.maxSteps = 14;
        o.warmupSteps = 2;
        StopAt plainEvents;
        auto plain = tinyModel();
        train::Trainer a(plain.ptr(), o, &plainEvents);
        QVERIFY(a.run(trainSet, nullptr).status == train::RunStatus::Completed);

        o.lossScaling = true;
        o.initialLossScale = std::ldexp(1.0, 130);  // 2^130, 2^129 and 2^128 overflow float32
        o.lossScaleGrowthInterval = 3;
        QTemporaryDir dir;
        o.checkpointFolder = dir.filePath(QStringLiteral("ckpt")).toStdString();
        StopAt events;
        auto net = tinyModel();
        {
            train::Trainer b(net.ptr(), o, &events);
            events.trainer = &b, events.stopAt = 3;
            const auto r = b.run(trainSet, nullptr);
            QCOMPARE(int(r.status), int(train::RunStatus::Stopped));
            auto fresh = tinyModel();
            QVERIFY2(sameWeights(*net, *fresh), "a skipped step must leave the weights as they were");
        }
        for (std::int64_t stopAt : {std::int64_t(7), std::int64_t(-1)}) {
            auto again = tinyModel();  // as a new process would
            train::Trainer c(again.ptr(), o, &events);
            events.trainer = &c, events.stopAt = stopAt;
            torch::manual_seed(99);
            const auto r = c.run(trainSet, nullptr, /*resume=*/true);
            QCOMPARE(int(r.status), int(stopAt > 0 ? train::RunStatus::Stopped : train::RunStatus::Completed));
            net = again;
        }
        QCOMPARE(events.steps.size(), std::size_t(14));

        // The rule, replayed: skipped exactly when the gradients are not finite; halve on a skip,
        // double after 3 clean steps in a row.
        double scale = o.initialLossScale;
        int clean = 0;
        std::size_t updates = 0;
        for (std::size_t i = 0; i < events.steps.size(); ++i) {
            const auto& e = events.steps[i];
            QCOMPARE(e.step, std::int64_t(i + 1));
            QVERIFY(std::isfinite(e.loss));  // the loss reported is the unscaled one
            QCOMPARE(e.skipped, !std::isfinite(e.gradNorm));
            if (i < 3) QVERIFY2(e.skipped, "2^130..2^128 overflow float32");
            if (e.skipped) {
                scale /= 2, clean = 0;
            } else {
                // Each update uses the schedule's next value: the plain run's lr of that update.
                QCOMPARE(e.learningRate, plainEvents.steps[updates].learningRate);
                ++updates;
                if (++clean == 3) scale *= 2, clean = 0;
            }
            QCOMPARE(e.lossScale, scale);
        }
        QString pattern;
        for (const auto& e : events.steps) pattern += e.skipped ? QLatin1Char('s') : QLatin1Char('.');
        qInfo("steps (s: skipped): %s; final scale 2^%g", qPrintable(pattern), std::log2(scale));
        QVERIFY2(updates >= 8, qPrintable(QString::number(updates)));
        QVERIFY(updates < events.steps.size());

        // And in one go, without the stops: the same steps and weights.
        QTemporaryDir dir2;
        o.checkpointFolder = dir2.filePath(QStringLiteral("ckpt")).toStdString();
        StopAt straightEvents;
        auto straight = tinyModel();
        train::Trainer d(straight.ptr(), o, &straightEvents);
        QVERIFY(d.run(trainSet, nullptr).status == train::RunStatus::Completed);
        QCOMPARE(straightEvents.steps.size(), events.steps.size());
        for (std::size_t i = 0; i < events.steps.size(); ++i) {
            QCOMPARE(straightEvents.steps[i].skipped, events.steps[i].skipped);
            QCOMPARE(straightEvents.steps[i].lossScale, events.steps[i].lossScale);
            QVERIFY(straightEvents.steps[i].loss == events.steps[i].loss);
        }
        QVERIFY(sameWeights(*straight, *net));

        o.initialLossScale = 0.5;
        auto bad = tinyModel();
        const auto r = train::Trainer(bad.ptr(), o).run(trainSet, nullptr);
        QCOMPARE(int(r.status), int(train::RunStatus::Failed));
        QVERIFY2(r.error.find("loss scal") != std::string::npos, r.error.c_str());
    }

    // Options travel through run.json and checkpoints: every field survives the round trip.
    void optionsRoundTripThroughJson() {
        train::TrainerOptions o;
        o.epochs = 5, o.maxSteps = 77, o.batchSize = 12, o.gradientAccumulation = 3, o.learningRate = 1.5e-4;
        o.weightDecay = 0.2, o.beta1 = 0.8, o.beta2 = 0.95, o.epsilon = 1e-7, o.warmupSteps = 9, o.warmupRatio = 0.3;
        o.maxGradNorm = 2.5, o.labelSmoothing = 0.1, o.classWeights = {1, 2, 3, 4}, o.seed = 1234567890123ULL;
        o.shuffle = false, o.bucketByLength = false, o.evalBatchSize = 99, o.padId = 3, o.evalEverySteps = 11;
        o.saveEverySteps = 22, o.bestMetric = train::BestMetric::EvalLoss, o.earlyStoppingPatience = 4;
        o.earlyStoppingThreshold = 0.01, o.loadBestAtEnd = false, o.checkpointFolder = "/tmp/some where/ckpt";
        o.device = "cuda:1", o.precision = train::Precision::Fp16;
        o.lossScaling = true, o.initialLossScale = 1024, o.lossScaleGrowthInterval = 50;
        o.asyncCheckpoints = train::Switch::On, o.deferStepReadback = train::Switch::Off;
        o.fusedLayers = train::Switch::On;
        o.cudaGraphs = train::Switch::On;
        const auto j = train::toJson(o);
        QCOMPARE(QString::fromStdString(train::toJson(train::trainerOptionsFromJson(j)).dump()),
                 QString::fromStdString(j.dump()));
        QCOMPARE(QString::fromStdString(j.dump()), QString::fromStdString(train::toJson(o).dump()));
        QVERIFY(j.dump() != train::toJson(train::TrainerOptions{}).dump());
        // Every field differs from its default, so a field left out of either direction shows.
        const auto defaults = train::toJson(train::TrainerOptions{});
        for (const auto& [key, value] : j.items())
            QVERIFY2(defaults.at(key) != value, key.c_str());
        QCOMPARE(j.size(), defaults.size());
    }

    // Reading each step's loss and gradient norm a step late (as on a GPU) changes nothing: the
    // same updates to the bit (the clip coefficient, computed from the same squared norm, is the
    // same float), the same reported figures in the same order, the same evaluations.
    void deferredReadbackGivesTheSameRun() {
        const auto trainSet = makeExamples(150, 31), evalSet = makeExamples(40, 32);
        auto o = baseOptions();
        o.epochs = 2;
        o.gradientAccumulation = 2;
        o.evalEverySteps = 6;
        o.maxGradNorm = 0.05;  // clipping active on most steps
        struct Seen : train::TrainingEvents {
            std::vector<train::StepEvent> steps;
            std::vector<train::EvalMetrics> evals;
            void onStep(const train::StepEvent& e) override { steps.push_back(e); }
            void onEvaluation(const train::EvaluationEvent& e) override { evals.push_back(e.metrics); }
        };
        std::map<bool, Seen> seen;
        std::map<bool, train::TrainingResult> results;
        auto immediate = tinyModel(), deferred = tinyModel();
        for (bool defer : {false, true}) {
            o.deferStepReadback = defer ? train::Switch::On : train::Switch::Off;
            train::Trainer t((defer ? deferred : immediate).ptr(), o, &seen[defer]);
            results[defer] = t.run(trainSet, &evalSet);
            QVERIFY2(results[defer].status == train::RunStatus::Completed, results[defer].error.c_str());
        }
        QVERIFY(sameWeights(*immediate, *deferred));
        const auto& a = seen[false].steps;
        const auto& b = seen[true].steps;
        QCOMPARE(b.size(), a.size());
        QVERIFY(a.size() >= 8);
        int clipped = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].step, a[i].step);
            QCOMPARE(b[i].epochFraction, a[i].epochFraction);
            QCOMPARE(b[i].loss, a[i].loss);
            QCOMPARE(b[i].gradNorm, a[i].gradNorm);
            QCOMPARE(b[i].learningRate, a[i].learningRate);
            QVERIFY(b[i].samplesPerSecond > 0);
            clipped += a[i].gradNorm > o.maxGradNorm ? 1 : 0;
        }
        QVERIFY(clipped > 0);
        QCOMPARE(seen[true].evals.size(), seen[false].evals.size());
        for (std::size_t i = 0; i < seen[false].evals.size(); ++i)
            QCOMPARE(seen[true].evals[i].loss, seen[false].evals[i].loss);
        QVERIFY(results[true].epochTrainLoss == results[false].epochTrainLoss);
    }

    // Recorded steps (TrainerOptions::cudaGraphs; run directly on the CPU, over batches padded
    // to multiples of 8 ids) train as plain ones: every step's loss and gradient norm within
    // float32 rounding of the unpadded run's, and the weights after two epochs within 1e-5. The
    // last, smaller batch of each epoch and each width's first batch run as usual.
    void recordedStepsTrainLikePlainOnes() {
        const auto trainSet = makeExamples(150, 41), evalSet = makeExamples(40, 42);
        auto o = baseOptions();
        o.epochs = 2;
        o.evalEverySteps = 4;
        o.maxGradNorm = 0.05;  // clipping active on most steps
        std::map<bool, StopAt> seen;
        std::map<bool, train::TrainingResult> results;
        auto plain = tinyModel(0.0), recorded = tinyModel(0.0);  // no dropout: padding changes the masks' draws
        for (bool record : {false, true}) {
            o.cudaGraphs = record ? train::Switch::On : train::Switch::Off;
            train::Trainer t((record ? recorded : plain).ptr(), o, &seen[record]);
            results[record] = t.run(trainSet, &evalSet);
            QVERIFY2(results[record].status == train::RunStatus::Completed, results[record].error.c_str());
        }
        const auto& a = seen[false].steps;
        const auto& b = seen[true].steps;
        QCOMPARE(b.size(), a.size());
        QCOMPARE(a.size(), std::size_t(20));  // 10 batches an epoch, the last of 6 rows
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].step, a[i].step);
            QVERIFY2(std::abs(b[i].loss - a[i].loss) <= 1e-5 * std::max(1.0, std::abs(a[i].loss)),
                     qPrintable(QStringLiteral("step %1 loss %2 vs %3").arg(i).arg(b[i].loss).arg(a[i].loss)));
            QVERIFY(std::abs(b[i].gradNorm - a[i].gradNorm) <= 1e-5 * std::max(1.0, a[i].gradNorm));
            QCOMPARE(b[i].learningRate, a[i].learningRate);
        }
        double worst = 0;
        const auto pa = plain->named_parameters(), pb = recorded->named_parameters();
        for (const auto& p : pa) worst = std::max(worst, (p.value() - pb[p.key()]).abs().max().item<double>());
        qInfo("largest weight difference %.3g", worst);
        QVERIFY(worst <= 1e-5);
        QCOMPARE(seen[true].evals.size(), seen[false].evals.size());
        // Steps 4 onwards whose width came before went through a recording; at least a few did.
        const long replayed = replayedSteps(seen[true].logs);
        QVERIFY2(replayed >= 5 && replayed <= 15, qPrintable(QString::number(replayed)));
        QCOMPARE(replayedSteps(seen[false].logs), -1L);
        QVERIFY(seen[true].logged("CUDA graphs need a CUDA device"));
    }

    // --cuda-graphs auto (the default) records steps on a CUDA device only: on the CPU a run steps
    // as usual, over unpadded batches, and says nothing of graphs.
    void recordedStepsAreOffByDefaultOnTheCpu() {
        const auto trainSet = makeExamples(64, 44);
        auto o = baseOptions();
        o.epochs = 1;
        QVERIFY(o.cudaGraphs == train::Switch::Auto);
        std::map<train::Switch, StopAt> seen;
        for (auto s : {train::Switch::Auto, train::Switch::Off}) {
            o.cudaGraphs = s;
            auto net = tinyModel(0.0);
            train::Trainer t(net.ptr(), o, &seen[s]);
            const auto r = t.run(trainSet, nullptr);
            QVERIFY2(r.status == train::RunStatus::Completed, r.error.c_str());
        }
        QCOMPARE(replayedSteps(seen[train::Switch::Auto].logs), -1L);
        QVERIFY(!seen[train::Switch::Auto].logged("CUDA graphs"));
        const auto& a = seen[train::Switch::Auto].steps;
        const auto& b = seen[train::Switch::Off].steps;
        QCOMPARE(a.size(), b.size());
        QVERIFY(!a.empty());
        for (std::size_t i = 0; i < a.size(); ++i) QCOMPARE(a[i].loss, b[i].loss);  // the same batches, bit for bit
    }

    // Where a step cannot be recorded (gradient accumulation, loss scaling) a run says so and
    // trains as usual.
    void recordedStepsStepAsideWhereTheyCannotRun() {
        const auto trainSet = makeExamples(64, 43);
        for (const char* why : {"gradient accumulation", "loss scaling"}) {
            auto o = baseOptions();
            o.epochs = 1;
            o.cudaGraphs = train::Switch::On;
            if (std::string(why) == "gradient accumulation") o.gradientAccumulation = 2;
            else o.lossScaling = true;
            auto net = tinyModel();
            StopAt events;
            train::Trainer t(net.ptr(), o, &events);
            const auto r = t.run(trainSet, nullptr);
            QVERIFY2(r.status == train::RunStatus::Completed, r.error.c_str());
            QVERIFY2(events.logged(std::string("CUDA graphs are off for this run: ")) && events.logged(why), why);
            QCOMPARE(replayedSteps(events.logs), 0L);
        }
    }

    // padColumns widens a batch without changing its texts.
    void padColumnsKeepsTheTexts() {
        const auto batch = train::makeBatch({{1, 5, 2}, {1, 2}}, {3, 0}, 0);
        const auto wide = train::padColumns(batch, 8, 0);
        QCOMPARE(wide.rows, std::size_t(2));
        QCOMPARE(wide.columns, std::size_t(8));
        QCOMPARE(wide.tokens, batch.tokens);
        QVERIFY(wide.labels == batch.labels);
        QVERIFY((wide.ids == std::vector<std::int64_t>{1, 5, 2, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0}));
        QVERIFY((wide.attentionMask == std::vector<std::int64_t>{1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0}));
        QVERIFY(train::padColumns(batch, 3, 0).ids == batch.ids);
        QVERIFY_EXCEPTION_THROWN(train::padColumns(batch, 2, 0), std::invalid_argument);
    }

    // A diverging run stops with a clear message; read a step late (deferStepReadback), at the
    // same step with the same message.
    void divergenceStopsWithAClearMessage() {
        const auto trainSet = makeExamples(256, 10);
        auto o = baseOptions();
        o.learningRate = 1e30;
        o.warmupSteps = 0;
        o.maxGradNorm = 0;
        o.weightDecay = 0;
        std::map<bool, train::TrainingResult> results;
        std::map<bool, StopAt> events;
        for (bool defer : {false, true}) {
            o.deferStepReadback = defer ? train::Switch::On : train::Switch::Off;
            auto net = tinyModel(0.0);
            train::Trainer t(net.ptr(), o, &events[defer]);
            const auto r = results[defer] = t.run(trainSet, nullptr);
            QCOMPARE(int(r.status), int(train::RunStatus::Failed));
            QVERIFY2(r.error.find("diverged") != std::string::npos && r.error.find("--lr") != std::string::npos,
                     r.error.c_str());
            QCOMPARE(events[defer].error, r.error);
        }
        QCOMPARE(QString::fromStdString(results[true].error), QString::fromStdString(results[false].error));
        QCOMPARE(events[true].steps.size(), events[false].steps.size());
    }

    void classWeightsAndSmoothingTrain() {
        const auto trainSet = makeExamples(64, 11);
        auto o = baseOptions();
        o.epochs = 1;
        o.classWeights = {1.0, 2.0, 0.5, 1.0};
        o.labelSmoothing = 0.1;
        auto net = tinyModel();
        train::Trainer t(net.ptr(), o);
        QVERIFY(t.run(trainSet, nullptr).status == train::RunStatus::Completed);
        o.classWeights = {1.0, 2.0};
        train::Trainer bad(net.ptr(), o);
        const auto r = bad.run(trainSet, nullptr);
        QCOMPARE(int(r.status), int(train::RunStatus::Failed));
        QVERIFY(r.error.find("class weights") != std::string::npos);
    }

    // Options no run can use fail the run with the reason before a step, whoever set them (the
    // app's form as much as the command line); the device "auto" is the CPU without CUDA.
    void optionsNoRunCanUseAreRefused() {
        const auto trainSet = makeExamples(32, 12);
        const std::vector<std::pair<std::function<void(train::TrainerOptions&)>, std::string>> cases = {
            {[](auto& o) { o.learningRate = -2e-5; }, "the learning rate must be a number of at least 0, not -2e-05"},
            {[](auto& o) { o.learningRate = std::nan(""); }, "the learning rate must be a number of at least 0, not nan"},
            {[](auto& o) { o.weightDecay = -0.01; }, "the weight decay must be a number of at least 0, not -0.01"},
            {[](auto& o) { o.warmupRatio = 1.5; }, "the warm-up ratio must lie in [0, 1]"},
            {[](auto& o) { o.labelSmoothing = 1; }, "label smoothing must lie in [0, 1)"},
            {[](auto& o) { o.maxGradNorm = INFINITY; }, "the largest gradient norm must be a number"},
            {[](auto& o) { o.device = "gpu"; }, "unknown device 'gpu' (expected auto, cpu, cuda or cuda:N)"},
        };
        for (const auto& [set, message] : cases) {
            auto o = baseOptions();
            o.epochs = 1;
            set(o);
            auto net = tinyModel();
            StopAt events;
            train::Trainer t(net.ptr(), o, &events);
            const auto r = t.run(trainSet, nullptr);
            QCOMPARE(int(r.status), int(train::RunStatus::Failed));
            QVERIFY2(r.error.find(message) != std::string::npos, r.error.c_str());
            QVERIFY(events.steps.empty());
        }
        QCOMPARE(train::resolveDevice("auto"), std::string(torch::cuda::is_available() ? "cuda" : "cpu"));
        QCOMPARE(train::resolveDevice("cpu"), std::string("cpu"));
        QVERIFY(train::isDeviceName("cuda:12") && !train::isDeviceName("cuda:") && !train::isDeviceName("cuda:1x") &&
                !train::isDeviceName("CPU"));
        if (!torch::cuda::is_available()) {
            QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::resolveDevice("cuda:0"));
            // auto, evaluated outside run(), is the CPU here too
            auto o = baseOptions();
            o.device = "auto";
            auto net = tinyModel();
            train::Trainer t(net.ptr(), o);
            QVERIFY(t.evaluate(makeExamples(16, 13)).accuracy >= 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
