#include "core/model/Exporter.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <iomanip>
#include <sstream>

#include "core/Error.h"
#include "core/io/AtomicFile.h"
#include "core/model/Checkpoint.h"

namespace headliner::model {

namespace fs = std::filesystem;

namespace {

// Replaces `folder` with `staged` in one step: rename when nothing is there yet, an atomic
// exchange (renameat2 RENAME_EXCHANGE) when a previous export is, then removes the old copy.
void swapIntoPlace(const fs::path& staged, const fs::path& folder) {
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, folder.c_str(), RENAME_NOREPLACE) == 0) return;
    if (errno != EEXIST && errno != ENOTEMPTY)
        throw FileError(folder, 0, std::string("cannot move the export into place: ") + std::strerror(errno));
    if (!fs::is_directory(folder)) throw FileError(folder, 0, "exists and is not a folder");
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE) != 0)
        throw FileError(folder, 0, std::string("cannot replace the previous export: ") + std::strerror(errno));
    std::error_code ec;
    fs::remove_all(staged, ec);  // now the previous export; failing to delete it loses nothing
}

fs::path stagingFolder(const fs::path& folder) {
    static std::atomic<unsigned> counter{0};
    const fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
    return parent / ("." + folder.filename().string() + ".export-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++));
}

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
    md << "---\nlibrary_name: transformers\npipeline_tag: text-classification\n";
    if (!card.baseModel.empty()) md << "base_model: " << card.baseModel << "\n";
    if (!card.datasetName.empty()) md << "datasets:\n- " << card.datasetName << "\n";
    md << "metrics:\n- accuracy\n- f1\ntags:\n- headliner\n---\n\n";
    const std::string name = folder.filename().string();
    md << "# " << name << "\n\n";
    md << "A " << config.modelType << " text classifier (" << config.nLayers << " layers, dim " << config.dim
       << ", " << config.nHeads << " heads) ";
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
    const fs::path staged = stagingFolder(folder);
    std::error_code ec;
    fs::create_directories(staged, ec);
    if (ec) throw FileError(staged, 0, "cannot create the export folder: " + ec.message());
    try {
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
        swapIntoPlace(staged, folder);
        progress(1.0, "done");
    } catch (...) {
        fs::remove_all(staged, ec);
        throw;
    }
}

}  // namespace headliner::model
