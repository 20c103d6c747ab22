#pragma once
// Opening a trained classifier from disk: a plain Hugging Face model folder (config.json, the
// weights, the tokenizer files, as save_pretrained writes them), or an entry of the Hugging Face
// hub cache (models--org--name/{blobs,refs,snapshots}, as huggingface_hub lays it out).

#include <filesystem>
#include <memory>

#include "core/model/Checkpoint.h"
#include "core/model/DistilBert.h"
#include "core/model/ModelConfig.h"
#include "core/text/Tokenizer.h"

namespace headliner::model {

// The folder that holds config.json (or the n-gram baseline's headliner_config.json) for `path`,
// which may be:
//  - a model folder (it has config.json), including a cache snapshot .../snapshots/<rev>;
//  - a cache entry .../models--org--name: the snapshot named by refs/main, or, without
//    refs/main, the only snapshot there is.
// The revision read from refs/main must be a single plain folder name ("../x", "a/b" are
// refused), and a snapshot's files may only link into their own cache entry.
// Throws headliner::FileError naming the path (or refs/main) and what was expected.
std::filesystem::path resolveModelFolder(const std::filesystem::path& path);

struct LoadedClassifier {
    ModelConfig config;  // the n-gram baseline: labels, vocab_size (embedding rows), model_type "ngram"
    std::shared_ptr<SequenceClassifier> classifier;      // every kind of model
    DistilBertForSequenceClassification model{nullptr};  // the same module when it is a DistilBERT
    std::unique_ptr<text::Tokenizer> tokenizer;
    std::filesystem::path folder;  // the resolved folder
    std::filesystem::path weightsFile;
    LoadReport weights;  // unexpected tensors (e.g. a masked-LM head) are listed, not fatal
};

// resolveModelFolder(path), then config.json, the weights (model.safetensors, or
// pytorch_model.bin when there is no safetensors file) and the tokenizer. The model is in eval
// mode, on the CPU, with every parameter loaded. Throws headliner::FileError naming the file:
// a missing file; weights whose shapes disagree with config.json (naming the tensor and both
// shapes); tensors the classifier needs that the weights lack (listing them); a tokenizer with
// more tokens than the model's vocabulary.
//
// A folder of the n-gram baseline (headliner_config.json, model.safetensors, ngram_vocab.json,
// as exportNgramFolder writes it) loads too, with `model` left null.
LoadedClassifier loadClassifier(const std::filesystem::path& path);

}  // namespace headliner::model
