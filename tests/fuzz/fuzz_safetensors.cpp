// Fuzz target: any byte string given to the safetensors reader either parses into tensors that
// lie inside the buffer, or throws FileError. Never a crash, a hang or an out-of-bounds read.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/Error.h"
#include "core/io/Safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto file = headliner::io::SafetensorsFile::fromBytes(
            std::string(reinterpret_cast<const char*>(data), size), "fuzz.safetensors");
        std::size_t total = 0;
        for (const auto& t : file.tensors()) {
            const auto bytes = file.data(t);
            if (!bytes.empty()) total += static_cast<std::size_t>(bytes.front()) + static_cast<std::size_t>(bytes.back());
            if (file.find(t.name) == nullptr) __builtin_trap();  // every listed tensor must be findable
        }
        (void)total;
    } catch (const headliner::FileError&) {
        // Refused with a message: the expected outcome for broken input.
    }
    return 0;
}
