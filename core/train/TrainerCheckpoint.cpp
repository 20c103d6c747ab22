// Saving and restoring a run: weights, AdamW moments, RNG state and the loop's position, in a
// folder that is written beside its final place and swapped in whole.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>

#include <ATen/CPUGeneratorImpl.h>

#include "core/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/AtomicFolder.h"
#include "core/model/Checkpoint.h"
#include "core/train/TrainerImpl.h"

namespace headliner::train {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStateFile = "trainer_state.json";
constexpr const char* kWeightsFile = "model.safetensors";
constexpr const char* kOptimizerFile = "optimizer.safetensors";
constexpr int kStateVersion = 1;

std::optional<io::DType> dtypeOf(const torch::Tensor& t) {
    switch (t.scalar_type()) {
    case torch::kFloat: return io::DType::F32;
    case torch::kDouble: return io::DType::F64;
    case torch::kHalf: return io::DType::F16;
    case torch::kBFloat16: return io::DType::BF16;
    case torch::kLong: return io::DType::I64;
    case torch::kByte: return io::DType::U8;
    default: return std::nullopt;
    }
}

void writeTensors(const fs::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& named) {
    std::vector<torch::Tensor> keep;
    std::vector<io::TensorToWrite> tensors;
    for (const auto& [name, tensor] : named) {
        auto t = tensor.detach().to(torch::kCPU).contiguous();
        const auto dtype = dtypeOf(t);
        if (!dtype) throw FileError(path, 0, "cannot store tensor " + name + " of this dtype");
        keep.push_back(t);
        tensors.push_back({name, *dtype, t.sizes().vec(),
                           {static_cast<const std::byte*>(t.data_ptr()), static_cast<std::size_t>(t.nbytes())}});
    }
    io::writeSafetensors(path, tensors, {{"format", "pt"}});
}

nlohmann::json readJson(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw FileError(path, 0, "cannot open");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw FileError(path, 0, std::string("not valid JSON: ") + e.what());
    }
}

}  // namespace

nlohmann::json toJson(const TrainerState& s) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& m : s.history) history.push_back(toJson(m));
    return {{"version", kStateVersion},
            {"step", s.step},
            {"epoch", s.epoch},
            {"batch_in_epoch", s.batchInEpoch},
            {"rows_in_epoch", s.rowsInEpoch},
            {"batch_size", s.batchSize},
            {"epoch_plan_batch_size", s.epochPlanBatchSize},
            {"epoch_batches", s.epochBatches},
            {"epoch_loss_sum", s.epochLossSum},
            {"epoch_loss_steps", s.epochLossSteps},
            {"epoch_train_loss", s.epochTrainLoss},
            {"history", history},
            {"best_index", s.bestIndex},
            {"evals_without_improvement", s.evalsWithoutImprovement},
            {"last_eval_step", s.lastEvalStep},
            {"last_save_step", s.lastSaveStep},
            {"loss_scale", s.lossScale},
            {"steps_since_backoff", s.stepsSinceBackoff},
            {"finished", s.finished},
            {"status", s.status}};
}

TrainerState trainerStateFromJson(const nlohmann::json& j) {
    TrainerState s;
    j.at("step").get_to(s.step);
    j.at("epoch").get_to(s.epoch);
    j.at("batch_in_epoch").get_to(s.batchInEpoch);
    j.at("rows_in_epoch").get_to(s.rowsInEpoch);
    j.at("batch_size").get_to(s.batchSize);
    if (j.contains("epoch_plan_batch_size")) j.at("epoch_plan_batch_size").get_to(s.epochPlanBatchSize);
    if (j.contains("epoch_batches")) j.at("epoch_batches").get_to(s.epochBatches);
    j.at("epoch_loss_sum").get_to(s.epochLossSum);
    j.at("epoch_loss_steps").get_to(s.epochLossSteps);
    j.at("epoch_train_loss").get_to(s.epochTrainLoss);
    for (const auto& m : j.at("history")) s.history.push_back(evalMetricsFromJson(m));
    j.at("best_index").get_to(s.bestIndex);
    j.at("evals_without_improvement").get_to(s.evalsWithoutImprovement);
    j.at("last_eval_step").get_to(s.lastEvalStep);
    j.at("last_save_step").get_to(s.lastSaveStep);
    j.at("loss_scale").get_to(s.lossScale);
    j.at("steps_since_backoff").get_to(s.stepsSinceBackoff);
    j.at("finished").get_to(s.finished);
    j.at("status").get_to(s.status);
    return s;
}

namespace {

using Clock = std::chrono::steady_clock;
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// What one checkpoint writes, on the host and out of training's reach.
struct Snapshot {
    fs::path root;
    std::int64_t step = 0;
    NamedTensors weights, optimizer;
    std::string state;        // trainer_state.json
    std::string bestMetrics;  // metrics.json of best/; empty: best/ is not written
};

// A host copy of `t` for the snapshot. GPU tensors are copied by the move to the host anyway;
// CPU ones are cloned when the write runs behind training (which updates them in place), and
// written as they are when training waits for the write.
torch::Tensor hostCopy(const torch::Tensor& t, bool ownCopy) {
    auto d = t.detach();
    if (!d.is_cpu()) return d.to(torch::kCPU).contiguous();
    return ownCopy ? d.clone(at::MemoryFormat::Contiguous) : d.contiguous();
}

std::uint64_t bytesOf(const NamedTensors& tensors) {
    std::uint64_t n = 0;
    for (const auto& [name, t] : tensors) n += std::uint64_t(t.nbytes());
    return n;
}

// Writes the snapshot: best/ first (a kill between the two leaves a `last` whose history does
// not yet know this evaluation, and the resumed run evaluates, and writes best/, again), then
// last/. Each folder is built beside its place and swapped in whole.
CheckpointEvent writeSnapshot(const Snapshot& s) {
    const auto started = Clock::now();
    CheckpointEvent ev;
    ev.step = s.step;
    ev.folder = s.root / "last";
    ev.best = !s.bestMetrics.empty();
    fs::create_directories(s.root);
    // A failed write (a full disk) leaves the previous checkpoint as it was.
    const std::string checkpointName = "the checkpoint of step " + std::to_string(s.step);
    if (ev.best)
        io::writeFolderAtomically(s.root / "best", "checkpoint", checkpointName, [&](const fs::path& staged) {
            writeTensors(staged / kWeightsFile, s.weights);
            io::writeFileAtomically(staged / "metrics.json", s.bestMetrics);
        });
    io::writeFolderAtomically(ev.folder, "checkpoint", checkpointName, [&](const fs::path& staged) {
        writeTensors(staged / kWeightsFile, s.weights);
        writeTensors(staged / kOptimizerFile, s.optimizer);
        io::writeFileAtomically(staged / kStateFile, s.state);
    });
    ev.bytes = bytesOf(s.weights) * (ev.best ? 2 : 1) + bytesOf(s.optimizer);
    ev.writeSeconds = secondsSince(started);
    return ev;
}

// The default generator of a CUDA device (its Philox seed and offset: dropout's masks).
at::Generator cudaGenerator(const torch::Device& device) {
    return at::globalContext().defaultGenerator(device);
}

}  // namespace

void Trainer::Impl::saveCheckpoint(bool writeBest) {
    const auto started = Clock::now();
    finishPendingCheckpoint(/*wait=*/true);
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->root = options.checkpointFolder;
    snapshot->step = state.step;
    {
        torch::NoGradGuard noGrad;
        for (const auto& p : model->named_parameters())
            snapshot->weights.emplace_back(p.key(), hostCopy(p.value(), asyncCheckpoints).to(torch::kFloat));
        for (std::size_t i = 0; i < optimizer.params.size(); ++i) {
            snapshot->optimizer.emplace_back("exp_avg." + optimizer.names[i], hostCopy(optimizer.expAvg[i], asyncCheckpoints));
            snapshot->optimizer.emplace_back("exp_avg_sq." + optimizer.names[i], hostCopy(optimizer.expAvgSq[i], asyncCheckpoints));
        }
    }
    snapshot->optimizer.emplace_back("rng.cpu", at::detail::getDefaultCPUGenerator().get_state());
    if (device.is_cuda()) {
        auto generator = cudaGenerator(device);
        std::lock_guard<std::mutex> lock(generator.mutex());
        snapshot->optimizer.emplace_back("rng.cuda", generator.get_state());
    }
    nlohmann::json j = toJson(state);
    j["optimizer_steps"] = optimizer.steps;
    j["options"] = toJson(options);
    snapshot->state = j.dump(2) + "\n";
    if (writeBest) snapshot->bestMetrics = toJson(state.history.back()).dump(2) + "\n";
    if (!asyncCheckpoints) {
        CheckpointEvent ev = writeSnapshot(*snapshot);
        ev.waitSeconds = secondsSince(started);
        if (events) events->onCheckpoint(ev);
        return;
    }
    const double waited = secondsSince(started);
    pendingCheckpoint = std::async(std::launch::async, [snapshot, waited] {
        CheckpointEvent ev = writeSnapshot(*snapshot);
        ev.waitSeconds = waited;
        ev.background = true;
        return ev;
    });
}

void Trainer::Impl::finishPendingCheckpoint(bool wait) {
    if (!pendingCheckpoint.valid()) return;
    if (!wait && pendingCheckpoint.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    const CheckpointEvent ev = pendingCheckpoint.get();  // rethrows the write's error
    if (events) events->onCheckpoint(ev);
}

std::string Trainer::Impl::drainPendingCheckpoint() noexcept {
    try {
        finishPendingCheckpoint(/*wait=*/true);
        return {};
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "the checkpoint could not be written";
    }
}

bool Trainer::hasCheckpoint(const fs::path& checkpointFolder) {
    return fs::exists(checkpointFolder / "last" / kStateFile);
}

bool Trainer::Impl::loadCheckpoint() {
    const fs::path last = options.checkpointFolder / "last";
    if (!fs::exists(last / kStateFile)) return false;
    const auto j = readJson(last / kStateFile);
    try {
        if (j.value("version", 0) != kStateVersion)
            throw FileError(last / kStateFile, 0, "unknown checkpoint version " + std::to_string(j.value("version", 0)));
        state = trainerStateFromJson(j);
        optimizer.steps = j.at("optimizer_steps").get<std::int64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw FileError(last / kStateFile, 0, std::string("incomplete trainer state: ") + e.what());
    }
    const auto weights = model::readSafetensors(last / kWeightsFile);
    const auto report = model::loadStateDict(*model, weights, last / kWeightsFile);
    if (!report.missing.empty())
        throw FileError(last / kWeightsFile, 0, "the checkpoint lacks " + report.missing.front() + " (another model?)");
    const auto moments = model::readSafetensors(last / kOptimizerFile);
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < optimizer.params.size(); ++i) {
        for (auto [prefix, target] : {std::pair{"exp_avg.", &optimizer.expAvg[i]}, std::pair{"exp_avg_sq.", &optimizer.expAvgSq[i]}}) {
            const auto it = moments.find(prefix + optimizer.names[i]);
            if (it == moments.end())
                throw FileError(last / kOptimizerFile, 0, "no tensor " + std::string(prefix) + optimizer.names[i]);
            if (it->second.sizes() != target->sizes())
                throw FileError(last / kOptimizerFile, 0, "tensor " + std::string(prefix) + optimizer.names[i] + " has the wrong shape");
            target->copy_(it->second);
        }
    }
    if (const auto it = moments.find("rng.cpu"); it != moments.end()) {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(it->second);
    }
    // Saved on a GPU and resumed on one: dropout's masks go on as if never interrupted. (A run
    // moved between the CPU and a GPU draws new masks from there on.)
    if (const auto it = moments.find("rng.cuda"); it != moments.end() && device.is_cuda()) {
        auto generator = cudaGenerator(device);
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(it->second);
    }
    return true;
}

void Trainer::Impl::markFinished(const std::string& status) {
    finishPendingCheckpoint(/*wait=*/true);
    const fs::path file = options.checkpointFolder / "last" / kStateFile;
    if (!fs::exists(file)) return;
    auto j = readJson(file);
    j["finished"] = true;
    j["status"] = status;
    io::writeFileAtomically(file, j.dump(2) + "\n");
}

void Trainer::Impl::rememberBestInMemory() {
    torch::OrderedDict<std::string, torch::Tensor> copy;
    for (const auto& p : model->named_parameters()) copy.insert(p.key(), p.value().detach().to(torch::kCPU, true, true));
    bestInMemory = std::move(copy);
}

bool Trainer::Impl::loadBestWeights() {
    finishPendingCheckpoint(/*wait=*/true);
    torch::NoGradGuard noGrad;
    if (options.checkpointFolder.empty()) {
        if (!bestInMemory) return false;
        for (auto& p : model->named_parameters()) p.value().copy_((*bestInMemory)[p.key()]);
        return true;
    }
    const fs::path file = options.checkpointFolder / "best" / kWeightsFile;
    if (!fs::exists(file)) return false;
    model::loadStateDict(*model, model::readSafetensors(file), file);
    return true;
}

}  // namespace headliner::train
