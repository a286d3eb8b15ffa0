// The hostile-input matrix against a running daemon (real PostgreSQL, real HTTP on loopback).
// Every case: a specific, stable error code from protocol::ApiError (or, where the input is a
// legal value full of metacharacters, a verbatim round trip), the daemon still answers
// /healthz, and the database holds exactly what it held before (nothing half-persisted).
// Covers the transport (oversized and malformed requests, header smuggling, slow clients,
// connection floods), the JSON layer (100,000-deep nesting, invalid UTF-8, NUL bytes), path
// traversal, and every tenant-supplied field of the admin API and the log query parameters.
#include "CountingUpstream.h"
#include "HardeningHarness.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"

#include <QtTest>
#include <pqxx/pqxx>

using namespace bulkhead;
using namespace bulkhead::hardening;

namespace {

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

// Row counts of every control-plane table a tenant-supplied field can reach, and of the
// tenants' audit records. (The platform chain records every admin action, refused ones too:
// that is its job, so it is not counted.)
std::map<std::string, long long> tableCounts(testsupport::TestDatabase &db)
{
    auto connection = db.connect();
    pqxx::work tx(*connection);
    std::map<std::string, long long> counts;
    for (const char *table :
         {"tenants", "tenant_settings", "api_keys", "admin_tokens", "upstreams"})
        counts[table] = tx.exec1(std::string("SELECT count(*) FROM ") + table)[0].as<long long>();
    counts["audit_records"] =
        tx.exec1("SELECT count(*) FROM audit_records WHERE tenant_id <> 'platform'")[0]
            .as<long long>();
    return counts;
}

QString describe(const std::map<std::string, long long> &counts)
{
    QString out;
    for (const auto &[table, n] : counts)
        out += QStringLiteral("%1=%2 ").arg(QString::fromStdString(table)).arg(n);
    return out;
}

const std::string kMeta =
    "Robert'); DROP TABLE tenants;-- \"$1\" \\x00 %s {{}} ` ; /* */ Zürich – 東京 🙂";

} // namespace

class TestHostileMatrix final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void transport_data();
    void transport();
    void adminFields_data();
    void adminFields();
    void metacharactersRoundTrip();
    void hostileModelNames_data();
    void hostileModelNames();
    void logQueryParameters_data();
    void logQueryParameters();
    void slowlorisHeader();
    void slowBody();
    void connectionFlood();

private:
    // Nothing changed, except `audited` new audit records (a tenant's refused request is audited).
    void checkUnchanged(const std::map<std::string, long long> &before, long long audited = 0);

    std::unique_ptr<testsupport::TestDatabase> m_db;
    std::unique_ptr<testing::CountingUpstream> m_upstream;
    std::unique_ptr<DaemonUnderTest> m_daemon;
    std::string m_key;
    std::string m_bystanderKey;
};

void TestHostileMatrix::initTestCase()
{
    m_db = std::make_unique<testsupport::TestDatabase>();
    m_upstream = std::make_unique<testing::CountingUpstream>();
    daemon::DaemonConfig config;
    testsupport::serveTestDatabase(config, *m_db);
    config.upstreamUrl = m_upstream->baseUrl();
    config.maxBodyBytes = 512 * 1024;
    config.maxHeaderBytes = 8 * 1024;
    config.maxConnections = 24;
    config.headerTimeout = std::chrono::milliseconds(1000);
    config.requestTimeout = std::chrono::milliseconds(1500);
    m_daemon = std::make_unique<DaemonUnderTest>(config);
    m_key = m_daemon->addTenant("alpha");
    m_bystanderKey = m_daemon->addTenant("bystander");
}

void TestHostileMatrix::cleanupTestCase()
{
    m_daemon.reset();
    m_upstream.reset();
    m_db.reset();
}

void TestHostileMatrix::checkUnchanged(const std::map<std::string, long long> &before, long long audited)
{
    QCOMPARE(m_daemon->healthz(), 200);
    auto after = tableCounts(*m_db);
    if (auto it = after.find("audit_records"); it != after.end() && before.contains("audit_records")) {
        QCOMPARE(it->second, before.at("audit_records") + audited);
        it->second = before.at("audit_records");
    }
    QVERIFY2(after == before,
             qPrintable(describe(before) + QStringLiteral("-> ") + describe(after)));
}

void TestHostileMatrix::transport_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const std::string chat = "/v1/chat/completions";
    const std::string deepArrays = std::string(100000, '[') + std::string(100000, ']');
    std::string deepObjects;
    for (int i = 0; i < 100000; ++i)
        deepObjects += "{\"\":";
    deepObjects += "1" + std::string(100000, '}');
    const std::string deepAdmin = "{\"id\":\"deep\",\"name\":" + std::string(100000, '[') + "]}";

    QTest::newRow("oversized body (content-length)")
        << bytes(httpRequest("POST", chat, std::string(600 * 1024, 'a'), m_key)) << 413
        << "body_too_large";
    {
        std::string chunked = "POST " + chat + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                              m_key + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        for (int i = 0; i < 12; ++i)
            chunked += "10000\r\n" + std::string(0x10000, 'b') + "\r\n";
        chunked += "0\r\n\r\n";
        QTest::newRow("oversized body (chunked)") << bytes(chunked) << 413 << "body_too_large";
    }
    QTest::newRow("oversized admin body")
        << bytes(httpRequest("POST", "/admin/v1/tenants", std::string(600 * 1024, ' ') + "{}",
                             m_daemon->adminToken()))
        << 413 << "body_too_large";
    QTest::newRow("JSON arrays nested 100000 deep")
        << bytes(httpRequest("POST", chat, deepArrays, m_key)) << 400 << "invalid_json";
    QTest::newRow("JSON objects nested 100000 deep")
        << bytes(httpRequest("POST", chat, deepObjects, m_key)) << 400 << "invalid_json";
    QTest::newRow("JSON nested 100000 deep, admin API")
        << bytes(httpRequest("POST", "/admin/v1/tenants", deepAdmin, m_daemon->adminToken())) << 400
        << "invalid_json";
    QTest::newRow("JSON nested 100000 deep, embeddings")
        << bytes(httpRequest("POST", "/v1/embeddings", deepArrays, m_key)) << 400 << "invalid_json";
    QTest::newRow("invalid UTF-8 in chat")
        << bytes(httpRequest("POST", chat,
                             "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                             "\"\xff\xfe\xed\xa0\x80\"}]}",
                             m_key))
        << 400 << "invalid_json";
    QTest::newRow("invalid UTF-8 in admin body")
        << bytes(httpRequest("POST", "/admin/v1/tenants", "{\"id\":\"utf\",\"name\":\"\xc0\xaf\"}",
                             m_daemon->adminToken()))
        << 400 << "invalid_json";
    // nlohmann reports a number it cannot hold as out_of_range, not parse_error: once a 500.
    QTest::newRow("number overflow in chat JSON")
        << bytes(httpRequest(
               "POST", chat,
               R"({"model":"m","max_tokens":1e999,"messages":[{"role":"user","content":"x"}]})",
               m_key))
        << 400 << "invalid_json";
    QTest::newRow("number overflow in admin JSON")
        << bytes(httpRequest("POST", "/admin/v1/tenants", R"({"id":"overflow","tier":1e999})",
                             m_daemon->adminToken()))
        << 400 << "invalid_json";
    QTest::newRow("raw NUL in chat JSON")
        << bytes(httpRequest("POST", chat,
                             std::string("{\"model\":\"m") + '\0' + "\",\"messages\":[]}", m_key))
        << 400 << "invalid_json";
    QTest::newRow("huge header") << bytes("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                          std::string(20000, 'b') + "\r\n\r\n")
                                 << 431 << "header_too_large";
    {
        std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 2000; ++i)
            many += "X-" + std::to_string(i) + ": v\r\n";
        QTest::newRow("thousands of headers") << bytes(many + "\r\n") << 431 << "header_too_large";
    }
    QTest::newRow("CR injected in a header value")
        << bytes("GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_key +
                 "\rX-Injected: 1\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("NUL in a header value")
        << bytes(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Nul: a") + '\0' + "b\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("CRLF injected in the request target")
        << bytes("GET /healthz\r\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n") << 400
        << "invalid_request";
    QTest::newRow("conflicting Content-Length")
        << bytes("POST " + chat +
                 " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 30\r\n\r\n{}")
        << 400 << "invalid_request";
    QTest::newRow("Content-Length and chunked")
        << bytes("POST " + chat +
                 " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: "
                 "chunked\r\n\r\n0\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("invalid chunk size")
        << bytes("POST " + chat +
                 " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("garbage request line")
        << bytes("\x01\x02\x03 \xff\r\n\r\n") << 400 << "invalid_request";
    QTest::newRow("unknown HTTP version")
        << bytes("GET /healthz HTTP/7.3\r\nHost: x\r\n\r\n") << 400 << "invalid_request";
    QTest::newRow("path traversal to the admin API")
        << bytes(httpRequest("POST", "/v1/../admin/v1/tokens", "{\"role\":\"platform-admin\"}",
                             m_key))
        << 404 << "route_not_found";
    QTest::newRow("encoded path traversal")
        << bytes(httpRequest("GET", "/v1/%2e%2e/%2e%2e/admin/v1/tokens", "", m_key)) << 404
        << "route_not_found";
    QTest::newRow("traversal inside the admin API")
        << bytes(httpRequest("GET", "/admin/v1/tenants/alpha/../../tokens", "",
                             m_daemon->adminToken()))
        << 404 << "route_not_found";
    QTest::newRow("traversal to a file")
        << bytes(httpRequest("GET", "/../../../../etc/passwd", "", m_key)) << 404
        << "route_not_found";
    QTest::newRow("absolute-form target")
        << bytes(httpRequest("GET", "http://evil.example/admin/v1/tokens", "",
                             m_daemon->adminToken()))
        << 404 << "route_not_found";
    QTest::newRow("SQL in the bearer")
        << bytes(httpRequest("POST", chat, "{}", "bh_live_' OR '1'='1")) << 401
        << "invalid_api_key";
    QTest::newRow("non-ASCII bearer")
        << bytes(httpRequest("POST", chat, "{}", "bh_live_Zürich東京")) << 401 << "invalid_api_key";
    QTest::newRow("SQL in an admin bearer")
        << bytes(httpRequest("GET", "/admin/v1/tenants", "", "bh_admin_' OR 1=1 --")) << 401
        << "invalid_admin_token";
    QTest::newRow("SQL in a tenant id in the path")
        << bytes(
               httpRequest("GET", "/admin/v1/tenants/a'%20OR%201=1--", "", m_daemon->adminToken()))
        << 400 << "invalid_request";
    QTest::newRow("non-ASCII tenant id in the path")
        << bytes(httpRequest("GET", "/admin/v1/tenants/t\xc3\xa9nant", "", m_daemon->adminToken()))
        << 400 << "invalid_request";
}

void TestHostileMatrix::transport()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto before = tableCounts(*m_db);
    const auto text = request.toStdString();
    const auto answer = rawExchange(m_daemon->port(), text);
    QVERIFY2(statusOf(answer) == status, answer.substr(0, 300).c_str());
    QCOMPARE(QString::fromStdString(errorCodeOf(answer)), code);
    // A data-plane request that got past the HTTP layer and the tenant's key is refused by the
    // pipeline, which audits every exit: exactly one record. Nothing else changes.
    const bool tenantRefusal = text.starts_with("POST /v1/") && text.find(m_key) != std::string::npos &&
                               code == QLatin1String("invalid_json");
    checkUnchanged(before, tenantRefusal ? 1 : 0);
}

void TestHostileMatrix::adminFields_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("param");
    const auto row = [](const char *name, const char *method, const char *path, const json &body,
                        int status, const char *code, const char *param) {
        QTest::newRow(name) << QString::fromLatin1(method) << QString::fromLatin1(path)
                            << bytes(body.dump()) << status << QString::fromLatin1(code)
                            << QString::fromLatin1(param);
    };
    // Tenants.
    row("tenant id: SQL", "POST", "/admin/v1/tenants", {{"id", "a'); DROP TABLE tenants;--"}}, 400,
        "invalid_request", "id");
    row("tenant id: non-ASCII", "POST", "/admin/v1/tenants", {{"id", "zürich"}}, 400,
        "invalid_request", "id");
    row("tenant id: NUL", "POST", "/admin/v1/tenants", {{"id", std::string("ab\0c", 4)}}, 400,
        "invalid_request", "id");
    row("tenant id: traversal", "POST", "/admin/v1/tenants", {{"id", "../etc"}}, 400,
        "invalid_request", "id");
    row("tenant id: 10,000 characters", "POST", "/admin/v1/tenants",
        {{"id", std::string(10000, 'a')}}, 400, "invalid_request", "id");
    row("tenant id: number", "POST", "/admin/v1/tenants", {{"id", 42}}, 400, "invalid_request",
        "id");
    row("tenant name: NUL", "POST", "/admin/v1/tenants",
        {{"id", "nulname"}, {"name", std::string("a\0b", 3)}}, 400, "invalid_request", "name");
    row("tenant name: escape sequence", "POST", "/admin/v1/tenants",
        {{"id", "escname"}, {"name", "\x1b[31mred\x1b[0m"}}, 400, "invalid_request", "name");
    row("tenant name: CRLF", "POST", "/admin/v1/tenants",
        {{"id", "crlfname"}, {"name", "a\r\nSet-Cookie: x"}}, 400, "invalid_request", "name");
    row("tenant tier: SQL", "POST", "/admin/v1/tenants", {{"id", "tiersql"}, {"tier", "1; DROP"}},
        400, "invalid_request", "tier");
    row("tenant classification: SQL", "POST", "/admin/v1/tenants",
        {{"id", "classsql"}, {"classifications", {"PHI' OR '1'='1"}}}, 400, "invalid_request",
        "classifications[0]");
    row("tenant: unknown field", "POST", "/admin/v1/tenants",
        {{"id", "unknownf"}, {"regime", {"GDPR"}}}, 400, "invalid_request", "regime");
    // System prompts.
    row("system prompt: NUL", "PUT", "/admin/v1/tenants/alpha/system-prompt",
        {{"system_prompt", std::string("be\0nice", 7)}}, 400, "invalid_request", "system_prompt");
    row("system prompt: 100,000 characters", "PUT", "/admin/v1/tenants/alpha/system-prompt",
        {{"system_prompt", std::string(100000, 'p')}}, 400, "invalid_request", "system_prompt");
    row("system prompt: policy SQL", "PUT", "/admin/v1/tenants/alpha/system-prompt",
        {{"system_prompt", "ok"}, {"client_system_messages", "append'; --"}}, 400,
        "invalid_request", "client_system_messages");
    row("system prompt: unknown tenant", "PUT", "/admin/v1/tenants/nosuch/system-prompt",
        {{"system_prompt", "hello"}}, 404, "not_found", "");
    // Key labels.
    row("key label: NUL", "POST", "/admin/v1/tenants/alpha/keys",
        {{"label", std::string("a\0b", 3)}}, 400, "invalid_request", "label");
    row("key label: CRLF", "POST", "/admin/v1/tenants/alpha/keys",
        {{"label", "ci\r\nforged log line"}}, 400, "invalid_request", "label");
    row("key label: 201 characters", "POST", "/admin/v1/tenants/alpha/keys",
        {{"label", std::string(201, 'l')}}, 400, "invalid_request", "label");
    row("key for an unknown tenant", "POST", "/admin/v1/tenants/nosuch/keys", json::object(), 404,
        "not_found", "");
    row("key revoke: SQL id", "DELETE", "/admin/v1/tenants/alpha/keys/1%20OR%201=1", json::object(),
        404, "not_found", "");
    // Upstreams.
    row("upstream id: SQL", "POST", "/admin/v1/upstreams",
        {{"id", "u'; DROP TABLE upstreams;--"}, {"base_url", "http://127.0.0.1:9/v1"}}, 400,
        "invalid_request", "id");
    row("upstream id: non-ASCII", "POST", "/admin/v1/upstreams",
        {{"id", "ünïcode"}, {"base_url", "http://127.0.0.1:9/v1"}}, 400, "invalid_request", "id");
    row("upstream url: CRLF", "POST", "/admin/v1/upstreams",
        {{"id", "crlfurl"}, {"base_url", "http://127.0.0.1:9/v1\r\nHost: evil"}}, 400,
        "invalid_request", "base_url");
    row("upstream url: NUL", "POST", "/admin/v1/upstreams",
        {{"id", "nulurl"}, {"base_url", std::string("http://127.0.0.1:9/\0v1", 22)}}, 400,
        "invalid_request", "base_url");
    row("upstream url: file scheme", "POST", "/admin/v1/upstreams",
        {{"id", "fileurl"}, {"base_url", "file:///etc/passwd"}}, 400, "invalid_request",
        "base_url");
    row("upstream CA file: NUL", "POST", "/admin/v1/upstreams",
        {{"id", "nulca"},
         {"base_url", "https://127.0.0.1:9/v1"},
         {"ca_file", std::string("/etc/ssl/a\0b", 12)}},
        400, "invalid_request", "ca_file");
    row("upstream dedicated tenant: SQL", "POST", "/admin/v1/upstreams",
        {{"id", "dedsql"},
         {"base_url", "http://127.0.0.1:9/v1"},
         {"dedicated_tenant", "x' OR '1'='1"}},
        400, "invalid_request", "dedicated_tenant");
    row("tenant upstream: SQL", "PUT", "/admin/v1/tenants/alpha/upstream",
        {{"upstream", "u' OR '1'='1"}}, 400, "invalid_request", "upstream");
    row("tenant upstream: unknown", "PUT", "/admin/v1/tenants/alpha/upstream",
        {{"upstream", "nosuch"}}, 404, "not_found", "");
    // Admin tokens.
    row("token role: SQL", "POST", "/admin/v1/tokens", {{"role", "platform-admin' --"}}, 400,
        "invalid_request", "role");
    row("token tenant: SQL", "POST", "/admin/v1/tokens",
        {{"role", "tenant-auditor"}, {"tenant", "a' OR 1=1"}}, 400, "invalid_request", "tenant");
    row("token label: NUL", "POST", "/admin/v1/tokens",
        {{"role", "platform-admin"}, {"label", std::string("a\0b", 3)}}, 400, "invalid_request",
        "label");
    // Scan policy.
    row("scan policy: SQL", "PUT", "/admin/v1/tenants/alpha/scan-policy",
        {{"cross_tenant", "block'; --"}}, 400, "invalid_request", "cross_tenant");
}

void TestHostileMatrix::adminFields()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, param);
    const auto before = tableCounts(*m_db);
    const auto reply =
        ctl::networkTransport(method.toStdString(), m_daemon->base() + path.toStdString(),
                              m_daemon->adminToken(), body.toStdString());
    const auto doc = json::parse(reply.body, nullptr, false);
    QVERIFY2(reply.status == status, reply.body.c_str());
    QVERIFY2(!doc.is_discarded() && doc.contains("error"), reply.body.c_str());
    QCOMPARE(QString::fromStdString(doc["error"].value("code", std::string())), code);
    if (!param.isEmpty()) {
        const auto &p = doc["error"]["param"];
        QVERIFY2(p.is_string() && QString::fromStdString(p.get<std::string>()) == param,
                 reply.body.c_str());
    }
    checkUnchanged(before);
}

void TestHostileMatrix::metacharactersRoundTrip()
{
    // Legal values full of SQL and shell metacharacters and non-ASCII text are data: stored and
    // returned byte for byte, never interpreted.
    auto admin = m_daemon->admin();
    const auto made =
        admin.call("POST", "/admin/v1/tenants", {{"id", "metachar"}, {"name", kMeta}});
    QVERIFY2(made.ok(), made.body.dump().c_str());
    QCOMPARE(admin.call("GET", "/admin/v1/tenants/metachar").body["name"].get<std::string>(),
             kMeta);
    QVERIFY(
        admin.call("PUT", "/admin/v1/tenants/metachar/system-prompt", {{"system_prompt", kMeta}})
            .ok());
    QCOMPARE(admin.call("GET", "/admin/v1/tenants/metachar/system-prompt")
                 .body["system_prompt"]
                 .get<std::string>(),
             kMeta);
    const auto key = admin.call("POST", "/admin/v1/tenants/metachar/keys", {{"label", kMeta}});
    QVERIFY2(key.ok(), key.body.dump().c_str());
    QCOMPARE(key.body["label"].get<std::string>(), kMeta);
    const auto token =
        admin.call("POST", "/admin/v1/tokens",
                   {{"role", "tenant-auditor"}, {"tenant", "metachar"}, {"label", kMeta}});
    QVERIFY2(token.ok(), token.body.dump().c_str());
    // The tenants table is still there and holds what it should.
    auto connection = m_db->connect();
    pqxx::work tx(*connection);
    QCOMPARE(tx.exec1("SELECT name FROM tenants WHERE id = 'metachar'")[0].as<std::string>(),
             kMeta);
    QVERIFY(tx.exec1("SELECT count(*) FROM tenants")[0].as<long long>() >= 2);
    // The tenant's key works with a prompt made of the same characters.
    const auto answer =
        rawExchange(m_daemon->port(), httpRequest("POST", "/v1/embeddings",
                                                  json{{"model", "m"}, {"input", kMeta}}.dump(),
                                                  key.body["api_key"].get<std::string>()));
    QVERIFY2(statusOf(answer) == 200, answer.substr(0, 300).c_str());
    QCOMPARE(m_daemon->healthz(), 200);
}

void TestHostileMatrix::hostileModelNames_data()
{
    // The model name is the one client string that reaches the audit record.
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<int>("status");
    QTest::newRow("NUL") << QByteArray("m\0x", 3) << 400;
    QTest::newRow("CRLF") << QByteArray("m\r\nX-Forged: 1") << 400;
    QTest::newRow("escape sequence") << QByteArray("\x1b[2Jm") << 400;
    QTest::newRow("SQL") << QByteArray("m'); DELETE FROM audit_records;--") << 200;
    QTest::newRow("non-ASCII") << QByteArray("modèle-東京-🙂") << 200;
    QTest::newRow("multi-byte at the 200-byte cut")
        << (QByteArray(199, 'm') + "\xc3\xa9tail") << 200;
    QTest::newRow("10,000 characters") << QByteArray(10000, 'm') << 400;
}

void TestHostileMatrix::hostileModelNames()
{
    QFETCH(QByteArray, model);
    QFETCH(int, status);
    const auto before = tableCounts(*m_db);
    const json body{{"model", model.toStdString()},
                    {"messages", json::array({{{"role", "user"}, {"content", "hello"}}})}};
    const auto answer = rawExchange(
        m_daemon->port(), httpRequest("POST", "/v1/chat/completions", body.dump(), m_key));
    QVERIFY2(statusOf(answer) == status, answer.substr(0, 400).c_str());
    if (status == 400)
        QCOMPARE(QString::fromStdString(errorCodeOf(answer)), QStringLiteral("invalid_request"));
    // Another tenant is not collateral damage of whatever the audit writer made of it.
    QCOMPARE(m_daemon->chat(m_bystanderKey, "still fine?").status, 200);
    QCOMPARE(m_daemon->healthz(), 200);
    const auto after = tableCounts(*m_db);
    QCOMPARE(after.at("tenants"), before.at("tenants"));
    // This request's record (answered or refused: every exit is audited) and the bystander's.
    QCOMPARE(after.at("audit_records"), before.at("audit_records") + 2);
    const auto verified = m_daemon->admin().call("GET", "/admin/v1/logs/verify?tenant=alpha");
    QVERIFY2(verified.ok() && verified.body["ok"].get<bool>(), verified.body.dump().c_str());
    QVERIFY2(m_daemon->logText().find("audit_append_failed") == std::string::npos,
             m_daemon->logText().c_str());
}

void TestHostileMatrix::logQueryParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("tenant: SQL") << "tenant=a'%20OR%20'1'='1" << 400 << "invalid_request";
    QTest::newRow("tenant: raw SQL") << "tenant=a' OR '1'='1" << 400 << "invalid_request";
    QTest::newRow("tenant: non-ASCII") << "tenant=t\xc3\xa9nant" << 400 << "invalid_request";
    QTest::newRow("tenant: empty") << "tenant=" << 400 << "invalid_request";
    QTest::newRow("tenant: traversal") << "tenant=../alpha" << 400 << "invalid_request";
    QTest::newRow("limit: negative") << "tenant=alpha&limit=-1" << 400 << "invalid_request";
    QTest::newRow("limit: SQL") << "tenant=alpha&limit=1;DROP TABLE audit_records" << 400
                                << "invalid_request";
    QTest::newRow("from: overflow")
        << "tenant=alpha&from=99999999999999999999999" << 400 << "invalid_request";
    QTest::newRow("after: text") << "tenant=alpha&after=abc" << 400 << "invalid_request";
    QTest::newRow("decision: SQL")
        << "tenant=alpha&decision=allowed' OR '1'='1" << 400 << "invalid_request";
    QTest::newRow("route: SQL") << "tenant=alpha&route=x' OR '1'='1" << 400 << "invalid_request";
    QTest::newRow("route: non-ASCII is only a filter value")
        << "tenant=alpha&route=/v1/ch\xc3\xa4t" << 200 << "";
    QTest::newRow("route: a known route") << "tenant=alpha&route=/v1/chat/completions" << 200 << "";
    QTest::newRow("repeated tenant") << "tenant=alpha&tenant=a'--" << 200 << "";
}

void TestHostileMatrix::logQueryParameters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto before = tableCounts(*m_db);
    const auto raw =
        rawExchange(m_daemon->port(), httpRequest("GET", "/admin/v1/logs?" + query.toStdString(),
                                                  "", m_daemon->adminToken()));
    QVERIFY2(statusOf(raw) == status, raw.substr(0, 400).c_str());
    if (status != 200) {
        QCOMPARE(QString::fromStdString(errorCodeOf(raw)), code);
    } else {
        // A filter that matches nothing answers an empty page, never another tenant's records.
        const auto body = json::parse(raw.substr(raw.find("\r\n\r\n") + 4), nullptr, false);
        QVERIFY2(!body.is_discarded(), raw.c_str());
        for (const auto &record : body["records"])
            QCOMPARE(record["tenant"].get<std::string>(), std::string("alpha"));
    }
    checkUnchanged(before);
}

void TestHostileMatrix::slowlorisHeader()
{
    // One header byte every 200 ms: each byte arrives well within any per-read timeout, but the
    // header deadline (1 s) covers the whole header, so the daemon answers 408 and hangs up.
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), m_daemon->port()});
    const std::string header =
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 's');
    const auto started = std::chrono::steady_clock::now();
    boost::system::error_code ec;
    for (const char c : header) {
        asio::write(socket, asio::buffer(&c, 1), ec);
        if (ec || std::chrono::steady_clock::now() - started > std::chrono::seconds(8))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::string answer(4096, '\0');
    const auto n = asio::read(socket, asio::buffer(answer), ec);
    answer.resize(n);
    const auto took = std::chrono::steady_clock::now() - started;
    QVERIFY2(answer.empty() || errorCodeOf(answer) == "request_timeout", answer.c_str());
    QVERIFY2(took < std::chrono::seconds(5), "the slow client held the connection too long");
    QCOMPARE(m_daemon->healthz(), 200);
}

void TestHostileMatrix::slowBody()
{
    // A complete header, then the body at one byte every 200 ms: the body deadline (1.5 s) ends it.
    const auto before = tableCounts(*m_db);
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), m_daemon->port()});
    const std::string body = json{{"id", "slowbody"}, {"name", std::string(100, 'n')}}.dump();
    const std::string head =
        "POST /admin/v1/tenants HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
        m_daemon->adminToken() + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(head), ec);
    const auto started = std::chrono::steady_clock::now();
    for (const char c : body) {
        asio::write(socket, asio::buffer(&c, 1), ec);
        if (ec || std::chrono::steady_clock::now() - started > std::chrono::seconds(8))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::string answer(4096, '\0');
    const auto n = asio::read(socket, asio::buffer(answer), ec);
    answer.resize(n);
    QVERIFY2(answer.empty() || errorCodeOf(answer) == "request_timeout", answer.c_str());
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    checkUnchanged(before);
}

void TestHostileMatrix::connectionFlood()
{
    // More idle connections than max-connections: the excess is refused with a JSON 503 and
    // the daemon serves again as soon as they are gone.
    asio::io_context io;
    std::vector<std::unique_ptr<tcp::socket>> held;
    for (int i = 0; i < 24; ++i) {
        auto s = std::make_unique<tcp::socket>(io);
        s->connect({asio::ip::make_address("127.0.0.1"), m_daemon->port()});
        asio::write(*s, asio::buffer(std::string("G"))); // a request that never completes
        held.push_back(std::move(s));
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        errorCodeOf(rawExchange(m_daemon->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                                std::chrono::seconds(3))) == "too_many_connections",
        5000);
    held.clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_daemon->healthz(), 200, 5000);
}

QTEST_GUILESS_MAIN(TestHostileMatrix)
#include "tst_hostilematrix.moc"
