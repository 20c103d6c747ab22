#pragma once
// Process-wide set-up of the numeric runtime. Call once at start-up, before any tensor work.

namespace headliner {

struct RuntimeOptions {
    // Intra-op threads for LibTorch; 0 = one per available core (LibTorch itself picks 1 on
    // some 2-vCPU machines, which halves CPU training speed).
    int threads = 0;
};

// Sets LibTorch's thread count and returns the number in effect. HEADLINER_THREADS in the
// environment overrides options.threads.
int initRuntime(const RuntimeOptions& options = {});

// Cores this process may run on (respects CPU affinity / cgroup cpusets).
int availableCores();

}  // namespace headliner
