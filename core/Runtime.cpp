#include "core/Runtime.h"

#include <sched.h>

#include <cstdlib>
#include <string>
#include <thread>

#include <torch/torch.h>

namespace headliner {

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
