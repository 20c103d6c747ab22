// loadTokenizer(): vocab.txt, tokenizer.json, sentencepiece .model and model folders, told apart
// by content; the folder preferences; and errors that name the file.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/text/SentencePieceTokenizer.h"
#include "core/text/Tokenizer.h"
#include "support/SharedData.h"

using headliner::FileError;
using headliner::text::loadTokenizer;
using headliner::text::TokenId;
namespace fs = std::filesystem;

namespace {

const std::string kHeadline = "Fears for T N pension after talks";
// bert-base-uncased ids of kHeadline (the first golden line starts with them).
const std::vector<TokenId> kHeadlineIds = {101, 10069, 2005, 1056, 1050, 11550, 2044, 7566, 102};

// A made-up word of 1-4 syllables: variety enough for a few hundred sentencepiece pieces.
std::string madeUpWord(std::mt19937& rng) {
    const char* syllables[] = {"ka", "ro", "mi", "tu", "len", "sar", "po", "vi", "dan", "el", "qu", "zo"};
    std::string w;
    for (int s = 0, n = 1 + int(rng() % 4); s < n; ++s) w += syllables[rng() % 12];
    return w;
}

std::vector<std::string> texts() {
    std::vector<std::string> out;
    std::mt19937 rng(11);
    const char* words[] = {"stocks", "rally", "team",   "wins",  "oil",
                           "falls",  "chip",  "launch", "talks", "vote"};
    for (int i = 0; i < 1500; ++i) {
        std::string t;
        for (int w = 0; w < 6; ++w) t += std::string(w ? " " : "") + words[rng() % 10];
        out.push_back(t + " " + madeUpWord(rng));
    }
    return out;
}

void write(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary) << bytes;
}

// The error's file and the fragment its message must hold.
void expectFileError(const fs::path& path, const fs::path& namedFile, const char* fragment) {
    try {
        loadTokenizer(path);
        QFAIL(qPrintable(QStringLiteral("no error for ") + QString::fromStdString(path.string())));
    } catch (const FileError& e) {
        QVERIFY2(e.file() == namedFile, e.what());
        QVERIFY2(std::string(e.what()).find(namedFile.string()) != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
    }
}

}  // namespace

class TestLoadTokenizer : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path root_;
    fs::path vocab_, json_, folder_, spm_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        root_ = dir_.path().toStdString();
        vocab_ = headliner::test::sharedPath(QStringLiteral("data/vocab/bert-base-uncased-vocab.txt"))
                     .toStdString();
        folder_ =
            headliner::test::sharedPath(QStringLiteral("data/vocab/distilbert-base-uncased")).toStdString();
        json_ = folder_ / "tokenizer.json";
        headliner::text::SentencePieceTrainingOptions options;
        options.vocabSize = 80;
        spm_ = root_ / "news.model";
        headliner::text::SentencePieceTokenizer::train(texts(), spm_, options);
    }

    void bertVocabTxt() {
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        const auto tok = loadTokenizer(vocab_);
        QCOMPARE(tok->kind(), std::string("wordpiece"));
        QCOMPARE(tok->vocabSize(), std::size_t(30522));
        QCOMPARE(tok->specialTokens().pad, 0);
        QCOMPARE(tok->specialTokens().unk, 100);
        QCOMPARE(tok->specialTokens().cls, 101);
        QCOMPARE(tok->specialTokens().sep, 102);
        QCOMPARE(tok->specialTokens().mask, 103);
        QCOMPARE(tok->encode(kHeadline, 64), kHeadlineIds);
        QCOMPARE(tok->files(), std::vector<fs::path>{vocab_});
    }

    void tokenizerJsonAndFolder() {
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");
        const auto fromJson = loadTokenizer(json_);
        QCOMPARE(fromJson->kind(), std::string("wordpiece"));
        QCOMPARE(fromJson->encode(kHeadline, 64), kHeadlineIds);
        // The folder has tokenizer.json and tokenizer_config.json: tokenizer.json is used.
        const auto fromFolder = loadTokenizer(folder_);
        QCOMPARE(fromFolder->encode(kHeadline, 64), kHeadlineIds);
        QCOMPARE(fromFolder->files(), std::vector<fs::path>{json_});
    }

    void detectsByContentNotName() {
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");
        fs::copy_file(vocab_, root_ / "words.list");
        fs::copy_file(json_, root_ / "tok.data");
        fs::copy_file(spm_, root_ / "spm.bin");
        QCOMPARE(loadTokenizer(root_ / "words.list")->encode(kHeadline, 64), kHeadlineIds);
        QCOMPARE(loadTokenizer(root_ / "tok.data")->encode(kHeadline, 64), kHeadlineIds);
        const auto spm = loadTokenizer(root_ / "spm.bin");
        QCOMPARE(spm->kind(), std::string("sentencepiece"));
        QCOMPARE(spm->vocabSize(), std::size_t(80));
    }

    void sentencePieceModelAndFolders() {
        const auto spm = loadTokenizer(spm_);
        QCOMPARE(spm->kind(), std::string("sentencepiece"));
        QCOMPARE(spm->encode("stocks rally", 0).front(), 2);

        const fs::path onlyModel = root_ / "only-model";
        fs::create_directories(onlyModel);
        fs::copy_file(spm_, onlyModel / "spiece.model");
        QCOMPARE(loadTokenizer(onlyModel)->files(), std::vector<fs::path>{onlyModel / "spiece.model"});

        fs::copy_file(spm_, onlyModel / "other.model");
        expectFileError(onlyModel, onlyModel, "several sentencepiece models");
    }

    void folderPrefersVocabTxtOverModelAndReadsTheConfig() {
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        const fs::path folder = root_ / "bert-folder";
        fs::create_directories(folder);
        fs::copy_file(vocab_, folder / "vocab.txt");
        fs::copy_file(spm_, folder / "spiece.model");
        auto tok = loadTokenizer(folder);
        QCOMPARE(tok->kind(), std::string("wordpiece"));
        QCOMPARE(tok->encode(kHeadline, 64), kHeadlineIds);

        // A cased setting in tokenizer_config.json: "Fears" is no longer lowercased, and the
        // config file counts among the tokenizer's files (cache keys, export).
        write(folder / "tokenizer_config.json",
              R"({"do_lower_case": false, "unk_token": {"content": "[UNK]"}})");
        tok = loadTokenizer(folder);
        QVERIFY(tok->encode(kHeadline, 64) != kHeadlineIds);
        QCOMPARE(tok->files(),
                 (std::vector<fs::path>{folder / "vocab.txt", folder / "tokenizer_config.json"}));
        // The same settings apply when the vocab.txt itself is named.
        QVERIFY(loadTokenizer(folder / "vocab.txt")->encode(kHeadline, 64) != kHeadlineIds);

        write(folder / "tokenizer_config.json", R"({"do_lower_case": "yes"})");
        expectFileError(folder, folder / "tokenizer_config.json", "do_lower_case");
        write(folder / "tokenizer_config.json", "{not json");
        expectFileError(folder, folder / "tokenizer_config.json", "not valid JSON");
    }

    // A Unigram tokenizer.json (ALBERT, T5) next to its .model: the .model is read.
    void sentencePieceTokenizerJsonFallsBackToTheModel() {
        const fs::path folder = root_ / "albert-like";
        fs::create_directories(folder);
        write(folder / "tokenizer.json",
              R"({"version": "1.0", "model": {"type": "Unigram", "unk_id": 1, "vocab": []}})");
        fs::copy_file(spm_, folder / "spiece.model");
        const auto tok = loadTokenizer(folder);
        QCOMPARE(tok->kind(), std::string("sentencepiece"));

        // A broken WordPiece tokenizer.json stays an error even with a vocab.txt beside it.
        const fs::path broken = root_ / "broken";
        fs::create_directories(broken);
        write(broken / "tokenizer.json", R"({"version": "1.0", "model": {"type": "WordPiece"}})");
        write(broken / "vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\n");
        try {
            loadTokenizer(broken);
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(e.file() == broken / "tokenizer.json", e.what());
        }
    }

    void errorsNameThePath() {
        expectFileError(root_ / "absent", root_ / "absent", "no such file or folder");
        fs::create_directories(root_ / "empty-folder");
        expectFileError(root_ / "empty-folder", root_ / "empty-folder", "no tokenizer here");
        write(root_ / "empty.txt", "");
        expectFileError(root_ / "empty.txt", root_ / "empty.txt", "empty file");
        write(root_ / "text.model", "[PAD]\n[UNK]\n");
        expectFileError(root_ / "text.model", root_ / "text.model", "not a sentencepiece model");
        write(root_ / "config.json", R"({"dim": 768})");
        expectFileError(root_ / "config.json", root_ / "config.json", "holds settings");
        write(root_ / "news.vocab", "[PAD]\t0\n[UNK]\t0\n\xe2\x96\x81the\t-3.1\n");
        expectFileError(root_ / "news.vocab", root_ / "news.vocab", ".vocab");
        std::string junk = "\x0a\x05";
        for (int i = 0; i < 300; ++i) junk += char((i * 37) & 0xFF);
        write(root_ / "junk.bin", junk);
        expectFileError(root_ / "junk.bin", root_ / "junk.bin", "not a sentencepiece model");
    }
};

QTEST_GUILESS_MAIN(TestLoadTokenizer)
#include "tst_load_tokenizer.moc"
