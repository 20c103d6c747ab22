#include "core/text/BertNormalizer.h"

#include "core/text/BertUnicode.h"

namespace headliner::text {

BertNormalizer::BertNormalizer(const BertNormalizerSettings& settings) : settings_(settings) {
    for (int c = 0; c < 128; ++c) {
        std::int16_t out = static_cast<std::int16_t>(c);
        if (settings_.cleanText) {
            if (c == '\t' || c == '\n' || c == '\r') {
                out = ' ';
            } else if (c < 0x20 || c == 0x7F) {  // \0 and the other Cc characters
                out = kDrop;
            }
        }
        if (settings_.lowercase && out >= 'A' && out <= 'Z')
            out = static_cast<std::int16_t>(out + ('a' - 'A'));
        ascii_[static_cast<std::size_t>(c)] = out;
    }
}

void BertNormalizer::normalize(std::string_view utf8, std::string& out) const {
    out.reserve(out.size() + utf8.size());
    std::size_t i = 0;
    const std::size_t n = utf8.size();
    while (i < n) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b < 0x80) {
            const std::int16_t mapped = ascii_[b];
            if (mapped != kDrop) out.push_back(static_cast<char>(mapped));
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        while (end < n && static_cast<unsigned char>(utf8[end]) >= 0x80) ++end;
        normalizeNonAscii(utf8.substr(i, end - i), out);
        i = end;
    }
}

std::string BertNormalizer::normalize(std::string_view utf8) const {
    std::string out;
    normalize(utf8, out);
    return out;
}

void BertNormalizer::normalizeNonAscii(std::string_view run, std::string& out) const {
    // Steps 1-3 collect scalar values (NFD needs the whole run for canonical ordering); step 4
    // writes them out. One buffer per thread: no allocation once it has grown.
    thread_local std::u32string chars;
    chars.clear();
    for (std::size_t i = 0; i < run.size();) {
        char32_t c = 0;
        i += bert::decodeUtf8(run, i, c);
        if (settings_.cleanText) {
            if (c == 0xFFFD || bert::isControl(c)) continue;
            if (bert::isWhitespace(c)) {
                chars.push_back(U' ');
                continue;
            }
        }
        const bool pad = settings_.handleChineseChars && bert::isChineseChar(c);
        if (pad) chars.push_back(U' ');
        if (settings_.stripAccents) {
            bert::appendCanonicalDecomposition(c, chars);
        } else {
            chars.push_back(c);
        }
        if (pad) chars.push_back(U' ');
    }
    if (settings_.stripAccents) bert::canonicalOrder(chars);

    for (const char32_t c : chars) {
        if (settings_.stripAccents && bert::isNonspacingMark(c)) continue;
        if (settings_.lowercase) {
            bert::appendLowercaseUtf8(c, out);
        } else {
            bert::appendUtf8(c, out);
        }
    }
}

}  // namespace headliner::text
