#include "core/model/Exporter.h"

#include <iomanip>
#include <sstream>

#include "core/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/AtomicFolder.h"
#include "core/model/Checkpoint.h"

#include <nlohmann/json.hpp>

namespace headliner::model {

namespace fs = std::filesystem;

namespace {

std::string percent(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << 100.0 * v << "%";
    return s.str();
}

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

}  // namespace

std::string renderModelCard(const ModelConfig& config, const ModelCard& card, const fs::path& folder) {
    std::ostringstream md;
    const bool transformers = config.modelType == "distilbert";
    md << "---\nlibrary_name: " << (transformers ? "transformers" : "headliner") << "\npipeline_tag: text-classification\n";
    if (!card.baseModel.empty()) md << "base_model: " << card.baseModel << "\n";
    if (!card.datasetName.empty()) md << "datasets:\n- " << card.datasetName << "\n";
    md << "metrics:\n- accuracy\n- f1\ntags:\n- headliner\n---\n\n";
    const std::string name = folder.filename().string();
    md << "# " << name << "\n\n";
    if (transformers)
        md << "A " << config.modelType << " text classifier (" << config.nLayers << " layers, dim " << config.dim
           << ", " << config.nHeads << " heads) ";
    else
        md << "An n-gram baseline text classifier (fastText-style: mean of word and bigram embeddings, one linear layer) ";
    if (!card.baseModel.empty()) md << "fine-tuned from `" << card.baseModel << "` ";
    else md << "trained from scratch ";
    if (!card.datasetName.empty()) md << "on `" << card.datasetName << "` ";
    md << "with Headliner.\n\n## Labels\n\n| id | label |\n|---|---|\n";
    for (std::size_t i = 0; i < config.labels.size(); ++i) md << "| " << i << " | " << config.labels[i] << " |\n";
    if (!card.recipe.empty()) {
        md << "\n## Training recipe\n\n| setting | value |\n|---|---|\n";
        for (const auto& [k, v] : card.recipe) md << "| " << k << " | " << v << " |\n";
    }
    if (!card.epochs.empty()) {
        md << "\n## Metrics per epoch\n\n| epoch | train loss | eval loss | accuracy | macro F1 |\n|---|---|---|---|---|\n";
        for (const auto& e : card.epochs)
            md << "| " << e.epoch << " | " << fixed(e.trainLoss, 4) << " | " << fixed(e.evalLoss, 4) << " | "
               << percent(e.accuracy) << " | " << percent(e.macroF1) << " |\n";
    }
    md << "\n## Usage\n\n```python\nimport torch\nfrom transformers import AutoModelForSequenceClassification, "
          "AutoTokenizer\n\n"
       << "path = \"" << name << "\"  # this folder\n"
       << "tokenizer = AutoTokenizer.from_pretrained(path)\n"
       << "model = AutoModelForSequenceClassification.from_pretrained(path)\n"
       << "inputs = tokenizer([\"Stocks rally as markets cheer the rate cut\"], truncation=True, return_tensors=\"pt\")\n"
       << "with torch.no_grad():\n    probs = model(**inputs).logits.softmax(-1)[0]\n"
       << "print(model.config.id2label[int(probs.argmax())], probs.tolist())\n```\n";
    return md.str();
}

void exportModelFolder(DistilBertForSequenceClassification& model, const text::Tokenizer& tokenizer,
                       const fs::path& folder, const ExportOptions& options) {
    if (options.dtype != io::DType::F32 && options.dtype != io::DType::F16 && options.dtype != io::DType::BF16)
        throw FileError(folder, 0, "weights can be exported as F32, F16 or BF16 only");
    if (folder.filename().empty()) throw FileError(folder, 0, "the export folder needs a name");
    auto progress = [&](double f, const std::string& what) {
        if (options.progress) options.progress(f, what);
    };
    io::writeFolderAtomically(folder, "export", "the model", [&](const fs::path& staged) {
        progress(0.0, "config.json");
        ModelConfig config = model->config();
        config.dtype = options.dtype == io::DType::F16 ? "float16" : options.dtype == io::DType::BF16 ? "bfloat16" : "float32";
        writeModelConfig(config, staged / "config.json");
        progress(0.1, "model.safetensors");
        saveSafetensors(*model, staged / "model.safetensors", options.dtype);
        progress(0.8, "tokenizer");
        tokenizer.writeHuggingFaceFiles(staged, options.maxLength);
        progress(0.9, "README.md");
        io::writeFileAtomically(staged / "README.md", renderModelCard(model->config(), options.card, folder));
    });
    progress(1.0, "done");
}

void exportNgramFolder(SequenceClassifier& model, const std::vector<std::string>& labels,
                       const text::Tokenizer& tokenizer, const fs::path& folder, const ExportOptions& options) {
    if (folder.filename().empty()) throw FileError(folder, 0, "the export folder needs a name");
    io::writeFolderAtomically(folder, "export", "the model", [&](const fs::path& staged) {
        nlohmann::ordered_json config = {{"architecture", model.architecture()},
                                         {"labels", labels},
                                         {"tokenizer", tokenizer.kind()}};
        for (const auto& p : model.named_parameters()) config["shapes"][p.key()] = p.value().sizes().vec();
        io::writeFileAtomically(staged / "headliner_config.json", config.dump(2) + "\n");
        saveSafetensors(model, staged / "model.safetensors", options.dtype);
        tokenizer.writeHuggingFaceFiles(staged, options.maxLength);
        ModelConfig described;
        described.modelType = model.architecture();
        described.labels = labels;
        std::string card = renderModelCard(described, options.card, folder);
        // The transformers snippet does not apply: say how to use this folder instead.
        card = card.substr(0, card.find("## Usage")) +
               "## Files\n\nNot a transformers model. `model.safetensors` holds `embedding.weight` (row 0 is padding, "
               "then one row per word of `ngram_vocab.json`, then the hashed bigram buckets) and `classifier.weight` / "
               "`classifier.bias`; `headliner_config.json` names the labels and shapes.\n";
        io::writeFileAtomically(staged / "README.md", card);
    });
}

}  // namespace headliner::model
