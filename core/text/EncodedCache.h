#pragma once
// Tokenize a dataset once, in parallel, and keep the ids on disk for the next run.
//
// A cache file holds the ids of every row of one dataset under one tokenizer and max_length.
// It is found by its key (tokenizer kind, SHA-256 of the tokenizer's files, SHA-256 of the data
// file, SHA-256 of the texts as read, max_length) and trusted only when the key, every size and
// the checksum of the ids match; anything else (truncated, corrupt, foreign, older format) is
// rebuilt. Files are written atomically, so a crash never leaves a half file under the name.
//
// File layout (little-endian; version 1):
//   offset  size  field
//   0       8     magic "HLENCIDS"
//   8       4     version (1)
//   12      4     id width in bytes (2 when every id fits in uint16, else 4)
//   16      4     max_length
//   20      4     vocabulary size
//   24      8     rows
//   32      8     total ids
//   40      16    tokenizer kind, NUL-padded ("wordpiece", "sentencepiece")
//   56      32    SHA-256 of the tokenizer files
//   88      32    SHA-256 of the data file (zeros when the dataset has no file)
//   120     32    SHA-256 of the texts (each as 8-byte length + bytes)
//   152     32    SHA-256 of everything after the header (offsets and ids)
//   184     8*(rows+1)        row offsets into the ids, starting at 0, ending at total ids
//   ...     width*total ids   the ids

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/io/Sha256.h"
#include "core/text/Tokenizer.h"

namespace headliner::data {
struct Dataset;
}

namespace headliner::text {

// The ids of every row, concatenated: row i is ids[offsets[i] .. offsets[i+1]).
struct EncodedDataset {
    std::vector<std::uint64_t> offsets{0};
    std::vector<TokenId> ids;

    std::size_t size() const { return offsets.size() - 1; }
    std::span<const TokenId> row(std::size_t i) const {
        return {ids.data() + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
    }
    std::size_t rowLength(std::size_t i) const {
        return static_cast<std::size_t>(offsets[i + 1] - offsets[i]);
    }
};

// Encodes every text with tokenizer.encode(text, maxLength), in chunks on `threads` threads
// (0 = every available core); row order is kept. Tokenizer::encode must be safe to call from
// several threads at once (it is const; WordPiece and sentencepiece are). An exception thrown
// by the tokenizer stops the work and is rethrown here.
EncodedDataset encodeAll(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                         std::size_t maxLength, int threads = 0);

struct EncodedCacheKey {
    std::string tokenizerKind;
    io::Sha256Digest tokenizerHash{};  // of the tokenizer's files(), in order
    io::Sha256Digest dataFileHash{};   // of the dataset's source file; zeros without one
    io::Sha256Digest textsHash{};      // of the texts themselves (catches a changed reader)
    std::uint32_t maxLength = 0;
    std::uint32_t vocabSize = 0;

    bool operator==(const EncodedCacheKey&) const = default;
    // 16 hex digits naming the cache file of this key.
    std::string fileStem() const;
};

// Hashes the tokenizer's files, the data file (dataset.source, when set) and the texts.
// Throws headliner::FileError when one of the files cannot be read.
EncodedCacheKey makeEncodedCacheKey(const Tokenizer& tokenizer, const data::Dataset& dataset,
                                    std::size_t maxLength);

// Reads a cache file. Returns the ids only when the file is complete, intact and made for
// exactly this key; otherwise returns nothing and, when `whyNot` is given, says why.
std::optional<EncodedDataset> readEncodedCache(const std::filesystem::path& file, const EncodedCacheKey& key,
                                               std::string* whyNot = nullptr);

// Writes a cache file atomically. Throws headliner::FileError naming it on failure.
void writeEncodedCache(const std::filesystem::path& file, const EncodedCacheKey& key,
                       const EncodedDataset& encoded);

struct EncodedCacheResult {
    EncodedDataset encoded;
    std::filesystem::path file;  // the cache file used or written
    bool reused = false;         // true: read from disk; false: encoded now
    std::string rebuildReason;   // why an existing file was not used (empty when there was none)
    std::string writeError;      // why the new file could not be written (empty on success)
};

// The cache as the trainer uses it: cacheFolder/encoded-<key>.bin is read when it matches,
// otherwise the dataset is encoded in parallel and the file (re)written. The folder is created
// when missing. When the file cannot be written the encoded ids are still returned and
// writeError says why: a read-only cache folder never stops training.
EncodedCacheResult loadOrEncode(const Tokenizer& tokenizer, const data::Dataset& dataset,
                                std::size_t maxLength, const std::filesystem::path& cacheFolder,
                                int threads = 0);

}  // namespace headliner::text
