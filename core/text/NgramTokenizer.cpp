#include "core/text/NgramTokenizer.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/AtomicFile.h"

namespace headliner::text {

namespace {
constexpr const char* kFormat = "headliner-ngram-vocab";

// FNV-1a over the word's bytes, as fastText hashes words.
std::uint32_t hashWord(std::string_view w) {
    std::uint32_t h = 2166136261u;
    for (char c : w) {
        h ^= static_cast<std::uint32_t>(static_cast<signed char>(c));
        h *= 16777619u;
    }
    return h;
}

bool isAsciiPunct(unsigned char c) { return c < 128 && std::ispunct(c); }
}  // namespace

NgramTokenizer::NgramTokenizer(std::vector<std::string> words, const NgramOptions& options, std::filesystem::path file)
    : words_(std::move(words)), options_(options), file_(std::move(file)) {
    for (std::size_t i = 0; i < words_.size(); ++i) index_.emplace(words_[i], static_cast<TokenId>(i + 1));
    special_.pad = 0;
}

std::vector<std::string> NgramTokenizer::words(std::string_view text) const {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) out.push_back(std::move(current));
        current.clear();
    };
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isspace(c)) {
            flush();
        } else if (isAsciiPunct(c)) {
            flush();
            out.emplace_back(1, ch);
        } else {
            current.push_back(options_.lowercase && c < 128 ? static_cast<char>(std::tolower(c)) : ch);
        }
    }
    flush();
    return out;
}

std::vector<TokenId> NgramTokenizer::encode(std::string_view text, std::size_t maxLength) const {
    const auto ws = words(text);
    std::vector<TokenId> ids;
    ids.reserve(ws.size() * 2);
    std::vector<std::uint32_t> hashes;
    hashes.reserve(ws.size());
    for (const auto& w : ws) {
        if (const auto it = index_.find(w); it != index_.end()) ids.push_back(it->second);
        hashes.push_back(hashWord(w));
    }
    if (options_.wordNgrams >= 2 && options_.buckets > 0) {
        const auto base = static_cast<std::uint64_t>(words_.size()) + 1;
        for (std::size_t i = 0; i + 1 < hashes.size(); ++i) {
            // fastText's combination of word hashes for an n-gram.
            const std::uint64_t h = static_cast<std::uint64_t>(hashes[i]) * 116049371u + hashes[i + 1];
            ids.push_back(static_cast<TokenId>(base + h % options_.buckets));
        }
    }
    if (maxLength > 0 && ids.size() > maxLength) ids.resize(maxLength);
    if (ids.empty()) ids.push_back(0);
    return ids;
}

std::size_t NgramTokenizer::vocabSize() const {
    return 1 + words_.size() + (options_.wordNgrams >= 2 ? options_.buckets : 0);
}

std::string NgramTokenizer::idToToken(TokenId id) const {
    if (id == 0) return "[PAD]";
    if (id > 0 && static_cast<std::size_t>(id) <= words_.size()) return words_[static_cast<std::size_t>(id) - 1];
    if (id > 0 && static_cast<std::size_t>(id) < vocabSize())
        return "[BIGRAM " + std::to_string(static_cast<std::size_t>(id) - words_.size() - 1) + "]";
    return {};
}

std::optional<TokenId> NgramTokenizer::tokenToId(std::string_view token) const {
    if (const auto it = index_.find(std::string(token)); it != index_.end()) return it->second;
    return std::nullopt;
}

std::unique_ptr<NgramTokenizer> NgramTokenizer::build(const std::vector<std::string>& texts,
                                                      const std::filesystem::path& vocabFile, const NgramOptions& options) {
    if (options.wordNgrams < 1 || options.wordNgrams > 2) throw FileError(vocabFile, 0, "wordNgrams must be 1 or 2");
    NgramTokenizer probe({}, options, vocabFile);
    std::unordered_map<std::string, std::uint32_t> counts;
    for (const auto& t : texts)
        for (auto& w : probe.words(t)) ++counts[std::move(w)];
    std::vector<std::pair<std::string, std::uint32_t>> kept;
    for (auto& [w, n] : counts)
        if (n >= options.minCount) kept.emplace_back(w, n);
    // Most frequent first, ties by spelling: the same texts always give the same ids.
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<std::string> words;
    words.reserve(kept.size());
    for (auto& [w, n] : kept) words.push_back(std::move(w));
    std::unique_ptr<NgramTokenizer> tok(new NgramTokenizer(std::move(words), options, vocabFile));
    tok->save(vocabFile);
    return tok;
}

void NgramTokenizer::save(const std::filesystem::path& file) const {
    const nlohmann::ordered_json j = {{"format", kFormat},          {"version", 1},
                                      {"lowercase", options_.lowercase}, {"word_ngrams", options_.wordNgrams},
                                      {"buckets", options_.buckets},     {"min_count", options_.minCount},
                                      {"words", words_}};
    io::writeFileAtomically(file, j.dump() + "\n");
}

std::unique_ptr<NgramTokenizer> NgramTokenizer::fromFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw FileError(file, 0, "cannot open the n-gram vocabulary");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw FileError(file, 0, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object() || j.value("format", "") != kFormat)
        throw FileError(file, 0, "not a Headliner n-gram vocabulary (\"format\" is not " + std::string(kFormat) + ")");
    try {
        NgramOptions o;
        o.lowercase = j.at("lowercase").get<bool>();
        o.wordNgrams = j.at("word_ngrams").get<int>();
        o.buckets = j.at("buckets").get<std::uint32_t>();
        o.minCount = j.at("min_count").get<std::uint32_t>();
        if (o.wordNgrams < 1 || o.wordNgrams > 2) throw FileError(file, 0, "word_ngrams must be 1 or 2");
        if (o.buckets > (1u << 26)) throw FileError(file, 0, "buckets is implausibly large");
        auto words = j.at("words").get<std::vector<std::string>>();
        if (words.size() > (1u << 26)) throw FileError(file, 0, "too many words");
        std::map<std::string_view, int> seen;
        for (const auto& w : words)
            if (w.empty() || !seen.emplace(w, 0).second) throw FileError(file, 0, "word list has an empty or repeated entry");
        return std::unique_ptr<NgramTokenizer>(new NgramTokenizer(std::move(words), o, file));
    } catch (const nlohmann::json::exception& e) {
        throw FileError(file, 0, std::string("missing or malformed field: ") + e.what());
    }
}

void NgramTokenizer::writeHuggingFaceFiles(const std::filesystem::path& folder, std::size_t) const {
    save(folder / "ngram_vocab.json");
}

}  // namespace headliner::text
