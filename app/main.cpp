// headliner: the desktop app. Thin: parse the command line, install translations, show the
// main window. All the work is in ui/ and core/.

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "core/Runtime.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"

int main(int argc, char** argv) {
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
        if (args[i] == QStringLiteral("--lang") && i + 1 < args.size()) language = args[i + 1];
        else if (args[i].startsWith(QStringLiteral("--lang="))) language = args[i].mid(7);
    }
    headliner::ui::installTranslations(language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Fine-tune transformer text classifiers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Open the built-in demo."));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QApplication::translate("main", "User interface language (en, id)."),
                                  QStringLiteral("code"));
    parser.addOptions({demo, lang});
    parser.process(app);

    headliner::initRuntime();

    headliner::ui::MainWindow window;
    if (parser.isSet(demo)) window.showPage(headliner::ui::MainWindow::DatasetPage);
    window.show();
    return QApplication::exec();
}
