// headliner-cli: Headliner's command-line front end. Every subcommand is a thin client of
// headliner_core; the GUI uses the same core.

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

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printHelp(std::cerr);
        return 2;
    }
    const std::string first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
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
    std::cerr << "headliner-cli: unknown command '" << first << "' (see headliner-cli --help)\n";
    return 2;
}
