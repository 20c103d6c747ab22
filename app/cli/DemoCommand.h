#pragma once
// `headliner-cli demo`: the app's demo loop without a display. Writes the built-in demo dataset
// (core/data/DemoDataset.h), trains the n-gram baseline (seconds) and a small transformer from
// scratch (scratch-d128 with a sentencepiece tokenizer trained on the demo, about a minute on two
// CPU cores) through the shared TrainingJob pipeline, evaluates each on the demo's test file and
// classifies four example headlines with the exported model folder (core/infer/Predictor.h).
//
// Output on stdout, one model at a time, lines that scripts and tests can read:
//   demo folder: DIR
//   data: DIR/data/train.csv, DIR/data/test.csv (2 CPU threads)
//   [ngram] test accuracy 0.9275, macro-F1 0.9278 (400 rows), 4.7 s (315 steps)
//   [ngram] model folder: DIR/ngram
//   [ngram] predict "Late penalty gives United a 2-1 win in the cup final" -> Sports (p=0.995, expected Sports)
// (the metrics of the best evaluation, whose weights were exported), then a summary table. A
// progress line goes to stderr when stderr is a terminal. Ctrl-C stops the run between steps.

#include <string>
#include <vector>

namespace headliner::cli {

extern const char* const kDemoSummary;
std::string demoUsage();

// Exit code: 0 every model trained and exported; 1 failed (message on stderr); 130 stopped by
// Ctrl-C. Throws UsageError for bad arguments (an unknown model name among them).
int runDemo(const std::vector<std::string>& args);

}  // namespace headliner::cli
