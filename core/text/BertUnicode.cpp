#include "core/text/BertUnicode.h"

#include <utf8proc.h>

#include <algorithm>

namespace headliner::text::bert {

namespace {

utf8proc_category_t category(char32_t c) {
    return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

int combiningClass(char32_t c) {
    return utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->combining_class;
}

}  // namespace

bool isWhitespace(char32_t c) {
    if (c < 0x80) return kAsciiClasses[c] == AsciiClass::Whitespace;
    switch (c) {
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200A;
    }
}

bool isControl(char32_t c) {
    if (c == '\t' || c == '\n' || c == '\r') return false;
    const auto cat = category(c);
    return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CO;
}

bool isPunctuation(char32_t c) {
    if (c < 0x80) return kAsciiClasses[c] == AsciiClass::Punctuation;
    switch (category(c)) {
        case UTF8PROC_CATEGORY_PC:
        case UTF8PROC_CATEGORY_PD:
        case UTF8PROC_CATEGORY_PS:
        case UTF8PROC_CATEGORY_PE:
        case UTF8PROC_CATEGORY_PI:
        case UTF8PROC_CATEGORY_PF:
        case UTF8PROC_CATEGORY_PO:
            return true;
        default:
            return false;
    }
}

bool isChineseChar(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) ||
           (c >= 0x2B920 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool isNonspacingMark(char32_t c) {
    return c >= 0x80 && category(c) == UTF8PROC_CATEGORY_MN;
}

bool isWordChar(char32_t c) {
    switch (category(c)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ME:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
        case UTF8PROC_CATEGORY_PC:
            return true;
        default:
            return false;
    }
}

void appendCanonicalDecomposition(char32_t c, std::u32string& out) {
    if (c < 0xC0) {  // nothing below U+00C0 has a canonical decomposition
        out.push_back(c);
        return;
    }
    constexpr utf8proc_ssize_t kInline = 16;  // the longest canonical decomposition is 4
    utf8proc_int32_t buffer[kInline];
    int boundClass = 0;
    const auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buffer, kInline,
                                           UTF8PROC_DECOMPOSE, &boundClass);
    if (n <= 0 || n > kInline) {  // cannot happen for a scalar value; keep the character as it is
        out.push_back(c);
        return;
    }
    for (utf8proc_ssize_t i = 0; i < n; ++i) out.push_back(static_cast<char32_t>(buffer[i]));
}

void canonicalOrder(std::u32string& text) {
    // Insertion sort inside each run of non-starters: runs are a few characters long.
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c < 0x300) continue;  // nothing below U+0300 is a non-starter
        const int cc = combiningClass(c);
        if (cc == 0) continue;
        std::size_t j = i;
        while (j > 0 && combiningClass(text[j - 1]) > cc) {
            text[j] = text[j - 1];
            --j;
        }
        text[j] = c;
    }
}

void appendLowercaseUtf8(char32_t c, std::string& out) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
        return;
    }
    if (c == 0x130) {  // the one full lowercase mapping longer than one character
        out += "i\xCC\x87";
        return;
    }
    appendUtf8(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))), out);
}

std::size_t decodeUtf8(std::string_view text, std::size_t i, char32_t& c) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
        c = b;
        return 1;
    }
    utf8proc_int32_t cp = 0;
    const auto used = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                       static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (used <= 0) {
        c = 0xFFFD;
        return 1;
    }
    c = static_cast<char32_t>(cp);
    return static_cast<std::size_t>(used);
}

void appendUtf8(char32_t c, std::string& out) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::size_t countChars(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(
        utf8.begin(), utf8.end(), [](char b) { return (static_cast<unsigned char>(b) & 0xC0) != 0x80; }));
}

}  // namespace headliner::text::bert
