// `headliner-cli bench` smoke test: on a quickly trained n-gram model, `bench latency --json`
// and `bench eval --json` print one object with their keys and sane numbers (no timing
// thresholds); bad arguments are usage errors.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "support/CliProcess.h"
#include "support/MadeUpData.h"

namespace {

using Result = headliner::test::CliResult;
using headliner::test::runCli;

}  // namespace

class TestCliBench : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString model_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY(dir_.isValid());
        QFile f(dir_.filePath(QStringLiteral("data.csv")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(headliner::test::madeUpAgNews(300, 5));
        f.close();
        const auto r = runCli({"train", "--train", dir_.filePath("data.csv"), "--preset", "ngram", "--epochs",
                               "1", "--out", dir_.filePath("out")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        model_ = dir_.filePath(QStringLiteral("out/final"));
    }

    void latencyJson() {
        const auto r =
            runCli({QStringLiteral("bench"), QStringLiteral("latency"), QStringLiteral("--model"), model_,
                    QStringLiteral("--runs"), QStringLiteral("5"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.count('\n'), 1);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* key : {"mode", "model", "device", "threads", "runs", "warmups", "tokens", "p50_ms",
                                "p95_ms", "mean_ms", "min_ms", "max_ms"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["mode"].get<std::string>(), std::string("latency"));
        QCOMPARE(j["runs"].get<int>(), 5);
        QVERIFY(j["tokens"].get<int>() > 0);
        const double p50 = j["p50_ms"].get<double>(), p95 = j["p95_ms"].get<double>();
        QVERIFY2(p50 > 0 && p95 >= p50, r.out.constData());
        QVERIFY(j["min_ms"].get<double>() <= p50 && p95 <= j["max_ms"].get<double>());
        QVERIFY(j["mean_ms"].get<double>() >= j["min_ms"].get<double>());

        const auto table =
            runCli({QStringLiteral("bench"), QStringLiteral("latency"), QStringLiteral("--model"), model_,
                    QStringLiteral("--runs"), QStringLiteral("3"), QStringLiteral("--threads"),
                    QStringLiteral("1"), QStringLiteral("--text"), QStringLiteral("stocks rally")});
        QVERIFY2(table.code == 0, qPrintable(table.err));
        for (const char* word : {"p50", "p95", "mean", "1 threads", "ms"})
            QVERIFY2(table.out.contains(word), table.out.constData());
    }

    void evalJson() {
        const auto r =
            runCli({QStringLiteral("bench"), QStringLiteral("eval"), QStringLiteral("--model"), model_,
                    QStringLiteral("--data"), dir_.filePath(QStringLiteral("data.csv")),
                    QStringLiteral("--batch-size"), QStringLiteral("16"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* key :
             {"mode", "rows", "tokens", "batch_size", "seconds", "rows_per_s", "tokens_per_s"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["rows"].get<int>(), 300);
        QCOMPARE(j["batch_size"].get<int>(), 16);
        QVERIFY(j["tokens"].get<int>() >= 300);
        QVERIFY(j["rows_per_s"].get<double>() > 0 &&
                j["tokens_per_s"].get<double>() >= j["rows_per_s"].get<double>());
    }

    void usageErrors() {
        QCOMPARE(runCli({QStringLiteral("bench")}).code, 2);
        QCOMPARE(runCli({QStringLiteral("bench"), QStringLiteral("speed"), QStringLiteral("--model"), model_})
                     .code,
                 2);
        QCOMPARE(runCli({QStringLiteral("bench"), QStringLiteral("latency")}).code, 2);  // no --model
        QCOMPARE(runCli({QStringLiteral("bench"), QStringLiteral("latency"), QStringLiteral("--model"),
                         model_, QStringLiteral("--data"), QStringLiteral("x.csv")})
                     .code,
                 2);
        QCOMPARE(
            runCli({QStringLiteral("bench"), QStringLiteral("eval"), QStringLiteral("--model"), model_}).code,
            2);
        QCOMPARE(runCli({QStringLiteral("bench"), QStringLiteral("latency"), QStringLiteral("--model"),
                         model_, QStringLiteral("--runs"), QStringLiteral("0")})
                     .code,
                 2);
        const auto help = runCli({QStringLiteral("bench"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char* option :
             {"latency", "eval", "--runs", "--text", "--threads", "--batch-size", "--json"})
            QVERIFY2(help.out.contains(option), option);
    }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "tst_cli_bench.moc"
