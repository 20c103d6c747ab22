#pragma once
// SHA-256 (FIPS 180-4) of buffers and files: cache keys for encoded datasets, and the integrity
// check of hub downloads. Incremental, so large files stream through a fixed buffer.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace headliner::io {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    // Pads, returns the digest and resets the object for a new message.
    Sha256Digest finish();

private:
    void compress(const std::uint8_t* block);  // one 64-byte block
    void reset();

    std::array<std::uint32_t, 8> state_{};
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
};

Sha256Digest sha256(std::string_view bytes);

// Streams the file; throws headliner::FileError naming it when it cannot be opened or read.
Sha256Digest sha256File(const std::filesystem::path& file);

// Lower-case hexadecimal, 64 characters (the form `sha256sum` prints and the hub uses).
std::string toHex(const Sha256Digest& digest);

}  // namespace headliner::io
