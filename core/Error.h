#pragma once
// Errors the user can act on: they name the file, the place in it (line / row / tensor), and
// what was expected. Thrown by the core, caught and shown by the CLI and the GUI.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace headliner {

class FileError : public std::runtime_error {
public:
    // line: 1-based line (or row) number, 0 when the problem is not tied to a line.
    FileError(std::filesystem::path file, std::uint64_t line, const std::string& problem)
        : std::runtime_error(format(file, line, problem)), file_(std::move(file)), line_(line), problem_(problem) {}

    const std::filesystem::path& file() const noexcept { return file_; }
    std::uint64_t line() const noexcept { return line_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    static std::string format(const std::filesystem::path& file, std::uint64_t line, const std::string& problem) {
        std::string out = file.string();
        if (line > 0) out += ":" + std::to_string(line);
        return out + ": " + problem;
    }
    std::filesystem::path file_;
    std::uint64_t line_;
    std::string problem_;
};

}  // namespace headliner
