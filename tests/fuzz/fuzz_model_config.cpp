// Fuzz target: config.json as read for a model folder. Any bytes either give a validated
// ModelConfig whose JSON round-trips, or an error (FileError / invalid_argument); never a crash.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model/ModelConfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(data, data + size);
    } catch (const nlohmann::json::exception&) {
        return 0;  // readModelConfig reports this as "not valid JSON"
    }
    try {
        const auto c = headliner::model::ModelConfig::fromJson(j);
        c.validate();
        const auto again = headliner::model::ModelConfig::fromJson(nlohmann::json::parse(c.toJson().dump()));
        if (again.toJson() != c.toJson()) __builtin_trap();  // a valid config must survive a round trip
    } catch (const std::invalid_argument&) {
        // Refused with a message naming the field.
    }
    return 0;
}
