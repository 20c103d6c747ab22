// Smoke test of the desktop app shell: the window opens, the four places are reachable with
// the mouse (sidebar) and the keyboard (Ctrl+1..4), the About dialog names the libraries,
// geometry is remembered, and the Indonesian translation is compiled in.
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QXmlStreamReader>
#include <QTemporaryDir>
#include <QFile>

#include "core/BlasKernels.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"
#include "ui/Workspace.h"
#include "ui/pages/PageFrame.h"

using headliner::ui::MainWindow;

// Each window gets a workspace in a temporary data folder.
struct Window {
    QTemporaryDir dir;
    headliner::ui::Workspace workspace{dir.path()};
    MainWindow w{&workspace};
};

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("HeadlinerTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadlinerTest"));
        QSettings().clear();
    }

    void opensWithFourPages() {
        Window win;
        MainWindow& w = win.w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* nav = w.findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QCOMPARE(nav->count(), 4);
        const QStringList names{QStringLiteral("Dataset"), QStringLiteral("Train"), QStringLiteral("Predict"),
                                QStringLiteral("Export")};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(nav->item(i)->text(), names[i]);
            auto* page = qobject_cast<headliner::ui::PageFrame*>(w.page(static_cast<MainWindow::Page>(i)));
            QVERIFY(page);
            QCOMPARE(page->title(), names[i]);
        }
        QCOMPARE(w.currentPage(), MainWindow::DatasetPageIndex);
    }

    void switchesPagesWithMouse() {
        Window win;
        MainWindow& w = win.w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* nav = w.findChild<QListWidget*>(QStringLiteral("navigation"));
        auto* stack = w.findChild<QStackedWidget*>();
        for (int i : {2, 1, 3, 0}) {
            const QRect r = nav->visualItemRect(nav->item(i));
            QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, r.center());
            QCOMPARE(int(w.currentPage()), i);
            QCOMPARE(stack->currentWidget(), w.page(static_cast<MainWindow::Page>(i)));
            QVERIFY(stack->currentWidget()->isVisible());
        }
    }

    void switchesPagesWithKeyboard() {
        Window win;
        MainWindow& w = win.w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), MainWindow::PredictPageIndex);
        QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), MainWindow::ExportPageIndex);
        // Arrow keys in the sidebar move between places too.
        auto* nav = w.findChild<QListWidget*>(QStringLiteral("navigation"));
        nav->setFocus();
        QTest::keyClick(nav, Qt::Key_Up);
        QCOMPARE(w.currentPage(), MainWindow::PredictPageIndex);
        w.showPage(99);  // out of range falls back to the first page
        QCOMPARE(w.currentPage(), MainWindow::DatasetPageIndex);
    }

    void aboutDialogNamesVersions() {
        headliner::ui::AboutDialog about;
        const QString report = about.reportText();
        QVERIFY2(report.contains(QStringLiteral("Qt: ") + QString::fromLatin1(qVersion())), qPrintable(report));
        QVERIFY(report.contains(QStringLiteral("LibTorch: ")));
        QVERIFY(report.contains(QStringLiteral("sentencepiece: ")));
        QVERIFY(report.contains(QStringLiteral("CUDA: ")));
        auto* torchLabel = about.findChild<QLabel*>(QStringLiteral("about_libtorch"));
        QVERIFY(torchLabel);
        QVERIFY(torchLabel->text().contains(QLatin1Char('.')));
        // The BLAS's kernels and who chose them (core/BlasKernels.h), as `headliner-cli info` says.
        const QString kernels = QString::fromStdString(headliner::blas::kernels().describe());
        QVERIFY2(report.contains(QStringLiteral("BLAS kernels: ") + kernels + QLatin1Char('\n')), qPrintable(report));
        if (const QByteArray dir = qgetenv("HEADLINER_SCREENSHOTS"); !dir.isEmpty()) {
            about.show();
            QVERIFY(QTest::qWaitForWindowExposed(&about));
            about.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/screenshot-about.png"));
            about.hide();
        }

        // Reached from the Help menu of the window.
        Window win;
        MainWindow& w = win.w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        bool sawDialog = false;
        QTimer::singleShot(0, &w, [&] {
            auto* d = w.findChild<headliner::ui::AboutDialog*>();
            sawDialog = d && d->isVisible();
            if (d) d->reject();
        });
        w.showAbout();
        QVERIFY(sawDialog);
    }

    void remembersGeometryAndPage() {
        {
            Window win;
        MainWindow& w = win.w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.resize(1100, 720);
            w.showPage(MainWindow::TrainPageIndex);
            QVERIFY(w.close());
        }
        Window againWin;
        MainWindow& again = againWin.w;
        QCOMPARE(again.size(), QSize(1100, 720));
        QCOMPARE(again.currentPage(), MainWindow::TrainPageIndex);
    }

    // Every user-visible string has an Indonesian translation (run the update_translations
    // target after adding strings, then translate the new entries).
    void indonesianTranslationIsComplete() {
        QFile ts(QStringLiteral(HEADLINER_SOURCE_DIR "/translations/headliner_id.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QString source;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            if (xml.name() == QStringLiteral("source")) {
                source = xml.readElementText();
                ++messages;
            } else if (xml.name() == QStringLiteral("translation")) {
                const bool unfinished = xml.attributes().value(QStringLiteral("type")) == QStringLiteral("unfinished");
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                QVERIFY2(!unfinished && !text.trimmed().isEmpty(), qPrintable(QStringLiteral("untranslated: ") + source));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages >= 40);
    }

    void indonesianTranslationIsBuiltIn() {
        QVERIFY(headliner::ui::availableLanguages().contains(QStringLiteral("id")));
        QCOMPARE(headliner::ui::installTranslations(QStringLiteral("id")), QStringLiteral("id"));
        Window win;
        MainWindow& w = win.w;
        auto* nav = w.findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(nav->item(1)->text(), QStringLiteral("Latih"));
        QCOMPARE(nav->item(2)->text(), QStringLiteral("Prediksi"));
        QCOMPARE(w.windowTitle(), QStringLiteral("Headliner"));
    }

    // English is the source language but needs its plural forms ("%n row(s)" -> "1 row" /
    // "2000 rows"): headliner_en.ts holds only those (update_translations refreshes it with
    // lupdate -pluralonly), each with its two forms, and English loads it.
    void englishPluralFormsAreComplete() {
        QFile ts(QStringLiteral(HEADLINER_SOURCE_DIR "/translations/headliner_en.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QString source;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            if (xml.name() == QStringLiteral("message")) {
                QVERIFY2(xml.attributes().value(QStringLiteral("numerus")) == QStringLiteral("yes"),
                         "headliner_en.ts holds plural entries only");
                ++messages;
            } else if (xml.name() == QStringLiteral("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QStringLiteral("translation")) {
                const bool unfinished = xml.attributes().value(QStringLiteral("type")) == QStringLiteral("unfinished");
                QVERIFY2(!unfinished, qPrintable(QStringLiteral("unfinished: ") + source));
                int forms = 0;
                while (xml.readNextStartElement()) {
                    QVERIFY2(xml.name() == QStringLiteral("numerusform"), qPrintable(source));
                    const QString text = xml.readElementText();
                    QVERIFY2(!text.trimmed().isEmpty() && !text.contains(QStringLiteral("(s)")),
                             qPrintable(QStringLiteral("untranslated: ") + source));
                    ++forms;
                }
                QVERIFY2(forms == 2, qPrintable(QStringLiteral("not singular and plural: ") + source));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages >= 10);

        const QStringList languages = headliner::ui::availableLanguages();
        QCOMPARE(languages.count(QStringLiteral("en")), 1);
        QVERIFY(languages.contains(QStringLiteral("id")));
        QCOMPARE(headliner::ui::installTranslations(QStringLiteral("en")), QStringLiteral("en"));
        const char* context = "headliner::ui::DatasetPage";
        QCOMPARE(QCoreApplication::translate(context, "%n row(s)", nullptr, 1), QStringLiteral("1 row"));
        QCOMPARE(QCoreApplication::translate(context, "%n row(s)", nullptr, 2000), QStringLiteral("2000 rows"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
