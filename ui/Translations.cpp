#include "ui/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace headliner::ui {

QStringList availableLanguages() {
    QStringList langs{QStringLiteral("en")};
    const auto files = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("headliner_*.qm")});
    for (const QString& f : files) langs << f.mid(10, f.size() - 13);  // headliner_XX.qm -> XX
    return langs;
}

QString installTranslations(const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* app = QCoreApplication::instance();
    auto* ours = new QTranslator(app);
    if (ours->load(locale, QStringLiteral("headliner"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ours);
        auto* qt = new QTranslator(app);  // Qt's own strings (standard dialogs, buttons)
        if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
        return locale.name().section(QLatin1Char('_'), 0, 0);
    }
    delete ours;
    return QStringLiteral("en");
}

}  // namespace headliner::ui
