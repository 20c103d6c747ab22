#include "app/cli/JsonlInput.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/Error.h"

namespace headliner::cli {

std::vector<std::string> readJsonlTexts(std::istream& in) {
    std::vector<std::string> texts;
    std::string line;
    for (std::uint64_t lineNumber = 1; std::getline(in, line); ++lineNumber) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw FileError("stdin", lineNumber, std::string("not valid JSON: ") + e.what());
        }
        const auto it = record.is_object() ? record.find("text") : record.end();
        if (!record.is_object() || it == record.end() || !it->is_string())
            throw FileError("stdin", lineNumber, "expected a JSON object with a \"text\" string");
        texts.push_back(it->get<std::string>());
    }
    if (in.bad()) throw FileError("stdin", 0, "read error");
    return texts;
}

}  // namespace headliner::cli
