#include "core/model/Checkpoint.h"

#include <cstring>
#include <fstream>
#include <set>

#include "core/Error.h"

namespace headliner::model {

namespace {

torch::ScalarType toTorch(io::DType d) {
    switch (d) {
        case io::DType::F64: return torch::kDouble;
        case io::DType::F32: return torch::kFloat;
        case io::DType::F16: return torch::kHalf;
        case io::DType::BF16: return torch::kBFloat16;
        case io::DType::I64: return torch::kLong;
        case io::DType::I32: return torch::kInt;
        case io::DType::I16: return torch::kShort;
        case io::DType::I8: return torch::kChar;
        case io::DType::U8: return torch::kByte;
        case io::DType::Bool: return torch::kBool;
    }
    return torch::kFloat;
}

std::string shapeText(c10::IntArrayRef s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

}  // namespace

StateDict readSafetensors(const std::filesystem::path& path) {
    const auto file = io::SafetensorsFile::open(path);
    StateDict out;
    for (const auto& t : file.tensors()) {
        auto tensor = torch::empty(t.shape, torch::TensorOptions().dtype(toTorch(t.dtype)));
        const auto bytes = file.data(t);
        std::memcpy(tensor.data_ptr(), bytes.data(), bytes.size());  // the file is little-endian, as x86/ARM
        out.emplace(t.name, std::move(tensor));
    }
    return out;
}

StateDict readWeights(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[2] = {};
    in.read(magic, 2);
    if (in && magic[0] == 'P' && magic[1] == 'K') return readPytorchBin(path);
    return readSafetensors(path);
}

LoadReport loadStateDict(torch::nn::Module& module, const StateDict& weights, const std::filesystem::path& source) {
    torch::NoGradGuard noGrad;
    LoadReport report;
    bool bareBase = !weights.empty();
    for (const auto& [name, unused] : weights)
        if (name.rfind("distilbert.", 0) == 0) bareBase = false;
    std::set<std::string> used;
    auto assign = [&](const std::string& name, torch::Tensor& target) {
        auto it = weights.find(name);
        if (it == weights.end() && bareBase && name.rfind("distilbert.", 0) == 0)
            it = weights.find(name.substr(std::string("distilbert.").size()));
        if (it == weights.end()) {
            report.missing.push_back(name);
            return;
        }
        if (!it->second.sizes().equals(target.sizes()))
            throw FileError(source, 0, "tensor '" + it->first + "' has shape " + shapeText(it->second.sizes()) +
                                           ", the model needs " + shapeText(target.sizes()));
        target.copy_(it->second.to(target.scalar_type()));
        used.insert(it->first);
        report.loaded.push_back(name);
    };
    for (auto& p : module.named_parameters()) assign(p.key(), p.value());
    for (auto& b : module.named_buffers()) assign(b.key(), b.value());
    for (const auto& [name, unused] : weights)
        if (!used.count(name)) report.unexpected.push_back(name);
    return report;
}

void saveSafetensors(const torch::nn::Module& module, const std::filesystem::path& path, io::DType dtype) {
    const auto target = toTorch(dtype);
    std::vector<torch::Tensor> keep;  // owns the converted copies while writing
    std::vector<io::TensorToWrite> tensors;
    for (const auto& p : module.named_parameters()) {
        auto t = p.value().detach().to(torch::kCPU, target).contiguous();
        keep.push_back(t);
        tensors.push_back({p.key(), dtype, t.sizes().vec(),
                           {static_cast<const std::byte*>(t.data_ptr()), static_cast<std::size_t>(t.nbytes())}});
    }
    io::writeSafetensors(path, tensors, {{"format", "pt"}});
}

}  // namespace headliner::model
