#pragma once
// The n-gram baseline, fastText's supervised model: the mean of the embeddings of a text's word
// and bigram ids (an embedding bag) followed by one linear layer. Small, fast, and a reference
// point for every transformer: on AG News it reaches ~90% in seconds on a laptop CPU.
//
// The embedding's gradient is sparse (only the rows of the batch's ids), as fastText updates only
// the rows a text uses: with millions of hashed bigram rows, a dense gradient and a dense
// optimizer step cost a hundred times the rest of the step. The Trainer's AdamW updates such a
// parameter lazily (see core/train/TrainerImpl.h).

#include <string>
#include <vector>

#include "core/model/SequenceClassifier.h"

namespace headliner::model {

struct NgramConfig {
    std::int64_t numEmbeddings = 0;  // NgramTokenizer::vocabSize()
    std::int64_t dim = 10;           // fastText -dim
    std::vector<std::string> labels;
};

class NgramBaselineImpl : public SequenceClassifier {
public:
    explicit NgramBaselineImpl(const NgramConfig& config);

    // ids (B,T), mask (B,T): the masked mean of the id embeddings, then the linear layer.
    torch::Tensor logits(const torch::Tensor& inputIds, const torch::Tensor& attentionMask) override;
    std::int64_t numLabels() const override { return static_cast<std::int64_t>(config_.labels.size()); }
    std::string architecture() const override { return "ngram"; }
    int preferredCpuThreads() const override { return 1; }
    bool sparseGradients() const override { return true; }
    // The bag's weighted sum (T D per text) and the linear layer (D labels).
    double forwardFlops(std::int64_t rows, std::int64_t columns) const override {
        return 2.0 * double(rows) * (double(columns) * double(config_.dim) + double(config_.dim) * double(numLabels()));
    }
    // fastText: uniform(-1/dim, 1/dim) embeddings, a zero output layer.
    void initWeights(std::uint64_t seed);
    const NgramConfig& config() const { return config_; }

    torch::nn::Embedding embedding{nullptr};
    torch::nn::Linear classifier{nullptr};

private:
    NgramConfig config_;
};
TORCH_MODULE(NgramBaseline);

}  // namespace headliner::model
