#pragma once
// A Tokenizer over a sentencepiece model (.model): loads existing models (ALBERT, XLNet, T5, ...)
// and trains new unigram or BPE models on a dataset for models trained from scratch.
//
// Special tokens of a model this class trains (fixed, so the model side can rely on them):
//   0 [PAD]  padding                 (sentencepiece pad_id)
//   1 [UNK]  unknown text            (unk_id)
//   2 [CLS]  first id of a sequence  (bos_id, a control symbol)
//   3 [SEP]  last id of a sequence   (eos_id, a control symbol)
//   4 [MASK] masked-LM placeholder   (a control symbol)
// Control symbols never come out of text: a headline containing "[CLS]" or "[MASK]" is split
// into ordinary pieces. This is ALBERT's layout, so ALBERT models load the same way.
//
// Loaded models: [CLS]/[SEP]/[PAD]/[MASK] pieces are used when the model has them, else
// sentencepiece's own <s>, </s>, <pad>, <mask>; a model without a begin (or end) token gets
// none placed (T5 has no <s>).

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/text/Tokenizer.h"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace headliner::data {
struct Dataset;
}

namespace headliner::text {

struct SentencePieceTrainingOptions {
    enum class Algorithm { Unigram, Bpe };
    Algorithm algorithm = Algorithm::Unigram;
    std::size_t vocabSize = 8000;  // includes the 5 special tokens
    // false: texts too few to fill vocabSize pieces are an error. true: vocabSize is an upper
    // bound, and such texts give a smaller vocabulary (sentencepiece's hard_vocab_limit=false);
    // vocabSize() of the result says how many pieces it has.
    bool vocabSizeIsLimit = false;
    // Lowercase while normalizing (NFKC + case folding), for uncased models.
    bool lowercase = false;
    // Fraction of characters the model must cover; the rarest rest become [UNK].
    double characterCoverage = 0.9995;
    // Training reads at most this many texts (a seeded random sample when there are more):
    // the vocabulary barely changes past a few hundred thousand sentences, the time does.
    std::size_t maxTrainingTexts = 300000;
    // Texts longer than this (bytes) are cut for training only, never skipped.
    std::size_t maxTextBytes = 8192;
    int threads = 0;  // 0 = every available core
};

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Throws headliner::FileError naming the file when it is missing or not a sentencepiece model.
    static std::unique_ptr<SentencePieceTokenizer> fromModelFile(const std::filesystem::path& modelFile);

    // Trains a model on the texts, writes it to modelFile atomically (a temporary file beside it,
    // then a rename) and returns the loaded tokenizer. Empty texts are ignored. Throws
    // headliner::FileError naming modelFile when training fails (for example a vocabulary larger
    // than the texts can fill) or the file cannot be written.
    static std::unique_ptr<SentencePieceTokenizer> train(const std::vector<std::string>& texts,
                                                         const std::filesystem::path& modelFile,
                                                         const SentencePieceTrainingOptions& options = {});
    static std::unique_ptr<SentencePieceTokenizer> train(const data::Dataset& dataset,
                                                         const std::filesystem::path& modelFile,
                                                         const SentencePieceTrainingOptions& options = {});

    ~SentencePieceTokenizer() override;

    // maxLength smaller than the special tokens (2 for trained models), other than 0, throws
    // std::invalid_argument, as Hugging Face's truncation and WordPieceTokenizer do.
    // Safe to call from many threads at once.
    std::vector<TokenId> encode(std::string_view utf8, std::size_t maxLength) const override;
    // The pieces of the text without special tokens (for inspection and tests).
    std::vector<std::string> pieces(std::string_view utf8) const;

    std::size_t vocabSize() const override;
    const SpecialTokens& specialTokens() const override { return special_; }
    std::string idToToken(TokenId id) const override;
    std::optional<TokenId> tokenToId(std::string_view token) const override;
    std::string kind() const override { return "sentencepiece"; }
    std::vector<std::filesystem::path> files() const override { return {modelFile_}; }
    // spiece.model plus tokenizer_config.json / special_tokens_map.json naming the special pieces.
    void writeHuggingFaceFiles(const std::filesystem::path& folder, std::size_t modelMaxLength) const override;

private:
    SentencePieceTokenizer(std::unique_ptr<sentencepiece::SentencePieceProcessor> processor,
                           std::filesystem::path modelFile);

    std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
    std::filesystem::path modelFile_;
    SpecialTokens special_;
};

}  // namespace headliner::text
