#include "ui/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <memory>

namespace bulkhead::ui {

namespace {

struct Installed {
    QString code = QStringLiteral("en");
    std::unique_ptr<QTranslator> console;
    std::unique_ptr<QTranslator> qt;
};

Installed &installed()
{
    static Installed state;
    return state;
}

} // namespace

QStringList Language::available()
{
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QString Language::nativeName(const QString &code)
{
    // Each language names itself, untranslated, so a user can always find their own.
    if (code == QLatin1StringView("de"))
        return QStringLiteral("Deutsch");
    return QStringLiteral("English");
}

QLocale Language::localeFor(const QString &code)
{
    // The system's own conventions (de_AT, en_GB) when it speaks the chosen language; else that
    // language's main region. Numbers, amounts and dates then read as a speaker expects.
    const QLocale system = QLocale::system();
    const QLocale chosen(code);
    return system.language() == chosen.language() ? system : chosen;
}

bool Language::apply(const QString &code)
{
    if (!available().contains(code))
        return false;
    Installed &state = installed();
    for (auto *translator : {state.console.get(), state.qt.get()})
        if (translator)
            QCoreApplication::removeTranslator(translator);
    state.console.reset();
    state.qt.reset();
    // English is the source language; its file carries only the plural forms.
    auto console = std::make_unique<QTranslator>();
    if (!console->load(QStringLiteral("bulkhead_") + code, QStringLiteral(":/i18n")) &&
        code != QLatin1StringView("en"))
        return false;
    auto qt = std::make_unique<QTranslator>();
    if (code != QLatin1StringView("en") &&
        qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        state.qt = std::move(qt);
        QCoreApplication::installTranslator(state.qt.get());
    }
    // Before the LanguageChange: rebuilt views format their numbers in the new locale.
    QLocale::setDefault(localeFor(code));
    // Installing a translator, even an empty one, sends every widget its LanguageChange event.
    state.console = std::move(console);
    QCoreApplication::installTranslator(state.console.get());
    state.code = code;
    QSettings().setValue(QStringLiteral("ui/language"), code);
    return true;
}

QString Language::current()
{
    return installed().code;
}

QString Language::preferred()
{
    const QString saved = QSettings().value(QStringLiteral("ui/language")).toString();
    if (available().contains(saved))
        return saved;
    const QString system = QLocale::system().name().left(2);
    return available().contains(system) ? system : QStringLiteral("en");
}

} // namespace bulkhead::ui
