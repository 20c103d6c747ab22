#include "core/model/NgramBaseline.h"

#include <stdexcept>

namespace headliner::model {

NgramBaselineImpl::NgramBaselineImpl(const NgramConfig& config) : config_(config) {
    if (config.numEmbeddings < 1 || config.dim < 1 || config.labels.size() < 2)
        throw std::invalid_argument("n-gram baseline needs embeddings, a positive dim and at least 2 labels");
    embedding = register_module(
        "embedding",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(config.numEmbeddings, config.dim).padding_idx(0).sparse(true)));
    classifier = register_module("classifier", torch::nn::Linear(config.dim, numLabels()));
}

torch::Tensor NgramBaselineImpl::logits(const torch::Tensor& inputIds, const torch::Tensor& attentionMask) {
    auto weights = attentionMask.to(torch::kFloat);                              // (B,T)
    weights = weights / weights.sum(1, /*keepdim=*/true).clamp_min(1.0);         // mean over real ids
    auto bag = (embedding(inputIds) * weights.unsqueeze(-1)).sum(1);             // (B,T,D) -> (B,D)
    return classifier(bag);                                                      // (B,labels)
}

void NgramBaselineImpl::initWeights(std::uint64_t seed) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    const double r = 1.0 / static_cast<double>(config_.dim);
    embedding->weight.uniform_(-r, r);
    embedding->weight[0].zero_();
    classifier->weight.zero_();
    classifier->bias.zero_();
}

}  // namespace headliner::model
