// Model folders as Hugging Face writes them: a plain save_pretrained folder, a hub cache entry
// (models--org--name with blobs, refs and snapshots of symbolic links), and every broken folder
// a user may hand us, each refused with an error naming the file. The golden tiny model is
// copied into temporary folders and broken there.
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/Safetensors.h"
#include "core/model/ModelFolder.h"
#include "support/SharedData.h"

using headliner::FileError;
using namespace headliner::model;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRevision = "0123456789abcdef0123456789abcdef01234567";
const char* const kGoldenFiles[] = {"config.json", "model.safetensors", "tokenizer.json",
                                    "tokenizer_config.json"};

fs::path golden() {
    return headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert")).toStdString();
}

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// A writable copy of the golden folder (the shared one is read-only).
fs::path copyGolden(const QTemporaryDir& dir, const char* name = "model") {
    const fs::path to = fs::path(dir.path().toStdString()) / name;
    fs::create_directories(to);
    for (const char* f : kGoldenFiles) writeFile(to / f, readFile(golden() / f));
    return to;
}

void editConfig(const fs::path& folder, const std::function<void(nlohmann::json&)>& edit) {
    auto config = nlohmann::json::parse(readFile(folder / "config.json"));
    edit(config);
    writeFile(folder / "config.json", config.dump(2));
}

// Rewrites model.safetensors with `edit` applied to its tensors (name -> (shape, F32 values)).
struct RawTensor {
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};
void editWeights(const fs::path& folder, const std::function<void(std::map<std::string, RawTensor>&)>& edit) {
    const auto file = headliner::io::SafetensorsFile::open(folder / "model.safetensors");
    std::map<std::string, RawTensor> tensors;
    for (const auto& t : file.tensors()) {
        QVERIFY(t.dtype == headliner::io::DType::F32);
        const auto bytes = file.data(t);
        RawTensor raw{t.shape, std::vector<float>(bytes.size() / sizeof(float))};
        std::memcpy(raw.values.data(), bytes.data(), bytes.size());
        tensors.emplace(t.name, std::move(raw));
    }
    edit(tensors);
    std::vector<headliner::io::TensorToWrite> out;
    for (const auto& [name, t] : tensors)
        out.push_back(
            {name,
             headliner::io::DType::F32,
             t.shape,
             {reinterpret_cast<const std::byte*>(t.values.data()), t.values.size() * sizeof(float)}});
    headliner::io::writeSafetensors(folder / "model.safetensors", out, {{"format", "pt"}});
}

// The FileError `load` throws; fails the test when there is none.
template <typename F>
FileError errorOf(F load) {
    try {
        load();
    } catch (const FileError& e) {
        return e;
    }
    return FileError("", 0, "no error was thrown");
}

// A hub cache entry as huggingface_hub lays it out: blobs named by hash, refs/main holding the
// revision, snapshots/<rev>/<file> relative links to ../../blobs/<hash>.
fs::path makeCacheEntry(const fs::path& cacheRoot, const std::string& revision, bool writeRef = true) {
    const fs::path entry = cacheRoot / "models--org--tiny-distilbert";
    const fs::path snapshot = entry / "snapshots" / revision;
    fs::create_directories(snapshot);
    int n = 0;
    for (const char* f : kGoldenFiles) {
        const std::string blob = "blob" + std::to_string(n++) + "0000000000000000000000000000000000000000";
        writeFile(entry / "blobs" / blob, readFile(golden() / f));
        fs::create_symlink(fs::path("..") / ".." / "blobs" / blob, snapshot / f);
    }
    if (writeRef) writeFile(entry / "refs" / "main", revision);
    return entry;
}

}  // namespace

class TestModelFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void goldenFolderLoads() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QCOMPARE(resolveModelFolder(golden()), golden());
        QCOMPARE(resolveModelFolder(golden() / ""), golden());  // a trailing slash is fine
        const auto c = loadClassifier(golden());
        QCOMPARE(c.folder, golden());
        QCOMPARE(c.weightsFile, golden() / "model.safetensors");
        QCOMPARE(c.config.labels, (std::vector<std::string>{"World", "Sports", "Business", "Sci/Tech"}));
        QVERIFY(c.weights.missing.empty());
        QVERIFY(c.weights.unexpected.empty());
        QCOMPARE(c.weights.loaded.size(), c.model->parameters().size());
        QVERIFY(!c.model->is_training());
        QCOMPARE(c.tokenizer->kind(), std::string("wordpiece"));
        QCOMPARE(c.tokenizer->specialTokens().cls, 101);
        for (const auto& p : c.model->parameters()) QVERIFY(p.device().is_cpu());
    }

    // With both files, model.safetensors wins (the .bin here is not even a checkpoint); with
    // only pytorch_model.bin, that one is read.
    void safetensorsPreferredOverBin() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert-bin/pytorch_model.bin");
        QTemporaryDir dir;
        const auto folder = copyGolden(dir);
        writeFile(folder / "pytorch_model.bin", "not a checkpoint");
        QCOMPARE(loadClassifier(folder).weightsFile, folder / "model.safetensors");

        fs::remove(folder / "model.safetensors");
        writeFile(folder / "pytorch_model.bin",
                  readFile(headliner::test::sharedPath(
                               QStringLiteral("golden/tiny-distilbert-bin/pytorch_model.bin"))
                               .toStdString()));
        const auto fromBin = loadClassifier(folder);
        QCOMPARE(fromBin.weightsFile, folder / "pytorch_model.bin");
        const auto fromSafetensors = loadClassifier(golden());
        const auto a = fromBin.model->named_parameters(), b = fromSafetensors.model->named_parameters();
        for (const auto& p : a) QVERIFY2(torch::equal(p.value(), b[p.key()]), p.key().c_str());
    }

    void hubCacheEntryResolvesAndLoads() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto entry = makeCacheEntry(root / "hub", kRevision);
        writeFile(entry / "refs" / "main", std::string(kRevision) + "\n");  // as some tools write it
        // An older snapshot beside it: refs/main decides.
        fs::create_directories(entry / "snapshots" / "fedcba9876543210fedcba9876543210fedcba98");
        const fs::path snapshot = entry / "snapshots" / kRevision;
        QCOMPARE(resolveModelFolder(entry), snapshot);
        QCOMPARE(resolveModelFolder(entry / ""), snapshot);
        QCOMPARE(resolveModelFolder(snapshot), snapshot);
        const auto c = loadClassifier(entry);
        QCOMPARE(c.folder, snapshot);
        QVERIFY(c.weights.missing.empty());
        const auto plain = loadClassifier(golden());
        const auto a = c.model->named_parameters(), b = plain.model->named_parameters();
        for (const auto& p : a) QVERIFY2(torch::equal(p.value(), b[p.key()]), p.key().c_str());
    }

    void hubCacheWithoutRefsUsesTheOnlySnapshot() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const auto entry = makeCacheEntry(fs::path(dir.path().toStdString()), kRevision, /*writeRef=*/false);
        QCOMPARE(resolveModelFolder(entry), entry / "snapshots" / kRevision);

        // Two snapshots and no refs/main: which one is meant is not ours to guess.
        fs::create_directories(entry / "snapshots" / "fedcba9876543210fedcba9876543210fedcba98");
        const auto e = errorOf([&] { resolveModelFolder(entry); });
        QCOMPARE(e.file(), entry / "refs" / "main");
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("several snapshots")), e.what());

        fs::remove_all(entry / "snapshots");
        fs::create_directories(entry / "snapshots");
        QCOMPARE(errorOf([&] { resolveModelFolder(entry); }).file(), entry / "snapshots");
    }

    // refs/main is data from the cache, never a path to follow.
    void hostileRefsAreRefused() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const auto entry = makeCacheEntry(root / "hub", kRevision);
        // Something worth reaching outside the entry, in case a ref were followed.
        copyGolden(dir, "elsewhere");
        for (const std::string& ref :
             std::vector<std::string>{"../../elsewhere", "..", ".", "../..", "/etc", "a/b", "", "\n",
                                      std::string(kRevision) + "/../" + kRevision, ".hidden",
                                      "rev\nsecond-line", std::string(300, 'a')}) {
            writeFile(entry / "refs" / "main", ref);
            const auto e = errorOf([&] { loadClassifier(entry); });
            QVERIFY2(e.file() == entry / "refs" / "main", e.what());
        }
        // A plain-looking revision whose snapshot is missing.
        writeFile(entry / "refs" / "main", "ffffffffffffffffffffffffffffffffffffffff");
        QVERIFY(QString::fromStdString(errorOf([&] { loadClassifier(entry); }).what())
                    .contains(QStringLiteral("refs")));

        // A snapshot folder that is a link out of the entry.
        fs::create_directory_symlink(root / "elsewhere", entry / "snapshots" / "escape");
        writeFile(entry / "refs" / "main", "escape");
        const auto e = errorOf([&] { loadClassifier(entry); });
        QVERIFY2(e.file() == entry / "snapshots" / "escape", e.what());

        // A snapshot file linking out of the entry, reached through refs or given directly.
        writeFile(entry / "refs" / "main", kRevision);
        const fs::path snapshot = entry / "snapshots" / kRevision;
        fs::remove(snapshot / "tokenizer.json");
        fs::create_symlink(root / "elsewhere" / "tokenizer.json", snapshot / "tokenizer.json");
        QCOMPARE(errorOf([&] { loadClassifier(entry); }).file(), snapshot / "tokenizer.json");
        QCOMPARE(errorOf([&] { loadClassifier(snapshot); }).file(), snapshot / "tokenizer.json");

        // A dangling link (an unfinished download).
        fs::remove(snapshot / "tokenizer.json");
        fs::create_symlink(fs::path("..") / ".." / "blobs" / "missing", snapshot / "tokenizer.json");
        const auto dangling = errorOf([&] { loadClassifier(snapshot); });
        QCOMPARE(dangling.file(), snapshot / "tokenizer.json");
        QVERIFY2(QString::fromStdString(dangling.what()).contains(QStringLiteral("missing")),
                 dangling.what());
    }

    void missingFilesAreNamed() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();

        QCOMPARE(errorOf([&] { loadClassifier(root / "nowhere"); }).file(), root / "nowhere");
        writeFile(root / "file.txt", "x");
        QCOMPARE(errorOf([&] { loadClassifier(root / "file.txt"); }).file(), root / "file.txt");

        auto folder = copyGolden(dir, "no-config");
        fs::remove(folder / "config.json");
        QCOMPARE(errorOf([&] { loadClassifier(folder); }).file(), folder / "config.json");

        folder = copyGolden(dir, "no-weights");
        fs::remove(folder / "model.safetensors");
        auto e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder / "model.safetensors");
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("pytorch_model.bin")), e.what());

        writeFile(folder / "model.safetensors.index.json", "{}");
        e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder / "model.safetensors.index.json");

        folder = copyGolden(dir, "no-tokenizer");
        fs::remove(folder / "tokenizer.json");
        e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder);
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("tokenizer")), e.what());
    }

    // config.json says dim 64, the weights were trained with dim 32.
    void configDisagreeingWithWeights() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const auto folder = copyGolden(dir);
        editConfig(folder, [](nlohmann::json& c) { c["dim"] = 64; });
        const auto e = errorOf([&] { loadClassifier(folder); });
        const QString message = QString::fromStdString(e.what());
        QCOMPARE(e.file(), folder / "model.safetensors");
        QVERIFY2(message.contains(QStringLiteral("distilbert.embeddings.word_embeddings.weight")), e.what());
        QVERIFY2(message.contains(QStringLiteral("[30522, 32]")), e.what());
        QVERIFY2(message.contains(QStringLiteral("[30522, 64]")), e.what());
        QVERIFY2(message.contains(QStringLiteral("config.json")), e.what());

        // Fewer labels in the config than rows in the classifier.
        editConfig(folder, [](nlohmann::json& c) {
            c["dim"] = 32;
            c["id2label"] = {{"0", "a"}, {"1", "b"}};
        });
        const auto labels = QString::fromStdString(errorOf([&] { loadClassifier(folder); }).what());
        QVERIFY2(labels.contains(QStringLiteral("classifier.weight")) &&
                     labels.contains(QStringLiteral("[4, 32]")),
                 qPrintable(labels));

        // A number that is not an integer where config.json needs one (found by fuzz_model_config:
        // converting 3.3e96 to an int64 was undefined behaviour).
        editConfig(folder, [](nlohmann::json& c) {
            c.erase("id2label");
            c["dim"] = 3.3e96;
        });
        const auto e2 = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e2.file(), folder / "config.json");
        QVERIFY2(QString::fromStdString(e2.what()).contains(QStringLiteral("'dim' must be an integer")), e2.what());
    }

    // Without its classification head the model cannot predict: the missing tensors are named.
    void missingClassifierTensors() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const auto folder = copyGolden(dir);
        editWeights(folder, [](auto& t) { t.erase("classifier.weight"); });
        auto e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder / "model.safetensors");
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("classifier.weight")), e.what());
        QVERIFY2(!QString::fromStdString(e.what()).contains(QStringLiteral("classifier.bias")), e.what());

        editWeights(folder, [](auto& t) {
            t.erase("classifier.bias");
            t.erase("pre_classifier.weight");
            t.erase("pre_classifier.bias");
        });
        e = errorOf([&] { loadClassifier(folder); });
        for (const char* name :
             {"classifier.weight", "classifier.bias", "pre_classifier.weight", "pre_classifier.bias"})
            QVERIFY2(QString::fromStdString(e.what()).contains(QString::fromLatin1(name)), e.what());
    }

    // Tensors the classifier has no use for (a masked-LM head) are reported, not fatal.
    void extraTensorsAreReported() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const auto folder = copyGolden(dir);
        editWeights(folder, [](auto& t) {
            t["vocab_projector.bias"] = RawTensor{{30522}, std::vector<float>(30522, 0.5f)};
            t["vocab_transform.weight"] = RawTensor{{32, 32}, std::vector<float>(32 * 32, 0.25f)};
        });
        const auto c = loadClassifier(folder);
        QCOMPARE(c.weights.unexpected,
                 (std::vector<std::string>{"vocab_projector.bias", "vocab_transform.weight"}));
        QVERIFY(c.weights.missing.empty());
    }

    // The tokenizer loader refuses a vocabulary without its unknown token, naming the file.
    void vocabularyWithoutUnk() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        auto folder = copyGolden(dir, "json");
        auto tokenizer = nlohmann::ordered_json::parse(readFile(folder / "tokenizer.json"));
        tokenizer["model"]["vocab"].erase("[UNK]");
        tokenizer["model"]["vocab"]["[UNUSED_UNK]"] = 100;
        for (auto& added : tokenizer["added_tokens"])
            if (added["content"] == "[UNK]") added["content"] = "[UNUSED_UNK]";
        writeFile(folder / "tokenizer.json", tokenizer.dump());
        auto e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder / "tokenizer.json");
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("[UNK]")), e.what());

        // The same with a vocab.txt (one token per line, in id order).
        folder = copyGolden(dir, "txt");
        std::vector<std::string> tokens(30522);
        for (const auto& [token, id] : tokenizer["model"]["vocab"].items())
            tokens.at(id.get<std::size_t>()) = token;
        std::string vocab;
        for (const auto& t : tokens) vocab += t + "\n";
        fs::remove(folder / "tokenizer.json");
        writeFile(folder / "vocab.txt", vocab);
        e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder / "vocab.txt");
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("[UNK]")), e.what());
    }

    // Ids the embedding table cannot hold would fail in the middle of a forward pass.
    void tokenizerLargerThanModelVocabulary() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        QTemporaryDir dir;
        const auto folder = copyGolden(dir);
        editConfig(folder, [](nlohmann::json& c) { c["vocab_size"] = 30000; });
        const auto e = errorOf([&] { loadClassifier(folder); });
        QCOMPARE(e.file(), folder / "tokenizer.json");
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("30000")), e.what());
    }
};

QTEST_GUILESS_MAIN(TestModelFolder)
#include "tst_model_folder.moc"
