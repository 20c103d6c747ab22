// WordPieceTokenizer, rule by rule, on a tiny vocabulary: each BertNormalizer step, the
// pre-tokenizer's splits, greedy WordPiece, [UNK], special tokens, truncation, padding, the two
// file loaders agreeing, and every file error the loaders must report.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/text/AddedTokenMatcher.h"
#include "core/text/BertNormalizer.h"
#include "core/text/WordPieceTokenizer.h"

using headliner::FileError;
using headliner::text::BertNormalizer;
using headliner::text::BertNormalizerSettings;
using headliner::text::TokenId;
using headliner::text::WordPieceOptions;
using headliner::text::WordPieceTokenizer;
using Pieces = std::vector<std::string>;
using Ids = std::vector<TokenId>;
using namespace std::string_view_literals;

namespace {

// Token i has id i.
const std::vector<std::string> kVocab = {
    "[PAD]", "[UNK]", "[CLS]",  "[SEP]", "[MASK]", "hello", "world", ",",  "!",
    "un",    "##aff", "##able", "a",     "##a",    "##b",   "北",    "京", "cafe",
    "naive", "Hello", "é",      "##é",   "$",      "«",     "»",     "i",  ".",
};
constexpr TokenId kPad = 0, kUnk = 1, kCls = 2, kSep = 3, kMask = 4, kHello = 5, kWorld = 6, kComma = 7;

std::unique_ptr<WordPieceTokenizer> tiny(const WordPieceOptions& options = {}) {
    return WordPieceTokenizer::fromTokens(kVocab, options);
}

std::string normalized(std::string_view text, BertNormalizerSettings settings = {}) {
    return BertNormalizer(settings).normalize(text);
}

void writeFile(const QString& path, const std::string& content) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << content;
}

// A tokenizer.json as Hugging Face writes it for a BERT vocabulary.
nlohmann::json tokenizerJson(const std::vector<std::string>& tokens) {
    nlohmann::json vocab = nlohmann::json::object();
    for (std::size_t i = 0; i < tokens.size(); ++i) vocab[tokens[i]] = i;
    nlohmann::json added = nlohmann::json::array();
    for (const std::string special : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
        added.push_back({{"id", vocab[special]},
                         {"content", special},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", true}});
    }
    return {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", added},
        {"normalizer",
         {{"type", "BertNormalizer"},
          {"clean_text", true},
          {"handle_chinese_chars", true},
          {"strip_accents", nullptr},
          {"lowercase", true}}},
        {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single",
           {{{"SpecialToken", {{"id", "[CLS]"}, {"type_id", 0}}}},
            {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
            {{"SpecialToken", {{"id", "[SEP]"}, {"type_id", 0}}}}}},
          {"special_tokens",
           {{"[CLS]", {{"id", "[CLS]"}, {"ids", {vocab["[CLS]"]}}, {"tokens", {"[CLS]"}}}},
            {"[SEP]", {{"id", "[SEP]"}, {"ids", {vocab["[SEP]"]}}, {"tokens", {"[SEP]"}}}}}}}},
        {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}, {"cleanup", true}}},
        {"model",
         {{"type", "WordPiece"},
          {"unk_token", "[UNK]"},
          {"continuing_subword_prefix", "##"},
          {"max_input_chars_per_word", 100},
          {"vocab", vocab}}},
    };
}

std::string vocabTxt(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& token : tokens) out += token + "\n";
    return out;
}

}  // namespace

class TestWordPiece : public QObject {
    Q_OBJECT

    // Loading `content` as `fileName` must throw a FileError naming the file and saying `problem`.
    template <class Load>
    void expectFileError(const QString& fileName, const std::string& content, Load load,
                         const char* problem) {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(fileName);
        writeFile(path, content);
        try {
            load(path.toStdString());
            QFAIL(qPrintable("no error for " + fileName));
        } catch (const FileError& e) {
            QCOMPARE(QString::fromStdString(e.file().string()), path);
            QVERIFY2(std::string(e.what()).find(problem) != std::string::npos, e.what());
        }
    }

private Q_SLOTS:
    // --- BertNormalizer, one step at a time -----------------------------------------------------
    void cleanTextDropsControlsAndFoldsWhitespace() {
        // \0, \x01, U+00AD (Cf), U+200B (Cf), U+FFFD, \x0B and U+0085 (Cc though whitespace) go;
        // \t \n \r and U+2028 / U+3000 (whitespace) become spaces.
        QCOMPARE(normalized("a\0b\x01"
                            "c\u00AD"
                            "d\u200B"
                            "e\uFFFD"
                            "f\x0B"
                            "g\u0085"
                            "h"sv),
                 std::string("abcdefgh"));
        QCOMPARE(normalized("a\tb\nc\rd\u2028"
                            "e\u3000"
                            "f"),
                 std::string("a b c d e f"));
        BertNormalizerSettings off;
        off.cleanText = false;
        QCOMPARE(normalized("a\x01\tb", off), std::string("a\x01\tb"));
        // Invalid UTF-8 reads as U+FFFD, which clean_text drops.
        QCOMPARE(normalized("a\xFF"
                            "b\xC3"),
                 std::string("ab"));
    }

    void chineseCharactersArePadded() {
        QCOMPARE(normalized("ab北京cd"), std::string("ab 北  京 cd"));
        QCOMPARE(normalized("テキスト"), std::string("テキスト"));  // kana are not in HF's CJK ranges
        // U+F900 is a CJK compatibility ideograph: padded, then NFD maps it to U+8C48.
        QCOMPARE(normalized("x\uF900y"), std::string("x \u8C48 y"));
        BertNormalizerSettings off;
        off.handleChineseChars = false;
        QCOMPARE(normalized("ab北京cd", off), std::string("ab北京cd"));
    }

    void accentsAreStrippedAfterNfd() {
        QCOMPARE(normalized("Héllo Wörld naïve CAFÉ"), std::string("hello world naive cafe"));
        QCOMPARE(normalized("e\u0301\u0323"), std::string("e"));        // already decomposed marks go too
        QCOMPARE(normalized("한"), std::string("\u1112\u1161\u11AB"));  // Hangul decomposes to jamo (Lo)
        QCOMPARE(normalized("ﬁ Ⅻ"), std::string("ﬁ ⅻ"));  // NFD, not NFKD: compatibility forms stay
    }

    void lowercaseIsTheFullUnicodeMapping() {
        BertNormalizerSettings noStrip;
        noStrip.stripAccents = false;
        QCOMPARE(normalized("HÉLLO", noStrip), std::string("héllo"));
        QCOMPARE(normalized("İ", noStrip), std::string("i\u0307"));  // one character becomes two
        QCOMPARE(normalized("İ"), std::string("i"));  // stripping runs first: İ -> I + U+0307 -> I -> i
        QCOMPARE(normalized("ΣΑΣ ǅ ＡＢＣ"), std::string("σασ ǆ ａｂｃ"));  // per character: no final sigma
    }

    void casedVocabularyKeepsCaseAndAccents() {
        BertNormalizerSettings cased;
        cased.lowercase = false;
        cased.stripAccents = false;  // what an unset stripAccents resolves to when lowercase is off
        QCOMPARE(normalized("Héllo WÖRLD", cased), std::string("Héllo WÖRLD"));

        WordPieceOptions options;
        options.lowercase = false;
        const auto tokenizer = tiny(options);
        QCOMPARE(tokenizer->normalizer().settings().stripAccents, false);
        QCOMPARE(tokenizer->tokenize("Hello hello HELLO"), (Pieces{"Hello", "hello", "[UNK]"}));
        QCOMPARE(tokenizer->tokenize("é"), (Pieces{"é"}));
        QCOMPARE(tiny()->tokenize("Hello é"), (Pieces{"hello", "[UNK]"}));  // é -> e, not in vocab
    }

    // --- BertPreTokenizer and WordPiece ---------------------------------------------------------
    void punctuationIsSplitOff() {
        const auto tokenizer = tiny();
        QCOMPARE(tokenizer->tokenize("hello,world!"), (Pieces{"hello", ",", "world", "!"}));
        QCOMPARE(tokenizer->tokenize("«hello»"), (Pieces{"«", "hello", "»"}));  // Unicode Pi / Pf
        QCOMPARE(tokenizer->tokenize("a$a"), (Pieces{"a", "$", "a"}));          // ASCII Sc counts in HF
        QCOMPARE(tokenizer->tokenize("a€a"), (Pieces{"[UNK]"}));  // non-ASCII symbols do not split
        QCOMPARE(tokenizer->tokenize("i.i"), (Pieces{"i", ".", "i"}));
    }

    void whitespaceSeparatesWords() {
        QCOMPARE(tiny()->tokenize("  hello \t world\u3000hello\u00A0 "), (Pieces{"hello", "world", "hello"}));
        QCOMPARE(tiny()->tokenize(""), Pieces{});
        QCOMPARE(tiny()->tokenize(" \n "), Pieces{});
    }

    void greedyLongestMatchFirst() {
        const auto tokenizer = tiny();
        QCOMPARE(tokenizer->tokenize("unaffable"), (Pieces{"un", "##aff", "##able"}));
        QCOMPARE(tokenizer->tokenize("aab"), (Pieces{"a", "##a", "##b"}));
        QCOMPARE(tokenizer->tokenize("abz hello"), (Pieces{"[UNK]", "hello"}));  // one bad part: whole word
        QCOMPARE(tokenizer->tokenize("北京"), (Pieces{"北", "京"}));             // padded: two words, no "##"
    }

    void wordsOverMaxCharsAreUnknown() {
        const auto tokenizer = tiny();
        QCOMPARE(tokenizer->tokenize(std::string(100, 'a')).size(), std::size_t(100));
        QCOMPARE(tokenizer->tokenize(std::string(101, 'a')), (Pieces{"[UNK]"}));
        // The limit counts characters, not bytes: 100 é are 200 bytes and still fine.
        WordPieceOptions cased;
        cased.lowercase = false;
        std::string accents;
        for (int i = 0; i < 100; ++i) accents += "é";
        QCOMPARE(tiny(cased)->tokenize(accents).size(), std::size_t(100));
        QCOMPARE(tiny(cased)->tokenize(accents + "é"), (Pieces{"[UNK]"}));
        WordPieceOptions shortWords;
        shortWords.maxInputCharsPerWord = 4;
        QCOMPARE(tiny(shortWords)->tokenize("hello aaaa"), (Pieces{"[UNK]", "a", "##a", "##a", "##a"}));
    }

    // --- special tokens, truncation, padding ----------------------------------------------------
    void encodeWrapsInClsAndSep() {
        const auto tokenizer = tiny();
        QCOMPARE(tokenizer->encode("Hello, world", 0), (Ids{kCls, kHello, kComma, kWorld, kSep}));
        QCOMPARE(tokenizer->encode("", 512), (Ids{kCls, kSep}));
        // Special tokens written in the text are matched as written, before normalization.
        QCOMPARE(tokenizer->encode("[CLS]hello [MASK] [PAD]", 0),
                 (Ids{kCls, kCls, kHello, kMask, kPad, kSep}));
        QCOMPARE(tokenizer->tokenize("[cls]"), (Pieces{"[UNK]", "[UNK]", "[UNK]"}));  // not special: [ cls ]
    }

    void truncationKeepsSep() {
        const auto tokenizer = tiny();
        const std::string text = "hello world hello world hello";
        QCOMPARE(tokenizer->encode(text, 4), (Ids{kCls, kHello, kWorld, kSep}));
        QCOMPARE(tokenizer->encode(text, 7).size(), std::size_t(7));
        QCOMPARE(tokenizer->encode(text, 100).size(), std::size_t(7));  // shorter texts are not padded
        QCOMPARE(tokenizer->encode(text, 2), (Ids{kCls, kSep}));
        // A word cut in the middle keeps its first pieces, as Hugging Face's truncation does.
        QCOMPARE(tokenizer->encode("unaffable", 4), (Ids{kCls, 9, 10, kSep}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tokenizer->encode(text, 1));
    }

    void addedTokensMatchLeftmostLongest() {
        headliner::text::AddedTokenMatcher matcher;
        QVERIFY(matcher.empty());
        matcher.add("[A]", 1);
        matcher.add("[A][B]", 2);
        matcher.add("x", 3, /*singleWord=*/true);
        const auto first = matcher.find("ab[A][B]c", 0);
        QVERIFY(first.has_value());
        QCOMPARE(first->begin, std::size_t(2));
        QCOMPARE(first->end, std::size_t(8));
        QCOMPARE(first->id, TokenId(2));
        QVERIFY(!matcher.find("ab[A][B]c", 3).has_value());  // from inside a match: "A][B]c" has none
        // single_word: only where no word character touches it.
        QVERIFY(!matcher.find("box", 0).has_value());
        const auto alone = matcher.find("box x.", 0);
        QVERIFY(alone.has_value());
        QCOMPARE(alone->begin, std::size_t(4));
    }

    void padBatchPadsRightWithMask() {
        const auto batch = headliner::text::padBatch({{5, 6, 7}, {8}, {}}, kPad);
        QCOMPARE(batch.rows, std::size_t(3));
        QCOMPARE(batch.columns, std::size_t(3));
        QCOMPARE(batch.ids, (std::vector<std::int64_t>{5, 6, 7, 8, 0, 0, 0, 0, 0}));
        QCOMPARE(batch.attentionMask, (std::vector<std::int64_t>{1, 1, 1, 1, 0, 0, 0, 0, 0}));
        const auto wide = headliner::text::padBatch({{5}}, 9, 4);
        QCOMPARE(wide.columns, std::size_t(4));
        QCOMPARE(wide.ids, (std::vector<std::int64_t>{5, 9, 9, 9}));
        QCOMPARE(wide.attentionMask, (std::vector<std::int64_t>{1, 0, 0, 0}));
        const auto empty = headliner::text::padBatch({}, kPad);
        QCOMPARE(empty.rows, std::size_t(0));
        QVERIFY(empty.ids.empty());
    }

    void accessorsDescribeTheVocabulary() {
        const auto tokenizer = tiny();
        QCOMPARE(tokenizer->vocabSize(), kVocab.size());
        QCOMPARE(tokenizer->kind(), std::string("wordpiece"));
        QVERIFY(tokenizer->files().empty());
        const auto& special = tokenizer->specialTokens();
        QCOMPARE(special.pad, kPad);
        QCOMPARE(special.unk, kUnk);
        QCOMPARE(special.cls, kCls);
        QCOMPARE(special.sep, kSep);
        QCOMPARE(special.mask, kMask);
        QCOMPARE(tokenizer->idToToken(10), std::string("##aff"));
        QCOMPARE(tokenizer->idToToken(-1), std::string());
        QCOMPARE(tokenizer->idToToken(TokenId(kVocab.size())), std::string());
        QCOMPARE(tokenizer->tokenToId("##able"), std::optional<TokenId>(11));
        QCOMPARE(tokenizer->tokenToId("nope"), std::optional<TokenId>());
    }

    // --- files ----------------------------------------------------------------------------------
    void tokenizerJsonAndVocabTxtGiveTheSameIds() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath("vocab.txt"), vocabTxt(kVocab));
        writeFile(dir.filePath("tokenizer.json"), tokenizerJson(kVocab).dump(2));
        const auto fromVocab = WordPieceTokenizer::fromVocabFile(dir.filePath("vocab.txt").toStdString());
        const auto fromJson =
            WordPieceTokenizer::fromTokenizerJson(dir.filePath("tokenizer.json").toStdString());
        QCOMPARE(fromVocab->files().size(), std::size_t(1));
        QCOMPARE(fromJson->files().front().filename().string(), std::string("tokenizer.json"));
        QCOMPARE(fromJson->vocabSize(), fromVocab->vocabSize());
        QCOMPARE(fromJson->specialTokens().cls, kCls);
        QCOMPARE(fromJson->specialTokens().mask, kMask);
        for (const char* text : {"Hello, world!", "unaffable aab 北京 [CLS] [MASK]x", "Héllo  Naïve Café",
                                 "\t€ «hello» $", ""}) {
            QCOMPARE(fromJson->encode(text, 0), fromVocab->encode(text, 0));
            QCOMPARE(fromJson->encode(text, 5), fromVocab->encode(text, 5));
        }
    }

    void tokenizerJsonSettingsAreRead() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto json = tokenizerJson(kVocab);
        json["normalizer"]["lowercase"] = false;  // strip_accents null follows it: off
        json["model"]["max_input_chars_per_word"] = 3;
        // A user-added token (normalized: matched in the normalized text) beyond the model vocab.
        json["added_tokens"].push_back({{"id", kVocab.size()},
                                        {"content", "Hello World"},
                                        {"single_word", false},
                                        {"lstrip", false},
                                        {"rstrip", false},
                                        {"normalized", true},
                                        {"special", false}});
        writeFile(dir.filePath("tokenizer.json"), json.dump());
        const auto tokenizer =
            WordPieceTokenizer::fromTokenizerJson(dir.filePath("tokenizer.json").toStdString());
        QCOMPARE(tokenizer->options().lowercase, false);
        QCOMPARE(tokenizer->normalizer().settings().stripAccents, false);
        QCOMPARE(tokenizer->options().maxInputCharsPerWord, std::size_t(3));
        QCOMPARE(tokenizer->vocabSize(), kVocab.size() + 1);
        QCOMPARE(tokenizer->tokenize("Hello World! é aaaa"), (Pieces{"Hello World", "!", "é", "[UNK]"}));
        QCOMPARE(tokenizer->tokenToId("Hello World"), std::optional<TokenId>(TokenId(kVocab.size())));
    }

    void missingFilesAreReported() {
        for (const auto& load : {+[](const std::string& p) { WordPieceTokenizer::fromVocabFile(p); },
                                 +[](const std::string& p) { WordPieceTokenizer::fromTokenizerJson(p); }}) {
            try {
                load("/nonexistent/headliner/vocab.txt");
                QFAIL("no error for a missing file");
            } catch (const FileError& e) {
                QCOMPARE(e.file().string(), std::string("/nonexistent/headliner/vocab.txt"));
                QVERIFY2(std::string(e.what()).find("not found") != std::string::npos, e.what());
            }
        }
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(FileError, WordPieceTokenizer::fromVocabFile(dir.path().toStdString()));
    }

    void badVocabFilesAreReported() {
        const auto load = [](const std::string& p) { WordPieceTokenizer::fromVocabFile(p); };
        expectFileError("vocab.txt", "", load, "empty");
        expectFileError("vocab.txt", "[CLS]\n[SEP]\nhello\n", load, "\"[UNK]\" is not in the vocabulary");
        expectFileError("vocab.txt", "[UNK]\n[SEP]\nhello\n", load, "no \"[CLS]\"");
        expectFileError("vocab.txt", "[UNK]\nhel\xFFlo\n", load, "not valid UTF-8");
        expectFileError("vocab.txt", tokenizerJson(kVocab).dump(2), load, "looks like JSON");
        QVERIFY_THROWS_EXCEPTION(FileError, WordPieceTokenizer::fromTokens({}));
    }

    void badTokenizerJsonIsReported() {
        const auto load = [](const std::string& p) { WordPieceTokenizer::fromTokenizerJson(p); };
        expectFileError("tokenizer.json", "", load, "not a valid tokenizer.json");
        expectFileError("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\",", load,
                        "not a valid tokenizer.json");
        expectFileError("tokenizer.json", "[1, 2]", load, "JSON object");
        expectFileError("tokenizer.json", "{\"version\": \"1.0\"}", load, "has no \"model\"");

        auto bpe = tokenizerJson(kVocab);
        bpe["model"] = {{"type", "BPE"}, {"vocab", {{"a", 0}}}, {"merges", nlohmann::json::array()}};
        expectFileError("tokenizer.json", bpe.dump(), load, "\"BPE\", expected a WordPiece model");

        auto emptyVocab = tokenizerJson(kVocab);
        emptyVocab["model"]["vocab"] = nlohmann::json::object();
        expectFileError("tokenizer.json", emptyVocab.dump(), load, "model.vocab is empty");

        auto badId = tokenizerJson(kVocab);
        badId["model"]["vocab"]["hello"] = "five";
        expectFileError("tokenizer.json", badId.dump(), load, "model.vocab[\"hello\"] must be a token id");

        auto noUnk = tokenizerJson(kVocab);
        noUnk["model"]["unk_token"] = "<unk>";
        expectFileError("tokenizer.json", noUnk.dump(), load, "\"<unk>\" is not in the vocabulary");

        auto otherNormalizer = tokenizerJson(kVocab);
        otherNormalizer["normalizer"] = {{"type", "NFKC"}};
        expectFileError("tokenizer.json", otherNormalizer.dump(), load,
                        "normalizer \"NFKC\" is not supported");

        auto otherPreTokenizer = tokenizerJson(kVocab);
        otherPreTokenizer["pre_tokenizer"] = {{"type", "ByteLevel"}};
        expectFileError("tokenizer.json", otherPreTokenizer.dump(), load, "pre_tokenizer \"ByteLevel\"");

        auto badTemplate = tokenizerJson(kVocab);
        badTemplate["post_processor"]["special_tokens"].erase("[SEP]");
        expectFileError("tokenizer.json", badTemplate.dump(), load, "no ids for \"[SEP]\"");

        auto badAdded = tokenizerJson(kVocab);
        badAdded["added_tokens"][0]["id"] = -3;
        expectFileError("tokenizer.json", badAdded.dump(), load, "added_tokens[0].id must be a token id");
    }

    // Found by fuzz_tokenizer_json: the post-processor's ids were only checked to be below 2^24,
    // so encode() could hand out a [CLS] / [SEP] id past the vocabulary (and the embeddings).
    void postProcessorIdsMustBeInTheVocabulary() {
        const auto load = [](const std::string& p) { WordPieceTokenizer::fromTokenizerJson(p); };
        const std::string outside = std::to_string(kVocab.size());

        auto bert = tokenizerJson(kVocab);
        bert["post_processor"] = {{"type", "BertProcessing"}, {"cls", {"[CLS]", kVocab.size()}}, {"sep", {"[SEP]", 3}}};
        expectFileError("tokenizer.json", bert.dump(), load, ("post_processor uses token id " + outside).c_str());

        auto templated = tokenizerJson(kVocab);
        templated["post_processor"]["special_tokens"]["[SEP]"]["ids"] = {kVocab.size() + 7};
        expectFileError("tokenizer.json", templated.dump(), load, "outside the vocabulary");

        // An added token past the model's vocabulary widens it: its id is a valid template id.
        auto added = tokenizerJson(kVocab);
        added["added_tokens"].push_back({{"id", kVocab.size()}, {"content", "<end>"}, {"special", true}});
        added["post_processor"]["special_tokens"]["[SEP]"]["ids"] = {kVocab.size()};
        QTemporaryDir dir;
        writeFile(dir.filePath("tokenizer.json"), added.dump());
        const auto tokenizer = WordPieceTokenizer::fromTokenizerJson(dir.filePath("tokenizer.json").toStdString());
        const auto ids = tokenizer->encode("hello", 0);
        QCOMPARE(ids.back(), TokenId(kVocab.size()));
        QCOMPARE(tokenizer->specialTokens().sep, TokenId(kVocab.size()));
    }
};

QTEST_GUILESS_MAIN(TestWordPiece)
#include "tst_wordpiece.moc"
