// WordPiece speed on the 7,600 AG News test texts (title + " " + description), max_length 512:
// tokens per second on one thread and on every hardware thread (contiguous chunks), best of
// several repeats. "tokens" are word pieces, [CLS] / [SEP] not counted.
//
//   bench_wordpiece [shared-dir] [repeats]     (shared-dir: $HEADLINER_SHARED_DIR or ../shared)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/Error.h"
#include "core/text/WordPieceTokenizer.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxLength = 512;

std::string readCommand(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    if (pclose(pipe) != 0) out.clear();
    return out;
}

// The AG News CSV as published: every field quoted, "" inside a field is a quote. Just enough
// CSV for this benchmark; the product reads datasets with core/data.
std::vector<std::vector<std::string>> parseCsv(const std::string& csv) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < csv.size(); ++i) {
        const char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

// Encodes texts[begin, end) and returns the number of word pieces.
std::size_t encodeRange(const headliner::text::Tokenizer& tokenizer, const std::vector<std::string>& texts,
                        std::size_t begin, std::size_t end) {
    std::size_t pieces = 0;
    for (std::size_t i = begin; i < end; ++i) pieces += tokenizer.encode(texts[i], kMaxLength).size() - 2;
    return pieces;
}

double threadCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

struct Timing {
    double wallSeconds = 1e30;  // best run
    double cpuSeconds = 0;      // CPU time of the threads in that run: on a busy machine the
                                // threads may share cores, and tokens per CPU second still holds
};

// Best wall time over `repeats` runs of all texts split over `threads` threads.
Timing bestTiming(const headliner::text::Tokenizer& tokenizer, const std::vector<std::string>& texts,
                  unsigned threads, int repeats, std::size_t expectedPieces) {
    Timing best;
    for (int r = 0; r < repeats; ++r) {
        std::vector<std::size_t> pieces(threads, 0);
        std::vector<double> cpu(threads, 0);
        const auto start = Clock::now();
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            const std::size_t begin = texts.size() * t / threads, end = texts.size() * (t + 1) / threads;
            workers.emplace_back([&, t, begin, end] {
                const double cpuStart = threadCpuSeconds();
                pieces[t] = encodeRange(tokenizer, texts, begin, end);
                cpu[t] = threadCpuSeconds() - cpuStart;
            });
        }
        for (auto& worker : workers) worker.join();
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::size_t total = 0;
        for (const std::size_t p : pieces) total += p;
        if (total != expectedPieces) {
            std::fprintf(stderr, "piece count changed between runs: %zu vs %zu\n", total, expectedPieces);
            std::exit(1);
        }
        if (seconds < best.wallSeconds) {
            best.wallSeconds = seconds;
            best.cpuSeconds = 0;
            for (const double c : cpu) best.cpuSeconds += c;
        }
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const char* env = std::getenv("HEADLINER_SHARED_DIR");
    const fs::path shared = argc > 1         ? fs::path(argv[1])
                            : env != nullptr ? fs::path(env)
                                             : fs::path("../shared");
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    const fs::path csvPath = shared / "data/ag_news/test.csv.xz";
    const fs::path vocabPath = shared / "data/vocab/bert-base-uncased-vocab.txt";
    if (!fs::exists(csvPath) || !fs::exists(vocabPath)) {
        std::fprintf(stderr, "usage: bench_wordpiece [shared-dir] [repeats]\n%s or %s not found\n",
                     csvPath.string().c_str(), vocabPath.string().c_str());
        return 2;
    }

    const std::string csv = readCommand("xz -dc '" + csvPath.string() + "'");
    std::vector<std::string> texts;
    std::size_t bytes = 0;
    for (const auto& row : parseCsv(csv)) {
        if (row.size() != 3) continue;
        texts.push_back(row[1] + " " + row[2]);
        bytes += texts.back().size();
    }
    if (texts.size() != 7600) {
        std::fprintf(stderr, "%s: expected 7600 rows of 3 fields, got %zu\n", csvPath.string().c_str(),
                     texts.size());
        return 1;
    }

    std::unique_ptr<headliner::text::WordPieceTokenizer> tokenizer;
    try {
        tokenizer = headliner::text::WordPieceTokenizer::fromVocabFile(vocabPath);
    } catch (const headliner::FileError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }

    const std::size_t pieces = encodeRange(*tokenizer, texts, 0, texts.size());  // also warms the caches
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    std::printf("AG News test: %zu texts, %.2f MB, %zu word pieces (+%zu [CLS]/[SEP]), max_length %zu\n",
                texts.size(), static_cast<double>(bytes) / 1e6, pieces, 2 * texts.size(), kMaxLength);
    for (const unsigned threads : {1u, hardware}) {
        const Timing timing = bestTiming(*tokenizer, texts, threads, repeats, pieces);
        const double seconds = timing.wallSeconds;
        std::printf(
            "%2u thread%s: best of %d %8.2f ms  %10.0f tokens/s  %7.1f MB/s  %8.0f texts/s  "
            "(%.0f tokens per CPU second)\n",
            threads, threads == 1 ? " " : "s", repeats, seconds * 1e3, static_cast<double>(pieces) / seconds,
            static_cast<double>(bytes) / seconds / 1e6, static_cast<double>(texts.size()) / seconds,
            static_cast<double>(pieces) / timing.cpuSeconds);
        if (hardware == 1) break;
    }
    return 0;
}
