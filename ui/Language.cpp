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
    if (code != QLatin1StringView("en")) {
        auto console = std::make_unique<QTranslator>();
        if (!console->load(QStringLiteral("bulkhead_") + code, QStringLiteral(":/i18n")))
            return false;
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_") + code,
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            state.qt = std::move(qt);
        state.console = std::move(console);
        if (state.qt)
            QCoreApplication::installTranslator(state.qt.get());
        QCoreApplication::installTranslator(state.console.get());
    } else {
        // Back to the source language: widgets still need the LanguageChange event.
        auto empty = std::make_unique<QTranslator>();
        QCoreApplication::installTranslator(empty.get());
        state.console = std::move(empty);
    }
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
    const QString system = QLocale().name().left(2);
    return available().contains(system) ? system : QStringLiteral("en");
}

} // namespace bulkhead::ui
