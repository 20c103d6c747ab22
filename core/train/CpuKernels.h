#pragma once
// The optimizer's arithmetic on the CPU in single fused passes over float32 memory.
//
// torch.optim.AdamW as separate tensor operations reads and writes the parameter, gradient and
// both moment tensors about twenty times per step and allocates three temporaries the size of
// each parameter; for DistilBERT-base (66M parameters) that was a third of a CPU train step.
// These loops touch each value once (read p, g, m, v; write p, m, v), in parallel chunks, with
// the same per-element formula as PyTorch's, so results agree to float rounding and are
// deterministic (no reductions across elements), which exact resume relies on.

#include <cstdint>

namespace headliner::train::kernels {

struct AdamWConstants {
    double lr = 0;
    double weightDecay = 0;  // 0: no decay for this tensor
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    double stepSize = 0;             // lr / (1 - beta1^t)
    double biasCorrection2Sqrt = 1;  // sqrt(1 - beta2^t)
    float gradScale = 1;             // the clip coefficient, applied to g as it is read
};

// One AdamW step over n values:
//   g' = g * gradScale; p *= 1 - lr * wd; m += (g' - m) * (1 - beta1); v = v * beta2 + (1 - beta2) g'^2
//   p += -stepSize * m / (sqrt(v) / biasCorrection2Sqrt + eps)
// The gradient itself is not changed.
void adamwStep(float* p, const float* g, float* m, float* v, std::int64_t n, const AdamWConstants& c);

// The same step on some rows of row-major (rows x rowLength) tensors p, m and v: row rows[i]
// takes the gradient g[i * rowLength ...]. The rows must be distinct (a coalesced sparse
// gradient's); the others are left alone (lazy AdamW, as torch.optim.SparseAdam).
void adamwRows(float* p, float* m, float* v, std::int64_t rowLength, const std::int64_t* rows, std::int64_t count,
               const float* g, const AdamWConstants& c);

// Sum of squares of n values, accumulated in double (the gradient norm's building block).
double sumOfSquares(const float* x, std::int64_t n);

}  // namespace headliner::train::kernels
