#pragma once
// A developer's diagnostic for `headliner-cli train`: with HEADLINER_PROFILE=FIRST:LAST:FILE set,
// steps FIRST..LAST are recorded with LibTorch's Kineto profiler (host operations, the trainer's
// own phases as headliner::* scopes, GPU kernels and copies) and written to FILE as a Chrome
// trace (chrome://tracing, ui.perfetto.dev). Built only with -DHEADLINER_PROFILER=ON (LibTorch 2.x
// with Kineto, as bench/gpu/profile.sh does); other builds say so and train as usual.
#include <cstdint>
#include <memory>
#include <string>

namespace headliner::cli {

class StepProfiler {
public:
    // Null when HEADLINER_PROFILE is unset; throws std::invalid_argument when it is malformed.
    static std::unique_ptr<StepProfiler> fromEnvironment();
    ~StepProfiler();
    // Called after each reported step: starts recording after step FIRST-1, stops after LAST.
    void afterStep(std::int64_t step);

private:
    StepProfiler(std::int64_t first, std::int64_t last, std::string file);
    std::int64_t first_, last_;
    std::string file_;
    bool recording_ = false;
};

}  // namespace headliner::cli
