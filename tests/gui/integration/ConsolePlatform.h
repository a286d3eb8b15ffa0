#pragma once

// Header-only fixture for the console's integration tests: a real bulkheadd (in process) on the
// test PostgreSQL, the reference upstream (bulkhead-refmodel, a separate process) and tenants
// created through the admin API. Nothing is mocked.
#include "support/PortFile.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <string>

namespace bulkhead::testsupport {

class ConsolePlatform
{
public:
    ConsolePlatform() = default;
    ConsolePlatform(const ConsolePlatform &) = delete;
    ConsolePlatform &operator=(const ConsolePlatform &) = delete;
    ~ConsolePlatform() { stop(); }

    // Starts the upstream and the daemon; false (with the reason in `error`) if either fails.
    bool start(std::string *error)
    {
        const QString portFile = m_dir.filePath(QStringLiteral("refmodel.port"));
        m_refmodel.start(qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QStringLiteral("/bulkhead-refmodel"),
                         {QStringLiteral("--port-file"), portFile});
        const int port = waitForPortFile(portFile, m_refmodel);
        if (port <= 0) {
            *error = "bulkhead-refmodel did not start";
            return false;
        }
        m_upstream = "http://127.0.0.1:" + std::to_string(port) + "/v1";
        auto config = testDaemonConfig(m_db, m_upstream);
        config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
        m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
        m_daemon->start();
        std::ifstream(config.adminTokenFile) >> m_token;
        if (m_token.empty()) {
            *error = "bulkheadd wrote no admin token";
            return false;
        }
        return true;
    }

    void stop()
    {
        if (m_daemon) {
            m_daemon->shutdown();
            m_daemon->wait();
            m_daemon.reset();
        }
        if (m_refmodel.state() != QProcess::NotRunning) {
            m_refmodel.terminate();
            m_refmodel.waitForFinished(5000);
        }
    }

    // POST /admin/v1/tenants with `tenant` (id, classifications, tier, ...); the reply's body.
    nlohmann::json createTenant(const nlohmann::json &tenant)
    {
        const auto reply = admin().call("POST", "/admin/v1/tenants", tenant);
        return reply.ok() ? reply.body : nlohmann::json();
    }
    // A tenant-auditor token for one tenant (shown once by the daemon).
    std::string issueAuditorToken(const std::string &tenant)
    {
        const auto reply = admin().call("POST", "/admin/v1/tokens",
                                        {{"role", "tenant-auditor"}, {"tenant", tenant}, {"label", "gui test"}});
        return reply.ok() ? reply.body.value("token", std::string()) : std::string();
    }
    // A data-plane API key for a tenant.
    std::string issueApiKey(const std::string &tenant)
    {
        const auto reply = admin().call("POST", "/admin/v1/tenants/" + tenant + "/keys", {{"label", "gui test"}});
        return reply.ok() ? reply.body.value("api_key", std::string()) : std::string();
    }
    // One chat completion as the holder of `apiKey` (leaves an audit record).
    int chat(const std::string &apiKey, const std::string &text)
    {
        const ctl::AdminClient client(url(), apiKey);
        return client.call("POST", "/v1/chat/completions",
                           {{"model", "bulkhead-refmodel"}, {"messages", {{{"role", "user"}, {"content", text}}}}})
            .status;
    }

    // Stores a document as the holder of `apiKey`; true when the daemon took it.
    bool addDocument(const std::string &apiKey, const std::string &text)
    {
        const ctl::AdminClient client(url(), apiKey);
        return client.call("POST", "/v1/documents", {{"text", text}}).status == 201;
    }

    ctl::AdminClient admin() const { return ctl::AdminClient(url(), m_token); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_daemon->port()); }
    QUrl qurl() const { return QUrl(QString::fromStdString(url())); }
    QString token() const { return QString::fromStdString(m_token); }
    QStringList databaseArguments() const { return testDatabaseArguments(m_db); }
    std::string upstream() const { return m_upstream; }
    QString scratch(const QString &name) const { return m_dir.filePath(name); }

private:
    TestDatabase m_db;
    QTemporaryDir m_dir;
    QProcess m_refmodel;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::string m_token;
    std::string m_upstream;
};

} // namespace bulkhead::testsupport
