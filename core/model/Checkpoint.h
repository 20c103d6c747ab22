#pragma once
// Moving weights between files and modules: safetensors (the format of Hugging Face folders)
// and the older pytorch_model.bin (a zip-pickled state dict written by torch.save).

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/Safetensors.h"

namespace headliner::model {

using StateDict = std::map<std::string, torch::Tensor>;

// Tensors of a safetensors file, copied out of the mapping (F16/BF16 stay in their dtype).
StateDict readSafetensors(const std::filesystem::path& path);
// A pytorch_model.bin state dict. Throws FileError if it is not a torch.save'd dict of tensors.
StateDict readPytorchBin(const std::filesystem::path& path);
// Either of the two, by content.
StateDict readWeights(const std::filesystem::path& path);

struct LoadReport {
    std::vector<std::string> loaded;
    std::vector<std::string> missing;     // parameters the file did not have (left as they were)
    std::vector<std::string> unexpected;  // tensors in the file the module has no use for
};

// Copies every matching tensor into the module's parameters and buffers (converting dtype).
// A tensor whose shape differs from the parameter's is an error naming both shapes. Keys of a
// bare DistilBertModel checkpoint ("embeddings.…") are matched under "distilbert.".
LoadReport loadStateDict(torch::nn::Module& module, const StateDict& weights, const std::filesystem::path& source);

// Writes the module's parameters as safetensors in `dtype` (F32, F16 or BF16), atomically,
// with {"format": "pt"} metadata as save_pretrained writes it.
void saveSafetensors(const torch::nn::Module& module, const std::filesystem::path& path,
                     io::DType dtype = io::DType::F32);

}  // namespace headliner::model
