// headliner-cli: Headliner's command-line front end. Every subcommand is a thin client of
// headliner_core; the GUI uses the same core.

#include <algorithm>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/BenchCommand.h"
#include "app/cli/CommandLine.h"
#include "app/cli/DemoCommand.h"
#include "app/cli/DownloadCommand.h"
#include "app/cli/EvalCommand.h"
#include "app/cli/ExportCommand.h"
#include "app/cli/LogitsCommand.h"
#include "app/cli/PredictCommand.h"
#include "app/cli/ResumeCommand.h"
#include "app/cli/TokenizeCommand.h"
#include "app/cli/TrainCommand.h"
#include "core/BuildInfo.h"
#include "core/Runtime.h"

namespace {

using headliner::cli::CommandLine;
using headliner::cli::OptionSpec;
using headliner::cli::UsageError;

struct Command {
    std::string name;
    std::string summary;
    std::function<int(const std::vector<std::string>&)> run;
    std::function<std::string()> usage;  // `headliner-cli NAME --help`
};

int runInfo(const std::vector<std::string>& args) {
    CommandLine cl(args, {});
    if (!cl.positionals().empty()) throw UsageError("info takes no arguments");
    headliner::initRuntime();
    const auto info = headliner::buildInfo();
    std::cout << "headliner      " << info.headliner << "\n"
              << "libtorch       " << info.libtorch << "\n"
              << "sentencepiece  " << info.sentencepiece << "\n"
              << "utf8proc       " << info.utf8proc << "\n"
              << "cpu threads    " << info.cpuThreads << "\n"
              << "blas           " << info.blas << "\n"
              << "blas kernels   " << info.blasKernels << "\n"
              << "cuda           " << (info.cudaAvailable ? "available" : "not available") << "\n";
    for (const auto& d : info.cudaDevices) std::cout << "  " << d << "\n";
    std::cout << "cuda graphs    " << (info.cudaGraphs ? "built in" : "not built in") << "\n";
    return 0;
}

std::string infoUsage() {
    return "Usage: headliner-cli info\n\n"
           "Shows the versions of Headliner and its libraries, the CPU threads in use, the BLAS\n"
           "library and the CUDA devices.\n";
}

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"info", "show versions, threads, BLAS and CUDA devices", runInfo, infoUsage},
        {"tokenize", headliner::cli::kTokenizeSummary, headliner::cli::runTokenize,
         headliner::cli::tokenizeUsage},
        {"logits", headliner::cli::kLogitsSummary, headliner::cli::runLogits, headliner::cli::logitsUsage},
        {"train", headliner::cli::kTrainSummary, headliner::cli::runTrain, headliner::cli::trainUsage},
        {"resume", headliner::cli::kResumeSummary, headliner::cli::runResume, headliner::cli::resumeUsage},
        {"eval", headliner::cli::kEvalSummary, headliner::cli::runEval, headliner::cli::evalUsage},
        {"predict", headliner::cli::kPredictSummary, headliner::cli::runPredict, headliner::cli::predictUsage},
        {"export", headliner::cli::kExportSummary, headliner::cli::runExport, headliner::cli::exportUsage},
        {"bench", headliner::cli::kBenchSummary, headliner::cli::runBench, headliner::cli::benchUsage},
        {"download", headliner::cli::kDownloadSummary, headliner::cli::runDownload,
         headliner::cli::downloadUsage},
        {"demo", headliner::cli::kDemoSummary, headliner::cli::runDemo, headliner::cli::demoUsage},
    };
    return table;
}

void printHelp(std::ostream& out) {
    out << "Usage: headliner-cli [--help] [--version] COMMAND [OPTIONS]\n\n"
           "Fine-tune and run transformer text classifiers (Headliner's command-line tool).\n\n"
           "Commands:\n";
    for (const auto& c : commands()) {
        std::string name = "  " + c.name;
        name.resize(16, ' ');
        out << name << c.summary << "\n";
    }
    out << "\nOptions:\n"
           "  --help          show this help (or `headliner-cli COMMAND --help`)\n"
           "  --version       show the version of Headliner and of its libraries\n";
}

// Levenshtein distance, for "did you mean" on a mistyped command.
std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printHelp(std::cerr);
        return 2;
    }
    const std::string first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        // `help COMMAND`: that command's help.
        if (args.size() > 1)
            for (const auto& c : commands())
                if (c.name == args[1]) {
                    std::cout << c.usage();
                    return 0;
                }
        printHelp(std::cout);
        return 0;
    }
    if (first == "--version" || first == "-V") {
        std::cout << headliner::versionLine() << "\n";
        return 0;
    }
    for (const auto& c : commands()) {
        if (c.name != first) continue;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const auto& a : rest) {
            if (a == "--") break;
            if (a == "--help" || a == "-h") {
                std::cout << c.usage();
                return 0;
            }
        }
        try {
            return c.run(rest);
        } catch (const UsageError& e) {
            std::cerr << "headliner-cli " << c.name << ": " << e.what() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "headliner-cli " << c.name << ": error: " << e.what() << "\n";
            return 1;
        }
    }
    std::string closest;
    std::size_t best = 3;  // at most two edits away
    for (const auto& c : commands())
        if (const auto d = editDistance(first, c.name); d < best) best = d, closest = c.name;
    std::cerr << "headliner-cli: unknown command '" << first << "'"
              << (closest.empty() ? std::string() : "; did you mean '" + closest + "'?")
              << " (see headliner-cli --help)\n";
    return 2;
}
