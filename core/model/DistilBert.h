#pragma once
// DistilBERT for sequence classification, module for module as in Hugging Face's
// modeling_distilbert.py, with the same parameter names
// (distilbert.transformer.layer.N.attention.q_lin.weight, ...), so checkpoints load both ways
// without a mapping table. Shapes in comments: B batch, T tokens, D dim, H heads, F hidden_dim.

#include <vector>

#include <torch/torch.h>

#include "core/model/Int8Linear.h"
#include "core/model/ModelConfig.h"
#include "core/model/SequenceClassifier.h"

namespace headliner::model {

// How attention is computed. Both give the same numbers; Fused uses LibTorch's
// scaled-dot-product kernel (flash / memory-efficient on CUDA with LibTorch 2.x).
enum class AttentionKernel { Plain, Fused };

// The number format of a prediction copy's weights (prepareForPrediction).
//   Fp32: as trained. Bf16: every weight in bfloat16 except the LayerNorms.
//   Int8: the transformer's linear layers in int8 (Int8Linear: weights per output channel,
//         inputs per row at each call); embeddings, LayerNorms, attention and the head in float32.
enum class WeightFormat { Fp32, Bf16, Int8 };

struct EmbeddingsImpl : torch::nn::Module {
    explicit EmbeddingsImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& inputIds);  // (B,T) -> (B,T,D)

    torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(Embeddings);

struct MultiHeadSelfAttentionImpl : torch::nn::Module {
    explicit MultiHeadSelfAttentionImpl(const ModelConfig& c);
    // x (B,T,D), additiveMask (B,1,1,T): 0 to attend, a large negative number for padding.
    // firstQueryOnly: only the first position ([CLS]) queries; it still attends to every key,
    // and the output is (B,1,D), the same numbers as the first row of the full output.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask, bool firstQueryOnly = false);
    // Inference only: q, k and v in one matrix product from a joined copy of their weights
    // (one larger product is faster than three small ones for short inputs). The copy is made
    // from the weights as they are now and dropped when the module is put in training mode;
    // call it again after changing the weights.
    void joinProjections();
    // Inference only: int8 copies of the joined q/k/v projection and of out_lin, used in eval
    // mode; dropped, like the joined copy, in training mode.
    void quantizeProjections();
    bool quantized() const { return qkvInt8_.defined() && outInt8_.defined(); }
    bool joined() const { return qkvWeight_.defined() || qkvInt8_.defined(); }
    void train(bool on = true) override;
    // softmax(q kᵀ/√d + mask) v with this module's kernel and dropout: (B,H,Tq,dh).
    torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                         const torch::Tensor& additiveMask);

    torch::nn::Linear q_lin{nullptr}, k_lin{nullptr}, v_lin{nullptr}, out_lin{nullptr};
    torch::nn::Dropout dropout{nullptr};
    std::int64_t nHeads;
    double attentionDropout;
    AttentionKernel kernel = AttentionKernel::Fused;

private:
    torch::Tensor qkvWeight_, qkvBias_;  // (3D,D), (3D): joinProjections()
    Int8Linear qkvInt8_, outInt8_;       // quantizeProjections()
};
TORCH_MODULE(MultiHeadSelfAttention);

struct FeedForwardImpl : torch::nn::Module {
    explicit FeedForwardImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& x);  // (B,T,D) -> (B,T,F) -> (B,T,D)
    // Inference only: int8 copies of lin1 and lin2, used in eval mode, dropped in training mode.
    void quantizeProjections();
    bool quantized() const { return lin1Int8_.defined() && lin2Int8_.defined(); }
    void train(bool on = true) override;

    torch::nn::Linear lin1{nullptr}, lin2{nullptr};
    torch::nn::Dropout dropout{nullptr};
    bool gelu;

private:
    Int8Linear lin1Int8_, lin2Int8_;
};
TORCH_MODULE(FeedForward);

struct TransformerBlockImpl : torch::nn::Module {
    explicit TransformerBlockImpl(const ModelConfig& c);
    // Post-LN block. firstQueryOnly: only the [CLS] row's output, (B,1,D) (see the classifier).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask, bool firstQueryOnly = false);
    // The same layer through core/model/FusedLayers.h: three autograd nodes instead of ~75.
    torch::Tensor forwardFused(const torch::Tensor& x, const torch::Tensor& additiveMask, bool firstQueryOnly);

    bool fused = false;  // forward() goes through forwardFused() (set by setFusedLayers)
    MultiHeadSelfAttention attention{nullptr};
    torch::nn::LayerNorm sa_layer_norm{nullptr};
    FeedForward ffn{nullptr};
    torch::nn::LayerNorm output_layer_norm{nullptr};
};
TORCH_MODULE(TransformerBlock);

struct TransformerImpl : torch::nn::Module {
    explicit TransformerImpl(const ModelConfig& c);
    torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(Transformer);

struct DistilBertModelImpl : torch::nn::Module {
    explicit DistilBertModelImpl(const ModelConfig& c);
    Embeddings embeddings{nullptr};
    Transformer transformer{nullptr};
};
TORCH_MODULE(DistilBertModel);

struct ClassifierOutput {
    torch::Tensor logits;                    // (B, num_labels)
    std::vector<torch::Tensor> clsPerLayer;  // [CLS] vector (B,D) after embeddings and each layer, if asked
};

struct DistilBertForSequenceClassificationImpl : SequenceClassifier {
    explicit DistilBertForSequenceClassificationImpl(const ModelConfig& c);

    torch::Tensor logits(const torch::Tensor& inputIds, const torch::Tensor& attentionMask) override {
        return forward(inputIds, attentionMask).logits;
    }
    std::int64_t numLabels() const override { return config_.numLabels(); }
    std::string architecture() const override { return "distilbert"; }
    // Per sequence of T ids: every layer's q/k/v/out projections (4 T D²), feed-forward (2 T D F)
    // and attention's two products (2 T² D); the last layer for [CLS] only, when on, k and v for
    // all ids (2 T D²), the rest for one row (2 D² + 2 D F + 2 T D); the head (D² + D labels).
    double forwardFlops(std::int64_t rows, std::int64_t columns) const override;
    std::int64_t maxColumns() const override { return config_.maxPositionEmbeddings; }

    // inputIds, attentionMask: (B,T) int64; mask 1 for tokens, 0 for padding.
    ClassifierOutput forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask,
                             bool keepClsPerLayer = false);
    void setAttentionKernel(AttentionKernel kernel);
    // Layers and the classification head as fused autograd functions (core/model/FusedLayers.h):
    // the same arithmetic with a few dozen fewer host operations per layer, for GPUs, where the
    // host bounds a step. Layers with joined or int8 projections (prediction copies) keep the
    // module path.
    void setFusedLayers(bool on) override;
    // MultiHeadSelfAttention::joinProjections in every layer.
    void joinProjections();
    // For prediction only (the Predictor's copy): eval mode, q/k/v joined, and the weights in
    // the format asked for (see WeightFormat; bf16 LayerNorms stay float32 and normalise in
    // float32). Int8 needs the model on the CPU in float32.
    void prepareForPrediction(WeightFormat format);
    // After prepareForPrediction(Int8), for a copy that only predicts (the Predictor's): frees the
    // float32 weights the int8 layers replaced (about 170 MB of DistilBERT-base's 268). Their
    // parameters stay, empty; the model can no longer train or go back to float32, and
    // train(true) throws std::logic_error.
    void releaseQuantizedFloatWeights();
    void train(bool on = true) override;
    // transformers' _init_weights: normal(0, initializer_range) for Linear and Embedding weights,
    // zero biases (and the padding row), LayerNorm weight 1 and bias 0.
    void initWeights(std::uint64_t seed);
    const ModelConfig& config() const { return config_; }

    // The logits read only the [CLS] row of the last layer's output, so that layer computes
    // only that row: keys and values for every token, but the query, the attention's output
    // projection, both LayerNorms and the feed-forward for [CLS] alone. The same numbers as the
    // full layer (transformers computes every row and drops all but one), for about 40% fewer
    // multiply-adds in a 2-layer model and 14% fewer in DistilBERT-base's 6 layers, in
    // training and in prediction. Off: every row, as transformers (for comparisons).
    bool lastLayerForClsOnly = true;

    DistilBertModel distilbert{nullptr};
    torch::nn::Linear pre_classifier{nullptr}, classifier{nullptr};
    torch::nn::Dropout dropout{nullptr};

private:
    ModelConfig config_;
    bool floatWeightsReleased_ = false;
    bool fusedHead_ = false;  // setFusedLayers
};
TORCH_MODULE(DistilBertForSequenceClassification);

}  // namespace headliner::model
