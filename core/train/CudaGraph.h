#pragma once
// Capturing and replaying CUDA graphs behind an interface without CUDA types. The core compiles
// core/cuda/CudaGraph.cpp (LibTorch's at::cuda::CUDAGraph) where LibTorch has CUDA and its CUDA
// headers are there, and core/cuda/NoCudaGraph.cpp otherwise (core/CMakeLists.txt decides).

#include <functional>
#include <memory>
#include <stdexcept>
#include <utility>

namespace headliner::train::cudagraph {

// A capture that failed; nothing ran, and the device is usable.
struct CaptureError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Whether this build can capture CUDA graphs.
bool builtIn();

// A private memory pool the graphs of one run share. Their working memory overlaps, which is
// safe because they never run at the same time and each one's outputs are read before another
// runs.
using PoolId = std::pair<unsigned long long, unsigned long long>;
PoolId newPool();

class Graph {
public:
    Graph();
    ~Graph();
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;

    // Records the CUDA work that `body` queues on the current stream of the current device (a
    // stream other than the default one) into a graph whose memory comes from `pool`; nothing
    // runs. Throws when the capture fails (an operation that waits for the
    // device, one that cannot be captured, a builtIn() false build) as a CaptureError: the
    // stream is then out of capture, the device's error state cleared, and the graph empty.
    void capture(const std::function<void()>& body, PoolId pool);
    // Runs the recorded work again, queued on the current stream.
    void replay();
    bool captured() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace headliner::train::cudagraph
