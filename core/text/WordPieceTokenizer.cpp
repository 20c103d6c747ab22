// Encoding: added tokens, then per segment BertNormalizer -> BertPreTokenizer -> WordPiece.
// The loaders (vocab.txt, tokenizer.json) are in WordPieceTokenizerFiles.cpp.
#include "core/text/WordPieceTokenizer.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "core/Error.h"
#include "core/text/BertPreTokenizer.h"
#include "core/text/BertUnicode.h"

namespace headliner::text {

namespace {

BertNormalizerSettings normalizerSettings(const WordPieceOptions& options) {
    BertNormalizerSettings settings;
    settings.cleanText = options.cleanText;
    settings.handleChineseChars = options.handleChineseChars;
    settings.stripAccents = options.stripAccents.value_or(options.lowercase);
    settings.lowercase = options.lowercase;
    return settings;
}

bool isUtf8Continuation(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(const WordPieceOptions& options, std::filesystem::path source)
    : options_(options), normalizer_(normalizerSettings(options)), source_(std::move(source)) {}

WordPieceTokenizer::~WordPieceTokenizer() = default;

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromTokens(std::vector<std::string> tokens,
                                                                   const WordPieceOptions& options) {
    return fromTokenList(std::move(tokens), options, {});
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromTokenList(std::vector<std::string> tokens,
                                                                      const WordPieceOptions& options,
                                                                      std::filesystem::path source) {
    std::unique_ptr<WordPieceTokenizer> tokenizer(new WordPieceTokenizer(options, std::move(source)));
    if (tokens.empty()) throw FileError(tokenizer->errorPath(), 0, "the vocabulary is empty");
    std::vector<std::pair<std::string, TokenId>> vocab;
    vocab.reserve(tokens.size());
    for (std::size_t id = 0; id < tokens.size(); ++id)
        vocab.emplace_back(std::move(tokens[id]), static_cast<TokenId>(id));
    tokenizer->setVocab(std::move(vocab));
    for (const std::string* special :
         {&options.unkToken, &options.clsToken, &options.sepToken, &options.padToken, &options.maskToken}) {
        if (const auto id = tokenizer->tokenToId(*special)) {
            tokenizer->addAddedToken(*special, *id, /*normalized=*/false, /*singleWord=*/false);
        }
    }
    for (const std::string* required : {&options.clsToken, &options.sepToken}) {
        if (!tokenizer->tokenToId(*required)) {
            throw FileError(tokenizer->errorPath(), 0, "the vocabulary has no \"" + *required + "\" token");
        }
    }
    tokenizer->setSpecialTemplate({*tokenizer->tokenToId(options.clsToken)},
                                  {*tokenizer->tokenToId(options.sepToken)});
    tokenizer->finish();
    return tokenizer;
}

void WordPieceTokenizer::setVocab(std::vector<std::pair<std::string, TokenId>> vocab) {
    TokenId maxId = -1;
    for (const auto& [token, id] : vocab) maxId = std::max(maxId, id);
    idToToken_.assign(static_cast<std::size_t>(maxId + 1), std::string());

    vocabTokens_.clear();
    vocabTokens_.reserve(vocab.size());
    for (auto& entry : vocab) vocabTokens_.push_back(std::move(entry.first));
    // From here on vocabTokens_ never changes, so views into it stay valid.
    vocab_.clear();
    continuation_.clear();
    vocab_.reserve(vocabTokens_.size());
    const std::string_view prefix = options_.continuingSubwordPrefix;
    for (std::size_t i = 0; i < vocabTokens_.size(); ++i) {
        const std::string_view token = vocabTokens_[i];
        const TokenId id = vocab[i].second;
        // A token listed twice keeps its last id, like Hugging Face's vocabulary readers.
        vocab_.insert_or_assign(token, id);
        longestToken_ = std::max(longestToken_, token.size());
        if (idToToken_[static_cast<std::size_t>(id)].empty())
            idToToken_[static_cast<std::size_t>(id)] = token;
        if (token.size() > prefix.size() && token.substr(0, prefix.size()) == prefix) {
            const std::string_view rest = token.substr(prefix.size());
            continuation_.insert_or_assign(rest, id);
            longestContinuation_ = std::max(longestContinuation_, rest.size());
        }
    }
}

void WordPieceTokenizer::addAddedToken(const std::string& content, TokenId id, bool normalized,
                                       bool singleWord) {
    if (content.empty() || id < 0) return;
    if (static_cast<std::size_t>(id) >= idToToken_.size())
        idToToken_.resize(static_cast<std::size_t>(id) + 1);
    idToToken_[static_cast<std::size_t>(id)] = content;
    addedTokens_.insert_or_assign(content, id);
    if (normalized) {
        // Hugging Face normalizes such a token's text too and looks for it in the normalized text.
        normalizedAddedTokens_.add(normalizer_.normalize(content), id, singleWord);
    } else {
        rawAddedTokens_.add(content, id, singleWord);
    }
}

void WordPieceTokenizer::setSpecialTemplate(std::vector<TokenId> prefix, std::vector<TokenId> suffix) {
    prefix_ = std::move(prefix);
    suffix_ = std::move(suffix);
}

void WordPieceTokenizer::finish() {
    const auto unk = vocab_.find(options_.unkToken);
    if (unk == vocab_.end()) {
        throw FileError(errorPath(), 0,
                        "the unknown token \"" + options_.unkToken + "\" is not in the vocabulary");
    }
    unkId_ = unk->second;
    const auto idOf = [this](const std::string& token) { return tokenToId(token).value_or(-1); };
    special_.unk = unkId_;
    special_.pad = idOf(options_.padToken);
    special_.mask = idOf(options_.maskToken);
    special_.cls = prefix_.size() == 1 ? prefix_.front() : idOf(options_.clsToken);
    special_.sep = suffix_.size() == 1 ? suffix_.back() : idOf(options_.sepToken);
}

std::vector<TokenId> WordPieceTokenizer::encode(std::string_view utf8, std::size_t maxLength) const {
    const std::size_t specials = prefix_.size() + suffix_.size();
    if (maxLength != 0 && maxLength < specials) {
        throw std::invalid_argument("WordPiece encode: maxLength " + std::to_string(maxLength) +
                                    " cannot hold the " + std::to_string(specials) + " special tokens");
    }
    std::vector<TokenId> ids;
    // Most texts need about one id per 4-5 bytes; this saves the early regrowths.
    const std::size_t guess = specials + utf8.size() / 4 + 8;
    ids.reserve(maxLength != 0 ? std::min(maxLength, guess) : guess);
    ids.insert(ids.end(), prefix_.begin(), prefix_.end());
    const std::size_t limit =
        maxLength != 0 ? maxLength - suffix_.size() : std::numeric_limits<std::size_t>::max();
    appendTextIds(utf8, limit, ids);
    ids.insert(ids.end(), suffix_.begin(), suffix_.end());
    return ids;
}

std::vector<std::string> WordPieceTokenizer::tokenize(std::string_view utf8) const {
    std::vector<TokenId> ids;
    appendTextIds(utf8, std::numeric_limits<std::size_t>::max(), ids);
    std::vector<std::string> pieces;
    pieces.reserve(ids.size());
    for (const TokenId id : ids) pieces.push_back(idToToken_[static_cast<std::size_t>(id)]);
    return pieces;
}

void WordPieceTokenizer::appendTextIds(std::string_view text, std::size_t limit,
                                       std::vector<TokenId>& ids) const {
    // Added tokens are found in the text as written; the text between them is tokenized.
    std::size_t pos = 0;
    while (ids.size() < limit) {
        const auto match = rawAddedTokens_.find(text, pos);
        const std::size_t segmentEnd = match ? match->begin : text.size();
        if (segmentEnd > pos) appendSegmentIds(text.substr(pos, segmentEnd - pos), limit, ids);
        if (!match) break;
        if (ids.size() < limit) ids.push_back(match->id);
        pos = match->end;
    }
}

void WordPieceTokenizer::appendSegmentIds(std::string_view raw, std::size_t limit,
                                          std::vector<TokenId>& ids) const {
    // One buffer per thread, reused: encode stays const and allocation-free once warm.
    thread_local std::string normalized;
    normalized.clear();
    normalizer_.normalize(raw, normalized);
    if (normalizedAddedTokens_.empty()) {
        appendWordsIds(normalized, limit, ids);
        return;
    }
    const std::string_view text = normalized;
    std::size_t pos = 0;
    while (ids.size() < limit) {
        const auto match = normalizedAddedTokens_.find(text, pos);
        const std::size_t segmentEnd = match ? match->begin : text.size();
        if (segmentEnd > pos) appendWordsIds(text.substr(pos, segmentEnd - pos), limit, ids);
        if (!match) break;
        if (ids.size() < limit) ids.push_back(match->id);
        pos = match->end;
    }
}

void WordPieceTokenizer::appendWordsIds(std::string_view normalized, std::size_t limit,
                                        std::vector<TokenId>& ids) const {
    forEachBertWord(normalized, [&](std::string_view word) {
        appendWordIds(word, ids);
        return ids.size() < limit;
    });
    // Truncation keeps the first pieces, so a word cut in the middle is cut like HF cuts it.
    if (ids.size() > limit) ids.resize(limit);
}

void WordPieceTokenizer::appendWordIds(std::string_view word, std::vector<TokenId>& ids) const {
    const std::size_t maxChars = options_.maxInputCharsPerWord;
    if (word.size() > maxChars && bert::countChars(word) > maxChars) {
        ids.push_back(unkId_);
        return;
    }
    // Greedy longest-match-first: the longest vocabulary entry at `start`, shortening the
    // candidate one character at a time. After the first piece, entries need the prefix ("##").
    const std::size_t firstPiece = ids.size();
    std::size_t start = 0;
    while (start < word.size()) {
        const VocabMap& table = start == 0 ? vocab_ : continuation_;
        const std::size_t longest = start == 0 ? longestToken_ : longestContinuation_;
        std::size_t end = word.size();
        if (end - start > longest) {  // skip candidates longer than any entry (none would match)
            end = start + longest;
            while (end > start && isUtf8Continuation(word[end])) --end;
        }
        TokenId found = -1;
        while (end > start) {
            const auto it = table.find(word.substr(start, end - start));
            if (it != table.end()) {
                found = it->second;
                break;
            }
            do {
                --end;
            } while (end > start && isUtf8Continuation(word[end]));
        }
        if (found < 0) {  // some part of the word matches nothing: the whole word is [UNK]
            ids.resize(firstPiece);
            ids.push_back(unkId_);
            return;
        }
        ids.push_back(found);
        start = end;
    }
}

std::string WordPieceTokenizer::idToToken(TokenId id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= idToToken_.size()) return {};
    return idToToken_[static_cast<std::size_t>(id)];
}

std::optional<TokenId> WordPieceTokenizer::tokenToId(std::string_view token) const {
    if (!addedTokens_.empty()) {
        const auto added = addedTokens_.find(token);
        if (added != addedTokens_.end()) return added->second;
    }
    const auto it = vocab_.find(token);
    if (it == vocab_.end()) return std::nullopt;
    return it->second;
}

std::filesystem::path WordPieceTokenizer::errorPath() const {
    return source_.empty() ? std::filesystem::path("(vocabulary in memory)") : source_;
}

std::vector<std::filesystem::path> WordPieceTokenizer::files() const {
    if (source_.empty()) return {};
    return {source_};
}

}  // namespace headliner::text
