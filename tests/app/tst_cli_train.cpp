// `headliner-cli train` end to end: with --shuffle off --dropout 0 it reproduces the golden
// transformers.Trainer run step by step (the batches are the file's rows in order); a scratch
// preset trains, exports a model folder and writes its JSON log; bad arguments are usage errors.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/BlasKernels.h"
#include "support/CliProcess.h"
#include "support/TestFiles.h"
#include "support/SharedData.h"

namespace {

using Result = headliner::test::CliResult;
using headliner::test::runCli;
using headliner::test::writeFile;
using headliner::test::readJsonl;

// Lines [begin, end) of the AG News training file.
QByteArray agNewsLines(int begin, int end) {
    QProcess xz;
    xz.start(QStringLiteral("xz"), {QStringLiteral("-dc"), headliner::test::sharedPath(QStringLiteral("data/ag_news/train.csv.xz"))});
    xz.waitForFinished(60000);
    const auto lines = xz.readAllStandardOutput().split('\n');
    QByteArray out;
    for (int i = begin; i < end && i < lines.size(); ++i) out += lines[i] + '\n';
    return out;
}

}  // namespace

class TestCliTrain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void usageErrors() {
        QCOMPARE(runCli({QStringLiteral("train")}).code, 2);
        const auto help = runCli({QStringLiteral("train"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char* option : {"--train", "--eval", "--model", "--preset", "--out", "--resume", "--epochs",
                                   "--batch-size", "--lr", "--weight-decay", "--warmup-steps", "--warmup-ratio",
                                   "--max-steps", "--max-length", "--max-grad-norm", "--precision", "--device",
                                   "--seed", "--shuffle", "--dropout", "--eval-every", "--save-every", "--best-metric",
                                   "--early-stopping-patience", "--grad-accum", "--log-jsonl", "--async-checkpoints",
                                   "--defer-readback", "--fused-layers", "--cuda-graphs"})
            QVERIFY2(help.out.contains(option), option);
        QTemporaryDir dir;
        const auto r = runCli({QStringLiteral("train"), QStringLiteral("--train"), QStringLiteral("x.csv"),
                               QStringLiteral("--preset"), QStringLiteral("nope"), QStringLiteral("--out"), dir.filePath("o")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("scratch-d128")), qPrintable(r.err));
        const auto noRun = runCli({QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("--out"), dir.filePath("o")});
        QCOMPARE(noRun.code, 2);
        const auto badSwitch = runCli({QStringLiteral("train"), QStringLiteral("--train"), QStringLiteral("x.csv"),
                                       QStringLiteral("--preset"), QStringLiteral("ngram"), QStringLiteral("--out"),
                                       dir.filePath("o"), QStringLiteral("--fused-layers"), QStringLiteral("sometimes")});
        QCOMPARE(badSwitch.code, 2);
        QVERIFY2(badSwitch.err.contains(QStringLiteral("fused-layers")), qPrintable(badSwitch.err));

        // Values no run can use are refused before the run's folder is made, naming the value
        // (torch.optim.AdamW and TrainingArguments refuse the same): a negative learning rate
        // or weight decay, a warm-up ratio outside [0, 1], label smoothing of 1, hexadecimal, a
        // device that is no device's name.
        const std::vector<std::pair<QStringList, QString>> refused = {
            {{QStringLiteral("--lr"), QStringLiteral("-1")}, QStringLiteral("learning rate must be a number of at least 0, not -1")},
            {{QStringLiteral("--weight-decay"), QStringLiteral("-0.5")}, QStringLiteral("weight decay must be a number of at least 0, not -0.5")},
            {{QStringLiteral("--warmup-ratio"), QStringLiteral("2")}, QStringLiteral("warm-up ratio must lie in [0, 1]")},
            {{QStringLiteral("--label-smoothing"), QStringLiteral("1")}, QStringLiteral("label smoothing must lie in [0, 1)")},
            {{QStringLiteral("--lr"), QStringLiteral("0x10")}, QStringLiteral("option --lr expects a number, got '0x10'")},
            {{QStringLiteral("--device"), QStringLiteral("gpu")}, QStringLiteral("option --device expects auto, cpu, cuda or cuda:N, got 'gpu'")},
            {{QStringLiteral("--device"), QStringLiteral("cuda:x")}, QStringLiteral("got 'cuda:x'")},
        };
        for (const auto& [args, message] : refused) {
            const auto r = runCli(QStringList{QStringLiteral("train"), QStringLiteral("--train"), QStringLiteral("x.csv"),
                                              QStringLiteral("--preset"), QStringLiteral("ngram"), QStringLiteral("--out"),
                                              dir.filePath("o")} + args);
            QVERIFY2(r.code == 2 && r.err.contains(message), qPrintable(args.join(' ') + ": " + r.err));
            QVERIFY(!QFileInfo::exists(dir.filePath("o")));
        }
        // Accepted as usage: 0 for each, "auto" and "cuda:N". The run then finds the missing
        // training file, or (before reading anything) that it has no second CUDA device.
        const QStringList zero = {QStringLiteral("--lr"), QStringLiteral("0"), QStringLiteral("--weight-decay"), QStringLiteral("0"),
                                  QStringLiteral("--warmup-ratio"), QStringLiteral("1")};
        const std::vector<std::pair<QStringList, QString>> accepted = {
            {zero, QStringLiteral("x.csv")},
            {{QStringLiteral("--device"), QStringLiteral("auto")}, QStringLiteral("x.csv")},
            {{QStringLiteral("--device"), QStringLiteral("cuda:1")}, QStringLiteral("device cuda:1 asked for, but ")},
        };
        for (const auto& [args, message] : accepted) {
            const auto r = runCli(QStringList{QStringLiteral("train"), QStringLiteral("--train"), dir.filePath("x.csv"),
                                              QStringLiteral("--preset"), QStringLiteral("ngram"), QStringLiteral("--out"),
                                              dir.filePath("o")} + args);
            QVERIFY2(r.code == 1 && r.err.contains(message), qPrintable(args.join(' ') + ": " + r.err));
        }
    }

    // The golden run, through the command line: AG News rows in file order, batch 8. (The recipe's
    // "data" says rows 0..239, but its 60 batches are 480 distinct rows: rows 0..479, one epoch.)
    // Plain, and through recorded steps (--cuda-graphs on: without a GPU, the recorded steps run
    // directly over batches padded to multiples of 8 ids).
    void goldenRecipeStepByStep_data() {
        QTest::addColumn<bool>("recorded");
        QTest::newRow("plain steps") << false;
        QTest::newRow("recorded steps") << true;
    }
    void goldenRecipeStepByStep() {
        QFETCH(bool, recorded);
        HEADLINER_REQUIRE_SHARED("golden/tiny_training.json");
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("init"));
        QVERIFY(QDir().mkpath(model));
        const QString init = headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert-init-nodropout/"));
        const QString tok = headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert/"));
        QVERIFY(QFile::copy(init + "config.json", model + "/config.json"));
        QVERIFY(QFile::copy(init + "model.safetensors", model + "/model.safetensors"));
        QVERIFY(QFile::copy(tok + "tokenizer.json", model + "/tokenizer.json"));
        QVERIFY(QFile::copy(tok + "tokenizer_config.json", model + "/tokenizer_config.json"));
        QVERIFY(writeFile(dir.filePath("train.csv"), agNewsLines(0, 480)));
        QVERIFY(writeFile(dir.filePath("eval.csv"), agNewsLines(480, 540)));
        const QString log = dir.filePath(QStringLiteral("log.jsonl"));
        const auto r = runCli({QStringLiteral("train"), "--train", dir.filePath("train.csv"), "--eval", dir.filePath("eval.csv"),
                               "--model", model, "--out", dir.filePath("out"), "--shuffle", "off", "--dropout", "0",
                               "--batch-size", "8", "--lr", "0.002", "--weight-decay", "0.1", "--warmup-steps", "6",
                               "--max-steps", "60", "--max-length", "64", "--precision", "fp32", "--log-jsonl", log,
                               "--cuda-graphs", recorded ? "on" : "off"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.err.contains("recorded steps: "), recorded);
        QVERIFY2(r.out.contains("accuracy"), r.out.constData());
        std::ifstream in(headliner::test::sharedPath(QStringLiteral("golden/tiny_training.json")).toStdString());
        const auto golden = nlohmann::json::parse(in).at("log");
        std::vector<nlohmann::json> steps, evals;
        for (auto& j : readJsonl(log)) (j.contains("eval") ? evals : steps).push_back(j);
        QCOMPARE(steps.size(), golden.size());
        QCOMPARE(evals.size(), std::size_t(1));  // one epoch
        QVERIFY(evals[0]["eval"].contains("confusion"));
        for (std::size_t i = 0; i < steps.size(); ++i) {
            for (const char* key : {"step", "epoch", "loss", "grad_norm", "lr", "samples_per_s", "tflops"})
                QVERIFY(steps[i].contains(key));
            QVERIFY(steps[i]["tflops"].get<double>() > 0);
            QCOMPARE(steps[i]["step"].get<int>(), int(i) + 1);
            for (auto [mine, theirs] : {std::pair{"loss", "loss"}, std::pair{"grad_norm", "grad_norm"}, std::pair{"lr", "lr"}}) {
                const double got = steps[i][mine].get<double>(), want = golden[i][theirs].get<double>();
                QVERIFY2(std::abs(got - want) <= 1e-4,
                         qPrintable(QStringLiteral("step %1 %2: %3 vs %4").arg(i).arg(QString::fromUtf8(mine)).arg(got).arg(want)));
            }
        }
        // --out DIR: the model in DIR/final, the run's state in DIR/run.
        QVERIFY(QFile::exists(dir.filePath("out/final/config.json")));
        QVERIFY(QFile::exists(dir.filePath("out/final/model.safetensors")));
        QVERIFY(QFile::exists(dir.filePath("out/final/tokenizer.json")));
        QVERIFY(QFile::exists(dir.filePath("out/run/run.json")));
        QVERIFY(QFile::exists(dir.filePath("out/run/checkpoints/last/model.safetensors")));
        QVERIFY(QFile::exists(dir.filePath("out/run/checkpoints/best/model.safetensors")));
        QVERIFY(!QFileInfo::exists(dir.filePath("out.training")));
        QFile card(dir.filePath("out/final/README.md"));
        QVERIFY(card.open(QIODevice::ReadOnly));
        const QByteArray md = card.readAll();
        QVERIFY(md.contains("learning_rate") && md.contains("Metrics per epoch"));
    }

    void scratchPresetTrainsAndExports() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath("train.csv"), agNewsLines(1000, 1600)));
        const QString log = dir.filePath(QStringLiteral("log.jsonl"));
        const auto r = runCli({"train", "--train", dir.filePath("train.csv"), "--preset", "scratch-d128", "--vocab-size", "1000",
                               "--out", dir.filePath("out"), "--epochs", "2", "--batch-size", "32", "--lr", "1e-3",
                               "--warmup-ratio", "0.1", "--max-length", "64", "--log-jsonl", log});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir.filePath("out/final/spiece.model")) ||
                QFile::exists(dir.filePath("out/final/tokenizer.json")));
        QVERIFY(QFile::exists(dir.filePath("out/final/model.safetensors")));
        QVERIFY(QFile::exists(dir.filePath("out/run/tokenizer/spiece.model")));  // the trained tokenizer
        QVERIFY(r.err.contains(QDir(dir.filePath("out/final")).absolutePath()));  // "model written to"
        // The closing line gives the process's peak resident memory: more than LibTorch alone.
        const auto peak = QRegularExpression(QStringLiteral("peak memory ([0-9.]+) GiB")).match(r.err);
        QVERIFY2(peak.hasMatch(), qPrintable(r.err));
        QVERIFY2(peak.captured(1).toDouble() > 0.05 && peak.captured(1).toDouble() < 16, qPrintable(peak.captured(0)));
        std::size_t evals = 0;
        for (const auto& j : readJsonl(log)) evals += j.contains("eval") ? 1 : 0;
        QCOMPARE(evals, std::size_t(2));
        QVERIFY(r.out.contains("macro-F1"));
        // Where Headliner replaced OpenBLAS's kernels (this test process chose at start-up as the
        // CLI does), the run's log says so, once; else it says nothing about the BLAS.
        const auto kernels = headliner::blas::kernels();
        if (kernels.note.empty()) {
            QVERIFY2(!r.err.contains(QStringLiteral("BLAS: ")), qPrintable(r.err));
        } else {
            QCOMPARE(r.err.count(QString::fromStdString("BLAS: " + kernels.note + "\n")), 1);
        }
    }

    // The scratch presets' default vocabulary (8,000 pieces) is more than a few hundred headlines
    // can fill: the run trains the tokenizer it can, says so, and the model's embeddings match it.
    void smallFileTrainsTheVocabularyItFills() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath("train.csv"), agNewsLines(0, 300)));
        const auto r = runCli({"train", "--train", dir.filePath("train.csv"), "--preset", "scratch-d128", "--out",
                               dir.filePath("out"), "--max-steps", "2", "--max-length", "32"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto said = QRegularExpression(QStringLiteral(
                                                 "warning: the tokenizer has ([0-9]+) pieces: the training texts do not fill the 8000 asked for"))
                              .match(r.err);
        QVERIFY2(said.hasMatch(), qPrintable(r.err));
        const int pieces = said.captured(1).toInt();
        QVERIFY2(pieces > 100 && pieces < 8000, qPrintable(said.captured(0)));
        QFile config(dir.filePath("out/final/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QCOMPARE(nlohmann::json::parse(config.readAll().toStdString()).at("vocab_size").get<int>(), pieces);
    }

    // A new run into a folder that holds one is refused, naming the way to continue it, and
    // leaves that run as it was; --overwrite replaces it, the trained tokenizer included, once
    // the new run's data has been read.
    void aNewRunDoesNotReplaceAnotherUnasked() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath("a.csv"), agNewsLines(0, 300)));
        QVERIFY(writeFile(dir.filePath("b.csv"), agNewsLines(300, 600)));
        const QString out = dir.filePath("out");
        auto train = [&](const QString& file, const QString& vocab, const QStringList& more) {
            QStringList args{"train", "--train", file, "--preset", "scratch-d128", "--vocab-size", vocab, "--out", out,
                             "--max-steps", "2", "--max-length", "32"};
            return runCli(args + more);
        };
        auto vocabOf = [&] {
            QFile config(out + "/final/config.json");
            return config.open(QIODevice::ReadOnly)
                       ? nlohmann::json::parse(config.readAll().toStdString()).at("vocab_size").get<int>()
                       : -1;
        };
        const auto first = train(dir.filePath("a.csv"), "300", {});
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QCOMPARE(vocabOf(), 300);
        QFile weights(out + "/final/model.safetensors");
        QVERIFY(weights.open(QIODevice::ReadOnly));
        const QByteArray before = weights.readAll();
        weights.close();

        const auto refused = train(dir.filePath("b.csv"), "500", {});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("already holds a run (a model in ")) &&
                     refused.err.contains(QStringLiteral("checkpoints up to step 2")) &&
                     refused.err.contains(QStringLiteral("headliner-cli resume --out ")) &&
                     refused.err.contains(QStringLiteral("--overwrite")),
                 qPrintable(refused.err));
        QVERIFY(weights.open(QIODevice::ReadOnly));
        QCOMPARE(weights.readAll(), before);
        weights.close();
        QFile args(out + "/run/run.json");
        QVERIFY(args.open(QIODevice::ReadOnly));
        QVERIFY(args.readAll().contains("a.csv"));  // still the first run's description
        args.close();

        // A mistyped file with --overwrite fails before anything of the first run is removed,
        // and no resume of a run that never started is suggested.
        const auto mistyped = train(dir.filePath("b.cvs"), "500", {"--overwrite"});
        QCOMPARE(mistyped.code, 1);
        QVERIFY2(mistyped.err.contains(QStringLiteral("b.cvs: cannot open")) &&
                     !mistyped.err.contains(QStringLiteral("resume --out")),
                 qPrintable(mistyped.err));
        QVERIFY(weights.open(QIODevice::ReadOnly));
        QCOMPARE(weights.readAll(), before);
        weights.close();
        QVERIFY(QFile::exists(out + "/run/checkpoints/last/model.safetensors"));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QVERIFY(args.readAll().contains("a.csv"));  // the first run's description is kept with it
        args.close();

        const auto replaced = train(dir.filePath("b.csv"), "500", {"--overwrite"});
        QVERIFY2(replaced.code == 0, qPrintable(replaced.err));
        QCOMPARE(vocabOf(), 500);  // a new tokenizer, not the first run's 300 pieces
        QVERIFY(weights.open(QIODevice::ReadOnly));
        QVERIFY(weights.readAll() != before);
        QVERIFY(args.open(QIODevice::ReadOnly));
        const QByteArray described = args.readAll();
        QVERIFY(described.contains("b.csv") && !described.contains("--overwrite"));
    }

    // A file whose columns have other names: --text-column and --label-column choose them for
    // train, eval and export (which reads the run's training file for its classes); a headerless
    // TSV by position; --skip-bad-rows leaves out a broken row and says so.
    void readOptionsChooseTheColumns() {
        QTemporaryDir dir;
        QByteArray csv = "id,headline,body,category\n", tsv;
        for (int i = 0; i < 40; ++i) {
            const bool sport = i % 2 == 0;
            const QByteArray headline = sport ? "Team wins the final " + QByteArray::number(i) : "Shares fall again " + QByteArray::number(i);
            const QByteArray body = sport ? "the coach praised the players" : "investors sold bank stocks";
            csv += QByteArray::number(i) + "," + headline + "," + body + "," + (sport ? "sport" : "money") + "\n";
            tsv += (sport ? "sport" : "money") + QByteArray("\t") + headline + " " + body + "\n";
        }
        QVERIFY(writeFile(dir.filePath("custom.csv"), csv + "99,\"never closed,x,sport\n"));
        QVERIFY(writeFile(dir.filePath("rows.tsv"), tsv));
        const QString out = dir.filePath("out");
        const QStringList base{"train", "--train", dir.filePath("custom.csv"), "--preset", "ngram", "--out", out,
                               "--epochs", "2"};

        const auto plain = runCli(base);
        QCOMPARE(plain.code, 1);
        QVERIFY2(plain.err.contains(QStringLiteral("no column \"text\"; the columns are: id, headline, body, category")) &&
                     plain.err.contains(QStringLiteral("--text-column")),
                 qPrintable(plain.err));
        const QStringList columns{"--text-column", "headline,body", "--label-column", "category"};
        const auto strict = runCli(base + columns);
        QCOMPARE(strict.code, 1);
        QVERIFY2(strict.err.contains(QStringLiteral("custom.csv:42: a quoted field that starts in this record is never closed")),
                 qPrintable(strict.err));
        const auto trained = runCli(base + columns + QStringList{"--skip-bad-rows"});
        QVERIFY2(trained.code == 0, qPrintable(trained.err));
        QVERIFY2(trained.err.contains(QStringLiteral("40 rows kept, 1 skipped")), qPrintable(trained.err));
        QVERIFY(QFile::exists(out + "/final/model.safetensors"));

        // eval by position in a headerless TSV: every row, both classes known to the model.
        const auto evaluated = runCli({"eval", "--model", out + "/final", "--data", dir.filePath("rows.tsv"), "--no-header",
                                       "--text-column", "#2", "--label-column", "#1", "--json"});
        QVERIFY2(evaluated.code == 0, qPrintable(evaluated.err));
        const auto metrics = nlohmann::json::parse(evaluated.out.toStdString());
        QCOMPARE(metrics.at("rows").get<int>(), 40);
        QVERIFY2(metrics.at("accuracy").get<double>() > 0.9, evaluated.out.constData());

        // export reads the run's training file with the run's own read options.
        const auto exported = runCli({"export", "--checkpoint", out + "/run/checkpoints/last", "--to", dir.filePath("exported")});
        QVERIFY2(exported.code == 0, qPrintable(exported.err));
        QVERIFY(QFile::exists(dir.filePath("exported/model.safetensors")));

        // An evaluation file with only some of the classes trains and evaluates on them.
        QVERIFY(writeFile(dir.filePath("sport-only.csv"), "id,headline,body,category\n1,Team wins the cup,the coach praised the players,sport\n"
                                                              "2,Cup final tonight,fans cheer the players,sport\n"));
        const auto partial = runCli({"train", "--train", dir.filePath("custom.csv"), "--eval", dir.filePath("sport-only.csv"),
                                     "--preset", "ngram", "--out", dir.filePath("partial"), "--max-steps", "2",
                                     "--text-column", "headline,body", "--label-column", "category", "--skip-bad-rows"});
        QVERIFY2(partial.code == 0, qPrintable(partial.err));
        QVERIFY2(partial.out.contains("2 rows"), partial.out.constData());

        for (const auto& bad : {QStringList{"--format", "xml"}, QStringList{"--text-column", "#0"},
                                QStringList{"--label-column", ""}}) {
            const auto r = runCli(QStringList{"eval", "--model", out + "/final", "--data", dir.filePath("rows.tsv")} + bad);
            QVERIFY2(r.code == 2 && r.err.contains(QStringLiteral("option ") + bad.front()), qPrintable(r.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
