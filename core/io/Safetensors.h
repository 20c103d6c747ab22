#pragma once
// safetensors (https://huggingface.co/docs/safetensors): the weights format of Hugging Face
// model folders. Layout: u64 little-endian header size N, N bytes of JSON header, then the
// tensor bytes. The reader memory-maps the file and trusts nothing in it: every offset, shape
// and dtype is checked against the file size, and duplicate, overlapping or stray bytes are
// rejected with an error naming the file and the tensor. Torch-free: the model code turns the
// byte views into tensors.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace headliner::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::size_t dtypeSize(DType dtype);
std::string_view dtypeName(DType dtype);  // "F32", "BF16", ... as in the header
std::optional<DType> parseDType(std::string_view name);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets into the data section, [begin, end)
    std::uint64_t end = 0;

    std::int64_t numel() const;
};

// Largest header the reader accepts (the reference implementation's limit).
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100ull * 1000 * 1000;

class SafetensorsFile {
public:
    // Maps and validates the file. Throws headliner::FileError naming the file and the problem.
    static SafetensorsFile open(const std::filesystem::path& path);
    // Validates bytes already in memory (tests, fuzzing). `name` is used in error messages.
    static SafetensorsFile fromBytes(std::string bytes, const std::filesystem::path& name);

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    ~SafetensorsFile();

    const std::filesystem::path& path() const { return path_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }  // ordered by offset
    const TensorInfo* find(std::string_view name) const;                   // nullptr if absent
    // The tensor's bytes (little-endian, row-major), valid while this object lives.
    std::span<const std::byte> data(const TensorInfo& tensor) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

private:
    SafetensorsFile() = default;
    void parse(std::span<const std::byte> file);

    struct Mapping;
    std::unique_ptr<Mapping> mapping_;
    std::filesystem::path path_;
    std::span<const std::byte> dataSection_;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::size_t, std::less<>> index_;  // name -> position in tensors_
    std::map<std::string, std::string> metadata_;
};

struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::byte> bytes;  // numel × dtypeSize bytes, little-endian, row-major
};

// Writes a safetensors file atomically (temporary file + rename). Tensors are laid out as the
// reference implementation does (larger dtypes first, then by name); the header is padded with
// spaces to a multiple of 8 bytes. Throws FileError (bad shapes/sizes, duplicate names, I/O).
void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace headliner::io
