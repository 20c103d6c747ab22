#include "core/text/SentencePieceTokenizer.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include "core/Error.h"
#include "core/Runtime.h"
#include "core/data/Dataset.h"
#include "core/io/AtomicFile.h"
#include "core/text/SentencePieceProto.h"

namespace headliner::text {

namespace fs = std::filesystem;

namespace {

// The layout of trained models (see the header); kept in one place so the trainer flags and the
// documentation cannot drift apart.
constexpr int kPadId = 0, kUnkId = 1, kClsId = 2, kSepId = 3;
constexpr const char* kPadPiece = "[PAD]";
constexpr const char* kUnkPiece = "[UNK]";
constexpr const char* kClsPiece = "[CLS]";
constexpr const char* kSepPiece = "[SEP]";
constexpr const char* kMaskPiece = "[MASK]";

// Cuts s to at most maxBytes without splitting a UTF-8 sequence.
std::string_view cutUtf8(std::string_view s, std::size_t maxBytes) {
    if (s.size() <= maxBytes) return s;
    std::size_t end = maxBytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

// Feeds the texts to the trainer one by one: no corpus file is written.
class TextIterator final : public sentencepiece::SentenceIterator {
public:
    TextIterator(const std::vector<std::string>& texts, std::size_t maxBytes)
        : texts_(texts), maxBytes_(maxBytes) {
        settle();
    }
    bool done() const override { return index_ >= texts_.size(); }
    void Next() override {
        ++index_;
        settle();
    }
    const std::string& value() const override { return current_; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    // Moves to the next non-empty text and prepares its training form: line breaks and tabs
    // become spaces (the trainer reads one sentence per line), very long texts are cut.
    void settle() {
        while (index_ < texts_.size() && texts_[index_].empty()) ++index_;
        if (index_ >= texts_.size()) return;
        current_.assign(cutUtf8(texts_[index_], maxBytes_));
        for (char& c : current_)
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }

    const std::vector<std::string>& texts_;
    std::size_t maxBytes_;
    std::size_t index_ = 0;
    std::string current_;
};

std::string readWholeFile(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) throw FileError(file, 0, "no such file");
    if (fs::is_directory(file, ec)) throw FileError(file, 0, "is a folder, not a sentencepiece model file");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw FileError(file, 0, std::string("cannot open for reading: ") + std::strerror(errno));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw FileError(file, 0, "read error");
    return std::move(bytes).str();
}

}  // namespace

SentencePieceTokenizer::SentencePieceTokenizer(
    std::unique_ptr<sentencepiece::SentencePieceProcessor> processor, fs::path modelFile)
    : processor_(std::move(processor)), modelFile_(std::move(modelFile)) {
    // Prefer BERT-style pieces when the model has them (ours and ALBERT's do), else
    // sentencepiece's own reserved ids.
    auto pick = [&](std::string_view piece, int fallback) -> TokenId {
        if (const auto id = tokenToId(piece)) return *id;
        return fallback;
    };
    special_.unk = processor_->unk_id();
    special_.pad = pick(kPadPiece, processor_->pad_id() >= 0 ? processor_->pad_id() : pick("<pad>", -1));
    special_.cls = pick(kClsPiece, processor_->bos_id());
    special_.sep = pick(kSepPiece, processor_->eos_id());
    special_.mask = pick(kMaskPiece, pick("<mask>", -1));
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::fromModelFile(const fs::path& modelFile) {
    const std::string bytes = readWholeFile(modelFile);
    if (bytes.empty()) throw FileError(modelFile, 0, "empty file, expected a sentencepiece model");
    auto processor = std::make_unique<sentencepiece::SentencePieceProcessor>();
    const auto status = processor->LoadFromSerializedProto(bytes);
    if (!status.ok())
        throw FileError(modelFile, 0, std::string("not a sentencepiece model (") + status.message() + ")");
    if (processor->GetPieceSize() <= 0)
        throw FileError(modelFile, 0, "sentencepiece model without any pieces");
    return std::unique_ptr<SentencePieceTokenizer>(
        new SentencePieceTokenizer(std::move(processor), modelFile));
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::train(
    const data::Dataset& dataset, const fs::path& modelFile, const SentencePieceTrainingOptions& options) {
    return train(dataset.texts, modelFile, options);
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::train(
    const std::vector<std::string>& texts, const fs::path& modelFile,
    const SentencePieceTrainingOptions& options) {
    constexpr std::size_t kSpecialCount = 5;
    if (options.vocabSize <= kSpecialCount || options.vocabSize > static_cast<std::size_t>(INT_MAX))
        throw FileError(modelFile, 0,
                        "cannot train a sentencepiece model with vocabulary size " +
                            std::to_string(options.vocabSize) + " (it must be more than the " +
                            std::to_string(kSpecialCount) + " special tokens)");
    std::size_t nonEmpty = 0;
    for (const auto& t : texts) nonEmpty += t.empty() ? 0 : 1;
    if (nonEmpty == 0)
        throw FileError(modelFile, 0, "cannot train a sentencepiece model: no texts to learn from");

    const int threads = options.threads > 0 ? options.threads : availableCores();
    // Every value is a trainer flag of sentencepiece (trainer_spec / normalizer_spec fields).
    const std::unordered_map<std::string, std::string> flags = {
        {"model_type", options.algorithm == SentencePieceTrainingOptions::Algorithm::Bpe ? "bpe" : "unigram"},
        {"vocab_size", std::to_string(options.vocabSize)},
        {"hard_vocab_limit", options.vocabSizeIsLimit ? "false" : "true"},
        {"pad_id", std::to_string(kPadId)},
        {"unk_id", std::to_string(kUnkId)},
        {"bos_id", std::to_string(kClsId)},
        {"eos_id", std::to_string(kSepId)},
        {"pad_piece", kPadPiece},
        {"unk_piece", kUnkPiece},
        {"bos_piece", kClsPiece},
        {"eos_piece", kSepPiece},
        {"control_symbols", kMaskPiece},  // id 4: the next free id after the four above
        {"character_coverage", std::to_string(options.characterCoverage)},
        {"input_sentence_size", std::to_string(std::max<std::size_t>(options.maxTrainingTexts, 101))},
        {"shuffle_input_sentence", "true"},
        {"max_sentence_length", std::to_string(std::max<std::size_t>(options.maxTextBytes, 16))},
        {"num_threads", std::to_string(std::clamp(threads, 1, 128))},
        {"normalization_rule_name", options.lowercase ? "nmt_nfkc_cf" : "nmt_nfkc"},
        {"minloglevel", "1"},  // sentencepiece's INFO log is a page per training run
    };

    TextIterator iterator(texts, std::max<std::size_t>(options.maxTextBytes, 16));
    std::string serialized;
    const auto status = sentencepiece::SentencePieceTrainer::Train(flags, &iterator, &serialized);
    if (!status.ok())
        throw FileError(modelFile, 0,
                        "training a sentencepiece model of " + std::to_string(options.vocabSize) +
                            " pieces on " + std::to_string(nonEmpty) + " texts failed: " + status.message());

    // Scores on a 1/256 grid: ties between segmentations resolve alike here and in Hugging Face's
    // Unigram (see spmproto::withScoresOnGrid), so the exported tokenizer.json gives these ids.
    try {
        if (spmproto::readModelFacts(serialized).unigram)
            serialized = spmproto::withScoresOnGrid(std::move(serialized), 1.0f / 256);
    } catch (const std::runtime_error& e) {
        throw FileError(modelFile, 0, std::string("the trained model cannot be read back: ") + e.what());
    }

    auto processor = std::make_unique<sentencepiece::SentencePieceProcessor>();
    const auto loaded = processor->LoadFromSerializedProto(serialized);
    if (!loaded.ok())
        throw FileError(modelFile, 0, std::string("the trained model does not load: ") + loaded.message());

    std::error_code ec;
    if (!modelFile.parent_path().empty()) fs::create_directories(modelFile.parent_path(), ec);
    if (ec) throw FileError(modelFile, 0, "cannot create its folder: " + ec.message());
    // A reader never sees a half-written model; a crash leaves the previous one intact.
    io::writeFileAtomically(modelFile, serialized);
    return std::unique_ptr<SentencePieceTokenizer>(
        new SentencePieceTokenizer(std::move(processor), modelFile));
}

std::vector<TokenId> SentencePieceTokenizer::encode(std::string_view utf8, std::size_t maxLength) const {
    std::vector<int> pieceIds;
    const auto status = processor_->Encode(utf8, &pieceIds);
    if (!status.ok())
        throw std::runtime_error(modelFile_.string() + ": cannot encode text: " + status.message());

    const std::size_t specials = (special_.cls >= 0 ? 1 : 0) + (special_.sep >= 0 ? 1 : 0);
    // Like Hugging Face's truncation (and WordPieceTokenizer): no room for the special tokens
    // is an error, not a silently shortened sequence.
    if (maxLength > 0 && maxLength < specials)
        throw std::invalid_argument("max_length " + std::to_string(maxLength) + " leaves no room for the " +
                                    std::to_string(specials) + " special tokens of " + modelFile_.string());
    std::size_t keep = pieceIds.size();
    if (maxLength > 0) keep = std::min(keep, maxLength - specials);

    std::vector<TokenId> ids;
    ids.reserve(keep + specials);
    if (special_.cls >= 0) ids.push_back(special_.cls);
    ids.insert(ids.end(), pieceIds.begin(), pieceIds.begin() + static_cast<std::ptrdiff_t>(keep));
    if (special_.sep >= 0) ids.push_back(special_.sep);
    return ids;
}

std::vector<std::string> SentencePieceTokenizer::pieces(std::string_view utf8) const {
    std::vector<std::string> out;
    const auto status = processor_->Encode(utf8, &out);
    if (!status.ok())
        throw std::runtime_error(modelFile_.string() + ": cannot encode text: " + status.message());
    return out;
}

std::size_t SentencePieceTokenizer::vocabSize() const {
    return static_cast<std::size_t>(processor_->GetPieceSize());
}

std::string SentencePieceTokenizer::idToToken(TokenId id) const {
    if (id < 0 || id >= processor_->GetPieceSize())
        throw std::out_of_range("token id " + std::to_string(id) + " is outside the vocabulary of " +
                                modelFile_.string() + " (" + std::to_string(processor_->GetPieceSize()) +
                                " pieces)");
    return processor_->IdToPiece(id);
}

std::optional<TokenId> SentencePieceTokenizer::tokenToId(std::string_view token) const {
    const int id = processor_->PieceToId(token);
    // sentencepiece answers unk_id for unknown pieces.
    if (id < 0 || (id == processor_->unk_id() && processor_->IdToPiece(id) != token)) return std::nullopt;
    return id;
}

}  // namespace headliner::text
