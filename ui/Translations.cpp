#include "ui/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace headliner::ui {

namespace {
// "id_ID", "en-US" -> "id", "en"
QString languageCode(const QString& name) {
    return name.section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0);
}
}  // namespace

QStringList availableLanguages() {
    QStringList langs{QStringLiteral("en")};
    const auto files = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("headliner_*.qm")});
    for (const QString& f : files) {
        const QString lang = f.mid(10, f.size() - 13);  // headliner_XX.qm -> XX
        if (!langs.contains(lang)) langs << lang;       // headliner_en.qm: English plural forms
    }
    return langs;
}

QString installTranslations(const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const QString folder = QStringLiteral(":/i18n");
    auto* app = QCoreApplication::instance();
    auto* ours = new QTranslator(app);
    // English is the source language, but its plural forms ("1 row" / "2000 rows" for "%n row(s)")
    // come from headliner_en.qm, which is also the fallback for a language Headliner does not ship.
    bool english = false;
    if (!ours->load(locale, QStringLiteral("headliner"), QStringLiteral("_"), folder)) {
        english = true;
        if (!ours->load(QStringLiteral("headliner_en"), folder)) {
            delete ours;
            return QStringLiteral("en");
        }
    }
    QCoreApplication::installTranslator(ours);
    // The language of the file that loaded: the system locale may list several languages.
    QString lang = languageCode(ours->language());
    if (lang.isEmpty()) lang = english ? QStringLiteral("en") : languageCode(locale.name());

    auto* qt = new QTranslator(app);  // Qt's own strings (standard dialogs, buttons)
    const QLocale qtLocale = languageCode(locale.name()) == lang ? locale : QLocale(lang);
    if (qt->load(qtLocale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return lang;
}

}  // namespace headliner::ui
