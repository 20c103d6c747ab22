// CUDA graphs through LibTorch's at::cuda::CUDAGraph, for a CUDA LibTorch 2.x: the allocator
// serves the capture from a private pool, and the default CUDA generator is registered with the
// graph, so random numbers (dropout) advance with each replay.

#include <optional>
#include <stdexcept>
#include <string>

#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAStream.h>
#include <c10/util/Exception.h>
#include <cuda_runtime_api.h>

#include "core/train/CudaGraph.h"

namespace headliner::train::cudagraph {

struct Graph::Impl {
    // Made at the capture: LibTorch's graph takes the current CUDA stream when it is made, which
    // needs a CUDA device (a CUDA build may train on the CPU, where nothing is captured).
    std::optional<at::cuda::CUDAGraph> graph;
    bool captured = false;
};

bool builtIn() { return true; }

PoolId newPool() {
    const auto id = at::cuda::graph_pool_handle();
    return {id.first, id.second};
}

Graph::Graph() : impl_(std::make_unique<Impl>()) {}
Graph::~Graph() = default;

void Graph::capture(const std::function<void()>& body, PoolId pool) {
    if (impl_->captured) throw std::runtime_error("this graph was captured already");
    // Thread-local mode: only this thread is barred from calls that would wait for the device
    // while it captures; other threads (the GUI's prediction, the checkpoint writer) go on.
    try {
        impl_->graph.emplace();
        impl_->graph->capture_begin({pool.first, pool.second}, cudaStreamCaptureModeThreadLocal);
    } catch (const c10::Error& e) {
        impl_->graph.reset();
        throw CaptureError(e.what_without_backtrace());
    }
    std::string failure;
    try {
        body();
    } catch (const c10::Error& e) {
        failure = e.what_without_backtrace();
    } catch (const std::exception& e) {
        failure = e.what();
    }
    bool ended = true;
    try {
        impl_->graph->capture_end();  // also instantiates the graph
    } catch (const c10::Error& e) {
        ended = false;
        if (failure.empty()) failure = e.what_without_backtrace();
    }
    if (failure.empty()) {
        impl_->captured = true;
        return;
    }
    // An operation refused during capture invalidates it and leaves its error to be read:
    // clear it, so that the next launch outside capture does not report it as its own.
    (void)cudaGetLastError();
    // capture_end stops at an invalidated capture before it tells the allocator that the
    // capture is over; the allocator would otherwise keep serving this stream from the pool.
    if (!ended) {
        try {
            c10::cuda::CUDACachingAllocator::endAllocateToPool(c10::cuda::current_device(), {pool.first, pool.second});
        } catch (const c10::Error&) {  // it had been told
        }
    }
    try {
        impl_->graph->reset();
    } catch (const c10::Error&) {
    }
    impl_->graph.reset();
    throw CaptureError(failure);
}

void Graph::replay() {
    if (!impl_->captured) throw std::runtime_error("no CUDA graph was captured");
    impl_->graph->replay();
}

bool Graph::captured() const { return impl_->captured; }

}  // namespace headliner::train::cudagraph
