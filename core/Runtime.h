#pragma once
// Process-wide set-up of the numeric runtime. Call once at start-up, before any tensor work.

namespace headliner {

struct RuntimeOptions {
    // Intra-op threads for LibTorch; 0 = one per available core (LibTorch itself picks 1 on
    // some 2-vCPU machines, which halves CPU training speed).
    int threads = 0;
};

// Sets LibTorch's thread count and returns the number in effect. HEADLINER_THREADS in the
// environment overrides options.threads. The first call also replaces OpenBLAS's kernels where
// OpenBLAS does not know the CPU (blas::chooseKernels, core/BlasKernels.h), so it must come
// before any matrix product.
int initRuntime(const RuntimeOptions& options = {});

// While at least one of these exists, memory the process frees stays in the process for reuse
// instead of going back to the system (glibc: no mmap for large blocks, no heap trimming); when
// the last one goes, the unused memory is handed back. A CPU train step allocates and frees
// hundreds of megabytes of gradients and temporaries: without this each step pays for fresh
// zeroed pages from the kernel (a quarter of a DistilBERT step here). Thread-safe; may nest.
class RetainFreedMemory {
public:
    RetainFreedMemory();
    ~RetainFreedMemory();
    RetainFreedMemory(const RetainFreedMemory&) = delete;
    RetainFreedMemory& operator=(const RetainFreedMemory&) = delete;

    // Whether any is alive (for tests).
    static bool active();
};

// Hands the free pages of the process's heap back to the system (glibc's malloc_trim), for
// after a large one-off use such as loading a model; nothing while a RetainFreedMemory lives.
void returnFreedMemory();

// LibTorch's CPU threads for the operations this thread runs, set for a scope and put back at
// its end; other threads keep theirs (with OpenMP, which LibTorch's CPU builds use).
class ScopedThreads {
public:
    explicit ScopedThreads(int threads);
    ~ScopedThreads();
    ScopedThreads(const ScopedThreads&) = delete;
    ScopedThreads& operator=(const ScopedThreads&) = delete;

private:
    static void setThisThread(int threads);
    int previous_;
};

// Cores this process may run on (respects CPU affinity / cgroup cpusets).
int availableCores();

// The most memory this process has had resident so far, in MiB (getrusage's ru_maxrss).
double peakResidentMiB();

}  // namespace headliner
