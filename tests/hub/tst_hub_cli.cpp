// `headliner-cli download` as a user runs it, against the local stand-in hub
// (tests/hub/hub_server.py): the last stdout line is the snapshot folder; errors are one clear
// message and exit code 1; the token never shows.
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <set>

#include "hub/HubTestServer.h"
#include "support/SharedData.h"

using headliner::test::HubTestServer;

class TestHubCli : public QObject {
    Q_OBJECT

    HubTestServer server_;

    struct Result {
        int code;
        QString out, err;
        QString lastLine() const {
            const auto lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            return lines.isEmpty() ? QString() : lines.last();
        }
    };

    Result run(const QStringList& args, const QMap<QString, QString>& extraEnv = {}) {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"HF_HOME", "HF_TOKEN", "HF_TOKEN_PATH", "HUGGING_FACE_HUB_TOKEN",
                                 "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HUGGINGFACE_HUB_CACHE"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HF_ENDPOINT"), QString::fromStdString(server_.endpoint()));
        env.insert(QStringLiteral("HF_HUB_CACHE"), cache_.path() + QStringLiteral("/hub"));
        env.insert(QStringLiteral("HF_HOME"),
                   cache_.path() + QStringLiteral("/home"));  // no token file there
        env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost"));
        env.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1,localhost"));
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it) env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        p.start(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI")), args);
        if (!p.waitForFinished(120000)) return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    static std::set<QString> filesIn(const QString& folder) {
        std::set<QString> out;
        QDirIterator it(folder, QDir::Files | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) out.insert(QDir(folder).relativeFilePath(it.next()));
        return out;
    }

    QTemporaryDir cache_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!qgetenv("HEADLINER_CLI").isEmpty(), "HEADLINER_CLI is not set");
        QVERIFY2(QFileInfo::exists(QString::fromLocal8Bit(qgetenv("HEADLINER_CLI"))),
                 "headliner-cli is not built");
        HEADLINER_REQUIRE_SHARED("data/vocab/distilbert-base-uncased/tokenizer.json");
        const QString why = server_.start();
        if (why.startsWith(QStringLiteral("python3 not found")))
            QSKIP(qPrintable(QStringLiteral("SKIPPING: ") + why));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void cleanupTestCase() { server_.stop(); }

    void helpListsTheCommand() {
        auto r = run({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("download")));
        r = run({QStringLiteral("download"), QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("--include GLOB")));
        QVERIFY(r.out.contains(QStringLiteral("HF_TOKEN")));
    }

    void includeGlobGivesTheSnapshotFolder() {
        const auto r = run({QStringLiteral("download"), QStringLiteral("test-org/tiny"),
                            QStringLiteral("--include"), QStringLiteral("*.json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString commit =
            server_.repo(QStringLiteral("model:test-org/tiny")).value(QStringLiteral("commit")).toString();
        const QString snapshot = r.lastLine();
        QCOMPARE(snapshot, cache_.path() + QStringLiteral("/hub/models--test-org--tiny/snapshots/") + commit);
        QCOMPARE(
            filesIn(snapshot),
            (std::set<QString>{QStringLiteral("config.json"), QStringLiteral("special_tokens_map.json"),
                               QStringLiteral("tokenizer.json"), QStringLiteral("tokenizer_config.json")}));
        QVERIFY2(r.err.contains(QStringLiteral("tokenizer.json")), qPrintable(r.err));  // progress on stderr

        // Several --include, a dataset.
        const auto d = run({QStringLiteral("download"), QStringLiteral("sh0416/ag_news"),
                            QStringLiteral("--dataset"), QStringLiteral("--include=train.jsonl"),
                            QStringLiteral("--include"), QStringLiteral("test.*")});
        QVERIFY2(d.code == 0, qPrintable(d.err));
        QVERIFY(d.lastLine().contains(QStringLiteral("/hub/datasets--sh0416--ag_news/snapshots/")));
        QCOMPARE(filesIn(d.lastLine()),
                 (std::set<QString>{QStringLiteral("test.jsonl"), QStringLiteral("train.jsonl")}));

        // Offline, from the cache, with a notice on stderr.
        const auto o = run({QStringLiteral("download"), QStringLiteral("test-org/tiny"),
                            QStringLiteral("--include"), QStringLiteral("*.json")},
                           {{QStringLiteral("HF_HUB_OFFLINE"), QStringLiteral("1")}});
        QVERIFY2(o.code == 0, qPrintable(o.err));
        QCOMPARE(o.lastLine(), snapshot);
        QVERIFY2(o.err.contains(QStringLiteral("offline")), qPrintable(o.err));
    }

    void errorsAreOneClearMessage() {
        auto r = run({QStringLiteral("download"), QStringLiteral("test-org/gated")});
        QCOMPARE(r.code, 1);
        QVERIFY2(
            r.err.contains(QStringLiteral("HF_TOKEN")) && r.err.contains(QStringLiteral("test-org/gated")),
            qPrintable(r.err));
        QCOMPARE(r.err.count(QStringLiteral("error:")), 1);
        QVERIFY(r.out.isEmpty());

        const QString wrong = QStringLiteral("hf_NotTheRightOne_4242");
        r = run({QStringLiteral("download"), QStringLiteral("test-org/gated")},
                {{QStringLiteral("HF_TOKEN"), wrong}});
        QCOMPARE(r.code, 1);
        QVERIFY2(!r.err.contains(wrong) && !r.out.contains(wrong), qPrintable(r.err));

        r = run({QStringLiteral("download"), QStringLiteral("test-org/gated")},
                {{QStringLiteral("HF_TOKEN"), QString::fromLatin1(HubTestServer::kToken)}});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!r.err.contains(QString::fromLatin1(HubTestServer::kToken)));

        r = run({QStringLiteral("download"), QStringLiteral("test-org/missing")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not found")), qPrintable(r.err));

        // No network: an empty cache is an error; a cached snapshot is used, with a notice.
        r = run({QStringLiteral("download"), QStringLiteral("test-org/tiny")},
                {{QStringLiteral("HF_ENDPOINT"), QString::fromStdString(server_.deadEndpoint())},
                 {QStringLiteral("HF_HUB_CACHE"), cache_.path() + QStringLiteral("/empty")}});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("could not connect to ") +
                                QString::fromStdString(server_.deadEndpoint())),
                 qPrintable(r.err));
        r = run({QStringLiteral("download"), QStringLiteral("test-org/tiny")},
                {{QStringLiteral("HF_ENDPOINT"), QString::fromStdString(server_.deadEndpoint())}});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("could not connect")), qPrintable(r.err));
        QVERIFY(r.lastLine().contains(QStringLiteral("/hub/models--test-org--tiny/snapshots/")));

        r = run({QStringLiteral("download")});
        QCOMPARE(r.code, 2);
        r = run({QStringLiteral("download"), QStringLiteral("../etc")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("repository id")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestHubCli)
#include "tst_hub_cli.moc"
