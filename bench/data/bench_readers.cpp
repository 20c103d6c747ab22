// Time to read the AG News files into a Dataset (xz decoding, CSV parsing, label mapping):
// best of 5 per file, in rows/s and MB/s of decompressed text.
//   bench_readers [folder with test.csv.xz and train.csv.xz]
// The folder defaults to $HEADLINER_SHARED_DIR/data/ag_news, else ../shared/data/ag_news.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "core/Error.h"
#include "core/data/DatasetReader.h"
#include "core/io/LineReader.h"

namespace {

constexpr int kRepeats = 5;

double seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

// Decompressed bytes, measured by reading the file once (the benchmark reports text MB/s).
std::uint64_t textBytes(const std::filesystem::path& path) {
    headliner::io::LineReader lines(path);
    while (lines.next()) {
    }
    return lines.bytesRead();
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path folder;
    if (argc > 1)
        folder = argv[1];
    else if (const char* shared = std::getenv("HEADLINER_SHARED_DIR"))
        folder = std::filesystem::path(shared) / "data/ag_news";
    else
        folder = "../shared/data/ag_news";

    double totalBest = 0.0;
    try {
        for (const char* name : {"test.csv.xz", "train.csv.xz"}) {
            const auto path = folder / name;
            const std::uint64_t bytes = textBytes(path);
            double best = std::numeric_limits<double>::max();
            std::size_t rows = 0;
            for (int i = 0; i < kRepeats; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                const auto dataset = headliner::data::readDataset(path);
                best = std::min(best, seconds(std::chrono::steady_clock::now() - t0));
                rows = dataset.size();
            }
            totalBest += best;
            std::printf(
                "%-14s %6zu rows  %6.2f MB text (%5.2f MB xz)  best of %d: %7.1f ms  %9.0f rows/s  %6.1f "
                "MB/s\n",
                name, rows, double(bytes) / 1e6, double(std::filesystem::file_size(path)) / 1e6, kRepeats,
                best * 1e3, double(rows) / best, double(bytes) / 1e6 / best);
        }
    } catch (const headliner::FileError& e) {
        std::fprintf(stderr, "bench_readers: %s\n", e.what());
        return 1;
    }
    std::printf("both files: %.1f ms\n", totalBest * 1e3);
    return 0;
}
