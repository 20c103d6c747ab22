#pragma once
// The character classes and per-character transforms of Hugging Face's BERT tokenizer
// (tokenizers' BertNormalizer and BertPreTokenizer), on Unicode scalar values. Backed by utf8proc;
// the ASCII answers are tables here so the hot loops never leave the header.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace headliner::text::bert {

// What the pre-tokenizer does with an ASCII byte.
enum class AsciiClass : std::uint8_t { Word, Whitespace, Punctuation };

constexpr std::array<AsciiClass, 128> makeAsciiClasses() {
    std::array<AsciiClass, 128> classes{};
    for (int c = 0; c < 128; ++c) {
        const bool space = c == ' ' || (c >= 0x09 && c <= 0x0D);  // Rust char::is_whitespace
        const bool punct = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
                           (c >= 123 && c <= 126);  // Rust char::is_ascii_punctuation
        classes[static_cast<std::size_t>(c)] = space   ? AsciiClass::Whitespace
                                               : punct ? AsciiClass::Punctuation
                                                       : AsciiClass::Word;
    }
    return classes;
}
inline constexpr std::array<AsciiClass, 128> kAsciiClasses = makeAsciiClasses();

// Rust's char::is_whitespace (the White_Space property); HF also counts \t \n \r as whitespace,
// which White_Space already does.
bool isWhitespace(char32_t c);
// HF's is_control: categories Cc, Cf and Co (unicode_categories' is_other), except \t \n \r.
bool isControl(char32_t c);
// HF's is_punctuation: ASCII punctuation (33-47, 58-64, 91-96, 123-126) or any P* category.
bool isPunctuation(char32_t c);
// HF's is_chinese_char: the CJK ideograph blocks BertNormalizer pads with spaces.
bool isChineseChar(char32_t c);
// Category Mn, what strip_accents drops after NFD.
bool isNonspacingMark(char32_t c);
// A \w character for single_word added tokens: letters, marks, numbers, connector punctuation.
bool isWordChar(char32_t c);

// Canonical decomposition (NFD: recursive, Hangul included) of c, appended to out. Call
// canonicalOrder on the result before using it as NFD.
void appendCanonicalDecomposition(char32_t c, std::u32string& out);
// Sorts every run of non-starters (combining class > 0) by combining class, stably: the
// canonical ordering step of NFD.
void canonicalOrder(std::u32string& text);

// Rust's char::to_lowercase: the full mapping (U+0130 İ becomes "i" + U+0307), UTF-8 appended.
void appendLowercaseUtf8(char32_t c, std::string& out);

// Decodes the scalar value starting at text[i]; returns the bytes it used (>= 1). Invalid or
// truncated sequences decode as U+FFFD and use one byte, like a lenient UTF-8 reader.
std::size_t decodeUtf8(std::string_view text, std::size_t i, char32_t& c);
void appendUtf8(char32_t c, std::string& out);
// Number of scalar values in valid UTF-8 (continuation bytes are not counted).
std::size_t countChars(std::string_view utf8);

}  // namespace headliner::text::bert
