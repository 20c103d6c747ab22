#include "core/train/RunStore.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "core/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/FolderLock.h"

namespace headliner::train {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRunFile = "run.json";
constexpr const char* kStateFile = "trainer_state.json";  // as TrainerCheckpoint writes it

bool processAlive(std::int64_t pid) {
    if (pid <= 0) return false;
    if (pid == std::int64_t(::getpid())) return true;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

std::string safeName(const std::string& s) {
    std::string out;
    for (const char c : s)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
    return out.empty() ? "run" : out;
}

nlohmann::json toJson(const StepRecord& s) {
    return {{"step", s.step},       {"epoch", s.epoch},        {"loss", s.loss},
            {"lr", s.learningRate}, {"grad_norm", s.gradNorm}, {"samples_per_s", s.samplesPerSecond}};
}

std::int64_t recordStep(const nlohmann::json& j) {
    if (j.contains("eval")) return j["eval"].value("step", std::int64_t{0});
    return j.value("step", std::int64_t{0});
}

int bestOf(const std::vector<EvalMetrics>& evals, BestMetric metric) {
    int best = -1;
    for (std::size_t i = 0; i < evals.size(); ++i) {
        if (best < 0) {
            best = int(i);
            continue;
        }
        const auto& b = evals[std::size_t(best)];
        const bool better =
            metric == BestMetric::Accuracy ? evals[i].accuracy > b.accuracy : evals[i].loss < b.loss;
        if (better) best = int(i);
    }
    return best;
}

// Reads metrics.jsonl into the run (steps only when wanted); bad lines are skipped.
void readLog(RunRecord& run, bool steps) {
    std::ifstream in(run.metricsFile());
    std::string line;
    run.evalLog.clear();
    run.stepLog.clear();
    while (std::getline(in, line)) {
        try {
            const auto j = nlohmann::json::parse(line);
            if (j.contains("eval")) {
                run.evalLog.push_back(evalMetricsFromJson(j["eval"]));
            } else if (steps) {
                StepRecord s;
                s.step = j.value("step", std::int64_t{0});
                s.epoch = j.value("epoch", 0.0);
                s.loss = j.value("loss", 0.0);
                s.learningRate = j.value("lr", 0.0);
                s.gradNorm = j.value("grad_norm", 0.0);
                s.samplesPerSecond = j.value("samples_per_s", 0.0);
                run.stepLog.push_back(s);
            }
        } catch (const nlohmann::json::exception&) {
            // A line cut by a kill.
        }
    }
    run.bestIndex = bestOf(run.evalLog, run.spec.options.bestMetric);
}

RunRecord readRun(const fs::path& folder, bool steps) {
    const fs::path file = folder / kRunFile;
    std::ifstream in(file);
    if (!in) throw FileError(file, 0, "cannot open the run description");
    RunRecord r;
    try {
        const auto j = nlohmann::json::parse(in);
        r.id = j.value("id", folder.filename().string());
        r.folder = folder;
        r.spec = jobSpecFromJson(j.at("spec"));
        r.state = parseRunState(j.value("state", std::string("interrupted")));
        r.created = j.value("created", std::string());
        r.updated = j.value("updated", std::string());
        r.error = j.value("error", std::string());
        r.labels = j.value("labels", std::vector<std::string>());
        r.pid = j.value("pid", std::int64_t{0});
        r.steps = j.value("steps", std::int64_t{0});
        r.seconds = j.value("seconds", 0.0);
    } catch (const std::exception& e) {
        throw FileError(file, 0, std::string("not a run description: ") + e.what());
    }
    // The folder may have moved (a copied data folder): its own model/ and work/ count.
    r.spec.outFolder = folder / "model";
    r.spec.workFolder = folder / "work";
    if (r.state == RunState::Running && !processAlive(r.pid)) r.state = RunState::Interrupted;
    readLog(r, steps);
    return r;
}

}  // namespace

std::string runStateName(RunState s) {
    switch (s) {
        case RunState::Created:
            return "created";
        case RunState::Running:
            return "running";
        case RunState::Completed:
            return "completed";
        case RunState::EarlyStopped:
            return "early_stopped";
        case RunState::Stopped:
            return "stopped";
        case RunState::Failed:
            return "failed";
        case RunState::Interrupted:
            return "interrupted";
    }
    return "interrupted";
}

RunState parseRunState(const std::string& n) {
    for (const auto s : {RunState::Created, RunState::Running, RunState::Completed, RunState::EarlyStopped,
                         RunState::Stopped, RunState::Failed})
        if (runStateName(s) == n) return s;
    return RunState::Interrupted;
}

std::string utcNow() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::ostringstream s;
    s << std::put_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
    return s.str();
}

bool RunRecord::hasModel() const {
    std::error_code ec;
    return fs::exists(modelFolder() / "config.json", ec) ||
           fs::exists(modelFolder() / "headliner_config.json", ec);
}

bool RunRecord::isResumable() const {
    if (state != RunState::Stopped && state != RunState::Interrupted && state != RunState::Failed)
        return false;
    std::error_code ec;
    return fs::exists(spec.checkpointFolder() / "last" / kStateFile, ec);
}

RunStore::RunStore(fs::path root) : root_(std::move(root)) {}

RunRecord RunStore::create(JobSpec spec) {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec) throw FileError(root_, 0, "cannot create the runs folder: " + ec.message());
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::ostringstream stamp;
    stamp << std::put_time(&tm, "%Y%m%d-%H%M%S");
    const std::string base = stamp.str() + "-" + safeName(spec.modelName());
    std::string id = base;
    for (int n = 2; fs::exists(root_ / id); ++n) id = base + "-" + std::to_string(n);

    RunRecord r;
    r.id = id;
    r.folder = root_ / id;
    fs::create_directories(r.folder, ec);
    if (ec) throw FileError(r.folder, 0, "cannot create the run folder: " + ec.message());
    spec.outFolder = r.folder / "model";
    spec.workFolder = r.folder / "work";
    if (spec.datasetName.empty()) spec.datasetName = spec.trainFile.filename().string();
    r.spec = std::move(spec);
    r.created = r.updated = utcNow();
    save(r);
    return r;
}

std::vector<RunRecord> RunStore::list() const {
    std::vector<RunRecord> runs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        if (!entry.is_directory() || !fs::exists(entry.path() / kRunFile)) continue;
        try {
            runs.push_back(readRun(entry.path(), false));
        } catch (const FileError&) {
            // Not a run (or a broken one): the folder is left as it is.
        }
    }
    std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
        return a.created != b.created ? a.created > b.created : a.id > b.id;
    });
    return runs;
}

RunRecord RunStore::load(const fs::path& folder) const {
    return readRun(folder, true);
}

void RunStore::remove(const RunRecord& run) const {
    // Only folders of this store, never a path that merely claims to be one.
    const auto parent = fs::weakly_canonical(run.folder).parent_path();
    if (parent != fs::weakly_canonical(root_) || !fs::exists(run.folder / kRunFile))
        throw FileError(run.folder, 0, "not a run of " + root_.string());
    // Never a run that is training (in another window, or from the command line): FolderInUse.
    io::FolderLock lock;
    const auto work = fs::weakly_canonical(run.spec.effectiveWorkFolder());
    if (work.parent_path() == fs::weakly_canonical(run.folder)) lock = io::FolderLock::acquire(work, "deleting the run");
    std::error_code ec;
    fs::remove_all(run.folder, ec);
    if (ec) throw FileError(run.folder, 0, "cannot remove: " + ec.message());
}

void RunStore::save(const RunRecord& r) {
    nlohmann::json j{{"id", r.id},           {"state", runStateName(r.state)},
                     {"created", r.created}, {"updated", r.updated},
                     {"error", r.error},     {"labels", r.labels},
                     {"pid", r.pid},         {"steps", r.steps},
                     {"seconds", r.seconds}, {"spec", toJson(r.spec)}};
    io::writeFileAtomically(r.folder / kRunFile, j.dump(2) + "\n");
}

std::int64_t checkpointStep(const fs::path& checkpointFolder) {
    std::ifstream st(checkpointFolder / "last" / kStateFile);
    if (!st) return 0;
    try {
        return nlohmann::json::parse(st).value("step", std::int64_t{0});
    } catch (const nlohmann::json::exception&) {
        return 0;
    }
}

void trimMetricsLog(const fs::path& file, std::int64_t step) {
    std::ifstream in(file);
    if (!in) return;
    std::string kept, line;
    while (std::getline(in, line)) {
        try {
            if (recordStep(nlohmann::json::parse(line)) <= step) kept += line + "\n";
        } catch (const nlohmann::json::exception&) {
            // A line cut by the kill: dropped.
        }
    }
    in.close();
    io::writeFileAtomically(file, kept);
}

RunRecorder::RunRecorder(RunRecord& run, TrainingEvents* next) : run_(run), next_(next) {}
RunRecorder::~RunRecorder() = default;

void RunRecorder::start(bool resume) {
    const auto file = run_.metricsFile();
    try {
        if (resume) {
            const auto step = checkpointStep(run_.spec.checkpointFolder());
            trimMetricsLog(file, step);
            readLog(run_, true);
        } else {
            run_.stepLog.clear();
            run_.evalLog.clear();
            run_.bestIndex = -1;
        }
    } catch (const std::exception& e) {
        onLog(LogLevel::Warning, std::string("metrics log not trimmed: ") + e.what());
    }
    log_.open(file, resume ? std::ios::app : std::ios::trunc);
    if (!log_ && next_)
        next_->onLog(LogLevel::Warning,
                     "cannot write " + file.string() + ": the curves of this run will not be kept");
    run_.state = RunState::Running;
    run_.error.clear();
    run_.pid = std::int64_t(::getpid());
    saveRun();
}

void RunRecorder::fail(const std::string& message) {
    run_.state = RunState::Failed;
    run_.error = message;
    run_.pid = 0;
    saveRun();
}

void RunRecorder::append(const nlohmann::json& record) {
    if (!log_) return;
    log_ << record.dump() << '\n';
    log_.flush();
    if (!log_ && !writeErrorReported_ && next_) {
        writeErrorReported_ = true;
        next_->onLog(LogLevel::Warning, "cannot write " + run_.metricsFile().string() + " (disk full?)");
    }
}

void RunRecorder::saveRun() {
    run_.updated = utcNow();
    try {
        RunStore::save(run_);
    } catch (const std::exception& e) {
        if (next_) next_->onLog(LogLevel::Warning, e.what());
    }
}

void RunRecorder::onPhase(const std::string& phase, double fraction) {
    if (auto* j = dynamic_cast<JobEvents*>(next_)) j->onPhase(phase, fraction);
}

void RunRecorder::onData(const std::vector<std::string>& labels, std::size_t trainRows,
                         std::size_t evalRows) {
    run_.labels = labels;
    saveRun();
    if (auto* j = dynamic_cast<JobEvents*>(next_)) j->onData(labels, trainRows, evalRows);
}

void RunRecorder::onBestModel(const std::filesystem::path& folder) {
    if (auto* j = dynamic_cast<JobEvents*>(next_)) j->onBestModel(folder);
}

void RunRecorder::onStep(const StepEvent& e) {
    StepRecord s;
    s.step = e.step;
    s.epoch = e.epochFraction;
    s.loss = e.loss;
    s.learningRate = e.learningRate;
    s.gradNorm = e.gradNorm;
    s.samplesPerSecond = e.samplesPerSecond;
    run_.stepLog.push_back(s);
    run_.steps = e.step;
    append(toJson(s));
    if (next_) next_->onStep(e);
}

void RunRecorder::onEvaluation(const EvaluationEvent& e) {
    run_.evalLog.push_back(e.metrics);
    if (e.best) run_.bestIndex = int(run_.evalLog.size()) - 1;
    append({{"eval", toJson(e.metrics)}, {"best", e.best}});
    if (next_) next_->onEvaluation(e);
}

void RunRecorder::onCheckpoint(const CheckpointEvent& e) {
    saveRun();  // the step count that a resume would start from is on disk now
    if (next_) next_->onCheckpoint(e);
}

void RunRecorder::onLog(LogLevel level, const std::string& message) {
    if (next_) next_->onLog(level, message);
}

void RunRecorder::onError(const std::string& message) {
    run_.error = message;
    if (next_) next_->onError(message);
}

void RunRecorder::onFinished(const TrainingResult& result) {
    switch (result.status) {
        case RunStatus::Completed:
            run_.state = RunState::Completed;
            break;
        case RunStatus::EarlyStopped:
            run_.state = RunState::EarlyStopped;
            break;
        case RunStatus::Stopped:
            run_.state = RunState::Stopped;
            break;
        case RunStatus::Failed:
            run_.state = RunState::Failed;
            break;
    }
    if (result.status == RunStatus::Failed) run_.error = result.error;
    run_.steps = result.steps;
    run_.seconds += result.seconds;
    run_.pid = 0;
    saveRun();
    if (next_) next_->onFinished(result);
}

}  // namespace headliner::train
