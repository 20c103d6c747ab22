// Fuzz target: WordPieceTokenizer::fromTokenizerJson on arbitrary tokenizer.json content (the
// whole input is the file). Loading either succeeds or throws FileError (never a JSON library
// exception); a loaded tokenizer must pass TokenizerFuzz.h's checks on fixed texts and on the
// file itself: above all, every id it hands out must be inside its vocabulary.
#include <cstddef>
#include <cstdint>

#include "core/Error.h"
#include "tests/fuzz/TokenizerFuzz.h"

using namespace headliner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::ScratchFile file("tokenizer.json");
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    std::unique_ptr<text::WordPieceTokenizer> tokenizer;
    try {
        tokenizer = text::WordPieceTokenizer::fromTokenizerJson(file.write(content));
    } catch (const FileError& e) {
        HEADLINER_FUZZ_CHECK(e.file() == file.path());
        return 0;
    }
    HEADLINER_FUZZ_CHECK(tokenizer != nullptr);
    fuzz::checkTokenizer(*tokenizer, content.substr(0, 1024));
    return 0;
}
