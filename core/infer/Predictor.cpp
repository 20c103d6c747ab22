#include "core/infer/Predictor.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <numeric>
#include <optional>
#include <stdexcept>

#include <c10/core/InferenceMode.h>
#include <torch/torch.h>

#include "core/Runtime.h"
#include "core/TorchCompat.h"
#include "core/model/DistilBert.h"
#include "core/model/ModelFolder.h"
#include "core/text/EncodedCache.h"

namespace headliner::infer {

Device parseDevice(std::string_view name) {
    if (name == "cpu") return Device::Cpu;
    if (name == "cuda") return Device::Cuda;
    if (name == "auto") return torch::cuda::is_available() ? Device::Cuda : Device::Cpu;
    throw std::invalid_argument("unknown device '" + std::string(name) + "' (expected auto, cpu or cuda)");
}

std::string_view deviceName(Device device) {
    return device == Device::Cuda ? "cuda" : "cpu";
}

Precision parsePrecision(std::string_view name) {
    if (name == "fp32") return Precision::Fp32;
    if (name == "bf16") return Precision::Bf16;
    if (name == "int8") return Precision::Int8;
    if (name == "auto") return Precision::Auto;
    throw std::invalid_argument("unknown precision '" + std::string(name) + "' (expected fp32, bf16, int8 or auto)");
}

std::string_view precisionName(Precision precision) {
    switch (precision) {
    case Precision::Fp32: return "fp32";
    case Precision::Bf16: return "bf16";
    case Precision::Int8: return "int8";
    case Precision::Auto: return "auto";
    }
    return "fp32";
}

bool cpuHasNativeBf16() {
    // GCC 12's __builtin_cpu_supports knows no AMX, so read the flags the kernel reports.
    static const bool native = [] {
        std::ifstream cpuinfo("/proc/cpuinfo");
        std::string line;
        while (std::getline(cpuinfo, line)) {
            if (line.rfind("flags", 0) != 0) continue;
            std::istringstream words(line);
            std::string word;
            while (words >> word)
                if (word == "avx512_bf16" || word == "amx_bf16") return true;
            return false;
        }
        return false;
    }();
    return native;
}

bool cpuHasNativeInt8() {
    return model::Int8Linear::cpuHasVnni();
}

struct Predictor::Impl {
    model::LoadedClassifier classifier;
    Device device = Device::Cpu;
    Precision precision = Precision::Fp32;
    torch::Device torchDevice{torch::kCPU};
    text::TokenId padId = 0;
    bool autocastOnDevice = false;  // bf16 on a GPU: autocast rather than bf16 weights

    // Queues the forward pass of one batch of rows of `encoded` (ids and mask (B,T), padded to
    // the longest row, T >= 1) and returns its logits (B,C) in float32, where the model runs.
    // On a GPU nothing waits: the ids go up from pinned memory behind the work queued before.
    torch::Tensor launch(const text::EncodedDataset& encoded, const std::size_t* rows, std::size_t count) {
        std::size_t columns = 1;
        for (std::size_t i = 0; i < count; ++i) columns = std::max(columns, encoded.rowLength(rows[i]));
        const auto B = static_cast<std::int64_t>(count), T = static_cast<std::int64_t>(columns);
        const bool pinned = !torchDevice.is_cpu();
        const auto host = torch::TensorOptions(torch::kLong).pinned_memory(pinned);
        auto ids = torch::full({B, T}, static_cast<std::int64_t>(padId), host);  // (B,T)
        auto mask = torch::zeros({B, T}, host);                                  // (B,T)
        auto* idData = ids.data_ptr<std::int64_t>();
        auto* maskData = mask.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < count; ++i) {
            const auto row = encoded.row(rows[i]);
            std::copy(row.begin(), row.end(), idData + i * columns);
            std::fill_n(maskData + i * columns, row.size(), 1);
        }
        // bf16 on a GPU: autocast over the float32 weights (matrix products in bf16, layer
        // norms and softmax in float32), as transformers evaluates under mixed precision.
        compat::AutocastGuard autocastRegion(torchDevice.type(), torch::kBFloat16, autocastOnDevice);
        return classifier.classifier
            ->logits(ids.to(torchDevice, /*non_blocking=*/pinned), mask.to(torchDevice, /*non_blocking=*/pinned))
            .to(torch::kFloat);  // (B,C)
    }

    // The predictions of `rows` from their logits (B,C), on the host.
    void collect(const torch::Tensor& hostLogits, const std::size_t* rows, std::size_t count,
                 std::vector<Prediction>& out) const {
        const auto logits = hostLogits.contiguous();
        const auto probs = torch::softmax(logits, 1).contiguous();  // (B,C)
        const auto C = static_cast<std::size_t>(logits.size(1));
        const float* l = logits.data_ptr<float>();
        const float* p = probs.data_ptr<float>();
        const auto& labels = classifier.config.labels;
        for (std::size_t i = 0; i < count; ++i) {
            Prediction& prediction = out[rows[i]];
            prediction.logits.assign(l + i * C, l + (i + 1) * C);
            prediction.probs.assign(p + i * C, p + (i + 1) * C);
            const auto best = std::max_element(prediction.logits.begin(), prediction.logits.end());
            prediction.label = static_cast<int>(best - prediction.logits.begin());
            const auto label = static_cast<std::size_t>(prediction.label);
            prediction.labelName = label < labels.size() ? labels[label] : "LABEL_" + std::to_string(label);
        }
    }
};

Predictor::Predictor(model::LoadedClassifier&& classifier, Device device, Precision precision)
    : impl_(std::make_unique<Impl>()) {
    if (!classifier.classifier && classifier.model) classifier.classifier = classifier.model.ptr();
    if (!classifier.classifier || !classifier.tokenizer)
        throw std::invalid_argument("Predictor needs a classifier with its model and tokenizer loaded");
    if (device == Device::Cuda && !torch::cuda::is_available())
        throw std::runtime_error(
            "device cuda was asked for, but LibTorch finds no usable CUDA device (no GPU, no driver, or a "
            "CPU-only "
            "LibTorch); use device cpu");
    impl_->classifier = std::move(classifier);
    impl_->device = device;
    impl_->torchDevice = device == Device::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    auto& m = impl_->classifier;
    m.classifier->to(impl_->torchDevice);
    m.classifier->eval();
    if (precision == Precision::Auto)
        precision = device != Device::Cpu ? (compat::cudaBf16Works(impl_->torchDevice) ? Precision::Bf16 : Precision::Fp32)
                    : cpuHasNativeInt8()  ? Precision::Int8
                    : cpuHasNativeBf16()  ? Precision::Bf16
                                          : Precision::Fp32;
    if (m.classifier->architecture() != "distilbert") precision = Precision::Fp32;  // nothing to gain
    if (precision == Precision::Int8 && device != Device::Cpu)
        throw std::invalid_argument("int8 prediction runs on the CPU only; use fp32 or bf16 on cuda");
    impl_->precision = precision;
    impl_->autocastOnDevice = precision == Precision::Bf16 && device != Device::Cpu;
    if (auto* bert = dynamic_cast<model::DistilBertForSequenceClassificationImpl*>(m.classifier.get())) {
        bert->prepareForPrediction(impl_->autocastOnDevice         ? model::WeightFormat::Fp32
                                   : precision == Precision::Bf16 ? model::WeightFormat::Bf16
                                   : precision == Precision::Int8 ? model::WeightFormat::Int8
                                                                  : model::WeightFormat::Fp32);
        // This copy only predicts: the float32 weights the int8 layers replaced can go.
        if (precision == Precision::Int8) bert->releaseQuantizedFloatWeights();
    }
    returnFreedMemory();  // what loading the file and preparing the weights used and freed
    // Padding is masked out, so its id does not change the result; use the tokenizer's like HF.
    const text::TokenId tokenizerPad = m.tokenizer->specialTokens().pad;
    impl_->padId = tokenizerPad >= 0 && tokenizerPad < m.config.vocabSize
                       ? tokenizerPad
                       : static_cast<text::TokenId>(m.config.padTokenId);
}

Predictor Predictor::open(const std::filesystem::path& modelPath, Device device, Precision precision) {
    return Predictor(model::loadClassifier(modelPath), device, precision);
}

Predictor::Predictor(Predictor&&) noexcept = default;
Predictor& Predictor::operator=(Predictor&&) noexcept = default;
Predictor::~Predictor() = default;

std::vector<Prediction> Predictor::predict(const std::vector<std::string>& texts, std::size_t maxLength,
                                           std::size_t batchSize) {
    if (batchSize == 0) throw std::invalid_argument("batch size must be at least 1");
    const auto limit = static_cast<std::size_t>(impl_->classifier.config.maxPositionEmbeddings);
    if (maxLength == 0 || maxLength > limit) maxLength = limit;
    if (texts.empty()) return {};

    const auto encoded = text::encodeAll(*impl_->classifier.tokenizer, texts, maxLength);

    // Longest first, so each batch pads only to its own longest text; ties keep input order.
    std::vector<std::size_t> order(texts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return encoded.rowLength(a) > encoded.rowLength(b);
    });

    std::vector<Prediction> out(texts.size());
    std::optional<RetainFreedMemory> keepMemory;  // many batches: reuse their memory
    if (order.size() > batchSize) keepMemory.emplace();
    c10::InferenceMode inferenceMode;
    if (impl_->torchDevice.is_cpu()) {
        for (std::size_t start = 0; start < order.size(); start += batchSize) {
            const std::size_t count = std::min(batchSize, order.size() - start);
            impl_->collect(impl_->launch(encoded, order.data() + start, count), order.data() + start, count, out);
        }
        return out;
    }
    // On a GPU every batch is queued before any result is read: one wait at the end, and the
    // host prepares each batch while the device runs the one before.
    std::vector<torch::Tensor> logits;
    for (std::size_t start = 0; start < order.size(); start += batchSize)
        logits.push_back(impl_->launch(encoded, order.data() + start, std::min(batchSize, order.size() - start)));
    const auto all = torch::cat(logits).to(torch::kCPU);
    impl_->collect(all, order.data(), order.size(), out);
    return out;
}

const std::vector<std::string>& Predictor::labels() const {
    return impl_->classifier.config.labels;
}
const std::filesystem::path& Predictor::folder() const {
    return impl_->classifier.folder;
}
Device Predictor::device() const {
    return impl_->device;
}
Precision Predictor::precision() const {
    return impl_->precision;
}

}  // namespace headliner::infer
