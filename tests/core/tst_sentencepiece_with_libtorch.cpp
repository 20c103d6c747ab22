// Pitfall 1: Debian's sentencepiece carries its own protobuf and crashed any process that also
// loaded libtorch (before main()). This process links both, trains a real sentencepiece model,
// encodes with it, and does tensor work with the ids: if it runs, the fix holds.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <torch/torch.h>

class TestSentencePieceWithLibTorch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bothLibrariesWorkInOneProcess() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string corpus = dir.filePath(QStringLiteral("corpus.txt")).toStdString();
        {
            std::ofstream out(corpus);
            const char* lines[] = {
                "Stocks rally as markets cheer rate cut",      "Team wins the championship in overtime",
                "New chip doubles battery life of phones",     "Leaders meet to discuss border talks",
                "Oil prices fall after supply report",         "Striker scores twice in derby win",
                "Researchers unveil faster quantum processor", "Elections held amid calls for reform",
            };
            for (int rep = 0; rep < 20; ++rep)
                for (const char* l : lines) out << l << "\n";
        }
        const std::string prefix = dir.filePath(QStringLiteral("spm")).toStdString();
        const auto status = sentencepiece::SentencePieceTrainer::Train(
            "--input=" + corpus + " --model_prefix=" + prefix +
            " --vocab_size=60 --model_type=unigram --minloglevel=2 --num_threads=1");
        QVERIFY2(status.ok(), status.ToString().c_str());

        sentencepiece::SentencePieceProcessor sp;
        const auto loaded = sp.Load(prefix + ".model");
        QVERIFY2(loaded.ok(), loaded.ToString().c_str());
        QCOMPARE(sp.GetPieceSize(), 60);
        std::vector<int> ids;
        QVERIFY(sp.Encode("Stocks rally after talks", &ids).ok());
        QVERIFY(!ids.empty());
        std::string decoded;
        QVERIFY(sp.Decode(ids, &decoded).ok());
        QCOMPARE(QString::fromStdString(decoded), QStringLiteral("Stocks rally after talks"));

        // And libtorch in the same process, on those ids.
        auto t = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()));
        auto emb = torch::nn::Embedding(60, 4);
        auto out = emb(t).sum();
        out.backward();
        QCOMPARE(emb->weight.grad().size(0), int64_t(60));
        QVERIFY(std::isfinite(out.item<double>()));
    }
};

QTEST_GUILESS_MAIN(TestSentencePieceWithLibTorch)
#include "tst_sentencepiece_with_libtorch.moc"
