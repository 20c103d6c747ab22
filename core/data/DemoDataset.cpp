#include "core/data/DemoDataset.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <system_error>

#include "core/Error.h"
#include "core/io/AtomicFile.h"

// The CSV bytes go into read-only data with the assembler's .incbin (GNU as and LLVM's integrated
// assembler, ELF targets). HEADLINER_DEMO_DIR is set for this file only, by core/CMakeLists.txt,
// which also makes this object depend on the CSVs: the compiler's own dependency list does not
// see files that only the assembler reads.
#ifndef HEADLINER_DEMO_DIR
#error "HEADLINER_DEMO_DIR must name the folder with the demo CSVs (set in core/CMakeLists.txt)"
#endif

// One blob: NAME_data (the bytes) and NAME_size (a 64-bit count, so no pointer arithmetic across
// two symbols is needed on the C++ side).
// clang-format off
#define HEADLINER_EMBED(name, file)                                  \
    ".section .rodata.headliner_demo,\"a\"\n"                       \
    ".balign 16\n"                                                   \
    ".globl " #name "_data\n"                                        \
    ".hidden " #name "_data\n"                                       \
    ".type " #name "_data, %object\n" #name "_data:\n"               \
    ".incbin \"" HEADLINER_DEMO_DIR "/" file "\"\n" #name "_end:\n"  \
    ".size " #name "_data, " #name "_end - " #name "_data\n"         \
    ".balign 8\n"                                                    \
    ".globl " #name "_size\n"                                        \
    ".hidden " #name "_size\n"                                       \
    ".type " #name "_size, %object\n" #name "_size:\n"               \
    ".quad " #name "_end - " #name "_data\n"                         \
    ".size " #name "_size, 8\n"                                      \
    ".previous\n"
// clang-format on

asm(HEADLINER_EMBED(headliner_demo_train, "train.csv") HEADLINER_EMBED(headliner_demo_test, "test.csv"));

extern "C" {
extern const char headliner_demo_train_data[];
extern const std::uint64_t headliner_demo_train_size;
extern const char headliner_demo_test_data[];
extern const std::uint64_t headliner_demo_test_size;
}

namespace headliner::data {
namespace {

// Whether `path` is a regular file holding exactly `bytes`.
bool hasContent(const std::filesystem::path& path, std::string_view bytes) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size != bytes.size()) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string buffer(std::size_t{1} << 16, '\0');
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        const std::size_t want = std::min(buffer.size(), bytes.size() - offset);
        if (!in.read(buffer.data(), static_cast<std::streamsize>(want))) return false;
        if (bytes.compare(offset, want, buffer.data(), want) != 0) return false;
        offset += want;
    }
    return true;
}

void writeUnlessSame(const std::filesystem::path& folder, const std::filesystem::path& path,
                     std::string_view bytes) {
    if (hasContent(path, bytes)) return;
    try {
        io::writeFileAtomically(path, bytes);
    } catch (const FileError& e) {
        throw FileError(folder, 0,
                        "cannot write the demo dataset's " + path.filename().string() + ": " + e.problem());
    }
}

}  // namespace

std::string_view demoTrainCsv() {
    return {headliner_demo_train_data, static_cast<std::size_t>(headliner_demo_train_size)};
}

std::string_view demoTestCsv() {
    return {headliner_demo_test_data, static_cast<std::size_t>(headliner_demo_test_size)};
}

DemoFiles writeDemoDataset(const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (!ec && !std::filesystem::is_directory(folder, ec) && !ec)
        ec = std::make_error_code(std::errc::not_a_directory);
    if (ec) throw FileError(folder, 0, "cannot create the folder for the demo dataset: " + ec.message());
    DemoFiles files{folder / "train.csv", folder / "test.csv"};
    writeUnlessSame(folder, files.train, demoTrainCsv());
    writeUnlessSame(folder, files.test, demoTestCsv());
    return files;
}

}  // namespace headliner::data
