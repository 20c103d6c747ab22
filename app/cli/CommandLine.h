#pragma once
// A small, strict command-line parser for headliner-cli: `--name value`, `--name=value`,
// boolean `--flag`, positionals. Unknown options are errors, never silently ignored.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace headliner::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string name;         // without the leading dashes
    bool takesValue = true;   // false: a flag
    std::string valueName;    // shown in help, e.g. "N"
    std::string help;
};

class CommandLine {
public:
    // Parses args against specs; throws UsageError naming the offending argument.
    CommandLine(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string valueOr(const std::string& name, const std::string& fallback) const;
    int intOr(const std::string& name, int fallback) const;  // throws UsageError if not an integer
    // intOr, and a UsageError naming the option when the value is below minimum.
    int intAtLeast(const std::string& name, int fallback, int minimum) const;
    // The option's value (or fallback) through parse; a std::invalid_argument from parse becomes
    // a UsageError naming the option ("option --device: unknown device ...").
    template <class Parse>
    auto parsed(const std::string& name, const std::string& fallback, Parse parse) const {
        try {
            return parse(valueOr(name, fallback));
        } catch (const std::invalid_argument& e) {
            throw UsageError("option --" + name + ": " + e.what());
        }
    }
    const std::vector<std::string>& positionals() const { return positionals_; }

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positionals_;
};

// Flushes stdout; 0, or 1 after "headliner-cli COMMAND: error: could not write to stdout" on
// stderr (a closed pipe, a full disk). The last line of a command that writes to stdout.
int finishStdout(const std::string& command);

// --precision fp32|bf16|int8|auto, as predict, eval and bench take it (infer::parsePrecision).
OptionSpec precisionOption();

// "  --name VALUE   help" lines for a command's help text.
std::string describeOptions(const std::vector<OptionSpec>& specs);

}  // namespace headliner::cli
