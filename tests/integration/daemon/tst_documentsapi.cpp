// Issue 4 over real HTTP: /v1/documents, /v1/retrieve and retrieval-augmented chat against an
// in-process daemon on a fresh database. Per tier, tenant B never receives tenant A's chunks
// through any API; bad input gets a stable error code and stores nothing; the admin routes
// rotate keys (documents stay readable), migrate a tenant whose tier changed, crypto-shred, and
// remove a tenant while the others are served (on a daemon with one connection of each kind).
#include "CountingUpstream.h"
#include "ctl/AdminClient.h"
#include "support/AuditLogPages.h"
#include "daemon/Daemon.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"
#include "support/WaitUntil.h"
#include "support/TestKeys.h"

#include <pqxx/pqxx>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <future>
#include <set>
#include <nlohmann/json.hpp>
#include <thread>

using namespace bulkhead;
using nlohmann::json;
using testing::CountingUpstream;

namespace {

std::string errorCode(const ctl::HttpResult &r)
{
    const auto doc = json::parse(r.body, nullptr, false);
    if (doc.is_discarded() || !doc.contains("error") || !doc["error"].contains("code"))
        return "<no error json: " + r.body.substr(0, 200) + ">";
    return doc["error"]["code"].get<std::string>();
}

const std::string kSecret = "ZEBRA-7781 is the launch code for the acme orbital program";

} // namespace

class TestDocumentsApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tenantsNeverSeeEachOthersDocuments_data();
    void tenantsNeverSeeEachOthersDocuments();
    void badInputIsRefusedAndNothingStored_data();
    void badInputIsRefusedAndNothingStored();
    void retrievalAugmentedChatUsesOnlyTheCallersDocuments();
    void keyRotationKeepsDocumentsReadable();
    void auditLogsLiveInTheTenantsPlacement();
    void auditContentIsOptInAndSealed();
    void platformChainRecordsAdminActionsAndCrossTenantReads();
    void tierChangesMoveDocumentsAndTheAuditLog();
    void cryptoShreddingNeedsConfirmationAndEmptiesTheTenant();
    void aRecreatedTenantInheritsNothing_data();
    void aRecreatedTenantInheritsNothing();
    void aRemovalWaitingOutItsGraceHoldsUpNoOtherTenant();
    void upstreamEmbeddingsUseTheTenantsOwnUpstream();
    void tierThreeOnTheTenantsOwnServer();

private:
    ctl::HttpResult post(const std::string &key, const std::string &path, const std::string &body)
    {
        return ctl::networkTransport("POST", url(path), key, body);
    }
    std::string url(const std::string &path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_daemon->port()) + path;
    }
    std::string createTenant(const std::string &id, int tier)
    {
        json tenant{{"id", id}, {"tier", tier}, {"system_prompt", "You help " + id + "."}};
        if (tier == 3)
            tenant["description"] = "dedicated";
        const auto created = m_admin->call("POST", "/admin/v1/tenants", tenant);
        if (!created.ok())
            return {};
        const auto key = m_admin->call("POST", "/admin/v1/tenants/" + id + "/keys", json::object());
        return key.ok() ? key.body["api_key"].get<std::string>() : std::string();
    }
    json retrieve(const std::string &key, const std::string &query, int k = 10)
    {
        const auto r = post(key, "/v1/retrieve", json{{"query", query}, {"top_k", k}}.dump());
        return r.status == 200 ? json::parse(r.body) : json{{"status", r.status}, {"body", r.body}};
    }
    std::string addDocument(const std::string &key, const std::string &text)
    {
        const auto r = post(key, "/v1/documents", json{{"text", text}, {"metadata", {{"kind", "test"}}}}.dump());
        return r.status == 201 ? json::parse(r.body)["id"].get<std::string>() : std::string();
    }
    // A daemon on the test's database, keys and upstream (the test case's, or a second one).
    daemon::DaemonConfig daemonConfig()
    {
        daemon::DaemonConfig config;
        config.listen = "127.0.0.1:0";
        testsupport::serveTestDatabase(config, *m_db);
        config.keyProvider = "file";
        config.keyFile = testsupport::testMasterKeyFile();
        config.upstreamUrl = m_upstream.baseUrl();
        return config;
    }
    template <typename Pred> bool waitFor(Pred pred)
    {
        return testsupport::waitUntil(pred);
    }

    std::unique_ptr<testsupport::TestDatabase> m_db;
    QTemporaryDir m_dir;
    CountingUpstream m_upstream;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::unique_ptr<ctl::AdminClient> m_admin;
    std::map<std::string, std::string> m_keys;  // tenant -> API key
};

void TestDocumentsApi::initTestCase()
{
    m_db = std::make_unique<testsupport::TestDatabase>();
    daemon::DaemonConfig config = daemonConfig();
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    config.policyRefresh = std::chrono::milliseconds(200);
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::string token;
    std::ifstream(m_dir.filePath(QStringLiteral("admin.token")).toStdString()) >> token;
    QVERIFY(!token.empty());
    m_admin = std::make_unique<ctl::AdminClient>(url(""), token);
    for (const auto &[id, tier] : std::vector<std::pair<std::string, int>>{
             {"acme1", 1}, {"globex1", 1}, {"acme2", 2}, {"globex2", 2}, {"acme3", 3}, {"globex3", 3},
             {"mover", 1}, {"leaver", 2}}) {
        m_keys[id] = createTenant(id, tier);
        QVERIFY2(!m_keys[id].empty(), id.c_str());
    }
    QVERIFY(m_daemon->reload());
}

void TestDocumentsApi::cleanupTestCase()
{
    for (const char *tenant : {"acme3", "globex3"})  // their databases live beside the test's
        m_admin->call("POST", std::string("/admin/v1/tenants/") + tenant + "/shred", json{{"confirm", tenant}});
    if (m_daemon) {
        m_daemon->shutdown();
        m_daemon->wait();
    }
}

void TestDocumentsApi::tenantsNeverSeeEachOthersDocuments_data()
{
    QTest::addColumn<int>("tier");
    QTest::newRow("tier 1") << 1;
    QTest::newRow("tier 2") << 2;
    QTest::newRow("tier 3") << 3;
}

void TestDocumentsApi::tenantsNeverSeeEachOthersDocuments()
{
    QFETCH(int, tier);
    const std::string victim = "acme" + std::to_string(tier);
    const std::string attacker = "globex" + std::to_string(tier);
    const std::string secretDoc = addDocument(m_keys[victim], kSecret);
    QVERIFY(!secretDoc.empty());
    QVERIFY(!addDocument(m_keys[attacker], "globex cafeteria menu for the week").empty());
    const json own = retrieve(m_keys[victim], "launch code orbital program");
    QVERIFY2(own.contains("results") && !own["results"].empty(), own.dump().c_str());
    QCOMPARE(own["results"][0]["document_id"].get<std::string>(), secretDoc);
    QCOMPARE(own["results"][0]["text"].get<std::string>(), kSecret);
    const json stolen = retrieve(m_keys[attacker], kSecret, 100);
    QVERIFY(stolen.contains("results"));
    for (const auto &hit : stolen["results"]) {
        QVERIFY(hit["document_id"] != json(secretDoc));
        QVERIFY(hit["text"].get<std::string>().find("ZEBRA") == std::string::npos);
    }
    // Deleting someone else's document by id: the same answer as a document that never existed.
    const auto foreign = ctl::networkTransport("DELETE", url("/v1/documents/" + secretDoc), m_keys[attacker], "");
    QCOMPARE(foreign.status, 404);
    QVERIFY(!retrieve(m_keys[victim], "launch code")["results"].empty());
}

void TestDocumentsApi::badInputIsRefusedAndNothingStored_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty text") << QByteArray(R"({"text": ""})") << 400 << "invalid_request";
    QTest::newRow("blank text") << QByteArray(R"({"text": "  \n\t "})") << 400 << "invalid_request";
    QTest::newRow("no text") << QByteArray(R"({"metadata": {}})") << 400 << "invalid_request";
    QTest::newRow("text not a string") << QByteArray(R"({"text": 42})") << 400 << "invalid_request";
    QTest::newRow("invalid UTF-8") << QByteArray("{\"text\": \"bad \xff\xfe bytes\"}") << 400 << "invalid_json";
    QTest::newRow("lone surrogate") << QByteArray(R"({"text": "x\ud800y"})") << 400 << "invalid_json";
    QTest::newRow("NUL in text") << QByteArray(R"({"text": "a\u0000b"})") << 400 << "invalid_request";
    QTest::newRow("metadata array") << QByteArray(R"({"text": "ok", "metadata": [1, 2]})") << 400 << "invalid_request";
    QTest::newRow("metadata nested") << QByteArray(R"({"text": "ok", "metadata": {"a": {"b": 1}}})") << 400
                                     << "invalid_request";
    QTest::newRow("unknown field") << QByteArray(R"({"text": "ok", "tenant_id": "acme1"})") << 400
                                   << "invalid_request";
    QTest::newRow("not an object") << QByteArray(R"(["text"])") << 400 << "invalid_request";
    QTest::newRow("not JSON") << QByteArray("text=hello") << 400 << "invalid_json";
    QTest::newRow("SQL in metadata key") << QByteArray(R"({"text": "ok", "metadata": {"a'); DROP TABLE x; --": {}}})")
                                         << 400 << "invalid_request";
    QTest::newRow("oversized") << QByteArray(R"({"text": ")") + QByteArray(1024 * 1024 + 10, 'a') + QByteArray(R"("})")
                               << 413 << "document_too_large";
}

void TestDocumentsApi::badInputIsRefusedAndNothingStored()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const std::string key = m_keys["globex2"];
    const auto before = retrieve(key, "anything at all", 100)["results"].size();
    const auto r = post(key, "/v1/documents", body.toStdString());
    QCOMPARE(r.status, status);
    QCOMPARE(QString::fromStdString(errorCode(r)), code);
    QCOMPARE(retrieve(key, "anything at all", 100)["results"].size(), before);
    // A retrieval with a bad top_k is refused too.
    QCOMPARE(errorCode(post(key, "/v1/retrieve", R"({"query": "x", "top_k": 0})")), std::string("invalid_request"));
}

void TestDocumentsApi::retrievalAugmentedChatUsesOnlyTheCallersDocuments()
{
    QVERIFY(!addDocument(m_keys["acme1"], kSecret).empty());
    const json chat{{"model", "bulkhead-refmodel"},
                    {"messages", json::array({{{"role", "user"}, {"content", "what is the launch code?"}}})},
                    {"bulkhead", {{"retrieval", {{"top_k", 3}}}}}};
    const auto mine = post(m_keys["acme1"], "/v1/chat/completions", chat.dump());
    QCOMPARE(mine.status, 200);
    QVERIFY(m_upstream.lastChatBody().find("ZEBRA-7781") != std::string::npos);
    const auto theirs = post(m_keys["globex1"], "/v1/chat/completions", chat.dump());
    QCOMPARE(theirs.status, 200);
    QVERIFY(m_upstream.lastChatBody().find("ZEBRA-7781") == std::string::npos);
    QVERIFY(theirs.body.find("ZEBRA-7781") == std::string::npos);
    json bad = chat;
    bad["bulkhead"] = {{"retrieval", {{"top_k", 500}}}};
    QCOMPARE(errorCode(post(m_keys["acme1"], "/v1/chat/completions", bad.dump())), std::string("invalid_request"));
}

void TestDocumentsApi::keyRotationKeepsDocumentsReadable()
{
    const std::string key = m_keys["acme2"];
    std::vector<std::string> texts;
    for (int i = 0; i < 5; ++i) {
        texts.push_back("acme2 blueprint " + std::to_string(i) + " for reactor housing " + std::to_string(i * 97));
        QVERIFY(!addDocument(key, texts.back()).empty());
    }
    auto readable = [&] {
        for (const auto &t : texts) {
            const json r = retrieve(key, t, 1);
            if (!r.contains("results") || r["results"].empty() || r["results"][0]["text"] != json(t))
                return false;
        }
        return true;
    };
    const auto before = m_admin->call("GET", "/admin/v1/tenants/acme2/encryption-keys");
    QVERIFY(before.ok());
    QVERIFY(before.body["keys"].size() >= 2);  // a KEK and a data key
    for (const auto &k : before.body["keys"])
        QVERIFY(!k.contains("wrapped") && !k.contains("key"));  // never key material
    QVERIFY(m_admin->call("POST", "/admin/v1/tenants/acme2/encryption-keys/rotate", json{{"kind", "kek"}}).ok());
    QVERIFY(readable());
    const auto data = m_admin->call("POST", "/admin/v1/tenants/acme2/encryption-keys/rotate", json{{"kind", "data"}});
    QCOMPARE(data.status, 202);
    QVERIFY(waitFor([&] {
        const auto s = m_admin->call("GET", "/admin/v1/tenants/acme2/encryption-keys");
        return s.ok() && s.body.value("data_key_rotation", "") == "done";
    }));
    QVERIFY(readable());
    // Only the rotated data key remains.
    int dataKeys = 0;
    const auto after = m_admin->call("GET", "/admin/v1/tenants/acme2/encryption-keys");
    for (const auto &k : after.body["keys"])
        if (k["kind"] == "data-key" && k["purpose"] == "documents") {
            ++dataKeys;
            QCOMPARE(k["key_id"], data.body["key_id"]);
        }
    QCOMPARE(dataKeys, 1);
}

void TestDocumentsApi::auditLogsLiveInTheTenantsPlacement()
{
    // Every tenant made requests above; each log sits in its tier's placement and verifies.
    for (const std::string tenant : {"acme1", "acme2", "acme3"}) {
        const auto logs = m_admin->call("GET", "/admin/v1/logs?tenant=" + tenant);
        QVERIFY2(logs.ok(), logs.body.dump().c_str());
        QVERIFY2(!logs.body["records"].empty(), tenant.c_str());
        for (const auto &r : logs.body["records"])
            QCOMPARE(r["tenant"].get<std::string>(), tenant);
        const auto verified = m_admin->call("GET", "/admin/v1/logs/verify?tenant=" + tenant);
        QVERIFY2(verified.ok() && verified.body["ok"] == json(true), verified.body.dump().c_str());
    }
    auto admin = m_db->connect();
    auto count = [&](const std::string &sql) {
        pqxx::read_transaction tx(*admin);
        return tx.exec1(sql)[0].as<int>();
    };
    QVERIFY(count("SELECT count(*) FROM public.audit_records WHERE tenant_id = 'acme1'") > 0);
    QCOMPARE(count("SELECT count(*) FROM public.audit_records WHERE tenant_id IN ('acme2', 'acme3')"), 0);
    QVERIFY(count("SELECT count(*) FROM t_acme2.audit_records") > 0);
    // Tier 2 payloads are sealed: neither the request id nor the route text is in the record.
    QCOMPARE(count("SELECT count(*) FROM t_acme2.audit_records WHERE NOT (record ? 'sealed')"), 0);
    {
        // Tier 3: the tenant's own database.
        pqxx::read_transaction tx(*admin);
        const auto database =
            tx.exec1("SELECT 'bh_' || tag || '_d_acme3' FROM retrieval_settings")[0].as<std::string>();
        tx.commit();
        testsupport::TestDatabase probe;  // same server: connect to the tenant's database by name
        std::string dsn = probe.dsn();
        dsn.replace(dsn.find("dbname=" + probe.name()), 7 + probe.name().size(), "dbname=" + database);
        pqxx::connection tenantDb(dsn);
        pqxx::read_transaction t3(tenantDb);
        QVERIFY(t3.exec1("SELECT count(*) FROM tenant_data.audit_records")[0].as<int>() > 0);
    }
    // An auditor of acme2 reads acme2 and nothing else.
    const auto auditor = m_admin->call("POST", "/admin/v1/tokens", json{{"role", "tenant-auditor"}, {"tenant", "acme2"}});
    QVERIFY(auditor.ok());
    const ctl::AdminClient asAuditor(url(""), auditor.body["token"].get<std::string>());
    QVERIFY(asAuditor.call("GET", "/admin/v1/logs").ok());
    QCOMPARE(asAuditor.call("GET", "/admin/v1/logs?tenant=acme1").status, 403);
    // Tampering in the tenant's schema is detected: two sealed payloads swapped.
    {
        pqxx::work tx(*admin);
        tx.exec0("ALTER TABLE t_acme2.audit_records DISABLE TRIGGER USER");
        tx.exec0("UPDATE t_acme2.audit_records a SET record = b.record FROM t_acme2.audit_records b "
                 "WHERE a.seq = 0 AND b.seq = 1");
        tx.exec0("ALTER TABLE t_acme2.audit_records ENABLE TRIGGER USER");
        tx.commit();
    }
    const auto broken = m_admin->call("GET", "/admin/v1/logs/verify?tenant=acme2");
    QVERIFY(broken.ok());
    QCOMPARE(broken.body["ok"], json(false));
    QCOMPARE(broken.body["sequence"].get<int>(), 0);
}

void TestDocumentsApi::auditContentIsOptInAndSealed()
{
    QVERIFY(m_admin->call("PUT", "/admin/v1/tenants/acme1/audit-content", json{{"enabled", true}}).ok());
    QCOMPARE(m_admin->call("PUT", "/admin/v1/tenants/acme1/audit-content", json{{"enabled", "yes"}}).status, 400);
    QVERIFY(m_daemon->reload());
    const json chat{{"model", "bulkhead-refmodel"},
                    {"messages", json::array({{{"role", "user"}, {"content", "say MARKER-CONTENT-4242 back"}}})}};
    QCOMPARE(post(m_keys["acme1"], "/v1/chat/completions", chat.dump()).status, 200);
    QCOMPARE(post(m_keys["globex1"], "/v1/chat/completions", chat.dump()).status, 200);
    auto last = [&](const std::string &tenant, const std::string &query) {
        return testsupport::lastAuditRecord(*m_admin, tenant, query);
    };
    const json opened = last("acme1", "&content=true");
    QVERIFY2(opened.contains("content"), opened.dump().c_str());
    QVERIFY(opened["content"]["prompt"].get<std::string>().find("MARKER-CONTENT-4242") != std::string::npos);
    QVERIFY(!opened["content"]["response"].get<std::string>().empty());
    QVERIFY(!last("acme1", "").contains("content"));  // sealed unless asked for
    QVERIFY(!last("globex1", "&content=true").contains("content_sealed"));  // off by default
    {
        auto admin = m_db->connect();
        pqxx::read_transaction tx(*admin);
        const auto stored = tx.exec1("SELECT record::text FROM public.audit_records WHERE tenant_id = 'acme1' "
                                     "ORDER BY seq DESC LIMIT 1")[0]
                                .as<std::string>();
        QVERIFY(stored.find("content_sealed") != std::string::npos);
        QVERIFY(stored.find("MARKER-CONTENT-4242") == std::string::npos);
    }
    const auto verified = m_admin->call("GET", "/admin/v1/logs/verify?tenant=acme1");
    QCOMPARE(verified.body["ok"], json(true));
    QVERIFY(m_admin->call("PUT", "/admin/v1/tenants/acme1/audit-content", json{{"enabled", false}}).ok());
}

void TestDocumentsApi::platformChainRecordsAdminActionsAndCrossTenantReads()
{
    QCOMPARE(m_admin->call("GET", "/admin/v1/logs").status, 400);  // no tenant, no explicit flag
    const auto all = m_admin->call("GET", "/admin/v1/logs?all_tenants=true&limit=5");
    QVERIFY2(all.ok(), all.body.dump().c_str());
    bool sawAcme = false;
    for (const auto &t : all.body["tenants"])
        sawAcme = sawAcme || t["tenant"] == "acme1";
    QVERIFY(sawAcme);
    // Every admin write so far, and that cross-tenant read, are in the platform chain.
    const auto platformLog = testsupport::auditLog(*m_admin, "platform");
    QVERIFY(platformLog && !platformLog->empty());
    const json &records = *platformLog;
    bool sawTenantCreate = false;
    for (const auto &r : records)
        sawTenantCreate = sawTenantCreate || r["route"] == "POST /admin/v1/tenants";
    QVERIFY(sawTenantCreate);
    QCOMPARE(records.back()["route"].get<std::string>(), std::string("GET /admin/v1/logs"));
    QVERIFY(records.back()["reasons"].dump().find("cross_tenant_read") != std::string::npos);
    QCOMPARE(m_admin->call("GET", "/admin/v1/logs/verify?tenant=platform").body["ok"], json(true));
    // An auditor reads neither the platform chain nor across tenants; "platform" is no tenant id.
    const auto auditor = m_admin->call("POST", "/admin/v1/tokens", json{{"role", "tenant-auditor"}, {"tenant", "acme1"}});
    const ctl::AdminClient asAuditor(url(""), auditor.body["token"].get<std::string>());
    QCOMPARE(asAuditor.call("GET", "/admin/v1/logs?tenant=platform").status, 403);
    QCOMPARE(asAuditor.call("GET", "/admin/v1/logs?all_tenants=true").status, 403);
    QCOMPARE(m_admin->call("POST", "/admin/v1/tenants", json{{"id", "platform"}}).status, 400);

    // A platform admin's read of one tenant's log, its content and its verification are each
    // recorded in the platform chain, naming the tenant; an auditor's read of its own log is not.
    // The platform record is committed before the answer, so the newest one after an answer is final.
    const auto newestPlatformRecord = [&] { return testsupport::lastAuditRecord(*m_admin, "platform"); };
    const json beforeReads = newestPlatformRecord();
    QVERIFY(asAuditor.call("GET", "/admin/v1/logs?limit=1").ok());
    QCOMPARE(newestPlatformRecord(), beforeReads);
    QVERIFY(m_admin->call("GET", "/admin/v1/logs?tenant=acme1&limit=1").ok());
    json read = newestPlatformRecord();
    QCOMPARE(read["route"].get<std::string>(), std::string("GET /admin/v1/logs?tenant=acme1"));
    QVERIFY(read["reasons"].dump().find("tenant_log_read") != std::string::npos);
    QVERIFY(read["reasons"].dump().find("content_read") == std::string::npos);
    QVERIFY(m_admin->call("GET", "/admin/v1/logs?tenant=acme1&limit=1&content=true").ok());
    read = newestPlatformRecord();
    QCOMPARE(read["route"].get<std::string>(), std::string("GET /admin/v1/logs?tenant=acme1"));
    QVERIFY(read["reasons"].dump().find("content_read") != std::string::npos);
    QVERIFY(m_admin->call("GET", "/admin/v1/logs/verify?tenant=acme1").ok());
    QCOMPARE(newestPlatformRecord()["route"].get<std::string>(), std::string("GET /admin/v1/logs/verify?tenant=acme1"));
}

void TestDocumentsApi::tierChangesMoveDocumentsAndTheAuditLog()
{
    const std::string key = m_keys["mover"];
    for (int i = 0; i < 6; ++i)
        QVERIFY(!addDocument(key, "mover ledger page " + std::to_string(i) + " totals " + std::to_string(i * 11))
                     .empty());
    auto admin = m_db->connect();
    auto count = [&](const std::string &sql) {
        pqxx::read_transaction tx(*admin);
        return tx.exec1(sql)[0].as<long long>();
    };
    std::string tag;
    {
        pqxx::read_transaction tx(*admin);
        tag = tx.exec1("SELECT tag FROM retrieval_settings")[0].as<std::string>();
    }
    const std::string tierThreeDatabase = "bh_" + tag + "_d_mover";
    auto tierThreeCount = [&](const std::string &sql) {
        testsupport::TestDatabase probe;  // same server: the tenant's database by name
        std::string dsn = probe.dsn();
        dsn.replace(dsn.find("dbname=" + probe.name()), 7 + probe.name().size(), "dbname=" + tierThreeDatabase);
        pqxx::connection tenantDb(dsn);
        pqxx::read_transaction tx(tenantDb);
        return tx.exec1(sql)[0].as<long long>();
    };
    auto moveTo = [&](int tier) -> json {
        const auto tenant = m_admin->call("GET", "/admin/v1/tenants/mover");
        if (!tenant.ok())
            return {};
        const auto patched =
            m_admin->call("PATCH", "/admin/v1/tenants/mover", json{{"tier", tier}, {"version", tenant.body["version"]}});
        if (!patched.ok())
            return {{"patch", patched.body}};
        waitFor([&] {
            const auto m = m_admin->call("GET", "/admin/v1/tenants/mover/migration");
            return m.ok() && m.body["state"] == "finished";
        });
        return m_admin->call("GET", "/admin/v1/tenants/mover/migration").body;
    };
    auto verified = [&] {
        const auto v = m_admin->call("GET", "/admin/v1/logs/verify?tenant=mover");
        return v.ok() && v.body["ok"] == json(true) ? v.body["records"].get<long long>() : -1;
    };

    // Tier 1 -> 2: the shared tables give the log up whole; the tenant's schema holds it sealed.
    const long long before = count("SELECT count(*) FROM public.audit_records WHERE tenant_id = 'mover'");
    QVERIFY(before >= 6);
    QCOMPARE(verified(), before);
    const json toTwo = moveTo(2);
    QVERIFY2(toTwo.value("state", "") == "finished", toTwo.dump().c_str());
    QCOMPARE(toTwo["phase"].get<std::string>(), std::string("done"));
    QCOMPARE(toTwo["moved"].get<int>(), 6);
    QCOMPARE(toTwo["current_tier"].get<int>(), 2);
    QVERIFY2(toTwo["audit_log"]["state"] == "done", toTwo.dump().c_str());
    QCOMPARE(toTwo["audit_log"]["tier"].get<int>(), 2);
    const json lastMove = toTwo["audit_log"]["last_move"];
    QCOMPARE(lastMove["from_tier"].get<int>(), 1);
    QCOMPARE(lastMove["records"].get<long long>(), before);
    QCOMPARE(lastMove["checkpoint"]["tree_size"].get<long long>(), before);
    QCOMPARE(count("SELECT count(*) FROM public.audit_records WHERE tenant_id = 'mover'"), 0LL);
    QCOMPARE(count("SELECT count(*) FROM public.audit_checkpoints WHERE tenant_id = 'mover'"), 0LL);
    QCOMPARE(count("SELECT count(*) FROM t_mover.audit_records"), before);
    QCOMPARE(count("SELECT count(*) FROM t_mover.audit_records WHERE NOT (record ? 'sealed')"), 0LL);
    // The checkpoint signed at the move is in the new place with the same root: one chain.
    QCOMPARE(count("SELECT count(*) FROM t_mover.audit_checkpoints WHERE tree_size = " + std::to_string(before) +
                   " AND encode(root_hash, 'hex') = '" + lastMove["checkpoint"]["root"].get<std::string>() + "'"),
             1LL);
    QCOMPARE(verified(), before);
    // The chain goes on where it moved: the next request is the next sequence, there.
    QCOMPARE(retrieve(key, "mover ledger", 10)["results"].size(), std::size_t(6));
    QCOMPARE(verified(), before + 1);
    QCOMPARE(count("SELECT max(seq) FROM t_mover.audit_records"), before);
    QCOMPARE(count("SELECT count(*) FROM public.audit_records WHERE tenant_id = 'mover'"), 0LL);
    // A daemon that missed the move cannot append to the shared tables behind it.
    {
        pqxx::connection runtime(m_db->runtimeDsn());
        pqxx::work tx(runtime);
        tx.exec("SELECT set_config('bulkhead.tenant', 'mover', true)");
        bool refused = false;
        std::string error = "accepted";
        try {
            tx.exec0("INSERT INTO public.audit_records (tenant_id, seq, recorded_at, request_id, route, decision, "
                     "record, leaf_hash) VALUES ('mover', 0, now(), 'r', 'x', 'allowed', '{}', "
                     "decode(repeat('00', 32), 'hex'))");
        } catch (const pqxx::insufficient_privilege &) {
            refused = true;
        } catch (const pqxx::sql_error &e) {
            error = e.what();
        }
        QVERIFY2(refused, error.c_str());
    }

    // Tier 2 -> 3: the schema goes (its documents and log moved), the tenant's database has both.
    const json toThree = moveTo(3);
    QVERIFY2(toThree.value("state", "") == "finished" && toThree["audit_log"]["state"] == "done", toThree.dump().c_str());
    QCOMPARE(toThree["audit_log"]["last_move"]["from_tier"].get<int>(), 2);
    QCOMPARE(count("SELECT count(*) FROM pg_namespace WHERE nspname = 't_mover'"), 0LL);
    QCOMPARE(tierThreeCount("SELECT count(*) FROM tenant_data.audit_records"), before + 1);
    QCOMPARE(tierThreeCount("SELECT count(*) FROM tenant_data.audit_records WHERE NOT (record ? 'sealed')"), 0LL);
    QCOMPARE(verified(), before + 1);
    QCOMPARE(retrieve(key, "mover ledger", 10)["results"].size(), std::size_t(6));
    QCOMPARE(verified(), before + 2);

    // Tier 3 -> 1: opened into the shared tables, the database dropped, the chain whole.
    const json toOne = moveTo(1);
    QVERIFY2(toOne.value("state", "") == "finished" && toOne["audit_log"]["state"] == "done", toOne.dump().c_str());
    QCOMPARE(toOne["audit_log"]["last_move"]["records"].get<long long>(), before + 2);
    QCOMPARE(count("SELECT count(*) FROM pg_database WHERE datname = '" + tierThreeDatabase + "'"), 0LL);
    QCOMPARE(count("SELECT count(*) FROM public.audit_records WHERE tenant_id = 'mover'"), before + 2);
    QCOMPARE(count("SELECT count(*) FROM public.audit_records WHERE tenant_id = 'mover' AND record ? 'sealed'"), 0LL);
    QCOMPARE(verified(), before + 2);
    QCOMPARE(retrieve(key, "mover ledger", 10)["results"].size(), std::size_t(6));
    QCOMPARE(verified(), before + 3);
}

void TestDocumentsApi::cryptoShreddingNeedsConfirmationAndEmptiesTheTenant()
{
    const std::string key = m_keys["leaver"];
    QVERIFY(!addDocument(key, "leaver customer list with account numbers").empty());
    QCOMPARE(m_admin->call("POST", "/admin/v1/tenants/leaver/shred", json{{"confirm", "acme1"}}).status, 400);
    QVERIFY(!retrieve(key, "customer list")["results"].empty());
    // A tenant auditor cannot shred, even its own tenant.
    const auto auditor = m_admin->call("POST", "/admin/v1/tokens", json{{"role", "tenant-auditor"}, {"tenant", "leaver"}});
    QVERIFY2(auditor.ok(), auditor.body.dump().c_str());
    const ctl::AdminClient asAuditor(url(""), auditor.body["token"].get<std::string>());
    QCOMPARE(asAuditor.call("POST", "/admin/v1/tenants/leaver/shred", json{{"confirm", "leaver"}}).status, 403);
    QCOMPARE(asAuditor.call("GET", "/admin/v1/tenants/acme1/encryption-keys").status, 403);
    const auto shredded = m_admin->call("POST", "/admin/v1/tenants/leaver/shred", json{{"confirm", "leaver"}});
    QVERIFY(shredded.ok());
    QCOMPARE(shredded.body["api_keys_revoked"].get<int>(), 1);
    QVERIFY(m_daemon->reload());
    QCOMPARE(post(key, "/v1/retrieve", json{{"query", "customer list"}}.dump()).status, 401);
    const auto keys = m_admin->call("GET", "/admin/v1/tenants/leaver/encryption-keys");
    QVERIFY(keys.ok());
    QVERIFY(keys.body["keys"].empty());
}

void TestDocumentsApi::aRecreatedTenantInheritsNothing_data()
{
    QTest::addColumn<int>("tier");
    QTest::newRow("tier 1") << 1;
    QTest::newRow("tier 2") << 2;
    QTest::newRow("tier 3") << 3;
}

void TestDocumentsApi::aRecreatedTenantInheritsNothing()
{
    QFETCH(int, tier);
    const std::string id = "offboarded" + std::to_string(tier);
    const std::string path = "/admin/v1/tenants/" + id;
    const std::string oldKey = createTenant(id, tier);
    QVERIFY(!oldKey.empty());
    QVERIFY(m_daemon->reload());
    QVERIFY(!addDocument(oldKey, "offboarded payroll export: WOMBAT-5521 salary bands").empty());
    QVERIFY(!retrieve(oldKey, "payroll salary bands")["results"].empty());
    const long long version = m_admin->call("GET", path).body["version"].get<long long>();
    const std::string v = "?version=" + std::to_string(version);

    // Refused without the id typed again, with another id, or from a stale version: nothing goes.
    for (const std::string &query : {v, v + "&confirm=acme1", "?version=" + std::to_string(version + 1) + "&confirm=" + id}) {
        const auto refused = m_admin->call("DELETE", path + query);
        QVERIFY2(refused.status == 400 || refused.status == 409, refused.body.dump().c_str());
    }
    QVERIFY(!retrieve(oldKey, "payroll salary bands")["results"].empty());
    // A tenant auditor cannot remove its tenant.
    const auto auditor = m_admin->call("POST", "/admin/v1/tokens", json{{"role", "tenant-auditor"}, {"tenant", id}});
    QVERIFY(auditor.ok());
    const ctl::AdminClient asAuditor(url(""), auditor.body["token"].get<std::string>());
    QCOMPARE(asAuditor.call("DELETE", path + v + "&confirm=" + id).status, 403);

    const auto oldLog = m_admin->call("GET", "/admin/v1/logs?tenant=" + id);
    QVERIFY2(oldLog.ok() && !oldLog.body["records"].empty(), oldLog.body.dump().c_str());
    std::set<std::string> oldRequests;
    for (const auto &r : oldLog.body["records"])
        oldRequests.insert(r["request_id"].get<std::string>());

    const auto removed = m_admin->call("DELETE", path + v + "&confirm=" + id);
    QVERIFY2(removed.ok(), removed.body.dump().c_str());
    QCOMPARE(removed.body["removed"], json(true));
    QCOMPARE(removed.body["api_keys_revoked"].get<int>(), 1);
    const std::string oldIncarnation = removed.body["incarnation"].get<std::string>();
    // The chain is archived whole in every tier (a Tier 2/3 one read before its placement went).
    QCOMPARE(removed.body["audit_archive"]["records"].get<std::size_t>(), oldRequests.size());
    QCOMPARE(m_admin->call("GET", path).status, 404);
    QCOMPARE(asAuditor.call("GET", "/admin/v1/logs?tenant=" + id).status, 401);
    QVERIFY(m_daemon->reload());
    QCOMPARE(post(oldKey, "/v1/retrieve", json{{"query", "payroll"}}.dump()).status, 401);

    // A record of the removed incarnation that arrives now (a stream outliving the removal) is
    // refused where the log lived, before and after the id is taken again.
    const auto lateRecordRefused = [&](const std::string &table, const std::string &recordedAt) {
        auto late = m_db->connect();
        pqxx::work tx(*late);
        try {
            tx.exec_params("INSERT INTO " + table + " (tenant_id, seq, recorded_at, request_id, route, decision, "
                           "record, leaf_hash) VALUES ($1, 999999, " + recordedAt + ", 'late', 'x', 'allowed', "
                           "'{}', decode(repeat('00', 32), 'hex'))",
                           id);
        } catch (const pqxx::insufficient_privilege &) {
            return true;
        }
        return false;  // accepted (rolled back: the transaction is never committed)
    };
    const std::string logTable = tier == 1 ? "public.audit_records" : "t_" + id + ".audit_records";
    if (tier == 1)
        QVERIFY(lateRecordRefused(logTable, "now()"));
    const auto removedAt = m_db->connect();
    const std::string beforeRecreation =
        "'" + pqxx::read_transaction(*removedAt).exec1("SELECT now()::text")[0].as<std::string>() + "'::timestamptz";

    // The same id again: a new incarnation with no documents, no keys and an empty chain.
    const std::string newKey = createTenant(id, tier);
    QVERIFY(!newKey.empty());
    QVERIFY(m_daemon->reload());
    const json found = retrieve(newKey, "offboarded payroll export WOMBAT-5521 salary bands", 100);
    QVERIFY2(found.contains("results") && found["results"].empty(), found.dump().c_str());
    const auto newLog = m_admin->call("GET", "/admin/v1/logs?tenant=" + id);
    QVERIFY(newLog.ok());
    QVERIFY(!newLog.body["records"].empty());  // the retrieval just made
    for (const auto &r : newLog.body["records"]) {
        QVERIFY2(!oldRequests.contains(r["request_id"].get<std::string>()), r.dump().c_str());
        QVERIFY(r["seq"].get<std::uint64_t>() < newLog.body["records"].size());
    }
    const auto verified = m_admin->call("GET", "/admin/v1/logs/verify?tenant=" + id);
    QVERIFY2(verified.ok() && verified.body["ok"] == json(true), verified.body.dump().c_str());
    if (tier <= 2) {  // a Tier 3 log's database went with the removal
        QVERIFY(lateRecordRefused(logTable, beforeRecreation));
        QVERIFY(!lateRecordRefused(logTable, "now()"));  // the new incarnation's own records go in
    }

    auto admin = m_db->connect();
    pqxx::work tx(*admin);
    QVERIFY(tx.exec_params1("SELECT incarnation::text FROM tenants WHERE id = $1", id)[0].as<std::string>() !=
            oldIncarnation);
    QCOMPARE(tx.exec_params1("SELECT count(*) FROM audit_records_archive WHERE incarnation = $1::uuid", oldIncarnation)[0]
                 .as<std::size_t>(),
             oldRequests.size());
    for (const auto &row : tx.exec_params("SELECT request_id FROM audit_records_archive WHERE incarnation = $1::uuid",
                                          oldIncarnation))
        QVERIFY(oldRequests.contains(row[0].as<std::string>()));
    // A Tier 2/3 chain stays sealed under the tenant's key, which is shredded: kept, unreadable.
    QCOMPARE(tx.exec_params1("SELECT count(*) FROM audit_records_archive WHERE incarnation = $1::uuid "
                             "AND record ? 'sealed'",
                             oldIncarnation)[0]
                 .as<std::size_t>(),
             tier == 1 ? 0u : oldRequests.size());
    QCOMPARE(tx.exec_params1("SELECT records FROM offboarded_tenants WHERE incarnation = $1::uuid", oldIncarnation)[0]
                 .as<std::size_t>(),
             oldRequests.size());
    // The archive is append-only, for the daemon's own login too.
    QVERIFY_THROWS_EXCEPTION(pqxx::sql_error,
                             tx.exec_params("DELETE FROM audit_records_archive WHERE incarnation = $1::uuid",
                                            oldIncarnation));
}

void TestDocumentsApi::aRemovalWaitingOutItsGraceHoldsUpNoOtherTenant()
{
    // A daemon with one connection and one thread per kind of work: a removal that held its
    // connection, or a database thread, through the revocation grace would stop every tenant.
    daemon::DaemonConfig config = daemonConfig();
    config.dbPoolSize = 1;
    config.policyRefresh = std::chrono::seconds(3);  // the grace: 3 refreshes + 2 s = 11 s
    daemon::Daemon lean(config, [](auto, auto, auto) {});
    lean.start();
    std::string token;  // the control plane's, shared with the first daemon
    std::ifstream(m_dir.filePath(QStringLiteral("admin.token")).toStdString()) >> token;
    const std::string base = "http://127.0.0.1:" + std::to_string(lean.port());
    const ctl::AdminClient admin(base, token);

    const std::string departingKey = createTenant("departing", 1);
    QVERIFY(!departingKey.empty());
    QVERIFY(lean.reload());
    const std::string path = "/admin/v1/tenants/departing";
    const long long version = admin.call("GET", path).body["version"].get<long long>();
    auto removal = std::async(std::launch::async, [&] {
        return admin.call("DELETE", path + "?version=" + std::to_string(version) + "&confirm=departing");
    });
    // The grace begins once the keys are revoked and this daemon has refreshed: the departing
    // tenant is refused from then on.
    const auto retrieveOn = [&](const std::string &key) {
        return ctl::networkTransport("POST", base + "/v1/retrieve", key, json{{"query", "anything"}}.dump());
    };
    QVERIFY(waitFor([&] { return retrieveOn(departingKey).status == 401; }));

    // While it waits, another tenant is served (chat, retrieval, each with its audit record
    // committed) and another admin request is answered.
    const json chat{{"model", "bulkhead-refmodel"},
                    {"messages", json::array({{{"role", "user"}, {"content", "hello"}}})}};
    const auto chatted = ctl::networkTransport("POST", base + "/v1/chat/completions", m_keys["globex1"], chat.dump());
    QCOMPARE(chatted.status, 200);
    const auto retrieved = retrieveOn(m_keys["globex1"]);
    QVERIFY2(retrieved.status == 200, retrieved.body.c_str());
    QCOMPARE(admin.call("GET", "/admin/v1/tenants/globex1").status, 200);
    QVERIFY2(removal.wait_for(std::chrono::seconds(0)) == std::future_status::timeout,
             "the removal ended before the other tenant was served: it held them up");

    const auto removed = removal.get();
    QVERIFY2(removed.ok(), removed.body.dump().c_str());
    QCOMPARE(removed.body["removed"], json(true));
    QCOMPARE(admin.call("GET", path).status, 404);
    lean.shutdown();
    lean.wait();
}

void TestDocumentsApi::upstreamEmbeddingsUseTheTenantsOwnUpstream()
{
    // A second daemon on the same control plane, embedding through the upstream.
    daemon::DaemonConfig config = daemonConfig();
    config.embeddings = "upstream";
    daemon::Daemon upstreamEmbedding(config, [](auto, auto, auto) {});
    upstreamEmbedding.start();
    const std::string base = "http://127.0.0.1:" + std::to_string(upstreamEmbedding.port());
    const int before = m_upstream.embeddingRequests;
    const auto added = ctl::networkTransport("POST", base + "/v1/documents", m_keys["globex1"],
                                             json{{"text", "globex warehouse inventory for spring"}}.dump());
    QCOMPARE(added.status, 201);
    QVERIFY(m_upstream.embeddingRequests > before);
    const auto found = ctl::networkTransport("POST", base + "/v1/retrieve", m_keys["globex1"],
                                             json{{"query", "warehouse inventory"}, {"top_k", 1}}.dump());
    QCOMPARE(found.status, 200);
    QCOMPARE(json::parse(found.body)["results"][0]["text"].get<std::string>(),
             std::string("globex warehouse inventory for spring"));
    // A Tier 3 tenant without a dedicated upstream: its text is not sent to the shared one.
    const int sent = m_upstream.embeddingRequests;
    const auto refused = ctl::networkTransport("POST", base + "/v1/documents", m_keys["globex3"],
                                               json{{"text", "globex3 board minutes"}}.dump());
    QCOMPARE(refused.status, 503);
    QCOMPARE(errorCode(refused), std::string("dedicated_upstream_required"));
    QCOMPARE(m_upstream.embeddingRequests.load(), sent);
    upstreamEmbedding.shutdown();
    upstreamEmbedding.wait();
}

void TestDocumentsApi::tierThreeOnTheTenantsOwnServer()
{
    testsupport::TestDatabase own;  // stands in for the tenant's own PostgreSQL server
    const std::string key = createTenant("initech", 3);
    QVERIFY(!key.empty());
    QVERIFY(m_daemon->reload());
    QCOMPARE(m_admin->call("PUT", "/admin/v1/tenants/initech/database", json{{"dsn", "host='unterminated"}}).status,
             400);
    const auto set = m_admin->call("PUT", "/admin/v1/tenants/initech/database", json{{"dsn", own.dsn()}});
    QVERIFY2(set.ok(), set.body.dump().c_str());
    QVERIFY(set.body.dump().find(own.name()) == std::string::npos);  // never echoed
    const std::string doc = addDocument(key, "initech TPS report cover sheet memo");
    QVERIFY(!doc.empty());
    const json found = retrieve(key, "TPS report cover sheet", 1);
    QCOMPARE(found["results"][0]["document_id"].get<std::string>(), doc);
    {
        auto connection = own.connect();
        pqxx::read_transaction tx(*connection);
        QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_data.chunks WHERE text_sealed IS NOT NULL")[0].as<int>(), 1);
    }
    const json globexHits = retrieve(m_keys["globex1"], "initech TPS report", 100);  // kept: the loop reads into it
    for (const auto &hit : globexHits["results"])
        QVERIFY(hit["document_id"] != json(doc));
    // Its documents are there now: the server cannot be swapped under them.
    QCOMPARE(m_admin->call("PUT", "/admin/v1/tenants/initech/database", json{{"dsn", own.dsn()}}).status, 409);
    QVERIFY(m_admin->call("POST", "/admin/v1/tenants/initech/shred", json{{"confirm", "initech"}}).ok());
    auto connection = own.connect();
    pqxx::read_transaction tx(*connection);
    QCOMPARE(tx.exec1("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'tenant_data'")[0].as<int>(),
             0);
}

QTEST_GUILESS_MAIN(TestDocumentsApi)
#include "tst_documentsapi.moc"
