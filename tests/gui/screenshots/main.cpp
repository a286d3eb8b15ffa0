// bulkhead-screenshots: renders every console view with demo data to PNG files, so anyone can
// look at the console without a display. The data is real: bulkheadd on the test PostgreSQL, the
// reference upstream, the demo tenants, some traffic and a finished probe run.
//
//   bulkhead-screenshots --out DIR [--language de] [--catalogue bulkhead_de.ts]
//
// Needs what the integration tests need (BULKHEAD_TEST_PGHOST/PORT, BULKHEAD_BINARY_DIR). Exits
// non-zero if a view cannot be rendered. With --catalogue, every view (and the About dialog) is
// also searched for English strings of that catalogue left untranslated: any is a failure.
#include "ConsolePlatform.h"
#include "UntranslatedText.h"

#include "ctl/DemoPlatform.h"
#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/AboutDialog.h"
#include "ui/ConsoleView.h"
#include "ui/DaemonController.h"
#include "ui/Language.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QNetworkAccessManager>
#include <QTextStream>

#include <iostream>

using namespace bulkhead;

namespace {

bool loadDemo(testsupport::ConsolePlatform &platform)
{
    const auto &demo = ctl::demoTenants();
    for (nlohmann::json tenant : demo) {
        tenant.erase("dedicated_upstream");
        if (platform.createTenant(tenant).is_null())
            return false;
    }
    // Traffic for the charts and the logs: a few requests per shared-tier tenant.
    for (const auto &tenant : demo) {
        if (tenant.value("tier", 1) == 3)
            continue;  // dedicated upstreams are not part of this set-up
        const std::string key = platform.issueApiKey(tenant["id"]);
        for (int i = 0; i < 3; ++i)
            platform.chat(key, "What is our claims backlog this week?");
    }
    // A finished probe run over three tenants for the probes view.
    const auto admin = platform.admin();
    const auto started = admin.call("POST", "/admin/v1/probes/runs",
                                    {{"tenants", {demo[0]["id"], demo[1]["id"], demo[2]["id"]}}});
    if (!started.ok())
        return false;
    const std::string id = started.body["id"];
    for (int i = 0; i < 600; ++i) {
        const auto run = admin.call("GET", "/admin/v1/probes/runs/" + id);
        if (run.ok() && run.body.value("state", std::string()) != "running" &&
            run.body.value("state", std::string()) != "queued")
            return true;
        QTest::qWait(100);
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bulkhead-screenshots"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("out"), QStringLiteral("Folder for the PNG files."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("language"), QStringLiteral("en or de (default en)."), QStringLiteral("CODE")});
    parser.addOption({QStringLiteral("catalogue"),
                      QStringLiteral("A .ts file: fail if a view shows one of its English sources untranslated."),
                      QStringLiteral("TS")});
    parser.process(app);
    const QString out = parser.value(QStringLiteral("out"));
    if (out.isEmpty() || !QDir().mkpath(out)) {
        std::cerr << "bulkhead-screenshots: --out DIR is required and must be creatable\n";
        return 2;
    }
    const QString language = parser.value(QStringLiteral("language")).isEmpty()
                                 ? QStringLiteral("en") : parser.value(QStringLiteral("language"));

    testsupport::UntranslatedText untranslated;
    const QString catalogue = parser.value(QStringLiteral("catalogue"));
    if (!catalogue.isEmpty() && !untranslated.load(catalogue)) {
        std::cerr << "bulkhead-screenshots: cannot read the catalogue " << catalogue.toStdString() << "\n";
        return 2;
    }

    testsupport::ConsolePlatform platform;
    std::string error;
    if (!platform.start(&error)) {
        std::cerr << "bulkhead-screenshots: " << error << "\n";
        return 1;
    }
    std::cerr << "loading the demo tenants, traffic and a probe run\n";
    if (!loadDemo(platform)) {
        std::cerr << "bulkhead-screenshots: the demo data could not be loaded\n";
        return 1;
    }

    ui::Language::apply(language);
    QNetworkAccessManager network;
    models::ConsoleSession session(&network);
    ui::DaemonController daemon(&network);
    daemon.configure(qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QStringLiteral("/bulkheadd"),
                     {QStringLiteral("--listen"), platform.qurl().authority(),
                      QStringLiteral("--database"), QStringLiteral("host=/run/postgresql dbname=bulkhead")},
                     platform.qurl());
    ui::MainWindow window(&session, &daemon);
    window.resize(1366, 860);
    window.setDaemonStatus(QStringLiteral("Daemon: %1").arg(platform.qurl().toString()));
    window.show();
    session.connectTo(platform.qurl(), platform.token());
    for (int i = 0; i < 100 && session.tenants()->rowCount() == 0; ++i)
        QTest::qWait(50);

    int written = 0;
    int english = 0;
    const auto save = [&](QWidget *widget, const QString &file) {
        if (!widget->grab().save(file)) {
            std::cerr << "bulkhead-screenshots: cannot write " << file.toStdString() << "\n";
            return false;
        }
        std::cerr << "wrote " << file.toStdString() << "\n";
        if (!catalogue.isEmpty()) {
            for (const QString &found : untranslated.findIn(widget)) {
                std::cerr << "untranslated in " << file.toStdString() << ": " << found.toStdString() << "\n";
                ++english;
            }
        }
        return true;
    };
    const auto views = window.views();
    for (int i = 0; i < views.size(); ++i) {
        const QString name = views[i]->objectName();
        window.showView(name);
        QTest::qWait(2500);  // the view's own requests (and a metrics scrape or two)
        const QString file = QStringLiteral("%1/%2-%3-%4.png")
                                 .arg(out).arg(i + 1, 2, 10, QLatin1Char('0')).arg(name, language);
        if (!save(&window, file))
            return 1;
        ++written;
    }
    window.showAbout();
    auto *about = window.findChild<ui::AboutDialog *>(QStringLiteral("aboutDialog"));
    if (!about || !QTest::qWaitForWindowExposed(about) ||
        !save(about, QStringLiteral("%1/%2-about-%3.png").arg(out).arg(views.size() + 1, 2, 10, QLatin1Char('0')).arg(language)))
        return 1;
    about->close();
    platform.stop();
    if (english > 0) {
        std::cerr << "bulkhead-screenshots: " << english << " untranslated string(s)\n";
        return 1;
    }
    return written == views.size() ? 0 : 1;
}
