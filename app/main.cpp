// headliner: the desktop app. Thin: parse the command line, install translations, show the
// main window. All the work is in ui/ and core/.

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QSettings>

#include "core/BlasKernels.h"
#include "core/Runtime.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"
#include "ui/Workspace.h"

int main(int argc, char** argv) {
    // OpenBLAS's kernels (core/BlasKernels.h), chosen before Qt starts any thread: the choice
    // briefly sets an environment variable. initRuntime below finds it made.
    headliner::blas::chooseKernels();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Headliner"));
    QApplication::setApplicationName(QStringLiteral("Headliner"));
    QApplication::setApplicationVersion(QStringLiteral(HEADLINER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.headliner.Headliner"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/headliner.svg")));

    // The language must be known before the parser's help text is built.
    QString language;
    const QStringList args = QApplication::arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QStringLiteral("--lang") && i + 1 < args.size())
            language = args[i + 1];
        else if (args[i].startsWith(QStringLiteral("--lang=")))
            language = args[i].mid(7);
    }
    headliner::ui::installTranslations(language);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Fine-tune transformer text classifiers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QApplication::translate("main", "Open the built-in demo."));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QApplication::translate("main", "User interface language (en, id)."),
                                  QStringLiteral("code"));
    parser.addOptions({demo, lang});
    parser.process(app);

    headliner::initRuntime();

    headliner::ui::MainWindow::applyTheme(QSettings().value(QStringLiteral("window/dark"), false).toBool());
    headliner::ui::Workspace workspace(headliner::ui::Workspace::defaultDataFolder());
    headliner::ui::MainWindow window(&workspace);
    // --demo, or a first start (nothing opened before): the built-in demo, on the Dataset page.
    // Otherwise the dataset of last time, when it is still there.
    const QString last = QSettings().value(QStringLiteral("dataset/last")).toString();
    const QString lastTest = QSettings().value(QStringLiteral("dataset/lastTest")).toString();
    if (parser.isSet(demo) || last.isEmpty() || !QFileInfo::exists(last)) {
        workspace.openDemo();
        if (parser.isSet(demo)) window.showPage(headliner::ui::MainWindow::DatasetPageIndex);
    } else {
        workspace.openDataset(last, QFileInfo::exists(lastTest) ? lastTest : QString());
    }
    QObject::connect(&workspace, &headliner::ui::Workspace::datasetChanged, &workspace, [&workspace] {
        const auto* d = workspace.dataset();
        QSettings().setValue(QStringLiteral("dataset/last"), d->isDemo ? QString() : d->trainPath);
        QSettings().setValue(QStringLiteral("dataset/lastTest"), d->isDemo ? QString() : d->testPath);
    });
    window.show();
    return QApplication::exec();
}
