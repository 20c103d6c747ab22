#pragma once
// Hugging Face's BertNormalizer, step for step and in its order:
//   1. clean_text: drop \0, U+FFFD and control characters (Cc, Cf, Co); whitespace becomes ' '
//   2. handle_chinese_chars: put a space on each side of every CJK ideograph
//   3. strip_accents: NFD, then drop the non-spacing marks (Mn)
//   4. lowercase: Rust's char::to_lowercase (full mapping)
// ASCII text takes a table-driven path; runs of other characters go through utf8proc.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace headliner::text {

struct BertNormalizerSettings {
    bool cleanText = true;
    bool handleChineseChars = true;
    bool stripAccents = true;  // resolved: HF's null means "same as lowercase"
    bool lowercase = true;
};

class BertNormalizer {
public:
    explicit BertNormalizer(const BertNormalizerSettings& settings = {});

    // Appends the normalized form of utf8 to out (out is not cleared). Invalid UTF-8 bytes read
    // as U+FFFD, so the output is always valid UTF-8.
    void normalize(std::string_view utf8, std::string& out) const;
    std::string normalize(std::string_view utf8) const;

    const BertNormalizerSettings& settings() const { return settings_; }

private:
    // A run of non-ASCII bytes: ASCII characters are NFD starters, so canonical reordering
    // never crosses them and each run can be normalized on its own.
    void normalizeNonAscii(std::string_view run, std::string& out) const;

    static constexpr std::int16_t kDrop = -1;
    BertNormalizerSettings settings_;
    std::array<std::int16_t, 128> ascii_{};  // output byte for each ASCII byte, or kDrop
};

}  // namespace headliner::text
