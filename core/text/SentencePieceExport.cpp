// SentencePieceTokenizer::writeHuggingFaceFiles: the model as spiece.model, and for a unigram
// model a tokenizer.json that Hugging Face's `tokenizers` (and so AutoTokenizer, as
// PreTrainedTokenizerFast) reads to the same ids as this tokenizer:
//   normalizer    the model's own precompiled character map (NFKC, case folding for uncased
//                 models), then sentencepiece's whitespace rule: strip both ends, collapse runs;
//   pre_tokenizer Metaspace (a "▁" before each word), as sentencepiece's escape_whitespaces;
//   model         Unigram with the model's pieces and scores, [UNK] for unknown characters;
//   post          [CLS] x [SEP].
// Without it, transformers would convert spiece.model through its AlbertTokenizer converter,
// which also rewrites `` and '' to " and penalises pieces ending in a digit and a comma ("▁1,"):
// other ids for such texts. A BPE model, or a unigram model Headliner did not train, keeps the
// AlbertTokenizer settings; tst_hf_tokenizers checks the unigram file against the real
// `tokenizers` library on AG News.

#include <sentencepiece_processor.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"
#include "core/text/SentencePieceProto.h"
#include "core/text/SentencePieceTokenizer.h"

namespace headliner::text {

namespace {

std::string base64(std::string_view in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const std::uint32_t n = std::uint32_t(static_cast<unsigned char>(in[i])) << 16 |
                                std::uint32_t(static_cast<unsigned char>(in[i + 1])) << 8 |
                                static_cast<unsigned char>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
    }
    if (i + 1 == in.size()) {
        const std::uint32_t n = std::uint32_t(static_cast<unsigned char>(in[i])) << 16;
        out += kAlphabet[(n >> 18) & 63], out += kAlphabet[(n >> 12) & 63], out += "==";
    } else if (i + 2 == in.size()) {
        const std::uint32_t n = std::uint32_t(static_cast<unsigned char>(in[i])) << 16 |
                                std::uint32_t(static_cast<unsigned char>(in[i + 1])) << 8;
        out += kAlphabet[(n >> 18) & 63], out += kAlphabet[(n >> 12) & 63], out += kAlphabet[(n >> 6) & 63], out += '=';
    }
    return out;
}

}  // namespace

void SentencePieceTokenizer::writeHuggingFaceFiles(const std::filesystem::path& folder,
                                                   std::size_t modelMaxLength) const {
    const std::string& proto = processor_->serialized_model_proto();
    io::writeFileAtomically(folder / "spiece.model", proto);
    std::optional<spmproto::ModelFacts> facts;
    try {
        facts = spmproto::readModelFacts(proto);
    } catch (const std::runtime_error&) {
        // Not readable as expected: keep the AlbertTokenizer settings alone.
    }
    // Only for unigram models Headliner trained (scores on its 1/256 grid; see SentencePieceProto.h):
    // for those, tst_hf_tokenizers shows Hugging Face's Unigram gives the same ids. A model from
    // elsewhere may use options this file does not reproduce (byte fallback, other whitespace
    // rules) and ties may fall differently: it keeps the AlbertTokenizer settings it came with.
    bool onGrid = true;
    for (int id = 0; id < processor_->GetPieceSize() && onGrid; ++id) {
        const float scaled = processor_->GetScore(id) * 256.0f;
        onGrid = scaled == std::round(scaled);
    }
    const bool fast =
        facts && facts->unigram && onGrid && special_.cls >= 0 && special_.sep >= 0 && special_.unk >= 0;

    using ojson = nlohmann::ordered_json;
    ojson map = ojson::object();
    const std::pair<const char*, TokenId> roles[] = {{"bos_token", special_.cls}, {"cls_token", special_.cls},
                                                     {"eos_token", special_.sep}, {"mask_token", special_.mask},
                                                     {"pad_token", special_.pad}, {"sep_token", special_.sep},
                                                     {"unk_token", special_.unk}};
    for (const auto& [role, id] : roles)
        if (id >= 0) map[role] = idToToken(id);

    if (fast) {
        ojson added = ojson::array();
        ojson vocab = ojson::array();
        const int size = processor_->GetPieceSize();
        for (int id = 0; id < size; ++id) {
            vocab.push_back(ojson::array({processor_->IdToPiece(id), processor_->GetScore(id)}));
            if (processor_->IsControl(id) || processor_->IsUnknown(id))
                added.push_back({{"id", id},
                                 {"content", processor_->IdToPiece(id)},
                                 {"single_word", false},
                                 {"lstrip", false},
                                 {"rstrip", false},
                                 {"normalized", false},
                                 {"special", true}});
        }
        ojson normalizers = ojson::array();
        if (!facts->charsmap.empty())
            normalizers.push_back({{"type", "Precompiled"}, {"precompiled_charsmap", base64(facts->charsmap)}});
        normalizers.push_back({{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}});
        normalizers.push_back({{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}});
        const ojson metaspace = {{"type", "Metaspace"}, {"replacement", "\u2581"}, {"prepend_scheme", "always"}, {"split", true}};
        const std::string cls = idToToken(special_.cls), sep = idToToken(special_.sep);
        auto special = [](const std::string& t, int typeId) { return ojson{{"SpecialToken", {{"id", t}, {"type_id", typeId}}}}; };
        auto sequence = [](const char* s, int typeId) { return ojson{{"Sequence", {{"id", s}, {"type_id", typeId}}}}; };
        const ojson post = {
            {"type", "TemplateProcessing"},
            {"single", ojson::array({special(cls, 0), sequence("A", 0), special(sep, 0)})},
            {"pair", ojson::array({special(cls, 0), sequence("A", 0), special(sep, 0), sequence("B", 1), special(sep, 1)})},
            {"special_tokens",
             {{cls, {{"id", cls}, {"ids", {special_.cls}}, {"tokens", {cls}}}},
              {sep, {{"id", sep}, {"ids", {special_.sep}}, {"tokens", {sep}}}}}}};
        const ojson tokenizer = {{"version", "1.0"},
                                 {"truncation", nullptr},
                                 {"padding", nullptr},
                                 {"added_tokens", added},
                                 {"normalizer", {{"type", "Sequence"}, {"normalizers", normalizers}}},
                                 {"pre_tokenizer", metaspace},
                                 {"post_processor", post},
                                 {"decoder", metaspace},
                                 {"model", {{"type", "Unigram"}, {"unk_id", special_.unk}, {"vocab", vocab}, {"byte_fallback", false}}}};
        io::writeFileAtomically(folder / "tokenizer.json", tokenizer.dump() + "\n");
    }

    ojson config = map;
    config["model_max_length"] = modelMaxLength;
    config["clean_up_tokenization_spaces"] = false;
    if (fast) {
        config["tokenizer_class"] = "PreTrainedTokenizerFast";
    } else {
        config["do_lower_case"] = false;  // the model's normalizer already does what it was trained with
        config["keep_accents"] = true;
        config["remove_space"] = true;
        config["tokenizer_class"] = "AlbertTokenizer";
    }
    io::writeFileAtomically(folder / "tokenizer_config.json", config.dump(2) + "\n");
    io::writeFileAtomically(folder / "special_tokens_map.json", map.dump(2) + "\n");
}

}  // namespace headliner::text
