#include "app/cli/DownloadCommand.h"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/cli/CommandLine.h"
#include "core/hub/HubClient.h"

namespace headliner::cli {

namespace {

constexpr int kExitStopped = 130;  // as a shell reports Ctrl-C

const std::vector<OptionSpec>& downloadOptions() {
    static const std::vector<OptionSpec> specs = {
        {"dataset", false, "", "REPO is a dataset (e.g. sh0416/ag_news), not a model"},
        {"revision", true, "R", "branch, tag or commit hash (default main)"},
        {"include", true, "GLOB", "only the files matching GLOB (fnmatch: '*' crosses '/'); repeatable"},
        {"cache-dir", true, "DIR",
         "the hub cache to use (default: HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub)"},
    };
    return specs;
}

std::atomic<bool> gCancel{false};
extern "C" void onDownloadInterrupt(int) {
    gCancel = true;
}

std::string humanBytes(double bytes) {
    std::ostringstream o;
    o << std::fixed;
    if (bytes < 1e3)
        o << std::setprecision(0) << bytes << " B";
    else if (bytes < 1e6)
        o << std::setprecision(1) << bytes / 1e3 << " kB";
    else if (bytes < 1e9)
        o << std::setprecision(1) << bytes / 1e6 << " MB";
    else
        o << std::setprecision(2) << bytes / 1e9 << " GB";
    return o.str();
}

std::string clock(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    std::ostringstream o;
    if (s >= 3600)
        o << s / 3600 << ":" << std::setw(2) << std::setfill('0') << (s / 60) % 60;
    else
        o << s / 60;
    o << ":" << std::setw(2) << std::setfill('0') << s % 60;
    return o.str();
}

// Progress on stderr: a one-line bar redrawn in place on a terminal, one line per finished
// file otherwise.
class ProgressPrinter {
public:
    explicit ProgressPrinter(bool tty) : tty_(tty) {}

    void update(const hub::DownloadProgress& p) {
        const std::string prefix =
            p.fileCount > 1 ? "[" + std::to_string(p.fileIndex + 1) + "/" + std::to_string(p.fileCount) + "] "
                            : "";
        if (!tty_) {
            if (p.done) std::cerr << prefix << p.file << "  " << humanBytes(double(p.bytes)) << "\n";
            return;
        }
        std::ostringstream line;
        line << "\r" << prefix << p.file << "  ";
        if (p.total > 0) {
            constexpr int kWidth = 24;
            const double done = std::min(1.0, double(p.bytes) / double(p.total));
            const int filled = int(done * kWidth);
            std::string bar(std::size_t(filled), '=');
            if (filled < kWidth) bar += '>', bar.resize(kWidth, ' ');
            line << "[" << bar << "] " << std::setw(3) << int(done * 100) << "%  "
                 << humanBytes(double(p.bytes)) << " / " << humanBytes(double(p.total));
        } else {
            line << humanBytes(double(p.bytes));
        }
        if (!p.done && p.bytesPerSecond > 0) {
            line << "  " << humanBytes(p.bytesPerSecond) << "/s";
            if (p.etaSeconds >= 0) line << "  ETA " << clock(p.etaSeconds);
        }
        std::string text = line.str();
        // Pad over the previous, longer line.
        if (text.size() < lastWidth_) text += std::string(lastWidth_ - text.size(), ' ');
        lastWidth_ = line.str().size();
        std::cerr << text << (p.done ? "\n" : "") << std::flush;
        shown_ = !p.done;
        if (p.done) lastWidth_ = 0;
    }

    void message(const std::string& text) {
        endLine();
        std::cerr << text << "\n";
    }

    void endLine() {
        if (shown_) std::cerr << "\n";
        shown_ = false;
        lastWidth_ = 0;
    }

private:
    bool tty_;
    bool shown_ = false;
    std::size_t lastWidth_ = 0;
};

}  // namespace

const char* const kDownloadSummary = "download a model or dataset from the Hugging Face hub into its cache";

std::string downloadUsage() {
    return "Usage: headliner-cli download REPO [--dataset] [--revision R] [--include GLOB]... [--cache-dir "
           "DIR]\n\n"
           "Downloads a model (e.g. distilbert-base-uncased, org/name) or, with --dataset, a dataset\n"
           "(e.g. sh0416/ag_news) from the Hugging Face hub into the cache huggingface_hub uses, so\n"
           "either tool reuses the other's files. Interrupted downloads resume. The last line of\n"
           "stdout is the local snapshot folder; progress goes to stderr.\n\n"
           "Options:\n" +
           describeOptions(downloadOptions()) +
           "\nEnvironment: HF_ENDPOINT (default https://huggingface.co), HF_HOME, HF_HUB_CACHE, HF_TOKEN\n"
           "(or the token file of `huggingface-cli login`) for gated and private repos, HF_HUB_OFFLINE=1\n"
           "to use the cache only.\n\n"
           "Example:\n"
           "  headliner-cli download distilbert-base-uncased --include '*.json' --include '*.txt' \\\n"
           "      --include '*.safetensors'\n"
           "  headliner-cli download sh0416/ag_news --dataset --include '*.jsonl'\n";
}

int runDownload(const std::vector<std::string>& args) {
    // --include may repeat; CommandLine keeps one value per option, so collect them here.
    std::vector<std::string> include, rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            rest.insert(rest.end(), args.begin() + static_cast<long>(i), args.end());
            break;
        }
        if (a == "--include") {
            if (i + 1 >= args.size()) throw UsageError("option --include needs a value (GLOB)");
            include.push_back(args[++i]);
        } else if (a.rfind("--include=", 0) == 0) {
            include.push_back(a.substr(10));
        } else {
            rest.push_back(a);
        }
    }
    const CommandLine cl(rest, downloadOptions());
    if (cl.positionals().size() != 1)
        throw UsageError(cl.positionals().empty()
                             ? "give the repository to download (e.g. distilbert-base-uncased)"
                             : "give one repository only");
    const std::string repo = cl.positionals().front();
    for (const auto& g : include)
        if (g.empty()) throw UsageError("--include needs a non-empty GLOB");

    hub::HubSettings settings = hub::HubSettings::fromEnvironment();
    if (const auto dir = cl.value("cache-dir")) settings.cacheDir = *dir;

    ProgressPrinter printer(::isatty(2) == 1);
    hub::DownloadOptions options;
    options.type = cl.has("dataset") ? hub::RepoType::Dataset : hub::RepoType::Model;
    options.revision = cl.valueOr("revision", "main");
    options.include = include;
    options.progress = [&](const hub::DownloadProgress& p) { printer.update(p); };
    options.notice = [&](const std::string& text) { printer.message(text); };
    options.cancel = &gCancel;

    gCancel = false;
    auto previous = std::signal(SIGINT, onDownloadInterrupt);
    std::filesystem::path snapshot;
    try {
        snapshot = hub::downloadSnapshot(repo, options, settings);
    } catch (const hub::HubError& e) {
        std::signal(SIGINT, previous);
        printer.endLine();
        if (e.kind() == hub::HubError::Kind::Cancelled) {
            std::cerr << "headliner-cli download: stopped (" << e.what() << ")\n";
            return kExitStopped;
        }
        throw;
    } catch (...) {
        std::signal(SIGINT, previous);
        printer.endLine();
        throw;
    }
    std::signal(SIGINT, previous);
    printer.endLine();
    std::cout << snapshot.string() << "\n" << std::flush;
    return 0;
}

}  // namespace headliner::cli
