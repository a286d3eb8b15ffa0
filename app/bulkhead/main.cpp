#include "models/ConsoleSession.h"
#include "ui/ConsoleStartup.h"
#include "ui/DaemonController.h"
#include "ui/Language.h"
#include "ui/MainWindow.h"

#include <QNetworkAccessManager>

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>

#include <cstring>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("bulkhead"));
    QCoreApplication::setOrganizationName(QStringLiteral("Bulkhead"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BULKHEAD_VERSION));
}

void configureParser(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Bulkhead console: tenant inventory, isolation tiers, probes, scoped logs and "
                "evidence for a shared LLM platform."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(QCommandLineOption(
        {QStringLiteral("url")},
        QCoreApplication::translate("main", "Connect to the daemon's admin API at URL instead of "
                                            "the configured one.", "command-line option"),
        QCoreApplication::translate("main", "URL", "command-line option value")));
    parser.addOption(QCommandLineOption(
        {QStringLiteral("no-embedded")},
        QCoreApplication::translate("main", "Never start the embedded demo platform when no "
                                            "daemon is configured.", "command-line option")));
}

// --help and --version must work on a headless server, where no GUI platform can start.
bool wantsOnlyText(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version", "-?"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    if (wantsOnlyText(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        QCommandLineParser parser;
        configureParser(parser);
        parser.process(app);  // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Bulkhead"));
    bulkhead::ui::Language::apply(bulkhead::ui::Language::preferred());
    QCommandLineParser parser;
    configureParser(parser);
    parser.process(app);

    QNetworkAccessManager network;
    bulkhead::models::ConsoleSession session(&network);
    bulkhead::ui::DaemonController daemon(&network);
    bulkhead::ui::ConsoleStartup startup(&session, &daemon);
    bulkhead::ui::MainWindow window(&session, &daemon);
    QObject::connect(&startup, &bulkhead::ui::ConsoleStartup::status, &window,
                     &bulkhead::ui::MainWindow::setDaemonStatus);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &startup,
                     &bulkhead::ui::ConsoleStartup::shutdown);
    startup.begin(parser.value(QStringLiteral("url")), parser.isSet(QStringLiteral("no-embedded")));
    window.show();
    return QApplication::exec();
}
