// The hub dialog against a real local stand-in for the Hugging Face hub (tests/hub/hub_server.py
// on 127.0.0.1, reached through HF_ENDPOINT): search by name, download a dataset with progress
// into the Hugging Face cache, open it on the Dataset page, use the cached copy the next time,
// and a gated model's clear error without a token.
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "hub/HubTestServer.h"
#include "support/SharedData.h"
#include "ui/HubDialog.h"
#include "ui/Workspace.h"
#include "ui/pages/DatasetPage.h"

using namespace headliner;
using namespace headliner::ui;

class TestHubDialog : public QObject {
    Q_OBJECT
    test::HubTestServer server_;
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() {
        HEADLINER_REQUIRE_SHARED("data/ag_news/train.csv.xz");
        HEADLINER_REQUIRE_SHARED("data/vocab/bert-base-uncased-vocab.txt");
        QStandardPaths::setTestModeEnabled(true);
        for (const char* name : {"HF_HOME", "HF_TOKEN", "HF_TOKEN_PATH", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE",
                                 "TRANSFORMERS_OFFLINE", "HUGGINGFACE_HUB_CACHE"})
            qunsetenv(name);
        qputenv("NO_PROXY", "127.0.0.1,localhost");
        qputenv("no_proxy", "127.0.0.1,localhost");
        const QString why = server_.start();
        if (why.startsWith(QStringLiteral("python3 not found"))) QSKIP(qPrintable(QStringLiteral("SKIPPING: ") + why));
        QVERIFY2(why.isEmpty(), qPrintable(why));
        qputenv("HF_ENDPOINT", QByteArray::fromStdString(server_.endpoint()));
        qputenv("HF_HUB_CACHE", (dir_.path() + QStringLiteral("/hub")).toUtf8());
        qputenv("HF_HOME", (dir_.path() + QStringLiteral("/hf-home")).toUtf8());  // no token file there
    }

    void searchesByName() {
        HubDialog dialog(hub::RepoType::Model, QStringLiteral("tiny"));
        dialog.show();
        QSignalSpy found(&dialog, &HubDialog::searchFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("searchButton")), Qt::LeftButton);
        QVERIFY(found.wait(20000));
        QVERIFY(found.front().front().toInt() >= 2);
        auto* results = dialog.findChild<QListWidget*>(QStringLiteral("results"));
        QStringList ids;
        for (int i = 0; i < results->count(); ++i) ids << results->item(i)->data(Qt::UserRole).toString();
        QVERIFY2(ids.contains(QStringLiteral("test-org/tiny")), qPrintable(ids.join(QLatin1Char(' '))));
    }

    void downloadsADatasetAndOpensIt() {
        HubDialog dialog(hub::RepoType::Dataset, QStringLiteral("sh0416/ag_news"));
        dialog.show();
        auto* cache = dialog.findChild<QLabel*>(QStringLiteral("cacheState"));
        QVERIFY(cache->text().contains(QStringLiteral("Not in your Hugging Face cache")));
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("useCached"))->isEnabled());
        QSignalSpy done(&dialog, &HubDialog::downloadFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.front()[1].toString(), QString());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const QString snapshot = dialog.snapshotFolder();
        QVERIFY(QFileInfo::exists(snapshot + QStringLiteral("/train.jsonl")));
        QVERIFY(QFileInfo::exists(snapshot + QStringLiteral("/test.jsonl")));
        QVERIFY(!QFileInfo::exists(snapshot + QStringLiteral("/README.md")));  // data files only
        QVERIFY(snapshot.startsWith(dir_.path() + QStringLiteral("/hub/datasets--sh0416--ag_news/snapshots/")));
        QCOMPARE(dialog.findChild<QProgressBar*>(QStringLiteral("downloadProgress"))->value(), 1000);

        // The Dataset page opens the snapshot's train and test files.
        Workspace workspace(dir_.path() + QStringLiteral("/data"));
        DatasetPage page(&workspace);
        QSignalSpy changed(&workspace, &Workspace::datasetChanged);
        page.openSnapshot(snapshot);
        QVERIFY(changed.wait(30000));
        QCOMPARE(workspace.dataset()->train->size(), std::size_t(400));
        QCOMPARE(workspace.dataset()->test->size(), std::size_t(200));
        QCOMPARE(workspace.dataset()->train->format, std::string("hf-jsonl"));

        // Next time the cached copy is offered and used without a request for data.
        server_.reset();
        HubDialog again(hub::RepoType::Dataset, QStringLiteral("sh0416/ag_news"));
        again.show();
        QVERIFY(again.findChild<QLabel*>(QStringLiteral("cacheState"))->text().contains(snapshot));
        auto* use = again.findChild<QPushButton*>(QStringLiteral("useCached"));
        QVERIFY(use->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        QCOMPARE(again.result(), int(QDialog::Accepted));
        QCOMPARE(again.snapshotFolder(), snapshot);
        QCOMPARE(server_.requestsOf(QStringLiteral("data")).size(), 0);
    }

    void gatedModelSaysWhatToDo() {
        HubDialog dialog(hub::RepoType::Model, QStringLiteral("test-org/gated"));
        dialog.show();
        QSignalSpy done(&dialog, &HubDialog::downloadFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
        QVERIFY(done.wait(30000));
        const QString error = done.front()[1].toString();
        QVERIFY2(error.contains(QStringLiteral("HF_TOKEN")), qPrintable(error));
        QVERIFY(dialog.isVisible());  // still open: the user can act on the message
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("downloadStatus"))->text().contains(QStringLiteral("failed")));
    }
};

QTEST_MAIN(TestHubDialog)
#include "tst_hub_dialog.moc"
