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

class Predictor {
public:
    // Takes the classifier over and moves it to `device`. Throws std::runtime_error when
    // device is Cuda and LibTorch sees no usable CUDA device.
    explicit Predictor(model::LoadedClassifier&& classifier, Device device = Device::Cpu);
    // model::loadClassifier(modelPath), then the constructor above.
    static Predictor open(const std::filesystem::path& modelPath, Device device = Device::Cpu);

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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace headliner::infer
