#pragma once
// Attention's batched matrix products on the CPU, split across LibTorch's threads.
//
// LibTorch 1.13's CPU bmm multiplies the matrices of a batch one after another, each through a
// multi-threaded BLAS call: for attention's many small products (64 x 64 x 64 for every
// sequence and head) the threads spend more time meeting than multiplying. Here each thread
// takes a share of the batch and multiplies its matrices alone, and the backward pass is split
// the same way. LibTorch 2.x has fused CPU attention kernels and uses those instead.

#include <torch/torch.h>

namespace headliner::model {

// a (N, n, k) x b (N, k, m) -> (N, n, m), differentiable; any strides (transposed views too).
torch::Tensor parallelBmm(const torch::Tensor& a, const torch::Tensor& b);

// softmax(q kᵀ / √d + additiveMask) v with dropout on the weights, as LibTorch's math
// attention computes it, through parallelBmm. q, k, v: (B, H, T, d) float32 on the CPU;
// additiveMask broadcastable to (B, H, T, T). q may have fewer positions than k and v (Tq):
// the output is then (B, H, Tq, d).
torch::Tensor cpuAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                           const torch::Tensor& additiveMask, double dropout, bool training);

// Whether cpuAttention is the better choice for these queries and keys: float32 on the CPU,
// more than one thread, LibTorch without fused CPU attention, and at least
// kCpuAttentionMinimumWork multiply-adds in q kᵀ (batch x heads x queries x keys x head size).
inline constexpr std::int64_t kCpuAttentionMinimumWork = std::int64_t(4) << 20;
bool preferCpuAttention(const torch::Tensor& q, const torch::Tensor& k);

}  // namespace headliner::model
