#include "core/data/Overlap.h"

#include <string_view>
#include <unordered_map>

namespace headliner::data {
namespace {

bool isAsciiPunctuation(unsigned char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

bool isAsciiSpace(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

void record(MatchCount& count, std::size_t first, std::size_t second, bool sameLabel,
            std::size_t maxExamples) {
    ++count.rows;
    if (!sameLabel) ++count.differentLabel;
    if (count.examples.size() < maxExamples) count.examples.push_back({first, second});
}

std::vector<std::string> normalizedTexts(const Dataset& dataset) {
    std::vector<std::string> out;
    out.reserve(dataset.size());
    for (const auto& text : dataset.texts) out.push_back(normalizeForComparison(text));
    return out;
}

// First row of each distinct key. Keys are views into strings that outlive the map.
std::unordered_map<std::string_view, std::size_t> firstRows(const std::vector<std::string>& keys) {
    std::unordered_map<std::string_view, std::size_t> first;
    first.reserve(keys.size());
    for (std::size_t row = 0; row < keys.size(); ++row) first.try_emplace(keys[row], row);
    return first;
}

}  // namespace

std::string normalizeForComparison(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (isAsciiPunctuation(c)) continue;  // removed, not a word break: "U.S." -> "us"
        if (isAsciiSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : ch;
    }
    return out;
}

DuplicateReport findDuplicates(const Dataset& dataset, std::size_t maxExamples) {
    DuplicateReport report;
    const auto scan = [&](const std::vector<std::string>& keys, MatchCount& count) {
        std::unordered_map<std::string_view, std::size_t> seen;
        seen.reserve(keys.size());
        for (std::size_t row = 0; row < keys.size(); ++row) {
            const auto [it, inserted] = seen.try_emplace(keys[row], row);
            if (!inserted)
                record(count, it->second, row, dataset.labels[it->second] == dataset.labels[row],
                       maxExamples);
        }
    };
    scan(dataset.texts, report.exact);
    scan(normalizedTexts(dataset), report.normalized);
    return report;
}

OverlapReport findOverlap(const Dataset& a, const Dataset& b, std::size_t maxExamples) {
    OverlapReport report;
    const auto scan = [&](const std::vector<std::string>& keysA, const std::vector<std::string>& keysB,
                          MatchCount& count) {
        const auto inA = firstRows(keysA);
        for (std::size_t row = 0; row < keysB.size(); ++row)
            if (const auto it = inA.find(keysB[row]); it != inA.end())
                record(count, it->second, row, a.labels[it->second] == b.labels[row], maxExamples);
    };
    scan(a.texts, b.texts, report.exact);
    scan(normalizedTexts(a), normalizedTexts(b), report.normalized);
    return report;
}

}  // namespace headliner::data
