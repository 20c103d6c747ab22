#include "core/train/CpuKernels.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <ATen/Parallel.h>

namespace headliner::train::kernels {

namespace {

// Compiled for AVX-512, AVX2 and the baseline; the loader picks the best the CPU has (x86-64;
// elsewhere the compiler's own vectorisation for the target).
#if defined(__x86_64__)
#define HEADLINER_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define HEADLINER_VECTOR_CLONES
#endif

constexpr std::int64_t kGrain = 1 << 15;  // values per parallel chunk (128 KiB of floats)
constexpr std::int64_t kRowsAhead = 8;    // adamwRows: rows prefetched ahead

HEADLINER_VECTOR_CLONES void adamwChunk(
    float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v, std::int64_t n,
    float decay, float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc2Sqrt, float epsilon,
    float minusStepSize, float gradScale) {
    for (std::int64_t i = 0; i < n; ++i) {
        const float grad = g[i] * gradScale;
        const float param = p[i] * decay;
        const float mean = m[i] + oneMinusBeta1 * (grad - m[i]);                // lerp_, weight < 0.5
        const float second = v[i] * beta2 + oneMinusBeta2 * grad * grad;      // mul_ then addcmul_
        const float denom = std::sqrt(second) / bc2Sqrt + epsilon;            // sqrt / bc2 + eps
        m[i] = mean;
        v[i] = second;
        p[i] = param + minusStepSize * mean / denom;                           // addcdiv_
    }
}

HEADLINER_VECTOR_CLONES double squaresChunk(const float* __restrict x, std::int64_t n) {
    // 16 float partial sums (one vector register), folded into double every 4096 values.
    double total = 0;
    for (std::int64_t start = 0; start < n; start += 4096) {
        const std::int64_t end = start + 4096 < n ? start + 4096 : n;
        float lanes[16] = {};
        std::int64_t i = start;
        for (; i + 16 <= end; i += 16)
            for (int k = 0; k < 16; ++k) lanes[k] += x[i + k] * x[i + k];
        double partial = 0;
        for (; i < end; ++i) partial += double(x[i]) * double(x[i]);
        for (float lane : lanes) partial += double(lane);
        total += partial;
    }
    return total;
}

}  // namespace

void adamwStep(float* p, const float* g, float* m, float* v, std::int64_t n, const AdamWConstants& c) {
    // Scalars as PyTorch derives them: computed in double, then rounded to float once.
    const auto decay = float(1.0 - c.lr * c.weightDecay);
    const auto oneMinusBeta1 = float(1.0 - c.beta1), oneMinusBeta2 = float(1.0 - c.beta2);
    at::parallel_for(0, n, kGrain, [&](std::int64_t begin, std::int64_t end) {
        adamwChunk(p + begin, g + begin, m + begin, v + begin, end - begin, decay, oneMinusBeta1, float(c.beta2),
                   oneMinusBeta2, float(c.biasCorrection2Sqrt), float(c.epsilon), float(-c.stepSize),
                   c.gradScale);
    });
}

void adamwRows(float* p, float* m, float* v, std::int64_t rowLength, const std::int64_t* rows, std::int64_t count,
               const float* g, const AdamWConstants& c) {
    const auto decay = float(1.0 - c.lr * c.weightDecay);
    const auto oneMinusBeta1 = float(1.0 - c.beta1), oneMinusBeta2 = float(1.0 - c.beta2);
    const std::int64_t grain = std::max<std::int64_t>(1, kGrain / std::max<std::int64_t>(1, rowLength));
    at::parallel_for(0, count, grain, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            // The rows lie scattered over tables far larger than the caches: ask for the rows a
            // few iterations ahead now, so that their loads overlap this row's arithmetic.
            if (i + kRowsAhead < end) {
                const std::int64_t next = rows[i + kRowsAhead] * rowLength;
                __builtin_prefetch(p + next, 1), __builtin_prefetch(m + next, 1), __builtin_prefetch(v + next, 1);
            }
            const std::int64_t at = rows[i] * rowLength;
            adamwChunk(p + at, g + i * rowLength, m + at, v + at, rowLength, decay, oneMinusBeta1, float(c.beta2),
                       oneMinusBeta2, float(c.biasCorrection2Sqrt), float(c.epsilon), float(-c.stepSize),
                       c.gradScale);
        }
    });
}

double sumOfSquares(const float* x, std::int64_t n) {
    if (n <= kGrain) return squaresChunk(x, n);
    const std::int64_t chunks = (n + kGrain - 1) / kGrain;
    std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
    at::parallel_for(0, chunks, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t c = begin; c < end; ++c) {
            const std::int64_t from = c * kGrain, to = from + kGrain < n ? from + kGrain : n;
            partial[static_cast<std::size_t>(c)] = squaresChunk(x + from, to - from);
        }
    });
    double total = 0;
    for (double s : partial) total += s;  // fixed order: the same sum every run
    return total;
}

}  // namespace headliner::train::kernels
