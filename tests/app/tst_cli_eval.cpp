// `headliner-cli eval` end to end: a model trained by `train` (the n-gram baseline, on made-up
// data) evaluated with `eval --json` on the run's own evaluation file reports exactly what the
// training's --log-jsonl reported for the best evaluation (whose weights are in DIR/final); the
// file's classes are matched to the model's by name (another order, another format: the same
// metrics); a class the model does not know is an error naming the file and the class.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "support/CliProcess.h"
#include "support/TestFiles.h"
#include "support/MadeUpData.h"
#include "support/SharedData.h"

namespace {

using Result = headliner::test::CliResult;
using headliner::test::runCli;
using headliner::test::writeFile;
using headliner::test::readJsonl;

// The made-up AG News CSV rows as JSONL with class names ({"text": "title description", "label":
// "Sports"}), which the reader reads as its own classes in name order (Business, Sci/Tech,
// Sports, World), not AG News's id order.
QByteArray asNamedJsonl(const QByteArray& csv) {
    const char* names[] = {"World", "Sports", "Business", "Sci/Tech"};
    QByteArray out;
    for (const auto& line : csv.split('\n')) {
        if (line.isEmpty()) continue;
        const QList<QByteArray> parts = line.mid(1, line.size() - 2).replace("\",\"", "\x01").split('\x01');
        if (parts.size() != 3) return {};
        const nlohmann::json row{{"text", (parts[1] + ' ' + parts[2]).toStdString()},
                                 {"label", names[parts[0].toInt() - 1]}};
        out += QByteArray::fromStdString(row.dump()) + '\n';
    }
    return out;
}

}  // namespace

class TestCliEval : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString model_;  // the trained run's DIR/final
    nlohmann::json bestLogged_;

    Result eval(const QString& data, const QStringList& extra = {}) const {
        return runCli(QStringList{QStringLiteral("eval"), QStringLiteral("--model"), model_,
                                  QStringLiteral("--data"), data} +
                      extra);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY(dir_.isValid());
        QVERIFY(writeFile(dir_.filePath("train.csv"), headliner::test::madeUpAgNews(800, 3)));
        QVERIFY(writeFile(dir_.filePath("eval.csv"), headliner::test::madeUpAgNews(300, 4)));
        const QString log = dir_.filePath(QStringLiteral("log.jsonl"));
        // Three epochs, three evaluations: the best need not be the last.
        const auto r =
            runCli({"train", "--train", dir_.filePath("train.csv"), "--eval", dir_.filePath("eval.csv"),
                    "--preset", "ngram", "--epochs", "3", "--out", dir_.filePath("out"), "--log-jsonl", log});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        model_ = dir_.filePath(QStringLiteral("out/final"));
        QVERIFY(QFile::exists(model_ + "/model.safetensors"));
        // The best evaluation: the first with the highest accuracy (train keeps a later one only
        // when it is strictly better).
        std::vector<nlohmann::json> evals;
        for (const auto& j : readJsonl(log))
            if (j.contains("eval")) evals.push_back(j["eval"]);
        QCOMPARE(evals.size(), std::size_t(3));
        for (const auto& e : evals)
            if (bestLogged_.is_null() || e["accuracy"].get<double>() > bestLogged_["accuracy"].get<double>())
                bestLogged_ = e;
        qInfo("best logged evaluation: step %d, accuracy %.4f", bestLogged_["step"].get<int>(),
              bestLogged_["accuracy"].get<double>());
    }

    void usage() {
        const auto help = runCli({QStringLiteral("eval"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char* option :
             {"--model", "--data", "--json", "--max-length", "--batch-size", "--device", "--precision"})
            QVERIFY2(help.out.contains(option), option);
        QVERIFY(runCli({QStringLiteral("--help")}).out.contains("  eval "));
        QCOMPARE(runCli({QStringLiteral("eval"), QStringLiteral("--model"), model_}).code, 2);  // no --data
        QCOMPARE(runCli({QStringLiteral("eval"), QStringLiteral("--data"), dir_.filePath("eval.csv")}).code,
                 2);
        QCOMPARE(eval(dir_.filePath("eval.csv"), {QStringLiteral("--batch-size"), QStringLiteral("0")}).code,
                 2);
        const auto missing = eval(dir_.filePath("nope.csv"));
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("nope.csv")), qPrintable(missing.err));
    }

    void jsonEqualsTheTrainingsBestEvaluation() {
        const auto r = eval(dir_.filePath("eval.csv"),
                            {QStringLiteral("--json"), QStringLiteral("--batch-size"), QStringLiteral("7")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.count('\n'), 1);  // one JSON object
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* key : {"step", "epoch", "loss", "accuracy", "macro_f1", "per_class", "confusion",
                                "rows", "labels", "model", "data", "seconds", "samples_per_s", "precision"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["precision"].get<std::string>(), std::string("fp32"));  // the default
        QVERIFY2(j["labels"] == (nlohmann::json{"World", "Sports", "Business", "Sci/Tech"}),
                 j["labels"].dump().c_str());
        QCOMPARE(j["rows"].get<int>(), 300);
        QVERIFY2(j["confusion"] == bestLogged_["confusion"],
                 (j["confusion"].dump() + " vs " + bestLogged_["confusion"].dump()).c_str());
        QVERIFY(std::abs(j["accuracy"].get<double>() - bestLogged_["accuracy"].get<double>()) <= 1e-9);
        QVERIFY(std::abs(j["macro_f1"].get<double>() - bestLogged_["macro_f1"].get<double>()) <= 1e-9);
        for (std::size_t c = 0; c < 4; ++c)
            for (const char* key : {"precision", "recall", "f1"})
                QVERIFY(std::abs(j["per_class"][c][key].get<double>() -
                                 bestLogged_["per_class"][c][key].get<double>()) <= 1e-9);
        // The trainer's loss (float) and eval's (double) agree to float precision.
        QVERIFY2(std::abs(j["loss"].get<double>() - bestLogged_["loss"].get<double>()) <= 1e-4,
                 qPrintable(QStringLiteral("%1 vs %2")
                                .arg(j["loss"].get<double>())
                                .arg(bestLogged_["loss"].get<double>())));
        QVERIFY(j["samples_per_s"].get<double>() > 0);
        QCOMPARE(QDir(QString::fromStdString(j["model"].get<std::string>())).absolutePath(),
                 QDir(model_).absolutePath());
    }

    // --precision on a DistilBERT model (the golden tiny one, AG News's classes): int8 and bf16
    // report themselves and stay within 1% accuracy and 1e-3 loss of fp32 on the same rows; the
    // n-gram model always runs in fp32; an unknown format is a usage error naming the option.
    void precisionOption() {
        HEADLINER_REQUIRE_SHARED("golden/tiny-distilbert/model.safetensors");
        const QString tiny = headliner::test::sharedPath(QStringLiteral("golden/tiny-distilbert"));
        auto evalAs = [&](const QString& model, const char* precision) {
            const auto r = runCli({QStringLiteral("eval"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                                   dir_.filePath("eval.csv"), QStringLiteral("--json"), QStringLiteral("--precision"),
                                   QString::fromLatin1(precision)});
            if (r.code != 0) qWarning("%s", qPrintable(r.err));
            return r.code == 0 ? nlohmann::json::parse(r.out.toStdString()) : nlohmann::json();
        };
        const auto fp32 = evalAs(tiny, "fp32");
        QVERIFY(!fp32.is_null());
        for (const char* precision : {"int8", "bf16"}) {
            const auto j = evalAs(tiny, precision);
            QVERIFY(!j.is_null());
            QCOMPARE(j["precision"].get<std::string>(), std::string(precision));
            QCOMPARE(j["rows"].get<int>(), 300);
            QVERIFY(std::abs(j["accuracy"].get<double>() - fp32["accuracy"].get<double>()) <= 0.01);
            QVERIFY(std::abs(j["loss"].get<double>() - fp32["loss"].get<double>()) <= 1e-3);
        }
        QCOMPARE(evalAs(model_, "int8")["precision"].get<std::string>(), std::string("fp32"));
        const auto bad = eval(dir_.filePath("eval.csv"), {QStringLiteral("--precision"), QStringLiteral("fp16")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("--precision")), qPrintable(bad.err));
    }

    // By name, ignoring case, or as class ids.
    void classesAreMatchedByName() {
        QFile csv(dir_.filePath("eval.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray jsonl = asNamedJsonl(csv.readAll());
        QVERIFY(!jsonl.isEmpty());
        QVERIFY(writeFile(dir_.filePath("eval-named.jsonl"), jsonl));
        const auto r = eval(dir_.filePath("eval-named.jsonl"), {QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QVERIFY2(j["confusion"] == bestLogged_["confusion"],
                 (j["confusion"].dump() + " vs " + bestLogged_["confusion"].dump()).c_str());
        QVERIFY(std::abs(j["accuracy"].get<double>() - bestLogged_["accuracy"].get<double>()) <= 1e-9);

        // The Hugging Face way, labels as class ids ({"label": 1} for Sports), and names in
        // lower case: the same confusion, with a note on stderr saying how they were read.
        QByteArray asIds = jsonl, lower = jsonl;
        const char* names[] = {"World", "Sports", "Business", "Sci/Tech"};
        for (int k = 0; k < 4; ++k) {
            const QByteArray named = QByteArray("\"label\":\"") + names[k] + '"';
            asIds.replace(named, QByteArray("\"label\":") + QByteArray::number(k));
            lower.replace(named, QByteArray("\"label\":\"") + QByteArray(names[k]).toLower() + '"');
        }
        QVERIFY(!asIds.contains("\"label\":\""));
        QVERIFY(writeFile(dir_.filePath("eval-ids.jsonl"), asIds));
        QVERIFY(writeFile(dir_.filePath("eval-lower.jsonl"), lower));
        for (const auto& [file, note] :
             {std::pair{QStringLiteral("eval-ids.jsonl"),
                        QStringLiteral("its labels are read as class ids (0 = World, 1 = Sports, 2 = Business, 3 = Sci/Tech)")},
              std::pair{QStringLiteral("eval-lower.jsonl"), QStringLiteral("classes matched ignoring case: ")}}) {
            const auto other = eval(dir_.filePath(file), {QStringLiteral("--json")});
            QVERIFY2(other.code == 0, qPrintable(other.err));
            QVERIFY2(other.err.contains(QStringLiteral("note: ") + dir_.filePath(file) + ": " + note), qPrintable(other.err));
            const auto confusion = nlohmann::json::parse(other.out.toStdString())["confusion"];
            QVERIFY2(confusion == bestLogged_["confusion"], confusion.dump().c_str());
        }

        // A file with only some of the classes: its rows are still counted under the model's ids.
        QByteArray sportsOnly;
        for (const auto& line : jsonl.split('\n'))
            if (line.contains("\"label\":\"Sports\"")) sportsOnly += line + '\n';
        QVERIFY(writeFile(dir_.filePath("sports.jsonl"), sportsOnly));
        const auto s = eval(dir_.filePath("sports.jsonl"), {QStringLiteral("--json")});
        QVERIFY2(s.code == 0, qPrintable(s.err));
        const auto sj = nlohmann::json::parse(s.out.toStdString());
        QVERIFY2(sj["confusion"][1] == bestLogged_["confusion"][1], sj["confusion"].dump().c_str());
        QVERIFY(sj["per_class"][1]["support"] == bestLogged_["per_class"][1]["support"]);
    }

    void unknownClassIsAnError() {
        QVERIFY(writeFile(dir_.filePath("weather.jsonl"),
                          "{\"text\": \"storm warning for the coast\", \"label\": \"Weather\"}\n"
                          "{\"text\": \"the minister signs the treaty\", \"label\": \"World\"}\n"));
        const auto r = eval(dir_.filePath("weather.jsonl"), {QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("weather.jsonl")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("'Weather'")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void readableTable() {
        const auto r = eval(dir_.filePath("eval.csv"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString out = QString::fromUtf8(r.out);
        for (const char* word : {"accuracy", "macro-F1", "eval loss", "Sci/Tech", "confusion", "300 rows"})
            QVERIFY2(out.contains(QLatin1String(word)), qPrintable(out));
        const QString percent =
            QString::number(100 * bestLogged_["accuracy"].get<double>(), 'f', 2) + QLatin1Char('%');
        QVERIFY2(out.contains(percent), qPrintable(out + " lacks " + percent));
    }
};

QTEST_GUILESS_MAIN(TestCliEval)
#include "tst_cli_eval.moc"
