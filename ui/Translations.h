#pragma once
#include <QString>
#include <QStringList>

namespace headliner::ui {

// Installs Headliner's translation (compiled into the binary) and Qt's own for `language`
// ("id", "en", ...; empty = the system locale). Returns the language in effect.
QString installTranslations(const QString& language);

// Languages Headliner ships, as ISO 639-1 codes ("en" is the source language).
QStringList availableLanguages();

}  // namespace headliner::ui
