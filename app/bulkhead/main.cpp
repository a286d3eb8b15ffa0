#include "models/AdminClient.h"
#include "models/TenantTableModel.h"
#include "ui/EmbeddedPlatform.h"
#include "ui/MainWindow.h"

#include <QNetworkAccessManager>
#include <QStandardPaths>

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstring>
#include <unistd.h>
#include <memory>

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
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("bulkhead"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    QCommandLineParser parser;
    configureParser(parser);
    parser.process(app);

    bulkhead::ui::MainWindow window;
    QNetworkAccessManager network;
    bulkhead::models::AdminClient client(&network);
    QObject::connect(&client, &bulkhead::models::AdminClient::tenantsLoaded, &window,
                     [&window](const QJsonArray &tenants) {
                         window.tenantModel()->setTenants(tenants);
                     });
    QObject::connect(&client, &bulkhead::models::AdminClient::failed, &window,
                     [&window](bulkhead::models::AdminError error, int) {
                         window.setDaemonStatus(bulkhead::models::describeAdminError(error));
                     });
    auto connectTo = [&](const QString &url, const QString &token) {
        client.setBaseUrl(QUrl(url));
        client.setToken(token);
        window.setDaemonStatus(QCoreApplication::translate(
                                   "main", "Daemon: %1", "status bar; %1 is the admin URL")
                                   .arg(url));
        client.fetchTenants();
    };

    std::unique_ptr<bulkhead::ui::EmbeddedPlatform> platform;
    if (const QString url = parser.value(QStringLiteral("url")); !url.isEmpty()) {
        // Until the keychain seam lands, an explicit daemon's token comes from the environment.
        connectTo(url, qEnvironmentVariable("BULKHEAD_TOKEN"));
    } else if (!parser.isSet(QStringLiteral("no-embedded"))) {
        // PostgreSQL never runs as root: for root the cluster runs as an unprivileged account,
        // which cannot enter root's private home, so root's platform lives in /var/lib.
        const QString dataFolder =
            ::geteuid() == 0 ? QStringLiteral("/var/lib/bulkhead-console")
                             : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        platform = std::make_unique<bulkhead::ui::EmbeddedPlatform>(dataFolder +
                                                                    QStringLiteral("/platform"));
        QObject::connect(platform.get(), &bulkhead::ui::EmbeddedPlatform::progress, &window,
                         [&window](const QString &step) { window.setDaemonStatus(step); });
        QObject::connect(platform.get(), &bulkhead::ui::EmbeddedPlatform::failed, &window,
                         [&window](const QString &reason) {
                             window.setDaemonStatus(QCoreApplication::translate(
                                 "main", "The embedded platform did not start: %1",
                                 "status bar").arg(reason));
                         });
        QObject::connect(platform.get(), &bulkhead::ui::EmbeddedPlatform::ready, &window,
                         [&](const QString &adminUrl, const QString &token, const QString &) {
                             connectTo(adminUrl, token);
                             window.setDaemonStatus(QCoreApplication::translate(
                                 "main", "Embedded platform at %1 (upstream: bulkhead-refmodel, a simulator)",
                                 "status bar; %1 is the admin URL").arg(adminUrl));
                         });
        QObject::connect(&app, &QCoreApplication::aboutToQuit, platform.get(),
                         [&platform] { platform->stop(); });
        platform->start();
    }
    window.show();
    return QApplication::exec();
}
