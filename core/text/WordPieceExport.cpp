// WordPieceTokenizer::writeHuggingFaceFiles: the four tokenizer files transformers'
// save_pretrained writes for a (Distil)BERT tokenizer, in the same shape as the hub's
// distilbert-base-uncased files, so AutoTokenizer.from_pretrained loads the folder with the
// fast tokenizer (tokenizer.json) and the slow one (vocab.txt + tokenizer_config.json) alike.

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"
#include "core/text/WordPieceTokenizer.h"

namespace headliner::text {

namespace {
using ojson = nlohmann::ordered_json;

ojson addedToken(TokenId id, const std::string& content) {
    return {{"id", id},           {"content", content}, {"single_word", false}, {"lstrip", false},
            {"rstrip", false},    {"normalized", false}, {"special", true}};
}

void writeJson(const std::filesystem::path& file, const ojson& json) {
    io::writeFileAtomically(file, json.dump(2) + "\n");
}
}  // namespace

void WordPieceTokenizer::writeHuggingFaceFiles(const std::filesystem::path& folder, std::size_t modelMaxLength) const {
    const auto& o = options_;
    // The specials this vocabulary has, in id order (as the hub's files list them).
    std::vector<std::pair<TokenId, std::string>> specials;
    std::vector<std::pair<std::string, std::string>> specialRoles;  // special_tokens_map order
    for (const auto& [role, token] : std::vector<std::pair<std::string, std::string>>{
             {"cls_token", o.clsToken}, {"mask_token", o.maskToken}, {"pad_token", o.padToken},
             {"sep_token", o.sepToken}, {"unk_token", o.unkToken}}) {
        if (const auto id = tokenToId(token)) {
            specials.emplace_back(*id, token);
            specialRoles.emplace_back(role, token);
        }
    }
    std::sort(specials.begin(), specials.end());

    // vocab.txt: one token per line, line number = id.
    std::string vocab;
    for (std::size_t id = 0; id < vocabSize(); ++id) vocab += idToToken(static_cast<TokenId>(id)) + "\n";
    io::writeFileAtomically(folder / "vocab.txt", vocab);

    // tokenizer.json
    ojson added = ojson::array();
    for (const auto& [id, token] : specials) added.push_back(addedToken(id, token));
    const ojson stripAccents = o.stripAccents ? ojson(*o.stripAccents) : ojson(nullptr);
    auto special = [](const std::string& t, int typeId) { return ojson{{"SpecialToken", {{"id", t}, {"type_id", typeId}}}}; };
    auto sequence = [](const char* s, int typeId) { return ojson{{"Sequence", {{"id", s}, {"type_id", typeId}}}}; };
    ojson vocabMap = ojson::object();
    for (std::size_t id = 0; id < vocabSize(); ++id) vocabMap[idToToken(static_cast<TokenId>(id))] = id;
    const ojson tokenizerJson = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", added},
        {"normalizer",
         {{"type", "BertNormalizer"},
          {"clean_text", o.cleanText},
          {"handle_chinese_chars", o.handleChineseChars},
          {"strip_accents", stripAccents},
          {"lowercase", o.lowercase}}},
        {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", {special(o.clsToken, 0), sequence("A", 0), special(o.sepToken, 0)}},
          {"pair",
           {special(o.clsToken, 0), sequence("A", 0), special(o.sepToken, 0), sequence("B", 1), special(o.sepToken, 1)}},
          {"special_tokens",
           {{o.clsToken, {{"id", o.clsToken}, {"ids", {special_.cls}}, {"tokens", {o.clsToken}}}},
            {o.sepToken, {{"id", o.sepToken}, {"ids", {special_.sep}}, {"tokens", {o.sepToken}}}}}}}},
        {"decoder", {{"type", "WordPiece"}, {"prefix", o.continuingSubwordPrefix}, {"cleanup", true}}},
        {"model",
         {{"type", "WordPiece"},
          {"unk_token", o.unkToken},
          {"continuing_subword_prefix", o.continuingSubwordPrefix},
          {"max_input_chars_per_word", o.maxInputCharsPerWord},
          {"vocab", vocabMap}}},
    };
    writeJson(folder / "tokenizer.json", tokenizerJson);

    // tokenizer_config.json
    ojson decoder = ojson::object();
    for (const auto& [id, token] : specials) {
        ojson t = addedToken(id, token);
        t.erase("id");
        decoder[std::to_string(id)] = t;
    }
    ojson config = {{"added_tokens_decoder", decoder}, {"clean_up_tokenization_spaces", false}};
    for (const auto& [role, token] : specialRoles) config[role] = token;
    config["do_lower_case"] = o.lowercase;
    config["model_max_length"] = modelMaxLength;
    config["strip_accents"] = stripAccents;
    config["tokenize_chinese_chars"] = o.handleChineseChars;
    config["tokenizer_class"] = "DistilBertTokenizer";
    writeJson(folder / "tokenizer_config.json", config);

    ojson map = ojson::object();
    for (const auto& [role, token] : specialRoles) map[role] = token;
    writeJson(folder / "special_tokens_map.json", map);
}

}  // namespace headliner::text
