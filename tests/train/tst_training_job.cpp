// The pipeline the CLI and the app share (TrainingJob) and the run store (RunStore,
// RunRecorder): a job trains and exports; its JSON round-trips; a recorded run is listed with
// its steps and evaluations; a run whose process died is reported interrupted and resumable;
// a stop before training ends the run as Stopped; bad input throws with the file named; a run in
// use elsewhere is neither trained nor deleted.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>

#include "core/Error.h"
#include "core/io/FolderLock.h"
#include "core/train/RunStore.h"
#include "core/train/Trainer.h"
#include "core/train/TrainingJob.h"
#include "support/MadeUpData.h"

using namespace headliner;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct CountingEvents : train::JobEvents {
    int steps = 0, evals = 0, finished = 0;
    std::vector<std::string> phases;
    std::function<void()> onFirstStep;
    void onPhase(const std::string& p, double f) override {
        if (f == 0) phases.push_back(p);
    }
    void onStep(const train::StepEvent&) override {
        if (steps++ == 0 && onFirstStep) onFirstStep();
    }
    void onEvaluation(const train::EvaluationEvent&) override { ++evals; }
    void onFinished(const train::TrainingResult&) override { ++finished; }
    std::vector<std::string> warnings;
    void onLog(train::LogLevel level, const std::string& line) override {
        if (level == train::LogLevel::Warning) warnings.push_back(line);
    }
    bool warned(const std::string& part) const {
        return std::any_of(warnings.begin(), warnings.end(), [&](const auto& w) { return w.find(part) != std::string::npos; });
    }
};

}  // namespace

class TestTrainingJob : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    train::JobSpec ngramSpec(const QString& out) const {
        train::JobSpec s;
        s.trainFile = dir_.filePath(QStringLiteral("train.csv")).toStdString();
        s.evalFile = dir_.filePath(QStringLiteral("test.csv")).toStdString();
        s.preset = "ngram";
        s.options = train::defaultOptionsFor("ngram");
        s.options.epochs = 2;
        s.maxLength = 64;
        s.outFolder = out.toStdString();
        return s;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        for (const auto& [name, rows, seed] :
             {std::tuple{"train.csv", 600, 1u}, std::tuple{"test.csv", 200, 2u}}) {
            QFile f(dir_.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(test::madeUpAgNews(rows, seed));
        }
    }

    void presetDefaults() {
        QCOMPARE(train::defaultOptionsFor("ngram").learningRate, 2e-2);
        QCOMPARE(train::defaultOptionsFor("distilbert-base-uncased").learningRate, 2e-5);
        QCOMPARE(train::defaultOptionsFor("distilbert-base-uncased").batchSize, 64);
        QCOMPARE(train::defaultOptionsFor("distilbert-base-uncased").epochs, 3);
        QCOMPARE(train::defaultOptionsFor("distilbert-base-uncased").weightDecay, 0.01);
        QCOMPARE(train::defaultOptionsFor("scratch-d128").learningRate, 1e-3);
        QCOMPARE(train::defaultOptionsFor("scratch-d128").warmupRatio, 0.1);
    }

    void specRoundTrips() {
        auto s = ngramSpec(QStringLiteral("/tmp/x"));
        s.readOptions.format = data::DatasetFormat::Csv;
        s.readOptions.onError = data::ErrorPolicy::Skip;
        s.readOptions.textColumns = {data::Column::named("headline"), data::Column::at(3)};
        s.readOptions.labelColumn = data::Column::named("topic");
        s.readOptions.hasHeader = false;
        s.readOptions.labels = data::LabelSpec::byId(1, {"neg", "pos"});
        s.dropout = 0.25;
        s.classWeights = "balanced";
        s.options.learningRate = 3e-4;
        const auto back = train::jobSpecFromJson(train::toJson(s));
        QCOMPARE(train::toJson(back).dump(), train::toJson(s).dump());
        QCOMPARE(back.readOptions.textColumns.size(), std::size_t(2));
        QCOMPARE(back.readOptions.textColumns[1].index, std::size_t(3));
        QCOMPARE(back.readOptions.labelColumn->name, std::string("topic"));
        QVERIFY(back.readOptions.labels && back.readOptions.labels->kind == data::LabelSpec::Kind::Ids);
        QCOMPARE(back.readOptions.labels->firstId, std::int64_t{1});
        QCOMPARE(back.readOptions.labels->names, (std::vector<std::string>{"neg", "pos"}));
        QVERIFY(!train::readOptionsFromJson(train::toJson(data::ReadOptions{})).labels);
        QCOMPARE(*back.dropout, 0.25);
        QCOMPARE(back.effectiveWorkFolder(), fs::path("/tmp/x.training"));
    }

    void classWeights() {
        const std::vector<std::int32_t> labels{0, 0, 0, 1};
        const auto w = train::parseClassWeights("balanced", labels, 2);
        QCOMPARE(w.size(), std::size_t(2));
        QCOMPARE(w[0], 4.0 / 6.0);
        QCOMPARE(w[1], 2.0);
        QCOMPARE(train::parseClassWeights("1,0.5", labels, 2)[1], 0.5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train::parseClassWeights("1", labels, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train::parseClassWeights("1,x", labels, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train::parseClassWeights("1,-2", labels, 2));
    }

    // A recorded run: steps and evaluations on disk, the model exported, the state finished.
    void recordsAndExports() {
        train::RunStore store(dir_.filePath(QStringLiteral("runs")).toStdString());
        auto run = store.create(ngramSpec(QString()));
        QCOMPARE(run.spec.outFolder, run.folder / "model");
        QCOMPARE(run.state, train::RunState::Created);
        CountingEvents events;
        train::RunRecorder recorder(run, &events);
        recorder.start(false);
        QCOMPARE(store.list().front().state, train::RunState::Running);  // this process is alive
        train::TrainingJob job(run.spec);
        const auto r = job.run(&recorder);
        QCOMPARE(r.training.status, train::RunStatus::Completed);
        QCOMPARE(r.labels.size(), std::size_t(4));
        QCOMPARE(r.trainRows, std::size_t(600));
        QCOMPARE(r.evalRows, std::size_t(200));
        QCOMPARE(events.evals, 2);
        QCOMPARE(events.finished, 1);
        QVERIFY(events.steps > 10);
        const std::vector<std::string> phases{"data", "model", "encode", "train", "export"};
        QCOMPARE(events.phases, phases);
        QVERIFY(fs::exists(run.folder / "model" / "model.safetensors"));

        const auto listed = store.list();
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed[0].state, train::RunState::Completed);
        QVERIFY(listed[0].hasModel());
        QVERIFY(listed[0].stepLog.empty());  // list() reads evaluations only
        QCOMPARE(listed[0].evalLog.size(), std::size_t(2));
        const auto loaded = store.load(run.folder);
        QCOMPARE(int(loaded.stepLog.size()), events.steps);
        QCOMPARE(loaded.steps, r.training.steps);
        const std::vector<std::string> agNews{"World", "Sports", "Business", "Sci/Tech"};
        QCOMPARE(loaded.labels, agNews);
        // The best evaluation is the one the trainer called best.
        QCOMPARE(loaded.evalLog[std::size_t(loaded.bestIndex)].accuracy,
                 r.training.history[std::size_t(r.training.bestIndex)].accuracy);
        QVERIFY(loaded.evalLog.back().accuracy > 0.6);
        QVERIFY(!loaded.isResumable());  // finished
    }

    // A run whose process is gone (killed, crashed) is interrupted, and resumable when a
    // checkpoint exists; resuming continues and finishes it.
    void interruptedRunResumes() {
        train::RunStore store(dir_.filePath(QStringLiteral("runs2")).toStdString());
        auto spec = ngramSpec(QString());
        spec.options.epochs = 3;
        spec.options.saveEverySteps = 5;
        auto run = store.create(spec);
        {
            train::TrainingJob job(run.spec);
            int seen = 0;
            struct StopAt : train::JobEvents {
                train::TrainingJob* job;
                int* seen;
                void onStep(const train::StepEvent&) override {
                    if (++*seen == 12) job->requestStop();
                }
            } stopper;
            stopper.job = &job;
            stopper.seen = &seen;
            train::RunRecorder stopRecorder(run, &stopper);
            stopRecorder.start(false);
            const auto r = job.run(&stopRecorder);
            QCOMPARE(r.training.status, train::RunStatus::Stopped);
            QVERIFY(r.modelFolder.empty());
        }
        // Make it look like a process that died while running.
        auto raw = store.load(run.folder);
        QCOMPARE(raw.state, train::RunState::Stopped);
        QVERIFY(raw.isResumable());
        raw.state = train::RunState::Running;
        raw.pid = 0x7ffffff0;  // no such process
        train::RunStore::save(raw);
        auto listed = store.list();
        QCOMPARE(listed.front().state, train::RunState::Interrupted);
        QVERIFY(listed.front().isResumable());
        const auto stepAtCheckpoint = train::checkpointStep(listed.front().spec.checkpointFolder());
        QVERIFY(stepAtCheckpoint >= 10);

        // Append a line a resumed run would repeat, and a line cut by a kill.
        {
            std::ofstream log(run.metricsFile(), std::ios::app);
            log << R"({"step": 999, "loss": 1})"
                << "\n"
                << R"({"step": 10)";
        }
        auto again = store.load(run.folder);
        CountingEvents events;
        train::RunRecorder recorder(again, &events);
        recorder.start(true);
        for (const auto& s : again.stepLog) QVERIFY(s.step <= stepAtCheckpoint);
        train::TrainingJob job(again.spec);
        const auto r = job.run(&recorder, true);
        QCOMPARE(r.training.status, train::RunStatus::Completed);
        const auto done = store.load(run.folder);
        QCOMPARE(done.state, train::RunState::Completed);
        QVERIFY(done.hasModel());
        // Steps are in order, each once: the log was cut at the checkpoint before resuming.
        for (std::size_t i = 1; i < done.stepLog.size(); ++i)
            QCOMPARE(done.stepLog[i].step, done.stepLog[i - 1].step + 1);
        QCOMPARE(done.stepLog.back().step, r.training.steps);
    }

    void stopBeforeTraining() {
        auto spec = ngramSpec(dir_.filePath(QStringLiteral("stopped-model")));
        train::TrainingJob job(spec);
        job.requestStop();
        CountingEvents events;
        const auto r = job.run(&events);
        QCOMPARE(r.training.status, train::RunStatus::Stopped);
        QCOMPARE(events.steps, 0);
        QCOMPARE(events.finished, 1);
    }

    void badInputNamesTheFile() {
        auto spec = ngramSpec(dir_.filePath(QStringLiteral("m")));
        spec.trainFile = dir_.filePath(QStringLiteral("missing.csv")).toStdString();
        train::TrainingJob job(spec);
        try {
            job.run();
            QFAIL("no exception");
        } catch (const FileError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("missing.csv")), e.what());
        }
        spec = ngramSpec(dir_.filePath(QStringLiteral("m")));
        spec.preset = "nope";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train::TrainingJob(spec).run());
    }

    // Evaluating on the training file itself (under another spelling too) trains, with a warning
    // that its scores measure memory; options no run can use are refused before the data is read.
    void evaluationOnTheTrainingFileAndUnusableOptions() {
        auto spec = ngramSpec(dir_.filePath(QStringLiteral("self-eval")));
        spec.evalFile = (dir_.path() + QStringLiteral("/./train.csv")).toStdString();
        spec.options.maxSteps = 3;
        CountingEvents events;
        const auto r = train::TrainingJob(spec).run(&events);
        QCOMPARE(r.training.status, train::RunStatus::Completed);
        QCOMPARE(r.evalRows, r.trainRows);
        QVERIFY(events.warned("the evaluation file is the training file"));
        CountingEvents apart;
        QVERIFY(train::TrainingJob(ngramSpec(dir_.filePath(QStringLiteral("apart")))).run(&apart).training.status ==
                train::RunStatus::Completed);
        QVERIFY(!apart.warned("the evaluation file is the training file"));

        spec = ngramSpec(dir_.filePath(QStringLiteral("bad-options")));
        spec.options.learningRate = -1;
        CountingEvents refused;
        try {
            train::TrainingJob(spec).run(&refused);
            QFAIL("no exception");
        } catch (const train::TrainingError& e) {
            QVERIFY2(std::string(e.what()).find("learning rate must be a number of at least 0") != std::string::npos, e.what());
        }
        QVERIFY(refused.phases.empty());  // nothing was read

        // Training rows of one class only, then of two of the four: said, and the run trains.
        QTemporaryDir here;
        const auto rows = test::madeUpAgNews(400, 9).split('\n');
        for (const auto& [keep, message] : {std::pair{QByteArrayList{"\"3\""}, std::string("every training row is of one class (Business): "
                                                                                          "the model can only learn to answer Business for any text")},
                                            std::pair{QByteArrayList{"\"1\"", "\"4\""},
                                                      std::string("no training rows of classes Sports, Business: the model will not "
                                                                  "learn to predict them")}}) {
            QByteArray kept;
            for (const auto& row : rows)
                for (const auto& k : keep)
                    if (row.startsWith(k)) kept += row + '\n';
            const QString file = here.filePath(QStringLiteral("classes-%1.csv").arg(keep.size()));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kept);
            f.close();
            auto few = ngramSpec(here.filePath(QStringLiteral("m%1").arg(keep.size())));
            few.trainFile = file.toStdString();
            few.evalFile.clear();
            few.options.maxSteps = 2;
            CountingEvents seen;
            QCOMPARE(train::TrainingJob(few).run(&seen).training.status, train::RunStatus::Completed);
            QVERIFY2(seen.warned(message), seen.warnings.empty() ? "no warning" : seen.warnings.front().c_str());
        }
        QVERIFY(!apart.warned("training row"));
    }

    // A resume reads the run's files again: one that changed since the run started (cut short,
    // or edited to the same number of rows) is refused, naming it, with the run left as it was;
    // put back, the run resumes. Changed classes in the test file are refused the same way.
    void resumeRefusesChangedData() {
        QTemporaryDir here;
        const QString train = here.filePath(QStringLiteral("train.csv")), test = here.filePath(QStringLiteral("test.csv"));
        const QByteArray original = test::madeUpAgNews(300, 5), originalTest = test::madeUpAgNews(80, 6);
        auto write = [](const QString& path, const QByteArray& bytes) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bytes);
        };
        write(train, original);
        write(test, originalTest);
        auto spec = ngramSpec(here.filePath(QStringLiteral("model")));
        spec.trainFile = train.toStdString();
        spec.evalFile = test.toStdString();
        spec.options.epochs = 1;
        QCOMPARE(train::TrainingJob(spec).run().training.status, train::RunStatus::Completed);
        const auto record = spec.effectiveWorkFolder() / "data.json";
        const std::string recorded = readText(record);
        QVERIFY(recorded.find("\"file_rows\": 300") != std::string::npos);
        const std::string weights = readText(spec.outFolder / "model.safetensors");

        const auto lines = original.split('\n');
        QByteArray shorter, edited = original;
        for (int i = 0; i < 200; ++i) shorter += lines[i] + '\n';
        QByteArray updated = lines[7];
        updated.chop(1);  // the closing quote of the description
        edited.replace(lines[7], updated + " updated\"");
        const std::vector<std::tuple<QString, QByteArray, std::string>> changes = {
            {train, shorter, "train.csv: the file has changed since this run started (300 rows then, 200 now)"},
            {train, edited, "train.csv: the file has changed since this run started (300 rows then and now, but not the same rows)"},
            {test, test::madeUpAgNews(80, 7), "test.csv: the file has changed since this run started (80 rows then and now"},
        };
        for (const auto& [file, bytes, message] : changes) {
            write(file, bytes);
            try {
                train::TrainingJob(spec).run(nullptr, true);
                QFAIL("resumed on changed data");
            } catch (const FileError& e) {
                QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
            }
            QCOMPARE(readText(record), recorded);
            QVERIFY(readText(spec.outFolder / "model.safetensors") == weights);
            write(train, original);
            write(test, originalTest);
        }
        QCOMPARE(train::TrainingJob(spec).run(nullptr, true).training.status, train::RunStatus::Completed);
    }

    // A run that another process (or another job here) trains is neither trained again nor
    // deleted; once free, a job clears the half-built folders a killed writer left.
    void aRunInUseIsLeftAlone() {
        train::RunStore store(dir_.filePath(QStringLiteral("runs4")).toStdString());
        auto run = store.create(ngramSpec(QString()));
        const fs::path work = run.spec.effectiveWorkFolder();
        const std::string runJson = readText(run.folder / "run.json");
        {
            auto held = io::FolderLock::acquire(work, "the Headliner app");
            train::TrainingJob job(run.spec);
            try {
                job.run();
                QFAIL("trained a run that is in use");
            } catch (const io::FolderInUse& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("in use by another training run (the Headliner app, process ")), e.what());
            }
            // Nothing of the run was touched: no data read into it, no checkpoint, no model.
            QCOMPARE(readText(run.folder / "run.json"), runJson);
            std::vector<std::string> inWork;
            for (const auto& e : fs::directory_iterator(work)) inWork.push_back(e.path().filename().string());
            QCOMPARE(inWork, std::vector<std::string>{"lock"});
            QVERIFY_THROWS_EXCEPTION(io::FolderInUse, store.remove(run));
            QVERIFY(fs::exists(run.folder / "run.json"));
        }
        // Free again: a writer killed mid-checkpoint left a staging folder, which the job removes.
        const fs::path stale = run.spec.checkpointFolder() / ".last.checkpoint-999999999-0";
        fs::create_directories(stale);
        std::ofstream(stale / "optimizer.safetensors") << "half a file";
        train::TrainingJob job(run.spec);
        QCOMPARE(int(job.run().training.status), int(train::RunStatus::Completed));
        QVERIFY(!fs::exists(stale));
        QVERIFY(fs::exists(run.spec.outFolder / "model.safetensors"));
        store.remove(run);
        QVERIFY(!fs::exists(run.folder));
    }

    void storeIgnoresForeignFolders() {
        const QString root = dir_.filePath(QStringLiteral("runs3"));
        QDir().mkpath(root + QStringLiteral("/not-a-run"));
        QDir().mkpath(root + QStringLiteral("/broken"));
        QFile broken(root + QStringLiteral("/broken/run.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ not json");
        broken.close();
        train::RunStore store(root.toStdString());
        QVERIFY(store.list().empty());
        train::RunRecord fake;
        fake.folder = "/etc";
        QVERIFY_THROWS_EXCEPTION(FileError, store.remove(fake));
        QVERIFY(fs::exists("/etc"));
    }
};

QTEST_GUILESS_MAIN(TestTrainingJob)
#include "tst_training_job.moc"
