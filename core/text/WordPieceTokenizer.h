#pragma once
// BERT's WordPiece tokenizer, id for id what Hugging Face's `tokenizers` produces for BERT and
// DistilBERT: added tokens ([CLS], [SEP], ... written literally in the text) first, then
// BertNormalizer, BertPreTokenizer, greedy longest-match-first WordPiece, and the post-processor's
// [CLS] ... [SEP] with truncation. encode() is const and safe to call from many threads at once.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text/AddedTokenMatcher.h"
#include "core/text/BertNormalizer.h"
#include "core/text/Tokenizer.h"

namespace headliner::text {

struct WordPieceOptions {
    bool lowercase = true;
    std::optional<bool> stripAccents;  // unset: follows lowercase (HF behaviour)
    bool handleChineseChars = true;
    bool cleanText = true;
    std::string unkToken = "[UNK]", clsToken = "[CLS]", sepToken = "[SEP]", padToken = "[PAD]",
                maskToken = "[MASK]";
    std::string continuingSubwordPrefix = "##";
    std::size_t maxInputCharsPerWord = 100;
};

class WordPieceTokenizer final : public Tokenizer {
public:
    // A vocab.txt: one token per line, the line number (from 0) is the id. The five special
    // tokens of options are matched literally in the text, like Hugging Face's BertTokenizer.
    // Throws headliner::FileError when the file is missing, empty, not UTF-8, or lacks
    // options.unkToken, clsToken or sepToken.
    static std::unique_ptr<WordPieceTokenizer> fromVocabFile(const std::filesystem::path& vocabTxt,
                                                             const WordPieceOptions& options = {});
    // A Hugging Face tokenizer.json with a WordPiece model, a BertNormalizer (or none), a
    // BertPreTokenizer and a TemplateProcessing / BertProcessing post-processor (or none).
    // Throws headliner::FileError naming what is missing, malformed or unsupported.
    static std::unique_ptr<WordPieceTokenizer> fromTokenizerJson(const std::filesystem::path& tokenizerJson);
    // Tokens in id order (token i has id i), as a vocab.txt lists them; for tests and tools.
    // Throws headliner::FileError (naming "(vocabulary in memory)") like fromVocabFile.
    static std::unique_ptr<WordPieceTokenizer> fromTokens(std::vector<std::string> tokens,
                                                          const WordPieceOptions& options = {});

    ~WordPieceTokenizer() override;
    WordPieceTokenizer(const WordPieceTokenizer&) = delete;  // the lookup tables point into itself
    WordPieceTokenizer& operator=(const WordPieceTokenizer&) = delete;

    // maxLength < the number of special tokens (2 for BERT), other than 0, throws
    // std::invalid_argument, as Hugging Face's truncation does.
    std::vector<TokenId> encode(std::string_view utf8, std::size_t maxLength) const override;
    // The pieces of the text, without [CLS] / [SEP] and without truncation: "un", "##aff", ...
    std::vector<std::string> tokenize(std::string_view utf8) const;

    std::size_t vocabSize() const override { return idToToken_.size(); }
    const SpecialTokens& specialTokens() const override { return special_; }
    // The token of an id; empty for an id outside the vocabulary.
    std::string idToToken(TokenId id) const override;
    std::optional<TokenId> tokenToId(std::string_view token) const override;
    std::string kind() const override { return "wordpiece"; }
    std::vector<std::filesystem::path> files() const override;
    // vocab.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json as
    // transformers' save_pretrained writes them for DistilBertTokenizer (WordPieceExport.cpp).
    void writeHuggingFaceFiles(const std::filesystem::path& folder, std::size_t modelMaxLength) const override;

    const WordPieceOptions& options() const { return options_; }
    const BertNormalizer& normalizer() const { return normalizer_; }

private:
    WordPieceTokenizer(const WordPieceOptions& options, std::filesystem::path source);
    // vocab.txt semantics (token i has id i, specials matched as written) for fromTokens and
    // fromVocabFile; source is empty for tokens from memory.
    static std::unique_ptr<WordPieceTokenizer> fromTokenList(std::vector<std::string> tokens,
                                                             const WordPieceOptions& options,
                                                             std::filesystem::path source);
    std::filesystem::path errorPath() const;  // the file FileErrors name

    // Construction, in this order (the loaders call these).
    void setVocab(std::vector<std::pair<std::string, TokenId>> vocab);
    void addAddedToken(const std::string& content, TokenId id, bool normalized, bool singleWord);
    void setSpecialTemplate(std::vector<TokenId> prefix, std::vector<TokenId> suffix);
    void finish();  // resolves SpecialTokens; throws FileError when the unknown token is missing

    // Append piece ids to ids, stopping once ids.size() reaches limit.
    void appendTextIds(std::string_view text, std::size_t limit, std::vector<TokenId>& ids) const;
    void appendSegmentIds(std::string_view raw, std::size_t limit, std::vector<TokenId>& ids) const;
    void appendWordsIds(std::string_view normalized, std::size_t limit, std::vector<TokenId>& ids) const;
    void appendWordIds(std::string_view word, std::vector<TokenId>& ids) const;

    using VocabMap = std::unordered_map<std::string_view, TokenId>;
    struct StringHash {  // lets the std::string-keyed map be searched with a string_view
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    WordPieceOptions options_;
    BertNormalizer normalizer_;
    std::filesystem::path source_;

    std::vector<std::string> vocabTokens_;  // the model's tokens; vocab_ and continuation_ view them
    VocabMap vocab_;                        // every model token
    VocabMap continuation_;                 // tokens that start with the prefix, keyed without it
    std::size_t longestToken_ = 0;          // bytes: longer candidates cannot match
    std::size_t longestContinuation_ = 0;

    std::vector<std::string> idToToken_;  // index = id; empty where no token has that id
    std::unordered_map<std::string, TokenId, StringHash, std::equal_to<>> addedTokens_;
    AddedTokenMatcher rawAddedTokens_;         // matched in the text as written
    AddedTokenMatcher normalizedAddedTokens_;  // matched in the normalized text

    std::vector<TokenId> prefix_, suffix_;  // around the pieces: [CLS] and [SEP] for BERT
    SpecialTokens special_;
    TokenId unkId_ = -1;
};

}  // namespace headliner::text
