#include "core/train/Metrics.h"

#include <stdexcept>
#include <string>

namespace headliner::train {

std::vector<std::vector<std::int64_t>> confusionMatrix(std::span<const std::int32_t> truth,
                                                       std::span<const std::int32_t> predicted,
                                                       std::size_t numClasses) {
    if (truth.size() != predicted.size())
        throw std::invalid_argument("confusionMatrix: " + std::to_string(truth.size()) + " labels but " +
                                    std::to_string(predicted.size()) + " predictions");
    std::vector<std::vector<std::int64_t>> m(numClasses, std::vector<std::int64_t>(numClasses, 0));
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const auto t = truth[i], p = predicted[i];
        if (t < 0 || p < 0 || static_cast<std::size_t>(t) >= numClasses || static_cast<std::size_t>(p) >= numClasses)
            throw std::invalid_argument("confusionMatrix: row " + std::to_string(i) + " has label " +
                                        std::to_string(t) + " / prediction " + std::to_string(p) + ", expected 0.." +
                                        std::to_string(numClasses) + ")");
        ++m[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)];
    }
    return m;
}

EvalMetrics metricsFromConfusion(const std::vector<std::vector<std::int64_t>>& confusion) {
    EvalMetrics out;
    out.confusion = confusion;
    const std::size_t k = confusion.size();
    std::int64_t correct = 0, total = 0;
    std::size_t present = 0;  // classes in the truth or the predictions
    out.perClass.resize(k);
    for (std::size_t c = 0; c < k; ++c) {
        if (confusion[c].size() != k) throw std::invalid_argument("metricsFromConfusion: matrix is not square");
        std::int64_t predictedAsC = 0, actualC = 0;
        for (std::size_t o = 0; o < k; ++o) {
            predictedAsC += confusion[o][c];
            actualC += confusion[c][o];
            total += confusion[c][o];
        }
        const auto tp = confusion[c][c];
        correct += tp;
        auto& m = out.perClass[c];
        m.support = actualC;
        m.precision = predictedAsC > 0 ? double(tp) / double(predictedAsC) : 0.0;
        m.recall = actualC > 0 ? double(tp) / double(actualC) : 0.0;
        m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
        if (actualC > 0 || predictedAsC > 0) {
            out.macroF1 += m.f1;
            ++present;
        }
    }
    out.rows = total;
    out.accuracy = total > 0 ? double(correct) / double(total) : 0.0;
    out.macroF1 = present > 0 ? out.macroF1 / double(present) : 0.0;
    return out;
}

}  // namespace headliner::train

namespace headliner::train {

nlohmann::json toJson(const EvalMetrics& m) {
    nlohmann::json perClass = nlohmann::json::array();
    for (const auto& c : m.perClass)
        perClass.push_back({{"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"support", c.support}});
    return {{"step", m.step},         {"epoch", m.epoch},       {"loss", m.loss},
            {"accuracy", m.accuracy}, {"macro_f1", m.macroF1},  {"per_class", perClass},
            {"confusion", m.confusion}, {"rows", m.rows}};
}

EvalMetrics evalMetricsFromJson(const nlohmann::json& j) {
    EvalMetrics m;
    m.step = j.value("step", std::int64_t{0});
    m.epoch = j.value("epoch", 0.0);
    m.loss = j.value("loss", 0.0);
    m.accuracy = j.value("accuracy", 0.0);
    m.macroF1 = j.value("macro_f1", 0.0);
    m.rows = j.value("rows", std::int64_t{0});
    if (j.contains("confusion")) j.at("confusion").get_to(m.confusion);
    if (j.contains("per_class"))
        for (const auto& c : j.at("per_class"))
            m.perClass.push_back({c.value("precision", 0.0), c.value("recall", 0.0), c.value("f1", 0.0),
                                  c.value("support", std::int64_t{0})});
    return m;
}

}  // namespace headliner::train
