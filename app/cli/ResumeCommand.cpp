#include "app/cli/ResumeCommand.h"

#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/TrainCommand.h"

namespace headliner::cli {

const char* const kResumeSummary = "continue an interrupted train run from its last checkpoint";

std::string resumeUsage() {
    return "Usage: headliner-cli resume --out DIR [options to change]\n\n"
           "Continues the `headliner-cli train` run whose folder is DIR from the last checkpoint in\n"
           "DIR/run/checkpoints/last, with the options saved in DIR/run/run.json; options given now\n"
           "override the saved ones (e.g. --epochs to train longer). The same as\n"
           "`headliner-cli train --resume --out DIR ...`. The model ends up in DIR/final.\n\n"
           "Options (those of train):\n" +
           describeOptions(trainOptions());
}

int runResume(const std::vector<std::string>& args) {
    const CommandLine cl(args, trainOptions());
    if (!cl.positionals().empty()) throw UsageError("resume takes no arguments besides its options");
    const auto out = cl.value("out");
    if (!out || out->empty()) throw UsageError("resume needs --out DIR (the folder given to train --out)");
    const auto runFile = runStateFolder(*out, cl.value("work-dir")) / "run.json";
    // Without run.json there is nothing to continue, unless the options for a new run are given.
    if (!std::filesystem::exists(runFile) && !cl.has("train"))
        throw UsageError("no run to resume: " + runFile.string() +
                         " does not exist (start the run with headliner-cli train)");
    std::vector<std::string> withResume = args;
    if (!cl.has("resume")) withResume.insert(withResume.begin(), "--resume");
    return runTraining(withResume, "resume");
}

}  // namespace headliner::cli
