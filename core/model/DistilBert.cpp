#include "core/model/DistilBert.h"

#include <cmath>
#include <stdexcept>

#include "core/TorchCompat.h"
#include "core/model/CpuAttention.h"
#include "core/model/FusedLayers.h"

namespace headliner::model {

namespace {
constexpr double kLayerNormEps = 1e-12;  // DistilBERT's LayerNorm epsilon

torch::nn::LayerNorm layerNorm(std::int64_t dim) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(kLayerNormEps));
}

// A LayerNorm kept in float32 inside a bf16 model (the Predictor's bf16 copy) normalises in
// float32 and hands back the input's type: more exact, and LibTorch's float32 kernel is ten
// times faster than its bf16 one on short inputs.
torch::Tensor normalise(torch::nn::LayerNorm& norm, const torch::Tensor& x) {
    const auto type = norm->weight.scalar_type();
    if (x.scalar_type() == type) return norm(x);
    return norm(x.to(type)).to(x.scalar_type());
}
}  // namespace

EmbeddingsImpl::EmbeddingsImpl(const ModelConfig& c) {
    word_embeddings = register_module(
        "word_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(c.vocabSize, c.dim).padding_idx(c.padTokenId)));
    position_embeddings =
        register_module("position_embeddings", torch::nn::Embedding(c.maxPositionEmbeddings, c.dim));
    LayerNorm = register_module("LayerNorm", layerNorm(c.dim));
    dropout = register_module("dropout", torch::nn::Dropout(c.dropout));
}

torch::Tensor EmbeddingsImpl::forward(const torch::Tensor& inputIds) {
    const auto T = inputIds.size(1);
    auto positions = torch::arange(T, inputIds.options().dtype(torch::kLong)).unsqueeze(0);  // (1,T)
    auto x = word_embeddings(inputIds) + position_embeddings(positions);                   // (B,T,D)
    return dropout(normalise(LayerNorm, x));
}

MultiHeadSelfAttentionImpl::MultiHeadSelfAttentionImpl(const ModelConfig& c)
    : nHeads(c.nHeads), attentionDropout(c.attentionDropout) {
    q_lin = register_module("q_lin", torch::nn::Linear(c.dim, c.dim));
    k_lin = register_module("k_lin", torch::nn::Linear(c.dim, c.dim));
    v_lin = register_module("v_lin", torch::nn::Linear(c.dim, c.dim));
    out_lin = register_module("out_lin", torch::nn::Linear(c.dim, c.dim));
    dropout = register_module("dropout", torch::nn::Dropout(c.attentionDropout));
}

torch::Tensor MultiHeadSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask,
                                                 bool firstQueryOnly) {
    const auto B = x.size(0), T = x.size(1), D = x.size(2), dh = D / nHeads;
    const auto queries = firstQueryOnly ? 1 : T;
    auto heads = [&](const torch::Tensor& t) { return t.view({B, t.size(1), nHeads, dh}).transpose(1, 2); };  // (B,H,T,dh)
    torch::Tensor q, k, v;
    const bool int8 = qkvInt8_.defined() && !is_training();
    if (int8 || (qkvWeight_.defined() && !is_training())) {
        // One product for all three (prediction); with firstQueryOnly the other rows' queries
        // are computed and dropped, which costs less than a second product for short inputs.
        const auto qkv = (int8 ? qkvInt8_.forward(x) : torch::nn::functional::linear(x, qkvWeight_, qkvBias_))
                             .view({B, T, 3, nHeads, dh});
        q = qkv.select(2, 0).narrow(1, 0, queries).transpose(1, 2);
        k = qkv.select(2, 1).transpose(1, 2), v = qkv.select(2, 2).transpose(1, 2);
    } else {
        q = heads(q_lin(firstQueryOnly ? x.narrow(1, 0, 1) : x)), k = heads(k_lin(x)), v = heads(v_lin(x));
    }
    auto context = attend(q, k, v, additiveMask).transpose(1, 2).contiguous().view({B, queries, D});
    return int8 ? outInt8_.forward(context) : out_lin(context);
}

torch::Tensor MultiHeadSelfAttentionImpl::attend(const torch::Tensor& q, const torch::Tensor& k,
                                                 const torch::Tensor& v, const torch::Tensor& additiveMask) {
    if (kernel == AttentionKernel::Fused && preferCpuAttention(q, k))
        return cpuAttention(q, k, v, additiveMask.to(q.scalar_type()), attentionDropout, is_training());
    if (kernel == AttentionKernel::Fused)
        return compat::scaledDotProductAttention(q, k, v, additiveMask.to(q.scalar_type()),
                                                 is_training() ? attentionDropout : 0.0);
    // As modeling_distilbert.py: scale q first, softmax over keys, dropout on the weights.
    const auto dh = q.size(-1);
    auto scores = torch::matmul(q / std::sqrt(static_cast<double>(dh)), k.transpose(2, 3));  // (B,H,Tq,T)
    auto weights = torch::softmax(scores + additiveMask.to(scores.scalar_type()), -1);
    return torch::matmul(dropout(weights), v);  // (B,H,Tq,dh)
}

void MultiHeadSelfAttentionImpl::joinProjections() {
    torch::NoGradGuard noGrad;
    qkvWeight_ = torch::cat({q_lin->weight, k_lin->weight, v_lin->weight}, 0);
    qkvBias_ = torch::cat({q_lin->bias, k_lin->bias, v_lin->bias}, 0);
}

void MultiHeadSelfAttentionImpl::quantizeProjections() {
    joinProjections();
    qkvInt8_ = Int8Linear(qkvWeight_, qkvBias_);
    outInt8_ = Int8Linear(out_lin->weight, out_lin->bias);
    qkvWeight_ = qkvBias_ = torch::Tensor();  // the int8 copy replaces the float32 one
}

void MultiHeadSelfAttentionImpl::train(bool on) {
    if (on) {
        qkvWeight_ = qkvBias_ = torch::Tensor();
        qkvInt8_ = outInt8_ = Int8Linear();
    }
    torch::nn::Module::train(on);
}

FeedForwardImpl::FeedForwardImpl(const ModelConfig& c) : gelu(c.activation == "gelu") {
    lin1 = register_module("lin1", torch::nn::Linear(c.dim, c.hiddenDim));
    lin2 = register_module("lin2", torch::nn::Linear(c.hiddenDim, c.dim));
    dropout = register_module("dropout", torch::nn::Dropout(c.dropout));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) {
    const bool int8 = lin1Int8_.defined() && !is_training();
    auto h = int8 ? lin1Int8_.forward(x) : lin1(x);
    h = gelu ? torch::gelu(h) : torch::relu(h);  // exact (erf) GELU, as transformers' "gelu"
    return dropout(int8 ? lin2Int8_.forward(h) : lin2(h));
}

void FeedForwardImpl::quantizeProjections() {
    lin1Int8_ = Int8Linear(lin1->weight, lin1->bias);
    lin2Int8_ = Int8Linear(lin2->weight, lin2->bias);
}

void FeedForwardImpl::train(bool on) {
    if (on) lin1Int8_ = lin2Int8_ = Int8Linear();
    torch::nn::Module::train(on);
}

TransformerBlockImpl::TransformerBlockImpl(const ModelConfig& c) {
    attention = register_module("attention", MultiHeadSelfAttention(c));
    sa_layer_norm = register_module("sa_layer_norm", layerNorm(c.dim));
    ffn = register_module("ffn", FeedForward(c));
    output_layer_norm = register_module("output_layer_norm", layerNorm(c.dim));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask,
                                            bool firstQueryOnly) {
    if (fused && !attention->joined() && !ffn->quantized()) return forwardFused(x, additiveMask, firstQueryOnly);
    auto h = normalise(sa_layer_norm,
                       attention(x, additiveMask, firstQueryOnly) + (firstQueryOnly ? x.narrow(1, 0, 1) : x));
    return normalise(output_layer_norm, ffn(h) + h);
}

torch::Tensor TransformerBlockImpl::forwardFused(const torch::Tensor& x, const torch::Tensor& additiveMask,
                                                 bool firstQueryOnly) {
    auto& a = *attention;
    const auto qkv = fusedQkvProjection(x, a.q_lin->weight, a.q_lin->bias, a.k_lin->weight, a.k_lin->bias,
                                        a.v_lin->weight, a.v_lin->bias, a.nHeads);  // (B,T,3,H,dh)
    const auto parts = qkv.unbind(2);                                               // (B,T,H,dh) each
    const auto q = (firstQueryOnly ? parts[0].narrow(1, 0, 1) : parts[0]).transpose(1, 2);
    const auto context = a.attend(q, parts[1].transpose(1, 2), parts[2].transpose(1, 2), additiveMask);
    FusedBlockWeights w;
    w.outWeight = a.out_lin->weight, w.outBias = a.out_lin->bias;
    w.norm1Weight = sa_layer_norm->weight, w.norm1Bias = sa_layer_norm->bias;
    w.lin1Weight = ffn->lin1->weight, w.lin1Bias = ffn->lin1->bias;
    w.lin2Weight = ffn->lin2->weight, w.lin2Bias = ffn->lin2->bias;
    w.norm2Weight = output_layer_norm->weight, w.norm2Bias = output_layer_norm->bias;
    w.eps = sa_layer_norm->options.eps(), w.gelu = ffn->gelu, w.dropout = ffn->dropout->options.p();
    return fusedOutputAndFeedForward(context.transpose(1, 2), firstQueryOnly ? x.narrow(1, 0, 1) : x, w,
                                     is_training());
}

TransformerImpl::TransformerImpl(const ModelConfig& c) {
    layer = register_module("layer", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < c.nLayers; ++i) layer->push_back(TransformerBlock(c));
}

DistilBertModelImpl::DistilBertModelImpl(const ModelConfig& c) {
    embeddings = register_module("embeddings", Embeddings(c));
    transformer = register_module("transformer", Transformer(c));
}

DistilBertForSequenceClassificationImpl::DistilBertForSequenceClassificationImpl(const ModelConfig& c)
    : config_(c) {
    config_.validate();
    distilbert = register_module("distilbert", DistilBertModel(c));
    pre_classifier = register_module("pre_classifier", torch::nn::Linear(c.dim, c.dim));
    classifier = register_module("classifier", torch::nn::Linear(c.dim, c.numLabels()));
    dropout = register_module("dropout", torch::nn::Dropout(c.seqClassifDropout));
}

ClassifierOutput DistilBertForSequenceClassificationImpl::forward(const torch::Tensor& inputIds,
                                                                  const torch::Tensor& attentionMask,
                                                                  bool keepClsPerLayer) {
    ClassifierOutput out;
    auto x = distilbert->embeddings(inputIds);  // (B,T,D)
    if (keepClsPerLayer) out.clsPerLayer.push_back(x.select(1, 0));
    // (B,1,1,T): 0 where attending, the dtype's lowest value where padding (as transformers).
    const double lowest = x.scalar_type() == torch::kFloat ? -3.4028234663852886e38 : -1e4;
    auto additiveMask = ((1 - attentionMask.to(x.scalar_type())) * lowest).view({x.size(0), 1, 1, x.size(1)});
    const auto& layers = *distilbert->transformer->layer;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const bool last = i + 1 == layers.size();
        x = layers[i]->as<TransformerBlock>()->forward(x, additiveMask, last && lastLayerForClsOnly);
        if (keepClsPerLayer) out.clsPerLayer.push_back(x.select(1, 0));
    }
    if (fusedHead_) {
        out.logits = fusedClassifierHead(x.select(1, 0), pre_classifier->weight, pre_classifier->bias,
                                         classifier->weight, classifier->bias, dropout->options.p(), is_training());
        return out;
    }
    auto pooled = torch::relu(pre_classifier(x.select(1, 0)));  // (B,D), the [CLS] position
    out.logits = classifier(dropout(pooled));                    // (B,num_labels)
    return out;
}

double DistilBertForSequenceClassificationImpl::forwardFlops(std::int64_t rows, std::int64_t columns) const {
    const double T = double(columns), D = double(config_.dim), F = double(config_.hiddenDim),
                 labels = double(config_.numLabels());
    const double fullLayer = T * (4 * D * D + 2 * D * F) + 2 * T * T * D;
    const double clsLayer = T * 2 * D * D + (2 * D * D + 2 * D * F) + 2 * T * D;
    const auto layers = double(config_.nLayers);
    const double perSequence = (lastLayerForClsOnly && layers > 0 ? (layers - 1) * fullLayer + clsLayer
                                                                   : layers * fullLayer) +
                               D * D + D * labels;
    return 2 * double(rows) * perSequence;  // two operations per multiply-add
}

void DistilBertForSequenceClassificationImpl::setAttentionKernel(AttentionKernel kernel) {
    for (const auto& block : *distilbert->transformer->layer)
        block->as<TransformerBlock>()->attention->kernel = kernel;
}

void DistilBertForSequenceClassificationImpl::setFusedLayers(bool on) {
    fusedHead_ = on;
    for (const auto& block : *distilbert->transformer->layer) block->as<TransformerBlock>()->fused = on;
}

void DistilBertForSequenceClassificationImpl::joinProjections() {
    for (const auto& block : *distilbert->transformer->layer) block->as<TransformerBlock>()->attention->joinProjections();
}

void DistilBertForSequenceClassificationImpl::prepareForPrediction(WeightFormat format) {
    torch::NoGradGuard noGrad;
    eval();
    if (format == WeightFormat::Bf16) {
        to(torch::kBFloat16);
        for (auto& module : modules(/*include_self=*/false))
            if (auto* norm = module->as<torch::nn::LayerNorm>()) norm->to(torch::kFloat);
    }
    if (format != WeightFormat::Int8) return joinProjections();
    if (!classifier->weight.device().is_cpu() || classifier->weight.scalar_type() != torch::kFloat)
        throw std::invalid_argument("int8 prediction needs a float32 model on the CPU");
    for (const auto& block : *distilbert->transformer->layer) {
        auto* b = block->as<TransformerBlock>();
        b->attention->quantizeProjections();
        b->ffn->quantizeProjections();
    }
}

void DistilBertForSequenceClassificationImpl::releaseQuantizedFloatWeights() {
    torch::NoGradGuard noGrad;
    for (const auto& block : *distilbert->transformer->layer) {
        auto* b = block->as<TransformerBlock>();
        if (!b->attention->quantized() || !b->ffn->quantized())
            throw std::logic_error("releaseQuantizedFloatWeights needs prepareForPrediction(WeightFormat::Int8) first");
        for (auto* linear : {&b->attention->q_lin, &b->attention->k_lin, &b->attention->v_lin, &b->attention->out_lin,
                             &b->ffn->lin1, &b->ffn->lin2})
            (*linear)->weight.set_data(torch::empty({0}, (*linear)->weight.options()));
    }
    floatWeightsReleased_ = true;
}

void DistilBertForSequenceClassificationImpl::train(bool on) {
    if (on && floatWeightsReleased_)
        throw std::logic_error("this model's float32 weights were released for int8 prediction: it cannot train");
    SequenceClassifier::train(on);
}

void DistilBertForSequenceClassificationImpl::initWeights(std::uint64_t seed) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    const double stdDev = config_.initializerRange;
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* linear = module->as<torch::nn::Linear>()) {
            linear->weight.normal_(0, stdDev);
            if (linear->bias.defined()) linear->bias.zero_();
        } else if (auto* embedding = module->as<torch::nn::Embedding>()) {
            embedding->weight.normal_(0, stdDev);
            if (embedding->options.padding_idx()) embedding->weight[*embedding->options.padding_idx()].zero_();
        } else if (auto* norm = module->as<torch::nn::LayerNorm>()) {
            norm->weight.fill_(1);
            norm->bias.zero_();
        }
    }
}

}  // namespace headliner::model
