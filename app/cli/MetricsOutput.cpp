#include "app/cli/MetricsOutput.h"

#include <cstdint>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

namespace headliner::cli {

std::string formatFixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

void printMetrics(std::ostream& out, const std::string& title, const train::EvalMetrics& m,
                  const std::vector<std::string>& labels) {
    out << title << "\n"
        << "  eval loss  " << formatFixed(m.loss, 4) << "\n"
        << "  accuracy   " << formatFixed(100 * m.accuracy, 2) << "%\n"
        << "  macro-F1   " << formatFixed(100 * m.macroF1, 2) << "%\n"
        << "  class                precision  recall     F1  support\n";
    for (std::size_t c = 0; c < m.perClass.size(); ++c) {
        std::string name = c < labels.size() ? labels[c] : std::to_string(c);
        name.resize(20, ' ');
        const auto& p = m.perClass[c];
        out << "  " << name << std::setw(10) << formatFixed(100 * p.precision, 2) << std::setw(8)
            << formatFixed(100 * p.recall, 2) << std::setw(7) << formatFixed(100 * p.f1, 2) << std::setw(9)
            << p.support << "\n";
    }
    out << "  confusion (rows: true class, columns: predicted)\n";
    for (const auto& row : m.confusion) {
        out << "   ";
        for (const auto v : row) out << std::setw(7) << v;
        out << "\n";
    }
}

std::size_t exportedMaxLength(const std::filesystem::path& modelFolder, std::size_t fallback) {
    std::ifstream in(modelFolder / "tokenizer_config.json");
    if (!in) return fallback;
    try {
        const auto j = nlohmann::json::parse(in);
        const auto it = j.find("model_max_length");
        // transformers writes 1e30 ("no limit") for some tokenizers: not a length.
        if (it != j.end() && it->is_number_unsigned()) {
            const auto v = it->get<std::uint64_t>();
            if (v >= 2 && v <= (1u << 20)) return std::size_t(v);
        }
    } catch (const nlohmann::json::exception&) {
    }
    return fallback;
}

}  // namespace headliner::cli
