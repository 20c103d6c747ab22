// WordPieceTokenizer's loaders: vocab.txt and Hugging Face tokenizer.json. Every problem with a
// file becomes a headliner::FileError that names the file and what was expected.
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/text/BertUnicode.h"
#include "core/text/WordPieceTokenizer.h"

namespace headliner::text {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Ids index a table: a corrupt file must not make us allocate gigabytes.
constexpr std::int64_t kMaxId = 1 << 24;

std::string readWholeFile(const fs::path& path, const std::string& what) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw FileError(path, 0, what + " not found");
    if (fs::is_directory(path, ec)) throw FileError(path, 0, "is a folder, expected " + what);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path, 0, "cannot open " + what);
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw FileError(path, 0, "cannot read " + what);
    return std::move(content).str();
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = 0;
        const std::size_t used = bert::decodeUtf8(text, i, c);
        if (c == 0xFFFD && text.substr(i, 3) != "\xEF\xBF\xBD") return false;
        i += used;
    }
    return true;
}

// A key of a JSON object, or a FileError naming the expected shape.
const json& member(const json& object, const char* key, const fs::path& path, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end()) throw FileError(path, 0, where + " has no \"" + key + "\"");
    return *it;
}

bool boolOr(const json& object, const char* key, bool fallback, const fs::path& path,
            const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) throw FileError(path, 0, where + "." + key + " must be true or false");
    return it->get<bool>();
}

std::string stringOr(const json& object, const char* key, const std::string& fallback, const fs::path& path,
                     const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_string()) throw FileError(path, 0, where + "." + key + " must be a string");
    return it->get<std::string>();
}

TokenId idFrom(const json& value, const fs::path& path, const std::string& where) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() >= kMaxId) {
        throw FileError(
            path, 0, where + " must be a token id (an integer from 0 to " + std::to_string(kMaxId - 1) + ")");
    }
    return static_cast<TokenId>(value.get<std::int64_t>());
}

std::string typeOf(const json& object) {
    const auto it = object.find("type");
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The ids the post-processor puts before and after the pieces of a single sequence, and the
// names of the first and last special token.
struct SpecialTemplate {
    std::vector<TokenId> prefix, suffix;
    std::string first, last;
};

SpecialTemplate readPostProcessor(const json& processor, const fs::path& path) {
    SpecialTemplate result;
    if (processor.is_null()) return result;  // Hugging Face then adds no special tokens
    const std::string where = "post_processor";
    if (!processor.is_object()) throw FileError(path, 0, where + " must be an object or null");
    const std::string type = typeOf(processor);
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        // "cls": ["[CLS]", 101], "sep": ["[SEP]", 102]
        const auto pair = [&](const char* key, std::string& name) {
            const json& value = member(processor, key, path, where);
            if (!value.is_array() || value.size() != 2 || !value[0].is_string()) {
                throw FileError(path, 0, where + "." + key + " must be [token, id]");
            }
            name = value[0].get<std::string>();
            return idFrom(value[1], path, where + "." + key + "[1]");
        };
        result.prefix = {pair("cls", result.first)};
        result.suffix = {pair("sep", result.last)};
        return result;
    }
    if (type != "TemplateProcessing") {
        throw FileError(path, 0,
                        where + " \"" + type +
                            "\" is not supported (expected TemplateProcessing, BertProcessing or null)");
    }
    const json& single = member(processor, "single", path, where);
    const json& specials = member(processor, "special_tokens", path, where);
    if (!single.is_array() || !specials.is_object()) {
        throw FileError(path, 0, where + ".single must be a list and special_tokens an object");
    }
    bool seenSequence = false;
    for (const json& item : single) {
        if (item.contains("Sequence")) {
            seenSequence = true;
            continue;
        }
        const json* special = item.contains("SpecialToken") ? &item["SpecialToken"] : nullptr;
        if (special == nullptr || !special->contains("id") || !(*special)["id"].is_string()) {
            throw FileError(path, 0,
                            where + ".single holds an item that is neither Sequence nor SpecialToken");
        }
        const std::string name = (*special)["id"].get<std::string>();
        const auto entry = specials.find(name);
        if (entry == specials.end() || !entry->contains("ids") || !(*entry)["ids"].is_array()) {
            throw FileError(path, 0, where + ".special_tokens has no ids for \"" + name + "\"");
        }
        auto& target = seenSequence ? result.suffix : result.prefix;
        for (const json& id : (*entry)["ids"])
            target.push_back(idFrom(id, path, where + " id of \"" + name + "\""));
        if (!seenSequence && result.first.empty()) result.first = name;
        if (seenSequence) result.last = name;
    }
    if (!seenSequence) throw FileError(path, 0, where + ".single has no Sequence");
    return result;
}

std::unique_ptr<WordPieceTokenizer> failUnreadableJson(const fs::path& path, const json::exception& e) {
    std::string what = e.what();
    const auto bracket = what.find("] ");
    if (what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
        what = what.substr(bracket + 2);
    throw FileError(path, 0, "not a valid tokenizer.json: " + what);
}

}  // namespace

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromVocabFile(const fs::path& vocabTxt,
                                                                      const WordPieceOptions& options) {
    const std::string content = readWholeFile(vocabTxt, "vocabulary file (vocab.txt)");
    std::vector<std::string> tokens;
    std::size_t begin = 0;
    while (begin < content.size()) {
        std::size_t end = content.find('\n', begin);
        if (end == std::string::npos) end = content.size();
        std::string_view line(content.data() + begin, end - begin);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!isValidUtf8(line)) throw FileError(vocabTxt, tokens.size() + 1, "not valid UTF-8");
        if (tokens.empty() && line.substr(0, 1) == "{" &&
            content.find_last_not_of(" \t\r\n") != std::string::npos &&
            content[content.find_last_not_of(" \t\r\n")] == '}') {
            throw FileError(vocabTxt, 1, "looks like JSON; expected a vocab.txt with one token per line");
        }
        tokens.emplace_back(line);
        begin = end + 1;
    }
    if (tokens.empty()) throw FileError(vocabTxt, 0, "the vocabulary is empty (expected one token per line)");
    if (tokens.size() >= static_cast<std::size_t>(kMaxId)) {
        throw FileError(vocabTxt, 0, "has more than " + std::to_string(kMaxId) + " lines; not a vocabulary");
    }
    return fromTokenList(std::move(tokens), options, vocabTxt);
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromTokenizerJson(const fs::path& tokenizerJson) {
    const fs::path& path = tokenizerJson;
    const std::string content = readWholeFile(path, "tokenizer file (tokenizer.json)");
    json root;
    try {
        root = json::parse(content);
    } catch (const json::exception& e) {
        return failUnreadableJson(path, e);
    }
    try {
        if (!root.is_object()) throw FileError(path, 0, "must hold a JSON object");
        const json& model = member(root, "model", path, "tokenizer.json");
        if (!model.is_object()) throw FileError(path, 0, "\"model\" must be an object");
        const std::string modelType = typeOf(model);
        if (modelType != "WordPiece" && !(modelType.empty() && model.contains("max_input_chars_per_word"))) {
            throw FileError(path, 0,
                            "the model is \"" + (modelType.empty() ? std::string("untyped") : modelType) +
                                "\", expected a WordPiece model");
        }

        WordPieceOptions options;
        options.unkToken = stringOr(model, "unk_token", options.unkToken, path, "model");
        options.continuingSubwordPrefix =
            stringOr(model, "continuing_subword_prefix", options.continuingSubwordPrefix, path, "model");
        if (const auto max = model.find("max_input_chars_per_word"); max != model.end() && !max->is_null()) {
            if (!max->is_number_unsigned()) {
                throw FileError(path, 0, "model.max_input_chars_per_word must be a non-negative integer");
            }
            options.maxInputCharsPerWord = max->get<std::size_t>();
        }

        const json& vocabJson = member(model, "vocab", path, "model");
        if (!vocabJson.is_object()) throw FileError(path, 0, "model.vocab must be an object of token: id");
        if (vocabJson.empty()) throw FileError(path, 0, "model.vocab is empty");
        std::vector<std::pair<std::string, TokenId>> vocab;
        vocab.reserve(vocabJson.size());
        for (const auto& [token, id] : vocabJson.items()) {
            vocab.emplace_back(token, idFrom(id, path, "model.vocab[\"" + token + "\"]"));
        }

        const json normalizer = root.value("normalizer", json());
        if (normalizer.is_null()) {  // no normalizer: the text goes to the pre-tokenizer as it is
            options.lowercase = options.cleanText = options.handleChineseChars = false;
            options.stripAccents = false;
        } else if (typeOf(normalizer) == "BertNormalizer") {
            const std::string where = "normalizer";
            options.cleanText = boolOr(normalizer, "clean_text", true, path, where);
            options.handleChineseChars = boolOr(normalizer, "handle_chinese_chars", true, path, where);
            options.lowercase = boolOr(normalizer, "lowercase", true, path, where);
            const auto strip = normalizer.find("strip_accents");
            if (strip != normalizer.end() && !strip->is_null())
                options.stripAccents = boolOr(normalizer, "strip_accents", true, path, where);
        } else {
            throw FileError(path, 0,
                            "normalizer \"" + typeOf(normalizer) +
                                "\" is not supported (expected BertNormalizer or null)");
        }

        const json preTokenizer = root.value("pre_tokenizer", json());
        if (!preTokenizer.is_object() || typeOf(preTokenizer) != "BertPreTokenizer") {
            throw FileError(path, 0,
                            "pre_tokenizer \"" + (preTokenizer.is_object() ? typeOf(preTokenizer) : "null") +
                                "\" is not supported (expected BertPreTokenizer)");
        }

        const SpecialTemplate specials = readPostProcessor(root.value("post_processor", json()), path);
        if (!specials.first.empty()) options.clsToken = specials.first;
        if (!specials.last.empty()) options.sepToken = specials.last;
        if (const json padding = root.value("padding", json()); padding.is_object()) {
            options.padToken = stringOr(padding, "pad_token", options.padToken, path, "padding");
        }

        std::unique_ptr<WordPieceTokenizer> tokenizer(new WordPieceTokenizer(options, path));
        tokenizer->setVocab(std::move(vocab));
        const json added = root.value("added_tokens", json::array());
        if (!added.is_array()) throw FileError(path, 0, "added_tokens must be a list");
        for (std::size_t i = 0; i < added.size(); ++i) {
            const std::string where = "added_tokens[" + std::to_string(i) + "]";
            const json& token = added[i];
            if (!token.is_object()) throw FileError(path, 0, where + " must be an object");
            const json& content = member(token, "content", path, where);
            if (!content.is_string() || content.get_ref<const std::string&>().empty()) {
                throw FileError(path, 0, where + ".content must be a non-empty string");
            }
            const std::string& text = content.get_ref<const std::string&>();
            const TokenId id = idFrom(member(token, "id", path, where), path, where + ".id");
            const bool special = boolOr(token, "special", false, path, where);
            // Hugging Face's default: special tokens are matched as written, others normalized.
            tokenizer->addAddedToken(text, id, boolOr(token, "normalized", !special, path, where),
                                     boolOr(token, "single_word", false, path, where));
        }
        // Every id encode() hands out indexes the model's embeddings: the post-processor's must
        // be inside the vocabulary too (model ids and added tokens together).
        for (const auto* ids : {&specials.prefix, &specials.suffix}) {
            for (const TokenId id : *ids) {
                if (static_cast<std::size_t>(id) >= tokenizer->vocabSize()) {
                    throw FileError(path, 0,
                                    "post_processor uses token id " + std::to_string(id) +
                                        ", which is outside the vocabulary (ids 0 to " +
                                        std::to_string(tokenizer->vocabSize() - 1) + ")");
                }
            }
        }
        tokenizer->setSpecialTemplate(specials.prefix, specials.suffix);
        tokenizer->finish();
        return tokenizer;
    } catch (const json::exception& e) {
        return failUnreadableJson(path, e);
    }
}

}  // namespace headliner::text
