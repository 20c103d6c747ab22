#pragma once
// What the Trainer, the Predictor and the exporter need from any text classifier: token ids and
// an attention mask in, one row of logits per text out. DistilBERT and the n-gram baseline are
// both SequenceClassifiers, so one training loop serves every model.

#include <cstdint>
#include <string>

#include <torch/torch.h>

namespace headliner::model {

class SequenceClassifier : public torch::nn::Module {
public:
    // inputIds, attentionMask: (B,T) int64, mask 1 for tokens, 0 for padding -> logits (B, numLabels).
    virtual torch::Tensor logits(const torch::Tensor& inputIds, const torch::Tensor& attentionMask) = 0;
    virtual std::int64_t numLabels() const = 0;
    // "distilbert" or "ngram".
    virtual std::string architecture() const = 0;
    // Parameter names that get no weight decay (biases and LayerNorm weights, as transformers).
    virtual bool decays(const std::string& parameterName) const;
    // CPU threads its training runs best on; 0: as many as the runtime has. A model of tiny
    // tensors (the n-gram baseline) runs faster on one: with more, each of its many small
    // operations pays OpenMP's start-up and spinning, which here cost more than the work.
    virtual int preferredCpuThreads() const { return 0; }
    // Fewer, fused autograd operations per layer where the model has them (DistilBERT), for
    // devices where the host bounds a training step (GPUs). The same arithmetic either way.
    virtual void setFusedLayers(bool /*on*/) {}
    // Whether training gives some parameter a sparse gradient (the n-gram baseline's embedding):
    // such steps cannot be recorded (TrainerOptions::cudaGraphs), their shapes vary with the batch.
    virtual bool sparseGradients() const { return false; }
    // The most ids per row the model takes (DistilBERT: its position embeddings); 0: no limit.
    // Batches padded wider than they come (the Trainer's recorded steps) stay within it.
    virtual std::int64_t maxColumns() const { return 0; }
    // Floating-point operations (two per multiply-add) in the matrix products of one forward
    // pass over a padded batch of `rows` x `columns` ids, the work that dominates every model
    // here; a training step is counted as three forward passes (the backward pass multiplies
    // twice as much). For the achieved FLOP/s that the Trainer reports; 0 where unknown.
    virtual double forwardFlops(std::int64_t rows, std::int64_t columns) const {
        (void)rows, (void)columns;
        return 0;
    }
};

inline bool SequenceClassifier::decays(const std::string& name) const {
    auto endsWith = [&](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (endsWith(".bias") || name == "bias") return false;
    return !(name.find("LayerNorm.") != std::string::npos || name.find("layer_norm.") != std::string::npos);
}

}  // namespace headliner::model
