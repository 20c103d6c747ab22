#include "app/cli/DemoCommand.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/cli/CommandLine.h"
#include "core/Runtime.h"
#include "core/data/DemoDataset.h"
#include "core/infer/Predictor.h"
#include "core/train/TrainingJob.h"

namespace headliner::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kExitStopped = 130;  // as a shell reports Ctrl-C
constexpr int kQuickSteps = 30;    // --quick: optimizer steps of the transformer

// What the demo trains, with settings chosen for the demo's 2,000 training rows.
struct DemoModel {
    std::string name;  // the preset
    int epochs;
    double learningRate;
    int maxLength;
    std::size_t vocabSize;  // scratch presets' sentencepiece vocabulary
    bool quickLimitsSteps;  // --quick caps it at kQuickSteps
};

const std::vector<DemoModel>& demoModels() {
    // ngram: fastText's recipe (TrainingJob's defaults), a few seconds.
    // scratch-d128: 3 epochs of 63 steps at lr 1e-3 with a 2,000-piece vocabulary and 64 tokens
    // (the demo's headline + description average about 40): about a minute on two cores.
    static const std::vector<DemoModel> models = {
        {"ngram", 5, 2e-2, 256, 0, false},
        {"scratch-d128", 3, 1e-3, 64, 2000, true},
    };
    return models;
}

// Headlines the demo was not trained on, one per class, with the class a reader would pick.
struct Example {
    const char* text;
    const char* expected;
};
constexpr Example kExamples[] = {
    {"Ceasefire talks resume as envoys from both sides meet in the capital", "World"},
    {"Late penalty gives United a 2-1 win in the cup final", "Sports"},
    {"Shares fall after the central bank raises interest rates again", "Business"},
    {"New smartphone chip promises twice the battery life", "Sci/Tech"},
};

const std::vector<OptionSpec>& demoOptions() {
    static const std::vector<OptionSpec> specs = {
        {"out", true, "DIR",
         "where the data and the models go (default: a new folder under "
         "$XDG_DATA_HOME/Headliner/demo-runs, else ~/.local/share/Headliner/demo-runs)"},
        {"models", true, "LIST", "comma-separated: ngram, scratch-d128 (default: both)"},
        {"epochs", true, "N",
         "passes over the training data for every model (default: ngram 5, scratch-d128 3)"},
        {"quick", false, "", "a short run for tests: the transformer stops after 30 steps"},
    };
    return specs;
}

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

std::string knownModels() {
    std::string known;
    for (const auto& m : demoModels()) known += (known.empty() ? "" : ", ") + m.name;
    return known;
}

std::vector<DemoModel> parseModels(const std::string& list) {
    std::vector<DemoModel> chosen;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ',')) {
        const auto first = name.find_first_not_of(" \t");
        if (first == std::string::npos) continue;
        name = name.substr(first, name.find_last_not_of(" \t") - first + 1);
        const auto& all = demoModels();
        const auto it =
            std::find_if(all.begin(), all.end(), [&](const DemoModel& m) { return m.name == name; });
        if (it == all.end()) throw UsageError("unknown model '" + name + "' (known: " + knownModels() + ")");
        if (std::none_of(chosen.begin(), chosen.end(), [&](const DemoModel& m) { return m.name == name; }))
            chosen.push_back(*it);
    }
    if (chosen.empty()) throw UsageError("option --models needs at least one of: " + knownModels());
    return chosen;
}

// $XDG_DATA_HOME/Headliner/demo-runs/YYYYMMDD-HHMMSS (XDG: only an absolute XDG_DATA_HOME counts).
fs::path defaultOutFolder() {
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && fs::path(xdg).is_absolute())
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".local" / "share";
    else
        throw UsageError("neither XDG_DATA_HOME nor HOME is set: give --out DIR");
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    std::ostringstream stamp;
    stamp << std::put_time(&local, "%Y%m%d-%H%M%S");
    fs::path out = base / "Headliner" / "demo-runs" / stamp.str();
    for (int i = 2; fs::exists(out); ++i)
        out = base / "Headliner" / "demo-runs" / (stamp.str() + "-" + std::to_string(i));
    return out;
}

std::atomic<train::TrainingJob*> gDemoJob{nullptr};
std::atomic<bool> gDemoInterrupted{false};

// Only an atomic store (TrainingJob::requestStop takes a mutex); the events pass it on.
extern "C" void headlinerDemoSigint(int) {
    gDemoInterrupted = true;
}

void passOnDemoInterrupt() {
    if (gDemoInterrupted.load())
        if (auto* j = gDemoJob.load()) j->requestStop();
}

// A one-line progress indication on a terminal; warnings always.
class DemoEvents final : public train::JobEvents {
public:
    DemoEvents(std::string model, bool tty) : model_(std::move(model)), tty_(tty) {}

    void onPhase(const std::string& phase, double) override {
        passOnDemoInterrupt();
        if (phase == "train") return;  // the steps say more
        show(phase == "data"        ? "reading the demo data"
             : phase == "tokenizer" ? "training the tokenizer"
             : phase == "model"     ? "building the model"
             : phase == "encode"    ? "tokenizing"
             : phase == "export"    ? "exporting"
                                    : phase);
    }

    void onStep(const train::StepEvent& e) override {
        passOnDemoInterrupt();
        // At most ten redraws a second: the n-gram baseline makes hundreds of steps a second.
        const auto now = std::chrono::steady_clock::now();
        if (e.step < e.totalSteps && now - lastDraw_ < std::chrono::milliseconds(100)) return;
        lastDraw_ = now;
        const double eta = e.step > 0 ? e.elapsedSeconds / double(e.step) * double(e.totalSteps - e.step) : 0;
        show("step " + std::to_string(e.step) + "/" + std::to_string(e.totalSteps) + ", epoch " +
             fixed(e.epochFraction, 2) + ", loss " + fixed(e.loss, 4) + ", about " + fixed(eta, 0) +
             " s left");
    }

    void onEvaluation(const train::EvaluationEvent& e) override {
        show("evaluated at step " + std::to_string(e.metrics.step) + ": accuracy " +
             fixed(e.metrics.accuracy, 4));
    }

    void onLog(train::LogLevel level, const std::string& message) override {
        if (level != train::LogLevel::Warning) return;
        clear();
        std::cerr << "[" << model_ << "] warning: " << message << "\n";
    }

    void clear() {
        if (shown_) std::cerr << "\r\033[K" << std::flush;
        shown_ = false;
    }

private:
    void show(const std::string& text) {
        if (!tty_) return;
        std::cerr << "\r\033[K[" << model_ << "] " << text << std::flush;
        shown_ = true;
    }

    std::string model_;
    bool tty_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point lastDraw_{};
};

struct Outcome {
    std::string model;
    double accuracy = 0, macroF1 = 0, seconds = 0;
};

// Restores the previous SIGINT handler and forgets the job, however the run ends.
class InterruptScope {
public:
    explicit InterruptScope(train::TrainingJob& job) {
        gDemoJob = &job;
        previous_ = std::signal(SIGINT, headlinerDemoSigint);
    }
    ~InterruptScope() {
        std::signal(SIGINT, previous_);
        gDemoJob = nullptr;
    }
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    void (*previous_)(int) = SIG_DFL;
};

}  // namespace

const char* const kDemoSummary = "train the demo models on the built-in dataset and show their metrics";

std::string demoUsage() {
    return "Usage: headliner-cli demo [--out DIR] [--models LIST] [--epochs N] [--quick]\n\n"
           "The app's demo without a display: writes the built-in demo dataset (2,000 news headlines\n"
           "to train on, 400 to test on, 4 classes), trains the n-gram baseline (seconds) and a small\n"
           "transformer from scratch (scratch-d128 with its own sentencepiece tokenizer, about a minute\n"
           "on two CPU cores), and prints per model the test accuracy, macro-F1, wall time, the exported\n"
           "model folder and its predictions for four example headlines. HEADLINER_THREADS sets the\n"
           "CPU threads.\n\n"
           "Options:\n" +
           describeOptions(demoOptions());
}

int runDemo(const std::vector<std::string>& args) {
    const CommandLine cl(args, demoOptions());
    if (!cl.positionals().empty()) throw UsageError("demo takes no arguments besides its options");
    const std::vector<DemoModel> models = parseModels(cl.valueOr("models", knownModels()));
    const int epochs = cl.intOr("epochs", 0);
    if (cl.has("epochs") && epochs < 1) throw UsageError("option --epochs must be at least 1");
    const bool quick = cl.has("quick");
    if (cl.has("out") && cl.value("out")->empty()) throw UsageError("option --out needs a folder");
    const fs::path out =
        cl.has("out") ? fs::absolute(*cl.value("out")).lexically_normal() : defaultOutFolder();

    const int threads = initRuntime();
    const data::DemoFiles demo = data::writeDemoDataset(out / "data");
    std::cout << "demo folder: " << out.string() << "\n"
              << "data: " << demo.train.string() << ", " << demo.test.string() << " (" << threads
              << " CPU threads)\n"
              << std::flush;

    const bool tty = ::isatty(2) == 1;
    gDemoInterrupted = false;
    std::vector<Outcome> outcomes;
    for (const auto& dm : models) {
        train::JobSpec spec;
        spec.trainFile = demo.train;
        spec.evalFile = demo.test;
        spec.preset = dm.name;
        spec.datasetName = "headliner-demo";
        spec.options = train::defaultOptionsFor(dm.name);
        spec.options.epochs = epochs > 0 ? epochs : dm.epochs;
        spec.options.learningRate = dm.learningRate;
        spec.options.seed = 42;
        if (quick && dm.quickLimitsSteps) spec.options.maxSteps = kQuickSteps;
        spec.maxLength = dm.maxLength;
        if (dm.vocabSize > 0) spec.vocabSize = dm.vocabSize;
        spec.outFolder = out / dm.name;
        spec.workFolder = out / (dm.name + ".training");

        DemoEvents events(dm.name, tty);
        train::TrainingJob job(spec);
        const auto start = std::chrono::steady_clock::now();
        train::JobResult r;
        {
            const InterruptScope scope(job);
            try {
                r = job.run(&events);
            } catch (const std::invalid_argument& e) {
                events.clear();
                throw UsageError(e.what());
            } catch (...) {
                events.clear();
                throw;
            }
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        events.clear();
        const auto& t = r.training;
        if (t.status == train::RunStatus::Stopped || gDemoInterrupted) {
            std::cerr << "headliner-cli demo: stopped (" << dm.name << ")\n";
            return kExitStopped;
        }
        if (t.status == train::RunStatus::Failed) {
            std::cerr << "headliner-cli demo: error: " << dm.name << ": " << t.error << "\n";
            return 1;
        }
        if (t.bestIndex < 0) {
            std::cerr << "headliner-cli demo: error: " << dm.name << " was never evaluated\n";
            return 1;
        }
        const auto& m = t.history[std::size_t(t.bestIndex)];
        const std::string tag = "[" + dm.name + "] ";
        std::cout << tag << "test accuracy " << fixed(m.accuracy, 4) << ", macro-F1 " << fixed(m.macroF1, 4)
                  << " (" << m.rows << " rows), " << fixed(seconds, 1) << " s (" << t.steps << " steps)\n"
                  << tag << "model folder: " << r.modelFolder.string() << "\n";

        // The exported folder, as the app's Predict page and `headliner-cli logits` load it.
        auto predictor = infer::Predictor::open(r.modelFolder);
        std::vector<std::string> texts;
        for (const auto& ex : kExamples) texts.emplace_back(ex.text);
        const auto predictions = predictor.predict(texts, std::size_t(dm.maxLength));
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto& p = predictions[i];
            const float prob = p.label >= 0 ? p.probs[std::size_t(p.label)] : 0.0f;
            std::cout << tag << "predict \"" << texts[i] << "\" -> " << p.labelName
                      << " (p=" << fixed(prob, 3) << ", expected " << kExamples[i].expected << ")\n";
        }
        std::cout << std::flush;
        outcomes.push_back({dm.name, m.accuracy, m.macroF1, seconds});
    }

    std::cout << "\nmodel           accuracy  macro-F1    time\n";
    for (const auto& o : outcomes) {
        std::string name = o.model;
        name.resize(14, ' ');
        std::cout << name << std::setw(10) << fixed(o.accuracy, 4) << std::setw(10) << fixed(o.macroF1, 4)
                  << std::setw(8) << fixed(o.seconds, 1) << " s\n";
    }
    return 0;
}

}  // namespace headliner::cli
