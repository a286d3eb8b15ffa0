#pragma once

#include <QLocale>
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
    // The locale numbers, amounts and dates are shown in for `code`: the system's when it is
    // the same language (keeps de_CH's conventions), else the language's main one.
    static QLocale localeFor(const QString &code);
    // Installs the console's and Qt's own translations for `code` and makes localeFor(code)
    // the default QLocale; false if unknown.
    static bool apply(const QString &code);
    static QString current();
    // The saved choice, else the system locale's language if available, else English.
    static QString preferred();
};

} // namespace bulkhead::ui
