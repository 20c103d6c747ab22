#include "app/cli/StepProfiler.h"

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#ifdef HEADLINER_PROFILER
#include <set>

#include <torch/csrc/autograd/profiler_kineto.h>
#endif

namespace headliner::cli {

std::unique_ptr<StepProfiler> StepProfiler::fromEnvironment() {
    const char* spec = std::getenv("HEADLINER_PROFILE");
    if (!spec || !*spec) return nullptr;
    const std::string s(spec);
    const auto a = s.find(':'), b = a == std::string::npos ? a : s.find(':', a + 1);
    std::int64_t first = 0, last = 0;
    try {
        if (b == std::string::npos) throw std::invalid_argument("");
        first = std::stoll(s.substr(0, a)), last = std::stoll(s.substr(a + 1, b - a - 1));
    } catch (const std::exception&) {
        throw std::invalid_argument("HEADLINER_PROFILE must be FIRST:LAST:FILE (steps, then the trace file), not '" +
                                    s + "'");
    }
    if (first < 1 || last < first || b + 1 >= s.size())
        throw std::invalid_argument("HEADLINER_PROFILE must be FIRST:LAST:FILE with 1 <= FIRST <= LAST, not '" + s + "'");
#ifndef HEADLINER_PROFILER
    std::cerr << "headliner-cli: HEADLINER_PROFILE is ignored: this build has no profiler "
                 "(configure with -DHEADLINER_PROFILER=ON against a LibTorch with Kineto)\n";
    return nullptr;
#else
    auto profiler = std::unique_ptr<StepProfiler>(new StepProfiler(first, last, s.substr(b + 1)));
    if (first == 1) profiler->afterStep(0);
    return profiler;
#endif
}

StepProfiler::StepProfiler(std::int64_t first, std::int64_t last, std::string file)
    : first_(first), last_(last), file_(std::move(file)) {}

#ifdef HEADLINER_PROFILER
namespace {
namespace kineto = torch::autograd::profiler;
namespace impl = torch::profiler::impl;

const std::set<impl::ActivityType>& activities() {
    static const std::set<impl::ActivityType> all{impl::ActivityType::CPU, impl::ActivityType::CUDA};
    return all;
}
impl::ProfilerConfig config() {
    return impl::ProfilerConfig(impl::ProfilerState::KINETO, /*report_input_shapes=*/true);
}
}  // namespace

// A profiler that fails (a LibTorch without Kineto cannot save traces) says so; the run goes on.
void StepProfiler::afterStep(std::int64_t step) {
    try {
        if (!recording_ && step == first_ - 1) {
            kineto::prepareProfiler(config(), activities());
            kineto::enableProfiler(config(), activities());
            recording_ = true;
        } else if (recording_ && step >= last_) {
            recording_ = false;
            kineto::disableProfiler()->save(file_);
            std::cerr << "headliner-cli: steps " << first_ << ".." << last_ << " profiled into " << file_ << "\n";
        }
    } catch (const c10::Error& e) {
        std::cerr << "headliner-cli: no profile written to " << file_ << ": " << e.what_without_backtrace() << "\n";
        first_ = last_ = -2;  // once
    } catch (const std::exception& e) {
        std::cerr << "headliner-cli: no profile written to " << file_ << ": " << e.what() << "\n";
        first_ = last_ = -2;  // once
    }
}

StepProfiler::~StepProfiler() {
    if (recording_) afterStep(last_);
}
#else
void StepProfiler::afterStep(std::int64_t) {}
StepProfiler::~StepProfiler() = default;
#endif

}  // namespace headliner::cli
