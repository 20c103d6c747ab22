// loadTokenizer(): which tokenizer a path holds, told by its content (the name only breaks ties
// and sharpens messages), and the Hugging Face folder conventions.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/text/SentencePieceTokenizer.h"
#include "core/text/Tokenizer.h"
#include "core/text/WordPieceTokenizer.h"

namespace headliner::text {

namespace fs = std::filesystem;

namespace {

enum class Content { Json, Binary, Text, Empty };

constexpr std::size_t kSniffBytes = 4096;

// Looks at the first bytes: a protobuf (sentencepiece .model) has control bytes within its first
// few pieces (lengths, tags, float scores); a tokenizer.json starts with '{'; the rest is text.
Content sniff(const fs::path& file, std::string* head) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw FileError(file, 0, std::string("cannot open for reading: ") + std::strerror(errno));
    std::string bytes(kSniffBytes, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (head) *head = bytes;
    std::size_t start = bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // UTF-8 byte order mark
    for (std::size_t i = start; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return Content::Binary;
    }
    while (start < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[start]))) ++start;
    if (start == bytes.size()) return Content::Empty;
    return bytes[start] == '{' ? Content::Json : Content::Text;
}

// A tokenizer that also counts its tokenizer_config.json among its files(), so cache keys and
// exports change when the settings read from it do.
class WithConfigFile final : public Tokenizer {
public:
    WithConfigFile(std::unique_ptr<Tokenizer> inner, fs::path config)
        : inner_(std::move(inner)), config_(std::move(config)) {}
    std::vector<TokenId> encode(std::string_view utf8, std::size_t maxLength) const override {
        return inner_->encode(utf8, maxLength);
    }
    std::size_t vocabSize() const override { return inner_->vocabSize(); }
    const SpecialTokens& specialTokens() const override { return inner_->specialTokens(); }
    std::string idToToken(TokenId id) const override { return inner_->idToToken(id); }
    std::optional<TokenId> tokenToId(std::string_view token) const override {
        return inner_->tokenToId(token);
    }
    std::string kind() const override { return inner_->kind(); }
    void writeHuggingFaceFiles(const fs::path& folder, std::size_t modelMaxLength) const override {
        inner_->writeHuggingFaceFiles(folder, modelMaxLength);
    }
    std::vector<fs::path> files() const override {
        auto out = inner_->files();
        out.push_back(config_);
        return out;
    }

private:
    std::unique_ptr<Tokenizer> inner_;
    fs::path config_;
};

nlohmann::json readJson(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw FileError(file, 0, std::string("cannot open for reading: ") + std::strerror(errno));
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw FileError(file, 0, std::string("not valid JSON: ") + e.what());
    }
}

// Special tokens in tokenizer_config.json are either "[UNK]" or {"content": "[UNK]", ...}.
void readToken(const nlohmann::json& config, const fs::path& file, const char* key, std::string& out) {
    const auto it = config.find(key);
    if (it == config.end() || it->is_null()) return;
    if (it->is_string()) {
        out = it->get<std::string>();
    } else if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) {
        out = (*it)["content"].get<std::string>();
    } else {
        throw FileError(file, 0,
                        std::string("\"") + key + "\" must be a string or an object with \"content\"");
    }
}

void readBool(const nlohmann::json& config, const fs::path& file, const char* key, bool& out) {
    const auto it = config.find(key);
    if (it == config.end() || it->is_null()) return;
    if (!it->is_boolean()) throw FileError(file, 0, std::string("\"") + key + "\" must be true or false");
    out = it->get<bool>();
}

// The settings of a vocab.txt that Hugging Face keeps in tokenizer_config.json beside it.
WordPieceOptions readWordPieceConfig(const fs::path& configFile) {
    const nlohmann::json config = readJson(configFile);
    if (!config.is_object()) throw FileError(configFile, 0, "expected a JSON object of tokenizer settings");
    WordPieceOptions options;
    readBool(config, configFile, "do_lower_case", options.lowercase);
    readBool(config, configFile, "tokenize_chinese_chars", options.handleChineseChars);
    if (const auto it = config.find("strip_accents"); it != config.end() && !it->is_null()) {
        bool strip = false;
        readBool(config, configFile, "strip_accents", strip);
        options.stripAccents = strip;
    }
    readToken(config, configFile, "unk_token", options.unkToken);
    readToken(config, configFile, "cls_token", options.clsToken);
    readToken(config, configFile, "sep_token", options.sepToken);
    readToken(config, configFile, "pad_token", options.padToken);
    readToken(config, configFile, "mask_token", options.maskToken);
    return options;
}

std::unique_ptr<Tokenizer> loadVocabTxt(const fs::path& vocab) {
    const fs::path config = vocab.parent_path() / "tokenizer_config.json";
    std::error_code ec;
    if (!fs::is_regular_file(config, ec)) return WordPieceTokenizer::fromVocabFile(vocab);
    return std::make_unique<WithConfigFile>(
        WordPieceTokenizer::fromVocabFile(vocab, readWordPieceConfig(config)), config);
}

std::vector<fs::path> modelFilesIn(const fs::path& folder) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".model" && entry.is_regular_file(ec)) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::unique_ptr<Tokenizer> loadFile(const fs::path& file) {
    std::string head;
    const Content content = sniff(file, &head);
    const std::string name = file.filename().string();
    const std::string ext = file.extension().string();
    switch (content) {
        case Content::Empty:
            throw FileError(file, 0,
                            "empty file, expected a vocab.txt, a tokenizer.json or a sentencepiece .model");
        case Content::Binary:
            return SentencePieceTokenizer::fromModelFile(file);
        case Content::Json:
            if (name == "tokenizer_config.json" || name == "config.json" || name == "special_tokens_map.json")
                throw FileError(
                    file, 0,
                    "holds settings, not a tokenizer: give the folder, its tokenizer.json or its vocab.txt");
            return WordPieceTokenizer::fromTokenizerJson(file);
        case Content::Text:
            break;
    }
    if (ext == ".model") throw FileError(file, 0, "not a sentencepiece model: it is a text file");
    if (ext == ".json") throw FileError(file, 0, "not a tokenizer.json: it does not start with '{'");
    // A sentencepiece .vocab lists "piece<TAB>score"; a vocab.txt has one token per line.
    const std::size_t firstLineEnd = head.find('\n');
    if (head.substr(0, firstLineEnd).find('\t') != std::string::npos)
        throw FileError(
            file, 0,
            "looks like a sentencepiece .vocab listing (piece, tab, score): give the .model beside it");
    return loadVocabTxt(file);
}

std::unique_ptr<Tokenizer> loadFolder(const fs::path& folder) {
    std::error_code ec;
    const auto models = modelFilesIn(folder);
    auto singleModel = [&]() -> fs::path {
        if (models.size() == 1) return models.front();
        std::string names;
        for (const auto& m : models) names += (names.empty() ? "" : ", ") + m.filename().string();
        throw FileError(folder, 0, "holds several sentencepiece models (" + names + "): give one of them");
    };

    const fs::path json = folder / "tokenizer.json";
    if (fs::is_regular_file(json, ec)) {
        try {
            return WordPieceTokenizer::fromTokenizerJson(json);
        } catch (const FileError&) {
            // A sentencepiece-based tokenizer.json (ALBERT, T5, XLM-R: Unigram or BPE) comes with
            // the .model it was converted from; read that one. Anything else stays an error.
            if (models.empty()) throw;
            std::string type;
            try {
                const auto parsed = readJson(json);
                if (parsed.contains("model") && parsed["model"].contains("type") &&
                    parsed["model"]["type"].is_string())
                    type = parsed["model"]["type"].get<std::string>();
            } catch (const FileError&) {
            }
            if (type == "WordPiece" || type.empty()) throw;
            return SentencePieceTokenizer::fromModelFile(singleModel());
        }
    }
    const fs::path vocab = folder / "vocab.txt";
    if (fs::is_regular_file(vocab, ec)) return loadVocabTxt(vocab);
    if (!models.empty()) return SentencePieceTokenizer::fromModelFile(singleModel());
    throw FileError(folder, 0,
                    "no tokenizer here: expected tokenizer.json, vocab.txt or a sentencepiece *.model");
}

}  // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) throw FileError(path, 0, "no such file or folder");
    if (fs::is_directory(status)) return loadFolder(path);
    return loadFile(path);
}

}  // namespace headliner::text
