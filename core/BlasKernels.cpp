#include "core/BlasKernels.h"

#include <dlfcn.h>

#include <array>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string_view>

namespace headliner::blas {

namespace {

// OpenBLAS's own entry points, looked up in the process (LibTorch loads the BLAS through
// libblas.so.3, so Headliner does not link OpenBLAS itself). gotoblas_dynamic_quit and
// gotoblas_dynamic_init are what OpenBLAS's load-time constructor uses to choose its kernel set
// (reading OPENBLAS_CORETYPE); only DYNAMIC_ARCH builds have them.
struct OpenBlasApi {
    const char* (*corename)() = nullptr;
    const char* (*config)() = nullptr;
    void (*quit)() = nullptr;
    void (*init)() = nullptr;
};

template <typename F>
F lookUp(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}

OpenBlasApi openBlas() {
    OpenBlasApi api;
    api.corename = lookUp<const char* (*)()>("openblas_get_corename");
    api.config = lookUp<const char* (*)()>("openblas_get_config");
    api.quit = lookUp<void (*)()>("gotoblas_dynamic_quit");
    api.init = lookUp<void (*)()>("gotoblas_dynamic_init");
    return api;
}

// "OpenBLAS 0.3.21" from "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ...".
std::string libraryName(const OpenBlasApi& api) {
    if (!api.corename) return {};
    const std::string config = api.config ? api.config() : "OpenBLAS";
    std::istringstream words(config);
    std::string name, version;
    words >> name >> version;
    return version.empty() ? name : name + " " + version;
}

bool dynamicArch(const OpenBlasApi& api) {
    return api.quit && api.init && api.config &&
           std::string_view(api.config()).find("DYNAMIC_ARCH") != std::string_view::npos;
}

struct State {
    std::mutex mutex;
    bool chosen = false;
    std::string detected;
    std::string origin;
    std::string note;
};

State& state() {
    static State s;
    return s;
}

std::string originWithoutChoice() {
    return std::getenv("OPENBLAS_CORETYPE") ? "OPENBLAS_CORETYPE" : "OpenBLAS";
}

}  // namespace

CpuFeatures cpuFeatures() {
    CpuFeatures cpu;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    cpu.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    // libgcc reports the AVX-512 features only where the OS also saves the registers (XCR0).
    cpu.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                 __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                 __builtin_cpu_supports("avx512vl");
    cpu.avx512Bf16 = cpu.avx512 && __builtin_cpu_supports("avx512bf16");
#endif
    return cpu;
}

std::string betterKernels(const std::string& detected, const CpuFeatures& cpu) {
    // OpenBLAS's x86-64 kernel sets that use neither AVX2 nor AVX-512 (its corename list);
    // "Unknown" is what it reports when it found nothing at all.
    static constexpr std::array<std::string_view, 21> preAvx2 = {
        "Unknown",   "Katmai", "Coppermine",  "Northwood", "Prescott",  "Banias",     "Atom",
        "Core2",     "Penryn", "Dunnington",  "Nehalem",   "Athlon",    "Opteron",    "Opteron_SSE3",
        "Barcelona", "Nano",   "Sandybridge", "Bobcat",    "Bulldozer", "Piledriver", "Steamroller"};
    bool fallback = false;
    for (const auto name : preAvx2) fallback = fallback || detected == name;
    if (!fallback) return {};
    if (cpu.avx512Bf16) return "Cooperlake";
    if (cpu.avx512) return "SkylakeX";
    if (cpu.avx2Fma) return "Haswell";
    return {};
}

std::string Kernels::describe() const {
    if (library.empty()) return "not OpenBLAS: chosen by the BLAS itself";
    if (origin == "Headliner")
        return active + " (Headliner's choice for this CPU; " + library + " chose " + detected + ")";
    if (origin == "OPENBLAS_CORETYPE") return active + " (set by OPENBLAS_CORETYPE)";
    return active + " (" + library + "'s choice)";
}

Kernels chooseKernels() {
    {
        State& s = state();
        const std::lock_guard<std::mutex> lock(s.mutex);
        if (!s.chosen) {
            s.chosen = true;
            const OpenBlasApi api = openBlas();
            if (api.corename) {
                s.detected = api.corename();
                s.origin = originWithoutChoice();
                const std::string better = s.origin == "OpenBLAS" && dynamicArch(api)
                                               ? betterKernels(s.detected, cpuFeatures())
                                               : std::string();
                if (!better.empty()) {
                    // OpenBLAS reads the variable while it chooses; it is removed again so that
                    // child processes make their own choice (and report it as theirs).
                    setenv("OPENBLAS_CORETYPE", better.c_str(), 1);
                    api.quit();
                    api.init();
                    unsetenv("OPENBLAS_CORETYPE");
                    const std::string active = api.corename();
                    if (active != s.detected) {
                        s.origin = "Headliner";
                        s.note = libraryName(api) + " does not know this CPU and chose its " + s.detected +
                                 " kernels; using its " + active + " kernels, which the CPU supports";
                    }
                }
            }
        }
    }
    return kernels();
}

Kernels kernels() {
    Kernels k;
    const OpenBlasApi api = openBlas();
    if (!api.corename) return k;
    k.library = libraryName(api);
    k.active = api.corename();
    State& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    k.detected = s.chosen ? s.detected : k.active;
    k.origin = s.chosen ? s.origin : originWithoutChoice();
    k.note = s.note;
    return k;
}

}  // namespace headliner::blas
