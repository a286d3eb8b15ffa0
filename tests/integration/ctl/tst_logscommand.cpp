// bulkheadctl logs query|export and tokens issue against a real daemon and PostgreSQL: an
// export pages through every record of the tenant into JSON Lines, a refused export leaves no
// file behind, and an issued auditor token reads its own tenant only.
#include "ctl/AdminClient.h"
#include "ctl/Cli.h"
#include "daemon/Daemon.h"
#include "support/TestDatabase.h"
#include "support/TestDaemon.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace bulkhead;
using nlohmann::json;

namespace {

constexpr int kRequests = 7;

std::vector<json> readJsonLines(const std::string &path)
{
    std::vector<json> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        lines.push_back(json::parse(line));
    return lines;
}

} // namespace

class TestLogsCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void exportPagesThroughEveryRecord();
    void queryShowsOnePage();
    void issuedAuditorTokenReadsOnlyItsTenant();
    void refusedExportLeavesNoFile();
    void strictModeRecordsTheIntentFirst();
    void retentionIsSetShownAndApplied();
    void removingATenantArchivesItsChain();
    void secretsComeFromFilesNotTheCommandLine();

private:
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_daemon->port()); }
    int ctl(std::vector<std::string> args, std::string *out = nullptr, std::string *err = nullptr);

    testsupport::TestDatabase m_db;
    QTemporaryDir m_dir;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::string m_token;
};

int TestLogsCommand::ctl(std::vector<std::string> args, std::string *out, std::string *err)
{
    std::ostringstream o, e;
    const int code = ctl::runCli(args, o, e);
    if (out)
        *out = o.str();
    if (err)
        *err = e.str();
    return code;
}

void TestLogsCommand::initTestCase()
{
    // Nothing listens on the discard port: every chat fails upstream, and is still audited.
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(config.adminTokenFile) >> m_token;
    const ctl::AdminClient admin(url(), m_token);
    for (const std::string id : {"logs_alpha", "logs_bravo"})
        QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", id}, {"tier", 1}}).ok());
    const auto key = admin.call("POST", "/admin/v1/tenants/logs_alpha/keys", json::object());
    QVERIFY2(key.ok(), key.body.dump().c_str());
    const ctl::AdminClient alpha(url(), key.body["api_key"].get<std::string>());
    for (int i = 0; i < kRequests; ++i) {
        const auto reply = alpha.call("POST", "/v1/chat/completions",
                                      {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "hello"}}}}});
        QVERIFY(reply.status >= 400);  // the upstream is down; the record exists anyway
    }
}

void TestLogsCommand::cleanupTestCase()
{
    m_daemon->shutdown();
    m_daemon->wait();
}

void TestLogsCommand::exportPagesThroughEveryRecord()
{
    const std::string path = m_dir.filePath(QStringLiteral("alpha.jsonl")).toStdString();
    std::string out, err;
    // Pages of two records: the export follows next_after to the end.
    const int code = ctl({"--url", url(), "--token", m_token, "logs", "export", "--tenant", "logs_alpha",
                          "--limit", "2", "--out", path},
                         &out, &err);
    QVERIFY2(code == 0, err.c_str());
    QVERIFY(err.find("7 records written") != std::string::npos);
    const auto lines = readJsonLines(path);
    QCOMPARE(static_cast<int>(lines.size()), kRequests);
    std::int64_t previous = -1;  // sequences start at 0
    for (const auto &r : lines) {
        QCOMPARE(r["tenant"].get<std::string>(), std::string("logs_alpha"));
        QVERIFY(r["seq"].get<std::int64_t>() > previous);
        previous = r["seq"].get<std::int64_t>();
    }
    QVERIFY(!std::filesystem::exists(path + ".partial"));
    // --after starts later: the first two records are left out.
    QCOMPARE(ctl({"--url", url(), "--token", m_token, "logs", "export", "--tenant", "logs_alpha", "--limit", "2",
                  "--after", std::to_string(lines[1]["seq"].get<std::int64_t>())},
                 &out, &err),
             0);
    QCOMPARE(static_cast<int>(std::count(out.begin(), out.end(), '\n')), kRequests - 2);
}

void TestLogsCommand::queryShowsOnePage()
{
    std::string out, err;
    QCOMPARE(ctl({"--url", url(), "--token", m_token, "logs", "query", "--tenant", "logs_alpha", "--limit", "3"},
                 &out, &err),
             0);
    QCOMPARE(static_cast<int>(std::count(out.begin(), out.end(), '\n')), 3 + 1);  // three and "(more: ...)"
    QVERIFY(out.find("(more: --after") != std::string::npos);
    QCOMPARE(ctl({"--url", url(), "--token", m_token, "logs", "export", "--after", "x1"}, &out, &err), 2);
}

void TestLogsCommand::issuedAuditorTokenReadsOnlyItsTenant()
{
    std::string out, err;
    QCOMPARE(ctl({"--url", url(), "--token", m_token, "--json", "tokens", "issue", "--role", "tenant-auditor",
                  "--tenant", "logs_bravo"},
                 &out, &err),
             0);
    const std::string bravoAuditor = json::parse(out)["token"];
    QVERIFY(!bravoAuditor.empty());
    // Its own tenant: an empty log, exported as an empty file.
    const std::string path = m_dir.filePath(QStringLiteral("bravo.jsonl")).toStdString();
    QCOMPARE(ctl({"--url", url(), "--token", bravoAuditor, "logs", "export", "--out", path}, &out, &err), 0);
    QCOMPARE(readJsonLines(path).size(), std::size_t{0});
    // Another tenant's log: refused (403, the same answer as for a tenant that does not exist).
    QCOMPARE(ctl({"--url", url(), "--token", bravoAuditor, "logs", "query", "--tenant", "logs_alpha"}, &out, &err), 1);
    QVERIFY2(err.find("permission_denied") != std::string::npos, err.c_str());
}

void TestLogsCommand::refusedExportLeavesNoFile()
{
    std::string out, err;
    QCOMPARE(ctl({"--url", url(), "--token", m_token, "--json", "tokens", "issue", "--role", "tenant-auditor",
                  "--tenant", "logs_bravo"},
                 &out, &err),
             0);
    const std::string bravoAuditor = json::parse(out)["token"];
    const std::string path = m_dir.filePath(QStringLiteral("refused.jsonl")).toStdString();
    QCOMPARE(ctl({"--url", url(), "--token", bravoAuditor, "logs", "export", "--tenant", "logs_alpha", "--out", path},
                 &out, &err),
             1);
    QVERIFY(!std::filesystem::exists(path));
    QVERIFY(!std::filesystem::exists(path + ".partial"));
}

void TestLogsCommand::strictModeRecordsTheIntentFirst()
{
    // A second daemon on the same control plane, in strict audit mode.
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");
    config.auditIntent = true;
    daemon::Daemon strict(config, [](auto, auto, auto) {});
    strict.start();
    const ctl::AdminClient admin(url(), m_token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "logs_strict"}, {"tier", 1}}).ok());
    const auto key = admin.call("POST", "/admin/v1/tenants/logs_strict/keys", json::object());
    const ctl::AdminClient caller("http://127.0.0.1:" + std::to_string(strict.port()),
                                  key.body["api_key"].get<std::string>());
    QTRY_VERIFY_WITH_TIMEOUT(caller.call("GET", "/v1/models").status != 401, 10000);  // the tenant has arrived
    const auto reply =
        caller.call("POST", "/v1/chat/completions", {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}});
    strict.shutdown();
    strict.wait();
    const auto records = admin.call("GET", "/admin/v1/logs?tenant=logs_strict&route=/v1/chat/completions").body["records"];
    QCOMPARE(records.size(), std::size_t{2});
    QCOMPARE(records[0]["request_id"], records[1]["request_id"]);
    QCOMPARE(records[0]["reasons"], json::array({"intent"}));  // committed before forwarding
    QVERIFY2(records[1]["reasons"] != json::array({"intent"}), records[1].dump().c_str());
    QVERIFY(reply.status >= 400);  // the upstream was down: the outcome record says so
}

void TestLogsCommand::retentionIsSetShownAndApplied()
{
    std::string out, err;
    const std::vector<std::string> admin{"--url", url(), "--token", m_token};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), admin.begin(), admin.end());
        return args;
    };
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "logs_alpha"}), &out, &err), 0);
    QVERIFY2(out.find("keeps every record") != std::string::npos, out.c_str());
    QCOMPARE(ctl(with({"logs", "prune", "--tenant", "logs_alpha"}), &out, &err), 2);  // no period set: conflict
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "logs_alpha", "--days", "30"}), &out, &err), 0);
    QVERIFY2(out.find("keeps 30 days") != std::string::npos, out.c_str());
    // Today's records are younger than 30 days: nothing is pruned, and the chain verifies.
    QCOMPARE(ctl(with({"--json", "logs", "prune", "--tenant", "logs_alpha"}), &out, &err), 0);
    QCOMPARE(json::parse(out)["pruned"].get<int>(), 0);
    QCOMPARE(ctl(with({"logs", "verify", "--tenant", "logs_alpha"}), &out, &err), 0);
    QVERIFY2(out.find("(0 pruned by retention)") != std::string::npos, out.c_str());
    // Bad periods and other roles are refused; off clears it.
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "logs_alpha", "--days", "0"}), &out, &err), 2);
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "nobody_here", "--days", "3"}), &out, &err), 2);
    QCOMPARE(ctl(with({"logs", "query", "--tenant", "logs_alpha", "--days", "3"}), &out, &err), 2);
    QCOMPARE(ctl(with({"--json", "tokens", "issue", "--role", "tenant-auditor", "--tenant", "logs_alpha"}), &out, &err),
             0);
    const std::string auditor = json::parse(out)["token"];
    QCOMPARE(ctl({"--url", url(), "--token", auditor, "logs", "retention", "--tenant", "logs_alpha"}, &out, &err), 0);
    QCOMPARE(ctl({"--url", url(), "--token", auditor, "logs", "retention", "--tenant", "logs_alpha", "--days", "1"},
                 &out, &err),
             1);
    QCOMPARE(ctl({"--url", url(), "--token", auditor, "logs", "prune", "--tenant", "logs_alpha"}, &out, &err), 1);
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "logs_alpha", "--days", "off"}), &out, &err), 0);
    QVERIFY2(out.find("keeps every record") != std::string::npos, out.c_str());
}

void TestLogsCommand::removingATenantArchivesItsChain()
{
    std::string out, err;
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--url", url(), "--token", m_token});
        return args;
    };
    const ctl::AdminClient admin(url(), m_token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "logs_leaver"}, {"tier", 1}}).ok());
    const auto key = admin.call("POST", "/admin/v1/tenants/logs_leaver/keys", json::object());
    QVERIFY(key.ok());
    const ctl::AdminClient leaver(url(), key.body["api_key"].get<std::string>());
    for (int i = 0; i < 3; ++i)
        leaver.call("POST", "/v1/chat/completions",
                    {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "goodbye"}}}}});
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "logs_leaver", "--days", "90"}), &out, &err), 0);

    // The id typed again is required, and must be this tenant's.
    QCOMPARE(ctl(with({"tenants", "remove", "logs_leaver", "--version", "1"}), &out, &err), 2);
    QVERIFY2(err.find("--confirm") != std::string::npos, err.c_str());
    QCOMPARE(ctl(with({"tenants", "remove", "logs_leaver", "--version", "1", "--confirm", "logs_alpha"}), &out, &err), 2);
    QCOMPARE(ctl(with({"--json", "logs", "query", "--tenant", "logs_leaver"}), &out, &err), 0);
    QCOMPARE(json::parse(out)["records"].size(), 3u);

    QCOMPARE(ctl(with({"--json", "tenants", "remove", "logs_leaver", "--version", "1", "--confirm", "logs_leaver"}),
                 &out, &err),
             0);
    const json removed = json::parse(out);
    QCOMPARE(removed["audit_archive"]["records"].get<int>(), 3);
    QVERIFY2(removed["audit_archive"]["retain_until"].is_string(), out.c_str());  // 90 days from now
    QCOMPARE(removed["api_keys_revoked"].get<int>(), 1);
    QCOMPARE(ctl(with({"tenants", "show", "logs_leaver"}), &out, &err), 2);

    // Re-created: the old chain is not its chain.
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "logs_leaver"}, {"tier", 1}}).ok());
    QCOMPARE(ctl(with({"--json", "logs", "query", "--tenant", "logs_leaver"}), &out, &err), 0);
    QVERIFY2(json::parse(out)["records"].empty(), out.c_str());
    QCOMPARE(ctl(with({"logs", "retention", "--tenant", "logs_leaver"}), &out, &err), 0);
    QVERIFY2(out.find("keeps every record") != std::string::npos, out.c_str());
}

void TestLogsCommand::secretsComeFromFilesNotTheCommandLine()
{
    std::string out, err;
    const auto write = [&](const char *name, const std::string &content) {
        const std::string path = m_dir.filePath(QString::fromLatin1(name)).toStdString();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    };
    const std::string tokenFile = write("token.txt", m_token + "\n");
    QCOMPARE(ctl({"--url", url(), "--token-file", tokenFile, "--json", "tenants", "list"}, &out, &err), 0);
    QVERIFY2(json::parse(out).contains("tenants"), out.c_str());
    QCOMPARE(ctl({"--url", url(), "--token-file=" + tokenFile, "--json", "tenants", "list"}, &out, &err), 0);
    // Refused, naming the problem and never the content: both forms at once, a missing, empty
    // or multi-word file.
    QCOMPARE(ctl({"--url", url(), "--token", m_token, "--token-file", tokenFile, "tenants", "list"}, &out, &err), 2);
    const std::vector<std::pair<std::string, std::string>> bad{
        {m_dir.filePath(QStringLiteral("missing.txt")).toStdString(), "cannot open"},
        {write("empty.txt", "\n"), "is empty"},
        {write("two.txt", m_token + " " + m_token + "\n"), "one token"}};
    for (const auto &[path, why] : bad) {
        QCOMPARE(ctl({"--url", url(), "--token-file", path, "--json", "tenants", "list"}, &out, &err), 2);
        QVERIFY2(err.find(why) != std::string::npos, err.c_str());
        QCOMPARE(json::parse(out)["error"]["field"].get<std::string>(), std::string("token-file"));
        QVERIFY(err.find(m_token) == std::string::npos && out.find(m_token) == std::string::npos);
    }
    // The environment names a file too; a given token still wins over it.
    qputenv("BULKHEAD_TOKEN_FILE", QByteArray::fromStdString(tokenFile));
    qunsetenv("BULKHEAD_TOKEN");
    QCOMPARE(ctl({"--url", url(), "tenants", "list"}, &out, &err), 0);
    QCOMPARE(ctl({"--url", url(), "--token", "bh_admin_wrong", "tenants", "list"}, &out, &err), 1);
    qunsetenv("BULKHEAD_TOKEN_FILE");

    // A tenant's data-plane key from a file as well.
    const ctl::AdminClient admin(url(), m_token);
    const auto key = admin.call("POST", "/admin/v1/tenants/logs_alpha/keys", json::object());
    QVERIFY(key.ok());
    const std::string keyFile = write("key.txt", key.body["api_key"].get<std::string>() + "\r\n");
    QCOMPARE(ctl({"--url", url(), "--json", "docs", "search", "anything", "--api-key-file", keyFile}, &out, &err), 0);
    QVERIFY2(json::parse(out).contains("results"), out.c_str());
    QCOMPARE(ctl({"--url", url(), "docs", "search", "anything", "--api-key-file", keyFile, "--api-key", "x"}, &out, &err),
             2);
}

QTEST_GUILESS_MAIN(TestLogsCommand)
#include "tst_logscommand.moc"
