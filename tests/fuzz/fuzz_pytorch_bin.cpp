// Fuzz target: any bytes given as a pytorch_model.bin (a torch.save zip: a pickle program and
// its storages) either load into named tensors that lie inside their storages, or are refused
// with FileError. Never a crash, a hang, an out-of-bounds read, or a call the pickle asks for
// outside a state dict's few constructors.
#include <cstddef>
#include <cstdint>

#include <torch/torch.h>

#include "core/Error.h"
#include "core/model/Checkpoint.h"
#include "tests/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const headliner::fuzz::ScratchFile scratch("pytorch_model.bin");
    const auto& path = scratch.write(data, size);
    try {
        const auto weights = headliner::model::readPytorchBin(path);
        for (const auto& [name, tensor] : weights) {
            HEADLINER_FUZZ_CHECK(tensor.defined());
            // Every element readable: a sum over the tensor touches all of it.
            if (tensor.numel() > 0 && tensor.numel() < (1 << 20)) (void)tensor.to(torch::kDouble).sum().item<double>();
        }
    } catch (const headliner::FileError&) {
        // Refused with a message: the expected outcome for broken input.
    }
    return 0;
}
