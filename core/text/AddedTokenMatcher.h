#pragma once
// Finds a tokenizer's added tokens ([CLS], [SEP], [PAD], [MASK], [UNK] and any user-added ones)
// in text, the way Hugging Face's AddedVocabulary does: leftmost-longest, non-overlapping, case
// sensitive. A match becomes one token; the text around it is tokenized as usual.

#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/Tokenizer.h"

namespace headliner::text {

class AddedTokenMatcher {
public:
    struct Match {
        std::size_t begin = 0;  // byte offsets into the searched text
        std::size_t end = 0;
        TokenId id = -1;
    };

    // singleWord: match only where no word character touches either end (HF's single_word).
    // Empty contents are ignored.
    void add(std::string content, TokenId id, bool singleWord = false);
    bool empty() const { return entries_.empty(); }

    // The first match starting at or after byte `from`, or none.
    std::optional<Match> find(std::string_view text, std::size_t from) const;

private:
    struct Entry {
        std::string content;
        TokenId id;
        bool singleWord;
    };
    // The longest entry at the leftmost position at or after `from` (its position in `at`).
    const Entry* findAny(std::string_view text, std::size_t from, std::size_t& at) const;
    static bool isWordBoundary(std::string_view text, std::size_t begin, std::size_t end);

    std::vector<Entry> entries_;   // longest first, so the first hit at a position is the longest
    std::bitset<256> firstBytes_;  // a quick reject for positions no token can start at
};

}  // namespace headliner::text
