#include "core/model/ModelFolder.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "core/Error.h"
#include "core/model/NgramBaseline.h"
#include "core/text/NgramTokenizer.h"

#include <nlohmann/json.hpp>

namespace headliner::model {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxRevisionLength = 255;  // one folder name
constexpr std::size_t kMaxListedTensors = 12;    // in a "missing tensors" message

// A revision as a folder name under snapshots/: a commit hash or a branch-like name, never a
// path ("..", "a/b", "/etc" are refused), never hidden.
bool isPlainRevision(const std::string& rev) {
    if (rev.empty() || rev.size() > kMaxRevisionLength) return false;
    const auto isAlnum = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (!isAlnum(rev.front())) return false;
    return std::all_of(rev.begin(), rev.end(),
                       [&](char c) { return isAlnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool isInside(const fs::path& inner, const fs::path& outer) {
    const auto [outerEnd, innerAt] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    (void)innerAt;
    return outerEnd == outer.end();
}

// Strips a trailing separator so that filename() and parent_path() mean what they say.
fs::path withoutTrailingSeparator(const fs::path& path) {
    fs::path p = path.lexically_normal();
    if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
    return p;
}

bool isCacheEntryName(const fs::path& folder) {
    return folder.filename().string().rfind("models--", 0) == 0;
}

// The revision written in refs/main, checked to be a plain folder name.
std::string readRevision(const fs::path& refFile) {
    std::ifstream in(refFile, std::ios::binary);
    if (!in) throw FileError(refFile, 0, "cannot open the reference");
    std::string rev(kMaxRevisionLength + 2, '\0');
    in.read(rev.data(), static_cast<std::streamsize>(rev.size()));
    rev.resize(static_cast<std::size_t>(in.gcount()));
    while (!rev.empty() &&
           (rev.back() == '\n' || rev.back() == '\r' || rev.back() == ' ' || rev.back() == '\t'))
        rev.pop_back();
    if (!isPlainRevision(rev))
        throw FileError(refFile, 0,
                        "expected a revision (a commit hash naming a folder under snapshots/), found \"" +
                            rev.substr(0, 64) + "\"");
    return rev;
}

// The snapshot a cache entry (models--org--name) points at.
fs::path snapshotOfCacheEntry(const fs::path& entry) {
    std::error_code ec;
    const fs::path snapshots = entry / "snapshots";
    const fs::path ref = entry / "refs" / "main";
    if (fs::exists(ref, ec)) {
        const std::string rev = readRevision(ref);
        const fs::path snapshot = snapshots / rev;
        if (!fs::is_directory(snapshot, ec))
            throw FileError(ref, 0, "names revision " + rev + ", but " + snapshot.string() + " is not there");
        // snapshots/<rev> itself must not lead out of snapshots/.
        const fs::path real = fs::canonical(snapshot, ec);
        if (ec || real.parent_path() != fs::canonical(snapshots, ec))
            throw FileError(snapshot, 0, "is not a folder inside " + snapshots.string());
        return snapshot;
    }
    std::vector<fs::path> found;
    for (const auto& item : fs::directory_iterator(snapshots, ec)) {
        const std::string name = item.path().filename().string();
        if (isPlainRevision(name) && item.is_directory(ec) && !item.is_symlink(ec))
            found.push_back(item.path());
    }
    std::sort(found.begin(), found.end());
    if (found.size() == 1) return found.front();
    if (found.empty()) throw FileError(snapshots, 0, "holds no snapshot (was the download finished?)");
    std::string names;
    for (const auto& f : found) names += (names.empty() ? "" : ", ") + f.filename().string();
    throw FileError(ref, 0,
                    "not found, and there are several snapshots (" + names + "): give one snapshot folder");
}

// huggingface_hub makes a snapshot's files symbolic links into ../../blobs. A link that leads
// anywhere else (or nowhere) is refused before anything reads it.
void checkSnapshotLinks(const fs::path& snapshot) {
    const fs::path entry = snapshot.parent_path().parent_path();
    std::error_code ec;
    const fs::path realEntry = fs::canonical(entry, ec);
    if (ec) throw FileError(entry, 0, "cannot resolve the cache entry: " + ec.message());
    const fs::path realBlobs = fs::canonical(entry / "blobs", ec);  // may live on another disk
    const bool haveBlobs = !ec;
    for (const auto& item : fs::directory_iterator(snapshot, ec)) {
        std::error_code linkError;
        if (!item.is_symlink(linkError)) continue;
        const fs::path target = fs::canonical(item.path(), linkError);
        if (linkError)
            throw FileError(item.path(), 0, "is a link to a missing file (an unfinished download?)");
        if (!isInside(target, realEntry) && !(haveBlobs && isInside(target, realBlobs)))
            throw FileError(item.path(), 0,
                            "links to " + target.string() + ", outside its cache entry " +
                                realEntry.string() + ": refusing to read it");
    }
    if (ec) throw FileError(snapshot, 0, "cannot list the folder: " + ec.message());
}

bool isCacheSnapshot(const fs::path& absoluteFolder) {
    const fs::path parent = absoluteFolder.parent_path();
    return parent.filename() == "snapshots" && isCacheEntryName(parent.parent_path());
}

std::string listNames(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kMaxListedTensors; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > kMaxListedTensors)
        out += ", and " + std::to_string(names.size() - kMaxListedTensors) + " more";
    return out;
}

// model.safetensors first (what save_pretrained writes today), then the older pytorch_model.bin.
fs::path findWeights(const fs::path& folder) {
    std::error_code ec;
    for (const char* name : {"model.safetensors", "pytorch_model.bin"})
        if (fs::is_regular_file(folder / name, ec)) return folder / name;
    for (const char* index : {"model.safetensors.index.json", "pytorch_model.bin.index.json"})
        if (fs::exists(folder / index, ec))
            throw FileError(
                folder / index, 0,
                "weights split into shards are not supported: save them as one model.safetensors");
    throw FileError(folder / "model.safetensors", 0,
                    "not found, nor pytorch_model.bin: the folder has no weights");
}

}  // namespace

fs::path resolveModelFolder(const fs::path& given) {
    const fs::path path = withoutTrailingSeparator(given);
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) throw FileError(path, 0, "no such model folder");
    if (!fs::is_directory(status))
        throw FileError(path, 0,
                        "not a folder: expected a model folder with config.json, or a hub cache entry");

    fs::path folder = path;
    if (!fs::exists(path / "config.json", ec) && fs::is_regular_file(path / "headliner_config.json", ec))
        return path;
    if (!fs::exists(path / "config.json", ec) && fs::is_directory(path / "snapshots", ec))
        folder = snapshotOfCacheEntry(path);

    const fs::path absolute = withoutTrailingSeparator(fs::absolute(folder, ec));
    if (isCacheSnapshot(absolute)) checkSnapshotLinks(absolute);
    if (!fs::is_regular_file(folder / "config.json", ec))
        throw FileError(folder / "config.json", 0, "not found: a model folder needs its config.json");
    return folder;
}

namespace {

// exportNgramFolder's layout: the shapes in headliner_config.json build the module, then the
// weights must fill every parameter.
LoadedClassifier loadNgramFolder(const fs::path& folder) {
    LoadedClassifier out;
    out.folder = folder;
    const fs::path configFile = folder / "headliner_config.json";
    NgramConfig config;
    try {
        std::ifstream in(configFile);
        const auto j = nlohmann::json::parse(in);
        if (j.at("architecture").get<std::string>() != "ngram")
            throw FileError(
                configFile, 0,
                "architecture '" + j.at("architecture").get<std::string>() + "' is not one Headliner knows");
        config.labels = j.at("labels").get<std::vector<std::string>>();
        const auto shape = j.at("shapes").at("embedding.weight").get<std::vector<std::int64_t>>();
        if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1 || shape[1] > 4096)
            throw FileError(configFile, 0, "embedding.weight has an impossible shape");
        config.numEmbeddings = shape[0];
        config.dim = shape[1];
    } catch (const nlohmann::json::exception& e) {
        throw FileError(configFile, 0, std::string("not an n-gram model description: ") + e.what());
    }
    if (config.labels.empty()) throw FileError(configFile, 0, "names no labels");
    out.tokenizer = text::NgramTokenizer::fromFile(folder / "ngram_vocab.json");
    if (out.tokenizer->vocabSize() > std::size_t(config.numEmbeddings))
        throw FileError(folder / "ngram_vocab.json", 0, "has more ids than the model's embedding rows");
    out.weightsFile = folder / "model.safetensors";
    NgramBaseline model(config);
    out.weights = loadStateDict(*model, readSafetensors(out.weightsFile), out.weightsFile);
    if (!out.weights.missing.empty())
        throw FileError(out.weightsFile, 0,
                        "lacks tensors the model needs: " + listNames(out.weights.missing));
    model->eval();
    out.classifier = model.ptr();
    out.config.modelType = "ngram";
    out.config.labels = config.labels;
    out.config.vocabSize = config.numEmbeddings;
    out.config.maxPositionEmbeddings = 1 << 16;  // no positions: any length
    out.config.padTokenId = 0;
    return out;
}

}  // namespace

LoadedClassifier loadClassifier(const fs::path& path) {
    LoadedClassifier out;
    out.folder = resolveModelFolder(path);
    std::error_code ec;
    if (!fs::exists(out.folder / "config.json", ec) && fs::exists(out.folder / "headliner_config.json", ec))
        return loadNgramFolder(out.folder);
    const fs::path configFile = out.folder / "config.json";
    out.config = readModelConfig(configFile);
    out.weightsFile = findWeights(out.folder);
    out.tokenizer = text::loadTokenizer(out.folder);

    // Every id the tokenizer can produce must index the embedding table.
    if (out.tokenizer->vocabSize() > static_cast<std::size_t>(out.config.vocabSize)) {
        const auto files = out.tokenizer->files();
        throw FileError(files.empty() ? out.folder : files.front(), 0,
                        "has " + std::to_string(out.tokenizer->vocabSize()) + " tokens, but " +
                            configFile.string() + " gives the model a vocab_size of " +
                            std::to_string(out.config.vocabSize));
    }

    const StateDict weights = out.weightsFile.extension() == ".safetensors" ? readSafetensors(out.weightsFile)
                                                                            : readWeights(out.weightsFile);
    out.model = DistilBertForSequenceClassification(out.config);
    try {
        out.weights = loadStateDict(*out.model, weights, out.weightsFile);
    } catch (const FileError& e) {
        throw FileError(e.file(), e.line(),
                        e.problem() + " (the model was built from " + configFile.string() +
                            "; it does not match these weights)");
    }
    if (!out.weights.missing.empty())
        throw FileError(out.weightsFile, 0,
                        "lacks " + std::to_string(out.weights.missing.size()) +
                            " tensors the classifier needs: " + listNames(out.weights.missing) +
                            " (a base model without a trained classification head cannot predict)");
    out.model->eval();
    out.classifier = out.model.ptr();
    return out;
}

}  // namespace headliner::model
