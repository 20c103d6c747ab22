#pragma once
// Export of a trained classifier as a Hugging Face model folder: config.json, model.safetensors,
// the tokenizer's files and a README.md model card. The folder is written beside its final place
// and swapped in at the end, so an export killed midway leaves the previous folder intact.
//
// The result loads with transformers' AutoModelForSequenceClassification.from_pretrained(path)
// and AutoTokenizer.from_pretrained(path).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/io/Safetensors.h"
#include "core/model/DistilBert.h"
#include "core/text/Tokenizer.h"

namespace headliner::model {

struct EpochMetrics {
    int epoch = 0;
    double trainLoss = 0;
    double evalLoss = 0;
    double accuracy = 0;  // 0..1
    double macroF1 = 0;   // 0..1
};

// What the model card says about how the model was made.
struct ModelCard {
    std::string baseModel;    // e.g. "distilbert-base-uncased" (empty: trained from scratch)
    std::string datasetName;  // e.g. "ag_news"
    std::vector<std::pair<std::string, std::string>> recipe;  // setting -> value, in display order
    std::vector<EpochMetrics> epochs;
};

struct ExportOptions {
    io::DType dtype = io::DType::F32;  // F32 (as save_pretrained), F16 or BF16
    std::size_t maxLength = 512;       // the tokenizer's model_max_length
    ModelCard card;
    // Called with (fraction done 0..1, what is being written); may throw to cancel the export.
    std::function<void(double, const std::string&)> progress;
};

void exportModelFolder(DistilBertForSequenceClassification& model, const text::Tokenizer& tokenizer,
                       const std::filesystem::path& folder, const ExportOptions& options = {});

// The n-gram baseline (not a transformers model): headliner_config.json, model.safetensors,
// ngram_vocab.json and README.md, swapped in atomically like exportModelFolder.
void exportNgramFolder(SequenceClassifier& model, const std::vector<std::string>& labels,
                       const text::Tokenizer& tokenizer, const std::filesystem::path& folder,
                       const ExportOptions& options = {});

// README.md of the folder: YAML front matter for the hub, labels, recipe, metrics per epoch and
// a Python snippet that loads the folder.
std::string renderModelCard(const ModelConfig& config, const ModelCard& card, const std::filesystem::path& folder);

}  // namespace headliner::model
