#include "core/model/ModelConfig.h"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>

#include "core/Error.h"
#include "core/io/AtomicFile.h"

namespace headliner::model {

void ModelConfig::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw std::invalid_argument(what);
    };
    require(modelType == "distilbert", "model_type '" + modelType + "' is not supported (only distilbert)");
    require(vocabSize > 0, "vocab_size must be positive");
    require(dim > 0 && nHeads > 0 && dim % nHeads == 0, "dim must be a positive multiple of n_heads");
    require(nLayers > 0, "n_layers must be positive");
    require(hiddenDim > 0, "hidden_dim must be positive");
    require(maxPositionEmbeddings > 0, "max_position_embeddings must be positive");
    require(activation == "gelu" || activation == "relu", "activation '" + activation + "' is not supported");
    require(!sinusoidalPosEmbds, "sinusoidal_pos_embds=true is not supported");
    for (double p : {dropout, attentionDropout, seqClassifDropout})
        require(p >= 0 && p < 1, "dropout probabilities must be in [0, 1)");
    require(numLabels() >= 2, "a classifier needs at least 2 labels");
    require(padTokenId >= 0 && padTokenId < vocabSize, "pad_token_id is outside the vocabulary");
}

nlohmann::ordered_json ModelConfig::toJson() const {
    nlohmann::ordered_json id2label = nlohmann::ordered_json::object();
    nlohmann::ordered_json label2id = nlohmann::ordered_json::object();
    // Appended to the ordered maps directly: operator[] searches them linearly, which made a config
    // with 30,000 labels take seconds (found by fuzz_model_config). A repeated label maps to its
    // last id in label2id, as transformers' dict comprehension does.
    auto& ids = id2label.get_ref<nlohmann::ordered_json::object_t&>();
    auto& names = label2id.get_ref<nlohmann::ordered_json::object_t&>();
    std::unordered_map<std::string, std::size_t> at;
    ids.reserve(labels.size());
    names.reserve(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        ids.emplace_back(std::to_string(i), labels[i]);
        if (const auto [it, fresh] = at.emplace(labels[i], names.size()); fresh) names.emplace_back(labels[i], i);
        else (names.begin() + std::ptrdiff_t(it->second))->second = i;
    }
    return {
        {"activation", activation},
        {"architectures", {"DistilBertForSequenceClassification"}},
        {"attention_dropout", attentionDropout},
        {"dim", dim},
        {"dropout", dropout},
        {"hidden_dim", hiddenDim},
        {"id2label", id2label},
        {"initializer_range", initializerRange},
        {"label2id", label2id},
        {"max_position_embeddings", maxPositionEmbeddings},
        {"model_type", modelType},
        {"n_heads", nHeads},
        {"n_layers", nLayers},
        {"pad_token_id", padTokenId},
        {"problem_type", problemType},
        {"qa_dropout", 0.1},
        {"seq_classif_dropout", seqClassifDropout},
        {"sinusoidal_pos_embds", sinusoidalPosEmbds},
        {"tie_word_embeddings", true},
        {"dtype", dtype},
        {"vocab_size", vocabSize},
    };
}

ModelConfig ModelConfig::fromJson(const nlohmann::json& j) {
    if (!j.is_object()) throw std::invalid_argument("config is not a JSON object");
    ModelConfig c;
    auto get = [&](const char* key, auto& field) {
        if (!j.contains(key) || j[key].is_null()) return;
        // An integer field takes integers only: 3.3e96 converted to an int64 is undefined.
        using Field = std::decay_t<decltype(field)>;
        if constexpr (std::is_integral_v<Field> && !std::is_same_v<Field, bool>) {
            if (!j[key].is_number_integer())
                throw std::invalid_argument(std::string("field '") + key + "' must be an integer");
        }
        try {
            j[key].get_to(field);
        } catch (const nlohmann::json::exception&) {
            throw std::invalid_argument(std::string("field '") + key + "' has the wrong type");
        }
    };
    get("model_type", c.modelType);
    get("vocab_size", c.vocabSize);
    get("dim", c.dim);
    get("n_layers", c.nLayers);
    get("n_heads", c.nHeads);
    get("hidden_dim", c.hiddenDim);
    get("max_position_embeddings", c.maxPositionEmbeddings);
    get("dropout", c.dropout);
    get("attention_dropout", c.attentionDropout);
    get("seq_classif_dropout", c.seqClassifDropout);
    get("initializer_range", c.initializerRange);
    get("activation", c.activation);
    get("sinusoidal_pos_embds", c.sinusoidalPosEmbds);
    get("pad_token_id", c.padTokenId);
    get("problem_type", c.problemType);
    get("torch_dtype", c.dtype);  // transformers 4
    get("dtype", c.dtype);        // transformers 5

    // id2label has string keys ("0", "1", ...) in files written by save_pretrained.
    std::map<long, std::string> byId;
    if (j.contains("id2label") && j["id2label"].is_object()) {
        for (const auto& [key, value] : j["id2label"].items()) {
            std::size_t used = 0;
            long id = -1;
            try {
                id = std::stol(key, &used);
            } catch (const std::exception&) {
            }
            if (used != key.size() || id < 0 || !value.is_string())
                throw std::invalid_argument("id2label entry '" + key + "' is not an id with a label name");
            byId[id] = value.get<std::string>();
        }
    }
    long numLabels = static_cast<long>(byId.size());
    if (j.contains("num_labels") && j["num_labels"].is_number_integer()) numLabels = j["num_labels"].get<long>();
    if (numLabels <= 0) numLabels = 2;  // transformers' default
    if (numLabels > 100000) throw std::invalid_argument("num_labels " + std::to_string(numLabels) + " is implausibly large");
    for (long i = 0; i < numLabels; ++i) {
        const auto it = byId.find(i);
        c.labels.push_back(it != byId.end() ? it->second : "LABEL_" + std::to_string(i));
    }
    if (static_cast<long>(byId.size()) > numLabels || (!byId.empty() && byId.rbegin()->first >= numLabels))
        throw std::invalid_argument("id2label ids must be 0 .. num_labels-1");
    return c;
}

ModelConfig readModelConfig(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw FileError(path, 0, "cannot open the model configuration");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw FileError(path, 0, std::string("not valid JSON: ") + e.what());
    }
    try {
        ModelConfig c = ModelConfig::fromJson(j);
        c.validate();
        return c;
    } catch (const std::invalid_argument& e) {
        throw FileError(path, 0, e.what());
    }
}

void writeModelConfig(const ModelConfig& config, const std::filesystem::path& path) {
    io::writeFileAtomically(path, config.toJson().dump(2) + "\n");
}

}  // namespace headliner::model
