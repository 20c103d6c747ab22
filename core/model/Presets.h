#pragma once
// Named starting points for training: a model plus the tokenizer it reads, as one pair.
//
//   scratch-d128             DistilBERT, dim 128, 2 layers, 2 heads, hidden 512, trained from
//                            scratch with a sentencepiece tokenizer trained on the training texts
//   scratch-d256             the same at dim 256, 4 layers, 4 heads, hidden 1024
//   distilbert-base-uncased  the real DistilBERT shapes; weights come from a downloaded folder
//                            (loadPretrained), never from random initialization
//   ngram                    fastText's supervised model (NgramBaseline): word and hashed
//                            bigram embeddings, dim 10, with an NgramTokenizer built on the
//                            training texts; exported with exportNgramFolder
//
// New kinds of model (the n-gram baseline) add a name to presetNames() and a branch to
// makePreset(); the trainer only needs PresetModel::classifier and the tokenizer. Models the
// Hugging Face exporter can write also set PresetModel::distilbert.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/DistilBert.h"
#include "core/model/ModelConfig.h"
#include "core/text/Tokenizer.h"

namespace headliner::data {
struct Dataset;
}

namespace headliner::model {

struct PresetModel {
    std::string name;       // the preset, or the folder a pretrained model came from
    std::string baseModel;  // for the model card: empty when trained from scratch
    ModelConfig config;
    std::shared_ptr<SequenceClassifier> classifier;      // what the Trainer trains
    DistilBertForSequenceClassification distilbert{nullptr};  // the same module, when it is a DistilBERT
    std::unique_ptr<text::Tokenizer> tokenizer;
};

struct PresetOptions {
    std::vector<std::string> labels;    // class names, in label-id order
    std::uint64_t seed = 42;             // weight initialization
    std::optional<double> dropout;       // overrides every dropout of the config
    // Scratch presets: the sentencepiece vocabulary, at most (training texts too few to fill it
    // give a smaller one; the tokenizer's vocabSize() says).
    std::size_t vocabSize = 8000;
    std::size_t maxLength = 512;         // position embeddings of scratch presets (at least this)
    // Scratch presets: the tokenizer model is trained into workFolder/tokenizer/spiece.model,
    // or loaded from there when it already exists (a resumed run must keep its tokenizer).
    std::filesystem::path workFolder;
    const data::Dataset* trainingTexts = nullptr;  // scratch presets train their tokenizer on these
};

std::vector<std::string> presetNames();
bool isPreset(const std::string& name);

// The DistilBERT config of a scratch preset (vocabulary and labels filled in).
ModelConfig scratchConfig(const std::string& name, std::size_t vocabSize, const PresetOptions& options);

// Builds the named preset. Throws std::invalid_argument for an unknown name (listing the known
// ones) and for distilbert-base-uncased, which needs loadPretrained.
PresetModel makePreset(const std::string& name, const PresetOptions& options);

// A classifier to fine-tune from a Hugging Face folder (or hub cache entry): its config and
// weights, with options.labels as the classes. A classification head that does not match
// (another number of labels, or none: a base or masked-LM checkpoint) is newly initialized,
// as transformers does; every other weight must be there. Throws headliner::FileError.
PresetModel loadPretrained(const std::filesystem::path& folder, const PresetOptions& options);

}  // namespace headliner::model
