#pragma once

#include <QString>
#include <QStringList>

namespace bulkhead::ui {

// The console's languages, switchable at runtime: installing a translator sends every widget
// a LanguageChange event (MainWindow rebuilds its views on it).
class Language final
{
public:
    // "en", "de".
    static QStringList available();
    // The native name shown in menus ("English", "Deutsch").
    static QString nativeName(const QString &code);
    // Installs the console's and Qt's own translations for `code`; false if unknown.
    static bool apply(const QString &code);
    static QString current();
    // The saved choice, else the system locale's language if available, else English.
    static QString preferred();
};

} // namespace bulkhead::ui
