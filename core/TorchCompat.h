#pragma once
// The one place where LibTorch versions differ. Headliner builds against Debian 12's libtorch
// 1.13 (CPU) and LibTorch 2.x (CUDA); everything version-specific lives here, nowhere else.
//
//  - attention: 2.x has at::scaled_dot_product_attention (flash / memory-efficient kernels);
//    1.13 only has at::_scaled_dot_product_attention, which returns (output, weights).
//  - autocast: 2.4+ takes a device type; 1.13 has per-device setters and no C++ guard.
//  - fused AdamW (at::_fused_adamw_) exists only in 2.x: see fusedAdamW; with its learning rate
//    in a tensor (what a CUDA graph replays) in 2.4+: see fusedAdamWFromTensors.
//  - cuDNN attention (2.4+) is switched off on GPUs: see avoidCudnnAttention.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#define HEADLINER_TORCH_AT_LEAST(major, minor) \
    (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

namespace headliner::compat {

inline constexpr bool kHasFusedAdamW = HEADLINER_TORCH_AT_LEAST(2, 0);
inline constexpr bool kHasFlashAttention = HEADLINER_TORCH_AT_LEAST(2, 0);

// softmax(q kᵀ / √d + mask) v.  q, k, v: (B, H, T, D); additiveMask: broadcastable to
// (B, H, T, T), 0 where attending and a large negative number where masked (a float mask has
// the same meaning in every version, unlike boolean masks). dropout only in training.
//
// On a GPU, cuDNN's attention kernel is left out (LibTorch 2.4+ may pick it first on Hopper): it
// builds an execution plan per input shape, which cost 60-80 ms of host time per attention call
// on an H200 with LibTorch 2.11 and made one DistilBERT step in four take ~180 ms instead of
// ~16 ms, since padded batches change shape nearly every step. The memory-efficient kernel takes
// the same masks and needs no plan.
inline void avoidCudnnAttention() {
#if HEADLINER_TORCH_AT_LEAST(2, 4)
    static const bool once = [] {
        at::globalContext().setSDPUseCuDNN(false);
        return true;
    }();
    (void)once;
#endif
}

inline torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                               const torch::Tensor& v,
                                               const c10::optional<torch::Tensor>& additiveMask,
                                               double dropout) {
#if HEADLINER_TORCH_AT_LEAST(2, 0)
    if (!q.is_cpu()) avoidCudnnAttention();
    return at::scaled_dot_product_attention(q, k, v, additiveMask, dropout, /*is_causal=*/false);
#else
    return std::get<0>(at::_scaled_dot_product_attention(q, k, v, additiveMask, dropout,
                                                         /*need_attn_weights=*/false,
                                                         /*is_causal=*/false));
#endif
}

// Whether autocast is on for `device` (the 1.13 per-device query is deprecated in 2.x).
inline bool isAutocastEnabled(c10::DeviceType device) {
#if HEADLINER_TORCH_AT_LEAST(2, 4)
    return at::autocast::is_autocast_enabled(device);
#else
    return device == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
#endif
}

// AdamW over many CUDA tensors in one fused kernel (LibTorch 2.1+, torch.optim.AdamW(fused=True)'s
// kernel): decoupled weight decay, then the moments and the bias-corrected update at step
// `step`, in float32 arithmetic, for every tensor in one pass over memory instead of the
// multi-tensor path's ten. False (nothing done) where it is not available: LibTorch 1.13, tensors
// not on a CUDA device, or a kernel that refuses them (the caller then takes its own path).
inline bool fusedAdamW(const std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& grads,
                       const std::vector<torch::Tensor>& means, const std::vector<torch::Tensor>& seconds,
                       std::int64_t step, double lr, double beta1, double beta2, double weightDecay,
                       double epsilon) {
#if HEADLINER_TORCH_AT_LEAST(2, 1)
    static std::atomic<bool> refused{false};
    if (params.empty() || !params.front().is_cuda() || refused.load()) return false;
    try {
        // Every tensor's step count: one float32 scalar on the device, read by the kernel.
        const auto count = torch::full({}, double(step), params.front().options().dtype(torch::kFloat));
        const std::vector<torch::Tensor> steps(params.size(), count);
        at::_fused_adamw_(params, grads, means, seconds, /*max_exp_avg_sqs=*/{}, steps, lr, beta1, beta2, weightDecay,
                          epsilon, /*amsgrad=*/false, /*maximize=*/false);
        return true;
    } catch (const c10::Error&) {  // its argument checks come before any launch
        refused = true;
        return false;
    }
#else
    (void)params, (void)grads, (void)means, (void)seconds, (void)step, (void)lr, (void)beta1, (void)beta2;
    (void)weightDecay, (void)epsilon;
    return false;
#endif
}

// The same update with the learning rate and the step count in float32 scalars on the device
// (`lr`, `step`), read by the kernel when it runs, as a CUDA graph replays it
// (torch.optim.AdamW(fused=True) with a tensor learning rate). LibTorch 2.4+, CUDA tensors; false
// (nothing done) otherwise. A refusal by the kernel throws: during a capture, that fails the
// capture, and the caller runs its steps without graphs.
inline constexpr bool kHasFusedAdamWFromTensors = HEADLINER_TORCH_AT_LEAST(2, 4);

inline bool fusedAdamWFromTensors(const std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& grads,
                                  const std::vector<torch::Tensor>& means, const std::vector<torch::Tensor>& seconds,
                                  const torch::Tensor& step, const torch::Tensor& lr, double beta1, double beta2,
                                  double weightDecay, double epsilon) {
#if HEADLINER_TORCH_AT_LEAST(2, 4)
    if (params.empty() || !params.front().is_cuda()) return false;
    const std::vector<torch::Tensor> steps(params.size(), step);
    at::_fused_adamw_(params, grads, means, seconds, /*max_exp_avg_sqs=*/{}, steps, lr, beta1, beta2, weightDecay,
                      epsilon, /*amsgrad=*/false, /*maximize=*/false);
    return true;
#else
    (void)params, (void)grads, (void)means, (void)seconds, (void)step, (void)lr, (void)beta1, (void)beta2;
    (void)weightDecay, (void)epsilon;
    return false;
#endif
}

// The type autocast computes matrix products in on `device` (when it is on).
inline c10::ScalarType autocastDtype(c10::DeviceType device) {
#if HEADLINER_TORCH_AT_LEAST(2, 4)
    return at::autocast::get_autocast_dtype(device);
#else
    return device == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype()
                                          : at::autocast::get_autocast_gpu_dtype();
#endif
}

// RAII autocast region on one device type: inside it, matmuls run in `dtype` (bf16 or fp16).
class AutocastGuard {
public:
    AutocastGuard(c10::DeviceType device, c10::ScalarType dtype, bool enabled = true)
        : device_(device), enabled_(enabled) {
        if (!enabled_) return;
#if HEADLINER_TORCH_AT_LEAST(2, 4)
        previous_ = at::autocast::is_autocast_enabled(device_);
        previousDtype_ = at::autocast::get_autocast_dtype(device_);
        at::autocast::set_autocast_dtype(device_, dtype);
        at::autocast::set_autocast_enabled(device_, true);
#else
        if (device_ == c10::DeviceType::CPU) {
            previous_ = at::autocast::is_cpu_enabled();
            previousDtype_ = at::autocast::get_autocast_cpu_dtype();
            at::autocast::set_autocast_cpu_dtype(dtype);
            at::autocast::set_cpu_enabled(true);
        } else {
            previous_ = at::autocast::is_enabled();
            previousDtype_ = at::autocast::get_autocast_gpu_dtype();
            at::autocast::set_autocast_gpu_dtype(dtype);
            at::autocast::set_enabled(true);
        }
#endif
        at::autocast::increment_nesting();
    }
    ~AutocastGuard() {
        if (!enabled_) return;
        if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
#if HEADLINER_TORCH_AT_LEAST(2, 4)
        at::autocast::set_autocast_enabled(device_, previous_);
        at::autocast::set_autocast_dtype(device_, previousDtype_);
#else
        if (device_ == c10::DeviceType::CPU) {
            at::autocast::set_cpu_enabled(previous_);
            at::autocast::set_autocast_cpu_dtype(previousDtype_);
        } else {
            at::autocast::set_enabled(previous_);
            at::autocast::set_autocast_gpu_dtype(previousDtype_);
        }
#endif
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    c10::DeviceType device_;
    bool enabled_;
    bool previous_ = false;
    c10::ScalarType previousDtype_ = c10::ScalarType::Float;
};

// tensors[i] *= factor for every i, `factor` a one-element tensor on their device (a value the
// host has not read, such as a clip coefficient computed on the GPU). 2.1+ has the multi-tensor
// operation; before, one multiplication per tensor.
inline void foreachMulByTensor(std::vector<torch::Tensor>& tensors, const torch::Tensor& factor) {
    if (tensors.empty()) return;
#if HEADLINER_TORCH_AT_LEAST(2, 1)
    at::_foreach_mul_(tensors, factor);
#else
    for (auto& t : tensors) t.mul_(factor);
#endif
}

// True when `error` is LibTorch running out of memory: c10::OutOfMemoryError where the version
// throws it, a c10::Error saying "out of memory" (older CUDA allocator paths), or the CPU
// allocator's "can't allocate memory" / "not enough memory" (DefaultCPUAllocator).
inline bool isOutOfMemory(const c10::Error& error) {
    if (dynamic_cast<const c10::OutOfMemoryError*>(&error) != nullptr) return true;
    const std::string what = error.what();
    for (const char* sign : {"out of memory", "can't allocate memory", "not enough memory"})
        if (what.find(sign) != std::string::npos) return true;
    return false;
}

// Whether bf16 works on `device` (CUDA): a small bf16 matmul succeeds. LibTorch 1.13 has no
// device-capability query without the CUDA headers; Ampere and later pass, older GPUs fail
// (or emulate slowly, which LibTorch 2.x reports through the same path).
inline bool cudaBf16Works(const torch::Device& device) {
    try {
        const auto a = torch::ones({16, 16}, torch::TensorOptions().dtype(torch::kBFloat16).device(device));
        return a.matmul(a).sum().item<float>() == 16.0f * 256.0f;
    } catch (const c10::Error&) {
        return false;
    }
}

}  // namespace headliner::compat
