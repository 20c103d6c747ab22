#pragma once
// Helpers shared by the fuzz targets: a scratch file for readers that take a path, and a check
// that reports a broken invariant the way libFuzzer and the corpus replay both notice (abort).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace headliner::fuzz {

// A broken invariant: a message on stderr, then abort (a crash to libFuzzer, a failed replay).
[[noreturn]] inline void violated(const char* what) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::fflush(stderr);
    std::abort();
}

#define HEADLINER_FUZZ_CHECK(condition)                                                \
    do {                                                                               \
        if (!(condition)) ::headliner::fuzz::violated(#condition " (" __FILE__ ")"); \
    } while (false)

// One fixed file per process and name, rewritten for every input: /dev/shm when it is there (no
// disk traffic at 10,000 inputs a second), else the temp folder. Removed at exit.
class ScratchFile {
public:
    explicit ScratchFile(std::string_view name) {
        std::error_code ec;
        std::filesystem::path dir = "/dev/shm";
        if (!std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0)
            dir = std::filesystem::temp_directory_path();
        path_ = dir / ("headliner-fuzz-" + std::to_string(::getpid()) + "-" + std::string(name));
    }
    ~ScratchFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const std::filesystem::path& write(const void* data, std::size_t size) const {
        std::FILE* f = std::fopen(path_.c_str(), "wb");
        if (f == nullptr) violated("cannot create the scratch file");
        if (size > 0 && std::fwrite(data, 1, size, f) != size) violated("cannot write the scratch file");
        std::fclose(f);
        return path_;
    }
    const std::filesystem::path& write(std::string_view bytes) const { return write(bytes.data(), bytes.size()); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Reads the input's leading bytes as settings, the rest stays the payload.
class InputBytes {
public:
    InputBytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    // The next byte, or 0 once the input is used up.
    std::uint8_t take() {
        if (size_ == 0) return 0;
        --size_;
        return *data_++;
    }
    std::string_view rest() const { return {reinterpret_cast<const char*>(data_), size_}; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
};

}  // namespace headliner::fuzz
