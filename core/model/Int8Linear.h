#pragma once
// A linear layer in int8 for CPU prediction (dynamic quantization, as
// torch.ao.quantization.quantize_dynamic does for nn.Linear):
//   - the weight is quantized once, per output channel, symmetric: w ≈ sw[n] * qw[n,k], qw in [-127, 127];
//   - each input row is quantized at every call, asymmetric: x ≈ sx[m] * (qx[m,k] - zx[m]), qx in [0, 255];
//   - y[m,n] = sx[m] * sw[n] * (Σk qx[m,k] qw[n,k] - zx[m] Σk qw[n,k]) + bias[n], the sums exact in int32.
// On a CPU with AVX512-VNNI (vpdpbusd: four u8×s8 products summed into each int32 lane) the matrix
// product runs at twice bf16's and four times float32's multiply rate; elsewhere a portable loop
// computes the same integers (the same results, slowly). Inference only: no gradient.

#include <cstdint>

#include <torch/torch.h>

namespace headliner::model {

class Int8Linear {
public:
    enum class Kernel { Best, Portable };

    Int8Linear() = default;
    // weight (N,K) floating point, bias (N) or undefined. Copies: later changes to weight are not seen.
    Int8Linear(const torch::Tensor& weight, const torch::Tensor& bias);

    bool defined() const { return packed_.defined(); }
    std::int64_t inFeatures() const { return in_; }
    std::int64_t outFeatures() const { return out_; }

    // x (..., K) float32 on the CPU -> (..., N) float32.
    torch::Tensor forward(const torch::Tensor& x, Kernel kernel = Kernel::Best) const;

    // The weight as the product sees it, sw[n] * qw[n,k] (N,K), for error analysis and tests.
    torch::Tensor dequantizedWeight() const;

    // Whether this CPU runs the vectorised kernel (AVX512-VNNI with AVX512-BW).
    static bool cpuHasVnni();

private:
    std::int64_t in_ = 0, out_ = 0;
    std::int64_t paddedIn_ = 0, paddedOut_ = 0;  // K rounded up to 4, N to 64
    torch::Tensor packed_;  // int8, (paddedOut/16, paddedIn/4, 16, 4): 16 outputs × 4 inputs per 64 bytes
    torch::Tensor scale_;   // float32 (paddedOut): sw
    torch::Tensor colSum_;  // int32 (paddedOut): Σk qw[n,k]
    torch::Tensor bias_;    // float32 (paddedOut), zeros where the layer has none
};

}  // namespace headliner::model
