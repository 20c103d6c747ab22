#pragma once
// The tokenizer interface shared by WordPiece (BERT / DistilBERT) and sentencepiece models.
// Text in, model ids out, with the model's special tokens already placed.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headliner::text {

using TokenId = std::int32_t;

// Ids of the special tokens a classifier needs; -1 where the vocabulary has none.
struct SpecialTokens {
    TokenId pad = -1;
    TokenId unk = -1;
    TokenId cls = -1;   // first token of every sequence (BERT: [CLS]; sentencepiece: <s> / [CLS])
    TokenId sep = -1;   // last token of every sequence (BERT: [SEP]; sentencepiece: </s> / [SEP])
    TokenId mask = -1;
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // [CLS] pieces... [SEP]. maxLength counts the special tokens; when the text is longer, the
    // pieces are cut so that the result has exactly maxLength ids and still ends with [SEP]
    // (Hugging Face's truncation=True). maxLength 0 means no limit.
    virtual std::vector<TokenId> encode(std::string_view utf8, std::size_t maxLength) const = 0;

    virtual std::size_t vocabSize() const = 0;
    virtual const SpecialTokens& specialTokens() const = 0;
    virtual std::string idToToken(TokenId id) const = 0;
    virtual std::optional<TokenId> tokenToId(std::string_view token) const = 0;

    // "wordpiece" or "sentencepiece".
    virtual std::string kind() const = 0;
    // The files this tokenizer was loaded from (for cache keys and for export).
    virtual std::vector<std::filesystem::path> files() const = 0;

    // Writes this tokenizer's files into an existing Hugging Face model folder (tokenizer.json,
    // vocab.txt, tokenizer_config.json, special_tokens_map.json; or the sentencepiece model), so
    // that AutoTokenizer.from_pretrained(folder) rebuilds it. Throws FileError on I/O errors.
    virtual void writeHuggingFaceFiles(const std::filesystem::path& folder, std::size_t modelMaxLength) const = 0;
};

// A padded batch, row-major: ids and attentionMask are rows × columns.
struct PaddedBatch {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> attentionMask;  // 1 = real token, 0 = padding
};

// Pads every sequence with padId to the longest one (or to padTo when it is larger).
PaddedBatch padBatch(const std::vector<std::vector<TokenId>>& sequences, TokenId padId, std::size_t padTo = 0);

// Opens a tokenizer from a vocab.txt, a tokenizer.json, a sentencepiece .model, or a model
// folder holding one of them (tokenizer.json preferred, then vocab.txt, then *.model).
// Throws headliner::FileError naming the file and the problem.
std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& path);

}  // namespace headliner::text
