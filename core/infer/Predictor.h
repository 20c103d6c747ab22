#pragma once
// Predictor: texts in, class probabilities out, for a loaded classifier. Batched, no grad,
// per-batch padding (texts of similar length are batched together; results come back in input
// order). Torch-free header: the Qt UI includes it.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace headliner::model {
struct LoadedClassifier;
}

namespace headliner::infer {

struct Prediction {
    std::vector<float> logits;  // one per class, in label-id order
    std::vector<float> probs;   // softmax of the logits
    int label = -1;             // argmax of the logits (the first one on a tie)
    std::string labelName;      // config.json's id2label for `label`
};

enum class Device { Cpu, Cuda };

// "cpu" or "cuda"; throws std::invalid_argument for anything else.
Device parseDevice(std::string_view name);
std::string_view deviceName(Device device);

// The number format the model's weights and matrix products use while predicting.
//   Fp32: exact, the numbers training and `logits` report.
//   Bf16: on the CPU, weights in bfloat16 (LayerNorms stay float32): about twice as fast with
//         native bf16 arithmetic (AVX512-BF16 or AMX), probabilities within about 1e-2. On a
//         GPU, autocast over the float32 weights (products in bf16, norms and softmax in
//         float32), as a GPU training run evaluates.
//   Int8: the transformer's linear layers in int8 (model::Int8Linear): about three times as fast
//         as Fp32 on a CPU with AVX512-VNNI; probabilities within a few 1e-2 of Fp32's.
//   Auto: for a DistilBERT model on the CPU, Int8 where the CPU has AVX512-VNNI, else Bf16 where
//         it computes bf16 natively, else Fp32; on a GPU, Bf16 where it computes bf16.
// Only DistilBERT models run in Bf16 or Int8, and Int8 only on the CPU; others run in Fp32.
enum class Precision { Fp32, Bf16, Int8, Auto };
Precision parsePrecision(std::string_view name);  // "fp32", "bf16", "int8", "auto"; throws std::invalid_argument
std::string_view precisionName(Precision precision);
// Whether this CPU computes bf16 products natively (avx512_bf16 or amx_bf16).
bool cpuHasNativeBf16();
// Whether this CPU runs the int8 kernel natively (AVX512-VNNI).
bool cpuHasNativeInt8();

class Predictor {
public:
    // Takes the classifier over and moves it to `device`. Throws std::runtime_error when
    // device is Cuda and LibTorch sees no usable CUDA device.
    explicit Predictor(model::LoadedClassifier&& classifier, Device device = Device::Cpu,
                       Precision precision = Precision::Fp32);
    // model::loadClassifier(modelPath), then the constructor above.
    static Predictor open(const std::filesystem::path& modelPath, Device device = Device::Cpu,
                          Precision precision = Precision::Fp32);

    Predictor(Predictor&&) noexcept;
    Predictor& operator=(Predictor&&) noexcept;
    ~Predictor();

    // One prediction per text, in the order given. maxLength counts [CLS] and [SEP]; 0, or
    // more than the model's max_position_embeddings, means the model's limit. batchSize texts
    // go through the model at once (at least 1). Call from one thread at a time.
    std::vector<Prediction> predict(const std::vector<std::string>& texts, std::size_t maxLength = 512,
                                    std::size_t batchSize = 32);

    const std::vector<std::string>& labels() const;  // id2label, in id order
    const std::filesystem::path& folder() const;     // the model folder it was loaded from
    Device device() const;
    Precision precision() const;  // resolved: Fp32, Bf16 or Int8

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace headliner::infer
