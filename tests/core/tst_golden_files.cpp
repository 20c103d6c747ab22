// The test harness reads golden files in place from ../shared and skips, visibly, without it.
// Here: the 200-line max_length=64 tokenizer golden, checked against the BERT vocabulary.
#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

#include "support/SharedData.h"

class TestGoldenFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenizerGoldenMax64IsReadable() {
        HEADLINER_REQUIRE_SHARED("golden/tokenizer_golden_max64.jsonl");
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");

        QFile vocabFile(headliner::test::sharedPath(QStringLiteral("data/vocab/bert-base-uncased-vocab.txt")));
        QVERIFY(vocabFile.open(QIODevice::ReadOnly));
        QStringList vocab;
        while (!vocabFile.atEnd()) vocab << QString::fromUtf8(vocabFile.readLine()).chopped(1);
        QCOMPARE(vocab.size(), 30522);
        QCOMPARE(vocab.at(101), QStringLiteral("[CLS]"));
        QCOMPARE(vocab.at(102), QStringLiteral("[SEP]"));

        QFile golden(headliner::test::sharedPath(QStringLiteral("golden/tokenizer_golden_max64.jsonl")));
        QVERIFY(golden.open(QIODevice::ReadOnly));
        int lines = 0, truncated = 0;
        while (!golden.atEnd()) {
            const QByteArray raw = golden.readLine();
            const auto row = nlohmann::json::parse(raw.constData(), raw.constData() + raw.size());
            const auto& ids = row.at("input_ids");
            QVERIFY(row.at("text").is_string());
            QVERIFY(ids.size() >= 2 && ids.size() <= 64);
            QCOMPARE(ids.front().get<int>(), 101);
            QCOMPARE(ids.back().get<int>(), 102);
            for (const auto& id : ids) QVERIFY(id.get<int>() >= 0 && id.get<int>() < vocab.size());
            // Pieces of a word continue with "##": such a piece can never directly follow [CLS].
            QVERIFY(!vocab.at(ids.at(1).get<int>()).startsWith(QStringLiteral("##")));
            truncated += ids.size() == 64;
            ++lines;
        }
        QCOMPARE(lines, 200);
        QVERIFY2(truncated > 0, "some of the 200 texts must hit max_length=64");
    }
};

QTEST_GUILESS_MAIN(TestGoldenFiles)
#include "tst_golden_files.moc"
