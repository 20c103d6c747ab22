#pragma once
// `headliner-cli bench latency|eval`: how fast a model folder classifies. latency: single texts,
// one at a time (p50/p95/mean milliseconds); eval: a whole data file in batches (rows/s,
// tokens/s). A small table, or with --json one JSON object on stdout.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kBenchSummary;
std::string benchUsage();

// Exit code: 0 measured; 1 a model, data or device problem (message on stderr). Throws
// UsageError for bad arguments.
int runBench(const std::vector<std::string>& args);

}  // namespace headliner::cli
