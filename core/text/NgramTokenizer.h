#pragma once
// The "tokenizer" of the n-gram baseline, fastText-style: words (whitespace and punctuation
// split, lowercased) that were seen in the training texts get an id each, and every pair of
// neighbouring words (seen or not) is hashed into a fixed number of buckets. A text becomes the
// bag of its word ids and bigram bucket ids; there are no [CLS]/[SEP] tokens. Id 0 is padding.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text/Tokenizer.h"

namespace headliner::text {

struct NgramOptions {
    bool lowercase = true;
    int wordNgrams = 2;            // 1: words only; 2: words and bigrams (fastText -wordNgrams 2)
    std::uint32_t buckets = 1u << 18;  // hashed bigram slots (fastText uses 2M; 256k keeps dense updates cheap)
    std::uint32_t minCount = 1;    // words seen fewer times in training are left out
};

class NgramTokenizer final : public Tokenizer {
public:
    // Builds the word list from training texts and writes it to vocabFile (JSON) atomically.
    static std::unique_ptr<NgramTokenizer> build(const std::vector<std::string>& texts,
                                                 const std::filesystem::path& vocabFile, const NgramOptions& options = {});
    // Loads a word list written by build(); throws FileError naming the file and the problem.
    static std::unique_ptr<NgramTokenizer> fromFile(const std::filesystem::path& vocabFile);

    // Word ids (1..words) then bigram ids (words+1 ..), in text order; maxLength (0 = no limit)
    // keeps the first ids. Never empty: a text with nothing known gives {0} (padding).
    std::vector<TokenId> encode(std::string_view utf8, std::size_t maxLength) const override;
    // The words of a text as the tokenizer sees them (lowercased, punctuation split).
    std::vector<std::string> words(std::string_view utf8) const;

    std::size_t vocabSize() const override;  // 1 + words + buckets (the embedding rows needed)
    std::size_t wordCount() const { return words_.size(); }
    const SpecialTokens& specialTokens() const override { return special_; }
    std::string idToToken(TokenId id) const override;
    std::optional<TokenId> tokenToId(std::string_view token) const override;
    std::string kind() const override { return "ngram"; }
    std::vector<std::filesystem::path> files() const override { return {file_}; }
    // Copies the word list into the folder (ngram_vocab.json); the n-gram baseline is not a
    // transformers model, so there are no transformers tokenizer files to write.
    void writeHuggingFaceFiles(const std::filesystem::path& folder, std::size_t modelMaxLength) const override;
    const NgramOptions& options() const { return options_; }

private:
    NgramTokenizer(std::vector<std::string> words, const NgramOptions& options, std::filesystem::path file);
    void save(const std::filesystem::path& file) const;

    std::vector<std::string> words_;
    std::unordered_map<std::string, TokenId> index_;
    NgramOptions options_;
    std::filesystem::path file_;
    SpecialTokens special_;
};

}  // namespace headliner::text
