#include "core/Runtime.h"

#include <malloc.h>
#include <sched.h>
#include <sys/resource.h>

#include <climits>
#include <mutex>

#include <cstdlib>
#include <string>
#include <thread>

#include <torch/torch.h>

#include "core/BlasKernels.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace headliner {

namespace {
std::mutex retainMutex;
int retainCount = 0;
}  // namespace

RetainFreedMemory::RetainFreedMemory() {
    const std::lock_guard<std::mutex> lock(retainMutex);
    if (retainCount++ == 0) {
        mallopt(M_MMAP_MAX, 0);              // large blocks from the heap, so they can be reused
        mallopt(M_TRIM_THRESHOLD, INT_MAX);  // and freed memory is not handed back at once
    }
}

RetainFreedMemory::~RetainFreedMemory() {
    const std::lock_guard<std::mutex> lock(retainMutex);
    if (--retainCount == 0) {
        mallopt(M_MMAP_MAX, 65536);            // glibc's defaults
        mallopt(M_TRIM_THRESHOLD, 128 * 1024);
        malloc_trim(0);
    }
}

void returnFreedMemory() {
    const std::lock_guard<std::mutex> lock(retainMutex);
    if (retainCount == 0) malloc_trim(0);
}

bool RetainFreedMemory::active() {
    const std::lock_guard<std::mutex> lock(retainMutex);
    return retainCount > 0;
}

// LibTorch's OpenMP build counts threads per thread (OpenMP's nthreads ICV, which
// at::get_num_threads reads and at::parallel_for and the BLAS use); torch::set_num_threads also
// sets a process-wide number that every thread adopts at its first parallel call. Only the ICV
// changes here, so a thread that starts meanwhile (the app's prediction thread) keeps the
// process's number. get_num_threads first: it runs this thread's lazy set-up, which would
// otherwise overwrite the ICV later.
ScopedThreads::ScopedThreads(int threads) : previous_(torch::get_num_threads()) {
    if (threads > 0 && threads != previous_) setThisThread(threads);
}

ScopedThreads::~ScopedThreads() {
    if (torch::get_num_threads() != previous_) setThisThread(previous_);
}

void ScopedThreads::setThisThread(int threads) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    torch::set_num_threads(threads);  // without OpenMP: the process-wide number (the old way)
#endif
}

double peakResidentMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

int availableCores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

int initRuntime(const RuntimeOptions& options) {
    blas::chooseKernels();
    int threads = options.threads > 0 ? options.threads : availableCores();
    if (const char* env = std::getenv("HEADLINER_THREADS")) {
        try {
            const int n = std::stoi(env);
            if (n > 0) threads = n;
        } catch (const std::exception&) {
            // A malformed value is ignored; the default stays in effect.
        }
    }
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

}  // namespace headliner
