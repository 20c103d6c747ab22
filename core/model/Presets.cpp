#include "core/model/Presets.h"

#include "core/data/Dataset.h"
#include "core/model/NgramBaseline.h"
#include "core/text/NgramTokenizer.h"

#include <algorithm>
#include <stdexcept>

#include "core/Error.h"
#include "core/data/Dataset.h"
#include "core/model/Checkpoint.h"
#include "core/model/ModelFolder.h"
#include "core/text/SentencePieceTokenizer.h"

namespace headliner::model {

namespace fs = std::filesystem;

namespace {

struct ScratchShape {
    const char* name;
    std::int64_t dim, layers, heads, hidden;
};

// Heads of 64 dimensions, as DistilBERT's own (768 / 12), and a 4x feed-forward.
constexpr ScratchShape kScratch[] = {
    {"scratch-d128", 128, 2, 2, 512},
    {"scratch-d256", 256, 4, 4, 1024},
};

void applyDropout(ModelConfig& c, const PresetOptions& o) {
    if (!o.dropout) return;
    c.dropout = c.attentionDropout = c.seqClassifDropout = *o.dropout;
}

std::string joinedNames() {
    std::string s;
    for (const auto& n : presetNames()) s += (s.empty() ? "" : ", ") + n;
    return s;
}

}  // namespace

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    for (const auto& s : kScratch) names.emplace_back(s.name);
    names.emplace_back("distilbert-base-uncased");
    names.emplace_back("ngram");
    return names;
}

bool isPreset(const std::string& name) {
    const auto names = presetNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

ModelConfig scratchConfig(const std::string& name, std::size_t vocabSize, const PresetOptions& options) {
    for (const auto& s : kScratch) {
        if (name != s.name) continue;
        ModelConfig c;
        c.vocabSize = std::int64_t(vocabSize);
        c.dim = s.dim;
        c.nLayers = s.layers;
        c.nHeads = s.heads;
        c.hiddenDim = s.hidden;
        c.maxPositionEmbeddings = std::max<std::int64_t>(512, std::int64_t(options.maxLength));
        c.padTokenId = 0;  // [PAD] of the sentencepiece models this project trains
        c.labels = options.labels;
        applyDropout(c, options);
        c.validate();
        return c;
    }
    throw std::invalid_argument("unknown scratch preset '" + name + "'");
}

namespace {
// fastText's supervised model: words + hashed bigrams of the training texts, dim 10.
PresetModel makeNgramPreset(const PresetOptions& options) {
    if (options.labels.empty()) throw std::invalid_argument("preset ngram: no class labels given");
    PresetModel p;
    p.name = "ngram";
    const fs::path vocab = options.workFolder / "tokenizer" / "ngram_vocab.json";
    std::unique_ptr<text::NgramTokenizer> tokenizer;
    if (fs::exists(vocab)) {
        tokenizer = text::NgramTokenizer::fromFile(vocab);
    } else {
        if (!options.trainingTexts) throw std::invalid_argument("preset ngram needs training texts for its word list");
        fs::create_directories(vocab.parent_path());
        tokenizer = text::NgramTokenizer::build(options.trainingTexts->texts, vocab);
    }
    p.config.labels = options.labels;
    p.config.modelType = "ngram";
    NgramBaseline model(NgramConfig{std::int64_t(tokenizer->vocabSize()), 10, options.labels});
    model->initWeights(options.seed);
    p.classifier = model.ptr();
    p.tokenizer = std::move(tokenizer);
    return p;
}
}  // namespace

PresetModel makePreset(const std::string& name, const PresetOptions& options) {
    if (name == "distilbert-base-uncased")
        throw std::invalid_argument("preset distilbert-base-uncased loads its weights from a folder: pass --model DIR "
                                    "(a downloaded distilbert-base-uncased)");
    if (name == "ngram") return makeNgramPreset(options);
    const bool scratch = std::any_of(std::begin(kScratch), std::end(kScratch), [&](const auto& s) { return name == s.name; });
    if (!scratch) throw std::invalid_argument("unknown preset '" + name + "' (known: " + joinedNames() + ")");
    if (options.labels.empty()) throw std::invalid_argument("preset " + name + ": no class labels given");

    PresetModel p;
    p.name = name;
    const fs::path spm = options.workFolder / "tokenizer" / "spiece.model";
    if (fs::exists(spm)) {
        p.tokenizer = text::SentencePieceTokenizer::fromModelFile(spm);
    } else {
        if (!options.trainingTexts) throw std::invalid_argument("preset " + name + " needs training texts for its tokenizer");
        fs::create_directories(spm.parent_path());
        text::SentencePieceTrainingOptions t;
        t.vocabSize = options.vocabSize;
        t.lowercase = true;
        t.vocabSizeIsLimit = true;  // a small training file gets the vocabulary it can fill
        p.tokenizer = text::SentencePieceTokenizer::train(*options.trainingTexts, spm, t);
    }
    p.config = scratchConfig(name, p.tokenizer->vocabSize(), options);
    p.distilbert = DistilBertForSequenceClassification(p.config);
    p.distilbert->initWeights(options.seed);
    p.classifier = p.distilbert.ptr();
    return p;
}

PresetModel loadPretrained(const fs::path& path, const PresetOptions& options) {
    const fs::path folder = resolveModelFolder(path);
    PresetModel p;
    p.name = folder.string();
    p.baseModel = folder.filename().string();
    p.config = readModelConfig(folder / "config.json");
    const auto oldLabels = p.config.labels;
    if (!options.labels.empty()) p.config.labels = options.labels;
    applyDropout(p.config, options);
    p.tokenizer = text::loadTokenizer(folder);
    if (p.tokenizer->vocabSize() > std::size_t(p.config.vocabSize))
        throw FileError(folder, 0, "the tokenizer has " + std::to_string(p.tokenizer->vocabSize()) +
                                       " tokens but the model only " + std::to_string(p.config.vocabSize));
    p.distilbert = DistilBertForSequenceClassification(p.config);
    p.distilbert->initWeights(options.seed);
    const fs::path weightsFile = fs::exists(folder / "model.safetensors") ? folder / "model.safetensors"
                                                                         : folder / "pytorch_model.bin";
    auto weights = readWeights(weightsFile);
    // A head for other labels (or none) is replaced by the freshly initialized one.
    if (oldLabels.size() != options.labels.size() && !options.labels.empty()) {
        weights.erase("classifier.weight");
        weights.erase("classifier.bias");
    }
    const auto report = loadStateDict(*p.distilbert, weights, weightsFile);
    for (const auto& m : report.missing) {
        const bool head = m.rfind("classifier.", 0) == 0 || m.rfind("pre_classifier.", 0) == 0;
        if (!head) throw FileError(weightsFile, 0, "the weights lack " + m + " (not a DistilBERT checkpoint?)");
    }
    p.classifier = p.distilbert.ptr();
    return p;
}

}  // namespace headliner::model
