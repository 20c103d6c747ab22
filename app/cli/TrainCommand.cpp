#include "app/cli/TrainCommand.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "app/cli/MetricsOutput.h"
#include "app/cli/ReadOptionsArgs.h"
#include "app/cli/StepProfiler.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "core/data/DatasetReader.h"
#include "core/data/Split.h"
#include "core/io/AtomicFile.h"
#include "core/model/Exporter.h"
#include "core/model/Presets.h"
#include "core/text/EncodedCache.h"
#include "core/train/Trainer.h"
#include "core/train/TrainingJob.h"

namespace headliner::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kDefaultMaxLength = 256;       // AG News: 54 tokens on average, very few past 256
constexpr double kValidationFraction = 0.1;  // held out when --eval is absent
constexpr int kExitStopped = 130;            // as a shell reports Ctrl-C

}  // namespace

const std::vector<OptionSpec>& trainOptions() {
    static const std::vector<OptionSpec> specs = withReadOptions({
        {"train", true, "FILE",
         "training data: any format Headliner reads (AG News CSV, JSONL, fastText, ...)"},
        {"eval", true, "FILE", "evaluation data (default: a stratified 10% of --train, by --seed)"},
        {"model", true, "DIR", "Hugging Face model folder (config.json, weights, tokenizer) to fine-tune"},
        {"preset", true, "NAME",
         "scratch-d128, scratch-d256 (trained from scratch), ngram (fastText-style baseline, from scratch) or "
         "distilbert-base-uncased (with --model)"},
        {"out", true, "DIR",
         "the run's folder: the final model goes to DIR/final, the run's state to DIR/run"},
        {"resume", false, "",
         "continue the run in --out from its last checkpoint (other options override the saved ones)"},
        {"overwrite", false, "",
         "replace a run already in --out (its checkpoints and final model are deleted); without it such a folder is refused"},
        {"epochs", true, "N", "passes over the training data (default 3; ngram preset 5)"},
        {"batch-size", true, "N", "rows per batch (default 64; scratch and ngram presets 32)"},
        {"lr", true, "X", "peak learning rate (default 2e-5; scratch presets 1e-3, ngram 2e-2)"},
        {"weight-decay", true, "X",
         "AdamW weight decay, not on biases and LayerNorm weights (default 0.01; ngram 0)"},
        {"warmup-steps", true, "N", "linear warm-up steps (default 0)"},
        {"warmup-ratio", true, "X",
         "warm-up as a fraction of all steps when --warmup-steps is 0 (default 0; scratch presets 0.1)"},
        {"max-steps", true, "N", "stop after N optimizer steps (overrides --epochs)"},
        {"max-length", true, "N", "token ids per text, special tokens included (default 256)"},
        {"max-grad-norm", true, "X", "clip gradients to this total norm (default 1.0, 0 = off)"},
        {"precision", true, "P", "fp32, bf16 or fp16 (default: fp32 on the CPU, bf16 or fp16 on CUDA)"},
        {"device", true, "D", "auto (the default: the first CUDA device when LibTorch sees one, else the CPU), cpu or cuda[:N]"},
        {"seed", true, "N", "seed of initialization, data order, split and dropout (default 42)"},
        {"shuffle", true, "on|off",
         "shuffle (length-bucketed) batches each epoch (default on); off: rows in file order"},
        {"dropout", true, "X", "set every dropout of the model (e.g. 0 for deterministic batches)"},
        {"eval-every", true, "N", "evaluate every N steps (default: every epoch)"},
        {"save-every", true, "N", "checkpoint every N steps (default: at every evaluation)"},
        {"async-checkpoints", true, "auto|on|off",
         "write checkpoints in a background thread while training goes on (default auto: on for a GPU)"},
        {"defer-readback", true, "auto|on|off",
         "read each step's loss and gradient norm one step late, so the GPU does not wait between steps "
         "(default auto: on for a GPU); the same results"},
        {"fused-layers", true, "auto|on|off",
         "DistilBERT's layers as a few fused autograd operations, for a GPU, where issuing operations "
         "bounds a step (default auto: on for a GPU); the same arithmetic"},
        {"cuda-graphs", true, "auto|on|off",
         "record each batch shape's whole step once and replay it as a CUDA graph (batches padded to "
         "multiples of 8 tokens; default auto: on for a CUDA device, off on the CPU)"},
        {"best-metric", true, "M", "accuracy (default) or eval_loss: which evaluation's weights are kept"},
        {"early-stopping-patience", true, "N",
         "stop after N evaluations without improvement (default: never)"},
        {"early-stopping-threshold", true, "X", "smallest change that counts as an improvement (default 0)"},
        {"grad-accum", true, "N", "batches per optimizer step (default 1)"},
        {"label-smoothing", true, "X", "cross-entropy label smoothing (default 0)"},
        {"class-weights", true, "W", "balanced, or comma-separated weights per class"},
        {"eval-batch-size", true, "N", "rows per evaluation batch (default 4 x --batch-size)"},
        {"vocab-size", true, "N", "scratch presets: sentencepiece vocabulary, at most (default 8000; a smaller training file gets what it fills)"},
        {"log-jsonl", true, "FILE", "append one JSON object per optimizer step and per evaluation"},
        {"work-dir", true, "DIR",
         "run state: run.json, checkpoints, token cache, tokenizer (default OUT/run)"},
    });
    return specs;
}

std::filesystem::path runStateFolder(const std::string& out, const std::optional<std::string>& workDir) {
    if (workDir && !workDir->empty()) return fs::absolute(*workDir).lexically_normal();
    return fs::absolute(out).lexically_normal() / "run";
}

namespace {

double doubleOption(const CommandLine& cl, const std::string& name, double fallback) {
    const auto v = cl.value(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        // Decimal only: stod would also read hexadecimal ("0x10" as 16).
        const double d = v->find_first_of("xX") == std::string::npos ? std::stod(*v, &used) : 0.0;
        if (used != 0 && used == v->size() && std::isfinite(d)) return d;
    } catch (const std::exception&) {
    }
    throw UsageError("option --" + name + " expects a number, got '" + *v + "'");
}

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

std::string clock(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    std::ostringstream o;
    if (s >= 3600)
        o << s / 3600 << ":" << std::setw(2) << std::setfill('0') << (s / 60) % 60;
    else
        o << s / 60;
    o << ":" << std::setw(2) << std::setfill('0') << s % 60;
    return o.str();
}

std::atomic<train::TrainingJob*> gJob{nullptr};
std::atomic<bool> gInterrupted{false};

// Only an atomic store: TrainingJob::requestStop takes a mutex, which a signal handler must not.
// The run's events pass the request on (between steps and between preparation phases).
extern "C" void onInterrupt(int) {
    gInterrupted = true;
}

void passOnInterrupt() {
    if (gInterrupted.exchange(false))
        if (auto* j = gJob.load()) j->requestStop();
}

// While a job runs, Ctrl-C (SIGINT), `kill` (SIGTERM) and a closed terminal or dropped SSH
// session (SIGHUP) stop it as the app's Stop button does: a checkpoint, then exit 130. A signal
// that was ignored when the CLI started stays ignored (`nohup`, a shell script's `&`).
class StopOnSignals {
public:
    explicit StopOnSignals(train::TrainingJob& job) {
        gJob = &job;
        for (std::size_t i = 0; i < kSignals.size(); ++i) {
            previous_[i] = std::signal(kSignals[i], onInterrupt);
            if (previous_[i] == SIG_IGN) std::signal(kSignals[i], SIG_IGN);
        }
    }
    ~StopOnSignals() {
        for (std::size_t i = 0; i < kSignals.size(); ++i) std::signal(kSignals[i], previous_[i]);
        gJob = nullptr;
    }
    StopOnSignals(const StopOnSignals&) = delete;
    StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
    static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
    std::array<void (*)(int), 3> previous_{};
};

// The CLI's view of a run: a progress bar on a terminal, JSON lines in a file, messages on stderr.
class CliEvents final : public train::JobEvents {
public:
    CliEvents(bool tty, std::ofstream* jsonl, StepProfiler* profiler = nullptr)
        : tty_(tty), jsonl_(jsonl), profiler_(profiler) {}

    void onPhase(const std::string& phase, double) override {
        // The data is read: the run is about to replace what a previous run left in its folder.
        if (phase != "data" && dataRead_) std::exchange(dataRead_, nullptr)();
        if (phase == "train") reachedTraining_ = true;
        passOnInterrupt();
    }
    // Called once, when the run's data has been read and before the run writes anything else.
    void onDataRead(std::function<void()> f) { dataRead_ = std::move(f); }
    // Training has started: the run folder's checkpoints are this run's (a new run clears the
    // previous run's just before).
    bool reachedTraining() const { return reachedTraining_; }

    void onStep(const train::StepEvent& e) override {
        passOnInterrupt();
        if (profiler_) profiler_->afterStep(e.step);
        if (jsonl_) {
            nlohmann::json line{{"step", e.step},
                                {"epoch", e.epochFraction},
                                {"loss", e.loss},
                                {"grad_norm", e.gradNorm},
                                {"lr", e.learningRate},
                                {"samples_per_s", e.samplesPerSecond},
                                {"tokens_per_s", e.tokensPerSecond},
                                {"tflops", e.flopsPerSecond / 1e12}};
            if (e.lossScaling) {  // fp16's dynamic loss scaling
                line["loss_scale"] = e.lossScale;
                line["skipped"] = e.skipped;
            }
            *jsonl_ << line.dump() << "\n";
            jsonl_->flush();
        }
        if (firstStep_ < 0) firstStep_ = e.step - 1, firstElapsed_ = 0;
        samplesRate_ = samplesRate_ == 0 ? e.samplesPerSecond : 0.9 * samplesRate_ + 0.1 * e.samplesPerSecond;
        if (!tty_) return;
        const double done = double(e.step) / double(std::max<std::int64_t>(1, e.totalSteps));
        const double perStep = e.elapsedSeconds / double(std::max<std::int64_t>(1, e.step - firstStep_));
        const double eta = perStep * double(e.totalSteps - e.step);
        constexpr int kWidth = 30;
        const int filled = int(done * kWidth);
        std::string bar(std::size_t(filled), '=');
        if (filled < kWidth) bar += '>', bar.resize(kWidth, ' ');
        std::cerr << "\r[" << bar << "] " << e.step << "/" << e.totalSteps << " epoch "
                  << fixed(e.epochFraction, 2) << " loss " << fixed(e.loss, 4) << " lr "
                  << std::setprecision(3) << e.learningRate << " " << fixed(samplesRate_, 0)
                  << " samples/s ETA " << clock(eta) << "   " << std::flush;
        barShown_ = true;
    }

    void onEvaluation(const train::EvaluationEvent& e) override {
        if (jsonl_) {
            *jsonl_ << nlohmann::json{{"eval", train::toJson(e.metrics)}}.dump() << "\n";
            jsonl_->flush();
        }
        line("eval step " + std::to_string(e.metrics.step) + " (epoch " + fixed(e.metrics.epoch, 2) +
             "): loss " + fixed(e.metrics.loss, 4) + ", accuracy " + fixed(100 * e.metrics.accuracy, 2) +
             "%, macro-F1 " + fixed(100 * e.metrics.macroF1, 2) + "%" + (e.best ? " (best so far)" : ""));
    }

    void onCheckpoint(const train::CheckpointEvent& e) override {
        line("checkpoint step " + std::to_string(e.step) + (e.best ? " (with the best weights)" : "") + ": " +
             fixed(double(e.bytes) / 1e6, 1) + " MB written in " + fixed(e.writeSeconds, 2) + " s" +
             (e.background ? " in the background, training held " + fixed(e.waitSeconds, 2) + " s" : ""));
    }
    void onLog(train::LogLevel level, const std::string& m) override {
        line(std::string(level == train::LogLevel::Warning ? "warning: " : "") + m);
    }
    void onError(const std::string&) override {}  // printed once by runTrain

    void line(const std::string& text) {
        if (barShown_) std::cerr << "\n";
        barShown_ = false;
        std::cerr << text << "\n";
    }
    void endBar() {
        if (barShown_) std::cerr << "\n";
        barShown_ = false;
    }

private:
    bool reachedTraining_ = false;
    std::function<void()> dataRead_;
    bool tty_;
    std::ofstream* jsonl_;
    StepProfiler* profiler_;
    bool barShown_ = false;
    std::int64_t firstStep_ = -1;
    double firstElapsed_ = 0;
    double samplesRate_ = 0;
};

// Keeps the records of steps up to `step` (a resumed run repeats the steps after it).
void trimLog(const fs::path& file, std::int64_t step) {
    std::ifstream in(file);
    if (!in) return;
    std::string kept, line;
    while (std::getline(in, line)) {
        try {
            const auto j = nlohmann::json::parse(line);
            const std::int64_t s = j.contains("eval") ? j["eval"].value("step", std::int64_t{0})
                                                      : j.value("step", std::int64_t{0});
            if (s <= step) kept += line + "\n";
        } catch (const nlohmann::json::exception&) {
            // A line cut by the kill: dropped.
        }
    }
    io::writeFileAtomically(file, kept);
}

}  // namespace

const char* const kTrainSummary = "fine-tune or train a text classifier and export it";

std::string trainUsage() {
    return "Usage: headliner-cli train --train FILE [--eval FILE] (--model DIR | --preset NAME) --out DIR "
           "[options]\n"
           "       headliner-cli train --resume --out DIR [options to change]   (or: headliner-cli "
           "resume)\n\n"
           "Trains with transformers.Trainer's recipe (AdamW, linear warm-up and decay, clipping at norm "
           "1),\n"
           "evaluates and checkpoints every epoch and keeps the best evaluation's weights. The model the\n"
           "run ends with (the best evaluation's weights) is exported to DIR/final as a Hugging Face\n"
           "model folder with a model card (`headliner-cli logits --model DIR/final` loads it). The run's\n"
           "state lives in DIR/run/: run.json (the options given), checkpoints/last and checkpoints/best,\n"
           "the token cache and a trained tokenizer. Ctrl-C, SIGTERM and a closed terminal stop the run\n"
           "with a checkpoint. After that, a crash or a kill, --resume continues from the last checkpoint\n"
           "(on the CPU with the same result as an uninterrupted run). One run at a time per folder: a\n"
           "folder that another run is training is refused.\n\n"
           "Options:\n" +
           describeOptions(trainOptions());
}

namespace {

// The step of the run's last checkpoint (0 when it cannot be read: the folder holds a run all the same).
std::int64_t lastCheckpointStep(const fs::path& work) {
    try {
        std::ifstream st(work / "checkpoints" / "last" / "trainer_state.json");
        return nlohmann::json::parse(st).value("step", std::int64_t{0});
    } catch (const nlohmann::json::exception&) {
        return 0;
    }
}

}  // namespace

int runTrain(const std::vector<std::string>& args) {
    return runTraining(args, "train");
}

int runTraining(const std::vector<std::string>& argsIn, const std::string& command) {
    CommandLine first(argsIn, trainOptions());
    if (!first.positionals().empty()) throw UsageError(command + " takes no arguments besides its options");
    const auto outArg = first.value("out");
    if (!outArg || outArg->empty()) throw UsageError(command + " needs --out DIR");
    const fs::path out = fs::absolute(*outArg).lexically_normal();
    const fs::path finalFolder = out / "final";
    const fs::path work = runStateFolder(*outArg, first.value("work-dir"));
    const fs::path runFile = work / "run.json";
    const bool resume = first.has("resume");

    // A new run never replaces one in the folder silently: that run's model and checkpoints
    // would be lost. (A run killed before its first checkpoint has nothing to lose.)
    if (!resume) {
        const bool checkpointed = train::Trainer::hasCheckpoint(work / "checkpoints");
        const bool exported = fs::exists(finalFolder / "model.safetensors") || fs::exists(finalFolder / "config.json");
        if ((checkpointed || exported) && !first.has("overwrite")) {
            std::string held = exported ? "a model in " + finalFolder.string() : "";
            if (checkpointed)
                held += (held.empty() ? "" : " and ") + std::string("checkpoints up to step ") +
                        std::to_string(lastCheckpointStep(work));
            throw FileError(out, 0,
                            "already holds a run (" + held + "). Continue it with `headliner-cli resume --out " +
                                out.string() + "`, choose another --out, or add --overwrite to replace it");
        }
    }

    // A resumed run starts from the saved options; the ones given now override them.
    std::vector<std::string> args;
    // A run killed before it saved anything starts anew from the options given now.
    if (resume && fs::exists(runFile)) {
        std::ifstream in(runFile);
        try {
            args = nlohmann::json::parse(in).at("args").get<std::vector<std::string>>();
        } catch (const nlohmann::json::exception& e) {
            throw FileError(runFile, 0, std::string("not a run description: ") + e.what());
        }
    }
    for (const auto& a : argsIn)
        if (a != "--resume" && a != "--overwrite") args.push_back(a);
    const CommandLine cl(args, trainOptions());

    const auto trainFile = cl.value("train");
    if (!trainFile) throw UsageError(command + " needs --train FILE");
    if (cl.has("model") == false && cl.has("preset") == false)
        throw UsageError(command + " needs --model DIR or --preset NAME");
    const std::string preset = cl.valueOr("preset", "");
    if (!preset.empty() && !model::isPreset(preset)) {
        std::string known;
        for (const auto& n : model::presetNames()) known += (known.empty() ? "" : ", ") + n;
        throw UsageError("unknown preset '" + preset + "' (known: " + known + ")");
    }

    // The n-gram baseline has its own defaults (fastText trains it for 5 epochs at a high rate).
    train::TrainerOptions o = train::defaultOptionsFor(preset);
    o.epochs = cl.intAtLeast("epochs", o.epochs, 1);
    o.batchSize = cl.intAtLeast("batch-size", o.batchSize, 1);
    o.learningRate = doubleOption(cl, "lr", o.learningRate);
    o.weightDecay = doubleOption(cl, "weight-decay", o.weightDecay);
    o.warmupSteps = cl.intAtLeast("warmup-steps", 0, 0);
    o.warmupRatio = doubleOption(cl, "warmup-ratio", o.warmupRatio);
    o.maxSteps = cl.intAtLeast("max-steps", 0, 0);
    o.maxGradNorm = doubleOption(cl, "max-grad-norm", 1.0);
    o.labelSmoothing = doubleOption(cl, "label-smoothing", 0.0);
    o.seed = std::uint64_t(cl.intAtLeast("seed", 42, 0));
    o.gradientAccumulation = cl.intAtLeast("grad-accum", 1, 1);
    o.evalEverySteps = cl.intAtLeast("eval-every", 0, 0);
    o.saveEverySteps = cl.intAtLeast("save-every", 0, 0);
    o.evalBatchSize = cl.intAtLeast("eval-batch-size", 0, 0);
    o.earlyStoppingPatience = cl.intAtLeast("early-stopping-patience", 0, 0);
    o.earlyStoppingThreshold = doubleOption(cl, "early-stopping-threshold", 0.0);
    o.device = cl.valueOr("device", "auto");
    const std::string shuffle = cl.valueOr("shuffle", "on");
    if (shuffle != "on" && shuffle != "off") throw UsageError("option --shuffle must be on or off");
    o.shuffle = shuffle == "on";
    o.precision = cl.parsed("precision", "auto", train::parsePrecision);
    o.bestMetric = cl.parsed("best-metric", "accuracy", train::parseBestMetric);
    o.asyncCheckpoints = cl.parsed("async-checkpoints", "auto", train::parseSwitch);
    o.deferStepReadback = cl.parsed("defer-readback", "auto", train::parseSwitch);
    o.fusedLayers = cl.parsed("fused-layers", "auto", train::parseSwitch);
    o.cudaGraphs = cl.parsed("cuda-graphs", "auto", train::parseSwitch);
    const int maxLength = cl.intAtLeast("max-length", kDefaultMaxLength, 2);
    o.checkpointFolder = work / "checkpoints";
    std::optional<double> dropout;
    if (cl.has("dropout")) dropout = doubleOption(cl, "dropout", 0.1);
    // Values no run can use are usage errors, found before the run's folder is touched (whether
    // a CUDA device is there is the run's to find).
    if (!train::isDeviceName(o.device))
        throw UsageError("option --device expects auto, cpu, cuda or cuda:N, got '" + o.device + "'");
    try {
        train::checkOptions(o);
    } catch (const train::TrainingError& e) {
        throw UsageError(e.what());
    }

    // From here on the run's folder is written to: one run at a time (another process training
    // into it is named and this one refused before anything of that run is touched).
    // (With --overwrite, the previous run's model and checkpoints go once the new run's data is
    // read: a mistyped file name loses nothing.)
    io::FolderLock lock = io::FolderLock::acquire(work, "headliner-cli " + command);

    initRuntime();
    std::ofstream jsonl;
    if (const auto logFile = cl.value("log-jsonl")) {
        if (resume) {
            std::int64_t step = 0;
            std::ifstream st(o.checkpointFolder / "last" / "trainer_state.json");
            if (st) step = nlohmann::json::parse(st).value("step", std::int64_t{0});
            trimLog(*logFile, step);
        }
        jsonl.open(*logFile, resume ? std::ios::app : std::ios::trunc);
        if (!jsonl) {
            const int error = errno;
            std::error_code ec;
            const auto parent = fs::absolute(*logFile, ec).parent_path();
            throw FileError(*logFile, 0,
                            "cannot open for writing (" +
                                (fs::is_directory(*logFile, ec) ? std::string("it is a folder")
                                 : !fs::is_directory(parent, ec) ? "no folder " + parent.string()
                                                                 : std::string(std::strerror(error))) +
                                ")");
        }
    }
    const auto profiler = StepProfiler::fromEnvironment();  // a developer's diagnostic
    CliEvents events(::isatty(2) == 1, jsonl.is_open() ? &jsonl : nullptr, profiler.get());

    train::JobSpec spec;
    spec.trainFile = *trainFile;
    if (const auto evalFile = cl.value("eval")) spec.evalFile = *evalFile;
    spec.validationFraction = kValidationFraction;
    spec.preset = preset;
    if (const auto modelDir = cl.value("model")) spec.modelFolder = *modelDir;
    spec.options = o;
    spec.maxLength = maxLength;
    spec.vocabSize = std::size_t(cl.intAtLeast("vocab-size", 8000, 16));
    spec.dropout = dropout;
    spec.classWeights = cl.valueOr("class-weights", "");
    spec.readOptions = readOptionsFrom(cl);
    spec.outFolder = finalFolder;
    spec.workFolder = work;

    // The run's options, for resume: written once its data has been read, so that a new run that
    // fails on a missing file leaves the previous run's description beside its checkpoints.
    if (!resume || !fs::exists(runFile))
        events.onDataRead([&] { io::writeFileAtomically(runFile, nlohmann::json{{"args", args}}.dump(2) + "\n"); });

    spec.holder = "headliner-cli " + command;

    train::TrainingJob job(spec);
    job.adoptLock(std::move(lock));
    // A failure loses nothing of the run: say from where it goes on (the out-of-memory messages
    // already say how to resume).
    const auto workDir = first.value("work-dir");
    const std::string resumeCommand =
        "headliner-cli resume --out " + out.string() + (workDir ? " --work-dir " + work.string() : std::string());
    const auto failed = [&](const std::string& error) {
        std::cerr << "headliner-cli " << command << ": error: " << error << "\n";
        if (error.find("Resume with") == std::string::npos && (resume || events.reachedTraining()) &&
            train::Trainer::hasCheckpoint(work / "checkpoints"))
            std::cerr << "the run's last checkpoint (step " << lastCheckpointStep(work)
                      << ") is intact: once the problem is solved, continue with: " << resumeCommand << "\n";
        return 1;
    };
    train::JobResult jobResult;
    {
        StopOnSignals stopOnSignals(job);
        try {
            jobResult = job.run(&events, resume);
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        } catch (const io::FolderInUse&) {
            throw;
        } catch (const std::exception& e) {  // a file that cannot be read, the model that cannot be written
            events.endBar();
            return failed(e.what());
        }
    }
    events.endBar();
    const auto& result = jobResult.training;
    if (result.status == train::RunStatus::Failed) return failed(result.error);
    if (result.status == train::RunStatus::Stopped) {
        events.line("stopped at step " + std::to_string(result.steps) + "; continue with: " + resumeCommand);
        return kExitStopped;
    }
    events.line(std::string(result.status == train::RunStatus::EarlyStopped ? "stopped early" : "finished") +
                " after " + std::to_string(result.steps) + " steps in " + clock(result.seconds) +
                " (peak memory " + fixed(peakResidentMiB() / 1024.0, 2) + " GiB); model written to " +
                finalFolder.string());
    if (result.bestIndex >= 0) {
        const auto& m = result.history[std::size_t(result.bestIndex)];
        printMetrics(std::cout,
                     "final metrics (step " + std::to_string(m.step) + ", epoch " + fixed(m.epoch, 2) + ", " +
                         std::to_string(m.rows) + " rows)",
                     m, jobResult.labels);
    }
    return 0;
}

}  // namespace headliner::cli
