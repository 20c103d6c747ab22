#pragma once
// A DistilBERT layer in three autograd nodes instead of ~75, for training on a GPU.
//
// On a GPU a DistilBERT-base step is bound by the host: LibTorch issues ~4,000 operations per
// step (each linear layer is a cast, a transpose, a product and a bias add, each with its own
// backward node), and the GPU waits (docs/BENCHMARKS.md, "First GPU run"). These functions do
// the same arithmetic as the module-by-module layer, in the same types (autocast's: products in
// the autocast type, layer norms and residual sums in float32), with hand-written backward
// passes: the query/key/value projections as one product, and everything after attention
// (output projection, residual, layer norm, feed-forward, dropout, residual, layer norm) as one
// node. Attention itself stays LibTorch's (its own backward). The classification head is one
// node too.
#include <torch/torch.h>

namespace headliner::model {

// x (B,T,D) -> (B,T,3,H,D/H): the query, key and value projections of every row in one product.
torch::Tensor fusedQkvProjection(const torch::Tensor& x, const torch::Tensor& qWeight, const torch::Tensor& qBias,
                                 const torch::Tensor& kWeight, const torch::Tensor& kBias,
                                 const torch::Tensor& vWeight, const torch::Tensor& vBias, std::int64_t heads);

struct FusedBlockWeights {
    torch::Tensor outWeight, outBias;          // attention's output projection (D,D), (D)
    torch::Tensor norm1Weight, norm1Bias;      // sa_layer_norm
    torch::Tensor lin1Weight, lin1Bias;        // (F,D), (F)
    torch::Tensor lin2Weight, lin2Bias;        // (D,F), (D)
    torch::Tensor norm2Weight, norm2Bias;      // output_layer_norm
    double eps = 1e-12;
    bool gelu = true;                          // else ReLU
    double dropout = 0;                        // after lin2, when training
};

// context (B,T',D) (attention's heads joined), residual (B,T',D) -> the layer's output (B,T',D):
// LN2(h + dropout(lin2(act(lin1(h))))) with h = LN1(out(context) + residual).
torch::Tensor fusedOutputAndFeedForward(const torch::Tensor& context, const torch::Tensor& residual,
                                        const FusedBlockWeights& w, bool training);

// The classification head on the [CLS] rows: cls (B,D) -> logits (B,labels),
// classifier(dropout(relu(preClassifier(cls)))), in one node.
torch::Tensor fusedClassifierHead(const torch::Tensor& cls, const torch::Tensor& preWeight, const torch::Tensor& preBias,
                                  const torch::Tensor& weight, const torch::Tensor& bias, double dropout, bool training);

}  // namespace headliner::model
