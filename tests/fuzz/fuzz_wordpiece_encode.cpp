// Fuzz target: encoding arbitrary bytes (invalid UTF-8 included) with the real BERT vocabulary
// (../shared/data/vocab/bert-base-uncased-vocab.txt, loaded once; without it every input is
// skipped). The first input byte picks the tokenizer (uncased, cased, or the same uncased vocab
// from DistilBERT's tokenizer.json) and max_length; the rest is the text. Checked: starts with
// [CLS], ends with [SEP], at most max_length ids, every id in the vocabulary, truncation is a cut
// of the full encoding (TokenizerFuzz.h), and vocab.txt and tokenizer.json agree id for id.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/text/WordPieceTokenizer.h"
#include "tests/fuzz/TokenizerFuzz.h"

using namespace headliner;

namespace {

std::filesystem::path sharedDir() {
    if (const char* env = std::getenv("HEADLINER_SHARED_DIR"); env != nullptr && *env != '\0') return env;
#ifdef HEADLINER_FUZZ_SHARED_DIR
    return HEADLINER_FUZZ_SHARED_DIR;
#else
    return {};
#endif
}

struct Tokenizers {
    std::unique_ptr<text::WordPieceTokenizer> uncased, cased, fromJson;
};

const Tokenizers& tokenizers() {
    static const Tokenizers loaded = [] {
        Tokenizers t;
        const auto dir = sharedDir() / "data" / "vocab";
        std::error_code ec;
        if (!std::filesystem::exists(dir / "bert-base-uncased-vocab.txt", ec)) {
            std::fprintf(stderr, "fuzz_wordpiece_encode: %s not found; skipping every input\n",
                         (dir / "bert-base-uncased-vocab.txt").c_str());
            return t;
        }
        t.uncased = text::WordPieceTokenizer::fromVocabFile(dir / "bert-base-uncased-vocab.txt");
        text::WordPieceOptions cased;
        cased.lowercase = false;
        t.cased = text::WordPieceTokenizer::fromVocabFile(dir / "bert-base-uncased-vocab.txt", cased);
        if (std::filesystem::exists(dir / "distilbert-base-uncased" / "tokenizer.json", ec))
            t.fromJson = text::WordPieceTokenizer::fromTokenizerJson(dir / "distilbert-base-uncased" / "tokenizer.json");
        return t;
    }();
    return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Tokenizers& t = tokenizers();
    if (!t.uncased) return 0;
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();
    const std::string_view text = in.rest();
    constexpr std::size_t kMaxLengths[8] = {0, 2, 3, 8, 64, 128, 512, 5};
    const std::size_t maxLength = kMaxLengths[settings & 7];

    const text::WordPieceTokenizer& tokenizer = (settings & 0x10) ? *t.cased : *t.uncased;
    const auto& special = tokenizer.specialTokens();
    const auto ids = tokenizer.encode(text, maxLength);
    HEADLINER_FUZZ_CHECK(ids.size() >= 2);
    HEADLINER_FUZZ_CHECK(ids.front() == special.cls);
    HEADLINER_FUZZ_CHECK(ids.back() == special.sep);
    HEADLINER_FUZZ_CHECK(maxLength == 0 || ids.size() <= maxLength);
    for (const auto id : ids) HEADLINER_FUZZ_CHECK(id >= 0 && std::size_t(id) < tokenizer.vocabSize());
    if (t.fromJson && !(settings & 0x10)) HEADLINER_FUZZ_CHECK(t.fromJson->encode(text, maxLength) == ids);
    if (settings & 0x20) fuzz::checkEncoding(tokenizer, text, special.cls, special.sep, 2);
    return 0;
}
