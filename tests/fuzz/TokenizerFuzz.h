#pragma once
// What the tokenizer fuzz targets check about a tokenizer, whatever it was loaded from:
//   - the special token ids are -1 or inside the vocabulary, and unk is set;
//   - every id encode() returns is inside the vocabulary (0 <= id < vocabSize());
//   - encode(text, n) is encode(text, 0) cut to n ids, keeping the post-processor's tail
//     (Hugging Face's truncation), and never longer than n;
//   - a maxLength below the number of special tokens (other than 0) throws std::invalid_argument,
//     the one documented exception; tokenize() yields the pieces between the special tokens.
// `cls` / `sep`: when set, every encoding must start / end with that id.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/WordPieceTokenizer.h"
#include "tests/fuzz/FuzzSupport.h"

namespace headliner::fuzz {

// Texts every loaded tokenizer encodes: ASCII, punctuation, the BERT specials written out,
// accents, CJK, emoji, controls, invalid UTF-8, and a word over the 100-character limit.
inline const std::vector<std::string>& fixedTexts() {
    static const std::vector<std::string> texts = {
        "",
        "Hello, world! Wall St. Bears Claw Back Into the Black (Reuters)",
        "[CLS] un##aff##able [SEP] [MASK] [PAD] [UNK] <s></s>",
        "Caf\xC3\xA9 na\xC3\xAFve \xC3\x85ngstr\xC3\xB6m \xC4\xB0stanbul \xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD "
        "\xF0\x9F\x98\x80 \xE2\x80\x94 x\xCC\x81",
        std::string("a\tb\nc\r\x01\x7F d\0e", 13),
        "\xFF\xFE invalid \xC3 \xED\xA0\x80 \xF4\x90\x80\x80 \xE0\x80\xAF end\xE2\x82",
        std::string(150, 'a') + " " + std::string(40, 'x') + "##" + std::string(3, '#'),
    };
    return texts;
}

inline void checkEncoding(const text::WordPieceTokenizer& tokenizer, std::string_view utf8,
                          std::optional<text::TokenId> cls, std::optional<text::TokenId> sep,
                          std::size_t specials) {
    const std::size_t vocab = tokenizer.vocabSize();
    const auto inVocab = [&](text::TokenId id) { return id >= 0 && std::size_t(id) < vocab; };
    const std::vector<text::TokenId> full = tokenizer.encode(utf8, 0);
    HEADLINER_FUZZ_CHECK(full.size() >= specials);
    for (const auto id : full) HEADLINER_FUZZ_CHECK(inVocab(id));
    if (cls) HEADLINER_FUZZ_CHECK(!full.empty() && full.front() == *cls);
    if (sep) HEADLINER_FUZZ_CHECK(!full.empty() && full.back() == *sep);
    HEADLINER_FUZZ_CHECK(tokenizer.tokenize(utf8).size() == full.size() - specials);

    const std::size_t lengths[] = {specials == 0 ? 1 : specials, specials + 1, specials + 3, 16, 512};
    for (const std::size_t length : lengths) {
        const std::vector<text::TokenId> cut = tokenizer.encode(utf8, length);
        if (full.size() <= length) {
            HEADLINER_FUZZ_CHECK(cut == full);
            continue;
        }
        HEADLINER_FUZZ_CHECK(cut.size() == length);
        // The head of the full encoding, then its tail of (at most `specials`) special tokens.
        bool matches = false;
        for (std::size_t tail = 0; tail <= specials && tail <= length && !matches; ++tail) {
            matches = std::equal(cut.begin(), cut.end() - std::ptrdiff_t(tail), full.begin()) &&
                      std::equal(cut.end() - std::ptrdiff_t(tail), cut.end(), full.end() - std::ptrdiff_t(tail));
        }
        HEADLINER_FUZZ_CHECK(matches);
    }
    if (specials >= 2) {
        bool threw = false;
        try {
            (void)tokenizer.encode(utf8, specials - 1);
        } catch (const std::invalid_argument&) {
            threw = true;
        }
        HEADLINER_FUZZ_CHECK(threw);
    }
}

// The checks above on the fixed texts and on `extra` (the fuzz input itself, say).
inline void checkTokenizer(const text::WordPieceTokenizer& tokenizer, std::string_view extra,
                           std::optional<text::TokenId> cls = std::nullopt,
                           std::optional<text::TokenId> sep = std::nullopt) {
    const std::size_t vocab = tokenizer.vocabSize();
    const auto& special = tokenizer.specialTokens();
    const auto unsetOrInVocab = [&](text::TokenId id) { return id == -1 || (id >= 0 && std::size_t(id) < vocab); };
    HEADLINER_FUZZ_CHECK(special.unk >= 0 && std::size_t(special.unk) < vocab);
    HEADLINER_FUZZ_CHECK(unsetOrInVocab(special.pad));
    HEADLINER_FUZZ_CHECK(unsetOrInVocab(special.cls));
    HEADLINER_FUZZ_CHECK(unsetOrInVocab(special.sep));
    HEADLINER_FUZZ_CHECK(unsetOrInVocab(special.mask));
    HEADLINER_FUZZ_CHECK(tokenizer.idToToken(-1).empty());
    HEADLINER_FUZZ_CHECK(tokenizer.idToToken(text::TokenId(vocab)).empty());

    // The number of ids around the pieces: what an empty text encodes to.
    const std::size_t specials = tokenizer.encode("", 0).size();
    for (const auto& t : fixedTexts()) checkEncoding(tokenizer, t, cls, sep, specials);
    checkEncoding(tokenizer, extra, cls, sep, specials);
}

}  // namespace headliner::fuzz
