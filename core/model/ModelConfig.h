#pragma once
// The model description that travels with a model folder as config.json, in Hugging Face's
// vocabulary (DistilBertConfig field names), so folders move both ways without a mapping table.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace headliner::model {

struct ModelConfig {
    std::string modelType = "distilbert";
    std::int64_t vocabSize = 30522;
    std::int64_t dim = 768;
    std::int64_t nLayers = 6;
    std::int64_t nHeads = 12;
    std::int64_t hiddenDim = 3072;
    std::int64_t maxPositionEmbeddings = 512;
    double dropout = 0.1;
    double attentionDropout = 0.1;
    double seqClassifDropout = 0.2;
    double initializerRange = 0.02;
    std::string activation = "gelu";
    bool sinusoidalPosEmbds = false;
    std::int64_t padTokenId = 0;
    std::vector<std::string> labels;  // id2label, in id order
    std::string problemType = "single_label_classification";
    std::string dtype = "float32";  // of the saved weights: float32, float16 or bfloat16

    std::int64_t numLabels() const { return static_cast<std::int64_t>(labels.size()); }

    // Throws std::invalid_argument naming the first inconsistent field (e.g. dim % n_heads != 0).
    void validate() const;

    // Hugging Face's config.json for DistilBertForSequenceClassification.
    nlohmann::ordered_json toJson() const;
    // Accepts what save_pretrained writes (id2label with string keys, num_labels, ...).
    static ModelConfig fromJson(const nlohmann::json& json);
};

// Reads and validates config.json; throws headliner::FileError naming the file and the field.
ModelConfig readModelConfig(const std::filesystem::path& configJson);
// Writes config.json atomically.
void writeModelConfig(const ModelConfig& config, const std::filesystem::path& configJson);

}  // namespace headliner::model
