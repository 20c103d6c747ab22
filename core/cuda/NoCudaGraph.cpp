// The CUDA graph interface of a build without CUDA graphs (LibTorch without CUDA, or without its
// CUDA headers): nothing can be captured, and the trainer runs its recorded steps directly.

#include <stdexcept>

#include "core/train/CudaGraph.h"

namespace headliner::train::cudagraph {

struct Graph::Impl {};

bool builtIn() { return false; }
PoolId newPool() { return {0, 0}; }

Graph::Graph() = default;
Graph::~Graph() = default;

void Graph::capture(const std::function<void()>&, PoolId) {
    throw CaptureError("this build of Headliner cannot capture CUDA graphs (its LibTorch has no CUDA)");
}

void Graph::replay() { throw std::runtime_error("no CUDA graph was captured"); }

bool Graph::captured() const { return false; }

}  // namespace headliner::train::cudagraph
