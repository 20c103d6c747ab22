#pragma once
// Hugging Face's BertPreTokenizer on normalized text: whitespace separates words and is dropped;
// every punctuation character (ASCII punctuation or Unicode P*) is a word of its own.

#include <cstddef>
#include <string_view>

#include "core/text/BertUnicode.h"

namespace headliner::text {

// Calls onWord(std::string_view word) for each word, in order, the views pointing into text.
// Stops early when onWord returns false. text must be valid UTF-8 (BertNormalizer's output is).
template <class OnWord>
void forEachBertWord(std::string_view text, OnWord&& onWord) {
    using bert::AsciiClass;
    const std::size_t n = text.size();
    std::size_t wordStart = 0;
    bool inWord = false;
    for (std::size_t i = 0; i < n;) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t length = 1;
        AsciiClass cls;
        if (b < 0x80) {
            cls = bert::kAsciiClasses[b];
        } else {
            char32_t c = 0;
            length = bert::decodeUtf8(text, i, c);
            cls = bert::isWhitespace(c)    ? AsciiClass::Whitespace
                  : bert::isPunctuation(c) ? AsciiClass::Punctuation
                                           : AsciiClass::Word;
        }
        if (cls == AsciiClass::Word) {
            if (!inWord) {
                wordStart = i;
                inWord = true;
            }
        } else {
            if (inWord) {
                inWord = false;
                if (!onWord(text.substr(wordStart, i - wordStart))) return;
            }
            if (cls == AsciiClass::Punctuation && !onWord(text.substr(i, length))) return;
        }
        i += length;
    }
    if (inWord) onWord(text.substr(wordStart));
}

}  // namespace headliner::text
