#include "app/cli/CommandLine.h"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <sstream>

namespace headliner::cli {

CommandLine::CommandLine(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
    auto find = [&](const std::string& name) -> const OptionSpec* {
        auto it =
            std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
        return it == specs.end() ? nullptr : &*it;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positionals_.insert(positionals_.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            positionals_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec* spec = find(name);
        if (!spec) throw UsageError("unknown option --" + name);
        if (!spec->takesValue) {
            if (inlineValue) throw UsageError("option --" + name + " takes no value");
            values_[name] = "1";
            continue;
        }
        if (inlineValue) {
            values_[name] = *inlineValue;
        } else if (i + 1 < args.size()) {
            values_[name] = args[++i];
        } else {
            throw UsageError("option --" + name + " needs a value (" + spec->valueName + ")");
        }
    }
}

std::optional<std::string> CommandLine::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string CommandLine::valueOr(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

int CommandLine::intOr(const std::string& name, int fallback) const {
    const auto v = value(name);
    if (!v) return fallback;
    int out = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || end != v->data() + v->size())
        throw UsageError("option --" + name + " expects an integer, got '" + *v + "'");
    return out;
}

int CommandLine::intAtLeast(const std::string& name, int fallback, int minimum) const {
    const int v = intOr(name, fallback);
    if (v < minimum) throw UsageError("option --" + name + " must be at least " + std::to_string(minimum));
    return v;
}

int finishStdout(const std::string& command) {
    std::cout.flush();
    if (std::cout) return 0;
    std::cerr << "headliner-cli " << command << ": error: could not write to stdout\n";
    return 1;
}

OptionSpec precisionOption() {
    return {"precision", true, "fp32|bf16|int8|auto",
            "number format while predicting (default: the numbers training reports, fp32 on the CPU and "
            "bf16 mixed precision on a GPU): bf16 weights (on a GPU: autocast over the float32 weights), "
            "int8 linear layers (DistilBERT on the CPU), or auto as the Predict page: int8 where the CPU "
            "has AVX512-VNNI, else bf16 where it computes bf16 natively, else fp32"};
}

std::string describeOptions(const std::vector<OptionSpec>& specs) {
    std::ostringstream out;
    for (const auto& s : specs) {
        std::string left = "  --" + s.name + (s.takesValue ? " " + s.valueName : "");
        if (left.size() < 28)
            left.resize(28, ' ');
        else
            left += "  ";
        out << left << s.help << "\n";
    }
    return out.str();
}

}  // namespace headliner::cli
