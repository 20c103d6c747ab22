// Fuzz target: WordPieceTokenizer::fromVocabFile on arbitrary vocab.txt content. The first input
// byte picks the WordPieceOptions (case, accents, CJK, cleaning, subword prefix, word limit,
// unknown-token name); the rest is the file. Loading either succeeds or throws FileError; a
// loaded tokenizer must pass TokenizerFuzz.h's checks on fixed texts and on the file itself,
// every encoding starting with its [CLS] and ending with its [SEP].
#include <cstddef>
#include <cstdint>

#include "core/Error.h"
#include "tests/fuzz/TokenizerFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("vocab.txt");
    fuzz::InputBytes in(data, size);
    const std::uint8_t settings = in.take();
    const std::string_view content = in.rest();

    text::WordPieceOptions options;
    options.lowercase = (settings & 1) == 0;
    if (settings & 2) options.stripAccents = (settings & 4) != 0;
    options.handleChineseChars = (settings & 8) == 0;
    options.cleanText = (settings & 0x10) == 0;
    switch ((settings >> 5) & 3) {
        case 0: break;
        case 1: options.continuingSubwordPrefix = ""; break;
        case 2: options.continuingSubwordPrefix = "#"; break;
        case 3: options.maxInputCharsPerWord = (settings & 1) ? 0 : 3; break;
    }
    if (settings & 0x80) options.unkToken = "<unk>";

    std::unique_ptr<text::WordPieceTokenizer> tokenizer;
    try {
        tokenizer = text::WordPieceTokenizer::fromVocabFile(file.write(content), options);
    } catch (const FileError& e) {
        HEADLINER_FUZZ_CHECK(e.file() == file.path());
        return 0;
    }
    HEADLINER_FUZZ_CHECK(tokenizer != nullptr);
    const auto& special = tokenizer->specialTokens();
    HEADLINER_FUZZ_CHECK(special.cls >= 0 && special.sep >= 0);
    HEADLINER_FUZZ_CHECK(tokenizer->tokenToId(options.unkToken).has_value());
    fuzz::checkTokenizer(*tokenizer, content.substr(0, 1024), special.cls, special.sep);
    return 0;
}
