#include "core/text/AddedTokenMatcher.h"

#include <algorithm>
#include <cstring>

#include "core/text/BertUnicode.h"

namespace headliner::text {

void AddedTokenMatcher::add(std::string content, TokenId id, bool singleWord) {
    if (content.empty()) return;
    firstBytes_.set(static_cast<unsigned char>(content.front()));
    entries_.push_back(Entry{std::move(content), id, singleWord});
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.content.size() > b.content.size(); });
}

const AddedTokenMatcher::Entry* AddedTokenMatcher::findAny(std::string_view text, std::size_t from,
                                                           std::size_t& at) const {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (!firstBytes_.test(static_cast<unsigned char>(text[i]))) continue;
        const std::string_view rest = text.substr(i);
        for (const Entry& entry : entries_) {
            if (rest.size() >= entry.content.size() &&
                std::memcmp(rest.data(), entry.content.data(), entry.content.size()) == 0) {
                at = i;
                return &entry;
            }
        }
    }
    return nullptr;
}

std::optional<AddedTokenMatcher::Match> AddedTokenMatcher::find(std::string_view text,
                                                                std::size_t from) const {
    if (entries_.empty()) return std::nullopt;
    std::size_t at = 0;
    while (const Entry* entry = findAny(text, from, at)) {
        const Match match{at, at + entry->content.size(), entry->id};
        if (!entry->singleWord || isWordBoundary(text, match.begin, match.end)) return match;
        // HF iterates non-overlapping matches and skips a rejected one: its text stays plain text.
        from = match.end;
    }
    return std::nullopt;
}

bool AddedTokenMatcher::isWordBoundary(std::string_view text, std::size_t begin, std::size_t end) {
    char32_t c = 0;
    if (begin > 0) {
        std::size_t previous = begin - 1;
        while (previous > 0 && (static_cast<unsigned char>(text[previous]) & 0xC0) == 0x80) --previous;
        bert::decodeUtf8(text, previous, c);
        if (bert::isWordChar(c)) return false;
    }
    if (end < text.size()) {
        bert::decodeUtf8(text, end, c);
        if (bert::isWordChar(c)) return false;
    }
    return true;
}

}  // namespace headliner::text
