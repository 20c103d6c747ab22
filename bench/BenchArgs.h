#pragma once
// The benchmarks' small `--name value` argument reading, and the model shapes they share.
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/model/ModelConfig.h"

namespace headliner::bench {

inline const char* argValue(int argc, char** argv, const char* name) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
    return nullptr;
}
inline int argInt(int argc, char** argv, const char* name, int fallback) {
    const char* v = argValue(argc, argv, name);
    return v ? std::atoi(v) : fallback;
}
inline std::string argString(int argc, char** argv, const char* name, const char* fallback) {
    const char* v = argValue(argc, argv, name);
    return v ? v : fallback;
}

// Whether a flag without a value (--name) is among the arguments.
inline bool hasFlag(int argc, char** argv, const char* name) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return true;
    return false;
}

// DistilBERT shapes from --dim --layers --heads --hidden --vocab (default: distilbert-base),
// AG News's four classes, the given dropout everywhere; validated.
inline model::ModelConfig distilBertShapes(int argc, char** argv, double dropout) {
    model::ModelConfig config;
    config.dim = argInt(argc, argv, "--dim", 768);
    config.nLayers = argInt(argc, argv, "--layers", 6);
    config.nHeads = argInt(argc, argv, "--heads", 12);
    config.hiddenDim = argInt(argc, argv, "--hidden", 3072);
    config.vocabSize = argInt(argc, argv, "--vocab", 30522);
    config.dropout = config.attentionDropout = config.seqClassifDropout = dropout;
    config.labels = {"World", "Sports", "Business", "Sci/Tech"};
    config.validate();
    return config;
}

}  // namespace headliner::bench
