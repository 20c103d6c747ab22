#include "core/model/CpuAttention.h"

#include <cmath>
#include <exception>
#include <mutex>

#include <ATen/Parallel.h>
#include <ATen/ThreadLocalState.h>

#include "core/TorchCompat.h"

namespace headliner::model {

namespace {

// out[i] = a[i] b[i] for i in the batch, each thread multiplying a contiguous share of it.
// Inside the parallel region the BLAS runs single-threaded (OpenBLAS and MKL do so in an
// OpenMP parallel region), which is the point.
torch::Tensor bmmSplit(const torch::Tensor& a, const torch::Tensor& b) {
    const auto n = a.size(0);
    auto out = torch::empty({n, a.size(1), b.size(2)}, a.options());
    const auto left = a.detach(), right = b.detach();
    // The caller's thread-local state (inference mode, grad mode) holds in the worker threads
    // too, and an error in one of them is rethrown here.
    const at::ThreadLocalState callerState;
    std::exception_ptr error;
    std::mutex errorMutex;
    at::parallel_for(0, n, 1, [&](std::int64_t begin, std::int64_t end) {
        try {
            const at::ThreadLocalStateGuard sameState(callerState);
            auto part = out.slice(0, begin, end);
            at::bmm_out(part, left.slice(0, begin, end), right.slice(0, begin, end));
        } catch (...) {
            const std::lock_guard lock(errorMutex);
            if (!error) error = std::current_exception();
        }
    });
    if (error) std::rethrow_exception(error);
    return out;
}

struct ParallelBmm : torch::autograd::Function<ParallelBmm> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a, const torch::Tensor& b) {
        ctx->save_for_backward({a, b});
        return bmmSplit(a, b);
    }
    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& a = saved[0];
        const auto& b = saved[1];
        const auto& g = grads[0];
        torch::Tensor ga, gb;
        if (ctx->needs_input_grad(0)) ga = bmmSplit(g, b.transpose(1, 2));
        if (ctx->needs_input_grad(1)) gb = bmmSplit(a.transpose(1, 2), g);
        return {ga, gb};
    }
};

}  // namespace

torch::Tensor parallelBmm(const torch::Tensor& a, const torch::Tensor& b) {
    TORCH_CHECK(a.dim() == 3 && b.dim() == 3 && a.size(0) == b.size(0) && a.size(2) == b.size(1),
                "parallelBmm: shapes ", a.sizes(), " and ", b.sizes(), " do not multiply");
    return ParallelBmm::apply(a, b);
}

torch::Tensor cpuAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                           const torch::Tensor& additiveMask, double dropout, bool training) {
    const auto B = q.size(0), H = q.size(1), Tq = q.size(2), T = k.size(2), d = q.size(3);
    const auto scaled = (q / std::sqrt(static_cast<double>(d))).reshape({B * H, Tq, d});
    const auto keysT = k.reshape({B * H, T, d}).transpose(1, 2);
    auto scores = parallelBmm(scaled, keysT).view({B, H, Tq, T}) + additiveMask;
    auto weights = torch::softmax(scores, -1);
    if (training && dropout > 0) weights = torch::dropout(weights, dropout, /*train=*/true);
    // Under autocast the softmax hands back float32: the product is in v's type, as autocast's is.
    return parallelBmm(weights.to(v.scalar_type()).view({B * H, Tq, T}), v.reshape({B * H, T, d})).view({B, H, Tq, d});
}

bool preferCpuAttention(const torch::Tensor& q, const torch::Tensor& k) {
    if (compat::kHasFlashAttention || !q.device().is_cpu() || q.scalar_type() != torch::kFloat || q.dim() != 4 ||
        at::get_num_threads() < 2)
        return false;
    // Below a few million multiply-adds per product (one headline: 12 heads x 30 x 30 x 64) the
    // parallel region costs more than it saves.
    const auto work = q.size(0) * q.size(1) * q.size(2) * k.size(2) * q.size(3);
    return work >= kCpuAttentionMinimumWork;
}

}  // namespace headliner::model
