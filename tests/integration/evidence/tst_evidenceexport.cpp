// Evidence exports against a real daemon: real PostgreSQL, real HTTP on loopback, a real probe
// run. Export then verify; a tenant-auditor's pack holds nothing of the other tenants; roles and
// bad input are refused with stable codes; bulkheadctl exports, verifies and names tampering.
#include "ctl/AdminClient.h"
#include "ctl/Cli.h"
#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"
#include "daemon/Daemon.h"
#include "evidence/PackArchive.h"
#include "evidence/PackVerifier.h"
#include "support/TestDatabase.h"
#include "support/WaitUntil.h"
#include "support/TestDaemon.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

using namespace bulkhead;
using nlohmann::json;

namespace {

struct TenantSpec
{
    std::string id, name;
    int tier;
};

const std::vector<TenantSpec> kTenants{{"evx_alpha_tenant", "Alpha Evidence Mutual", 2},
                                       {"evx_bravo_tenant", "Bravo Evidence Clinic", 1},
                                       {"evx_charlie_tenant", "Charlie Evidence Bank", 2}};

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace

class TestEvidenceExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void platformExportVerifiesWithTheDaemonsKey();
    void auditorPackHoldsNothingOfOtherTenants();
    void rolesAndBadInputAreRefused();
    void sinceLimitsTheProbeHistory();
    void bulkheadctlExportsVerifiesAndNamesTampering();

private:
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_daemon->port()); }
    json exportAndWait(const ctl::AdminClient &api, const json &body);
    std::map<std::string, std::string> unzipMembers(const std::string &zip);

    testsupport::TestDatabase m_db;
    QTemporaryDir m_dir;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::string m_token;
    std::string m_auditorToken;
    std::map<std::string, std::string> m_canaries;
};

void TestEvidenceExport::initTestCase()
{
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");  // no layer used here calls an upstream
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(config.adminTokenFile) >> m_token;
    const ctl::AdminClient admin(url(), m_token);
    for (const auto &t : kTenants) {
        const auto created = admin.call("POST", "/admin/v1/tenants",
                                        {{"id", t.id},
                                         {"name", t.name},
                                         {"tier", t.tier},
                                         {"classifications", json::array({"PII"})},
                                         {"system_prompt", "You assist " + t.name + "."}});
        QVERIFY2(created.ok(), created.body.dump().c_str());
        m_canaries[t.id] = admin.call("GET", "/admin/v1/tenants/" + t.id + "/system-prompt").body["canary"];
        QVERIFY(!m_canaries[t.id].empty());
    }
    const auto auditor = admin.call("POST", "/admin/v1/tokens", {{"role", "tenant-auditor"}, {"tenant", kTenants[0].id}});
    QVERIFY(auditor.ok());
    m_auditorToken = auditor.body["token"];
    // A real probe run over the layers that need no upstream LLM.
    const auto run = admin.call("POST", "/admin/v1/probes/runs",
                                {{"layers", {"retrieval_bleed", "retrieval_drill", "key_isolation", "log_bleed",
                                             "log_drill", "admin_plane"}}});
    QCOMPARE(run.status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(admin.call("GET", "/admin/v1/probes/runs/" + run.body["id"].get<std::string>())
                                     .body.value("status", "") != "running",
                             120000);
}

void TestEvidenceExport::cleanupTestCase()
{
    m_daemon->shutdown();
    m_daemon->wait();
}

json TestEvidenceExport::exportAndWait(const ctl::AdminClient &api, const json &body)
{
    const auto started = api.call("POST", "/admin/v1/evidence/exports", body);
    if (started.status != 202)
        return started.body;
    const std::string id = started.body["id"];
    json status;
    testsupport::waitUntil(
        [&] {
            status = api.call("GET", "/admin/v1/evidence/exports/" + id).body;
            return status.value("state", "") == "done" || status.value("state", "") == "failed";
        },
        testsupport::kLongWait, std::chrono::milliseconds(50));
    return status;
}

std::map<std::string, std::string> TestEvidenceExport::unzipMembers(const std::string &zip)
{
    std::map<std::string, std::string> out;
    for (auto &m : evidence::readZip(zip).members)
        out[m.name] = std::move(m.bytes);
    return out;
}

void TestEvidenceExport::platformExportVerifiesWithTheDaemonsKey()
{
    const ctl::AdminClient api(url(), m_token);
    const auto status = exportAndWait(api, {{"all", true}});
    QCOMPARE(status["state"].get<std::string>(), std::string("done"));
    QCOMPARE(status["progress"], status["total"]);
    const auto pack = ctl::networkTransport("GET", url() + "/admin/v1/evidence/exports/" + status["id"].get<std::string>() + "/pack",
                                            m_token, "");
    QCOMPARE(pack.status, 200);
    QCOMPARE(crypto::toHex(crypto::sha256(pack.body)), status["sha256"].get<std::string>());
    // Signed by the daemon's audit/evidence key: the one its checkpoints are verified with.
    const auto logKey = api.call("GET", "/admin/v1/logs/verify?tenant=" + kTenants[0].id).body["public_key"];
    evidence::VerifyOptions pinned;
    pinned.expectedFingerprint = crypto::ed25519Fingerprint(crypto::fromHex(logKey.get<std::string>()));
    const auto report = evidence::verifyPack(pack.body, pinned);
    QVERIFY2(report.ok, report.message.c_str());
    const auto members = unzipMembers(pack.body);
    const auto probes = json::parse(members.at("probe-results.json"));
    QVERIFY(!probes["runs"].empty());
    QCOMPARE(probes["runs"][0]["results"].size(), std::size_t{36});  // 6 ordered pairs x 6 layers
    const auto audit = json::parse(members.at("audit-verification.json"));
    QCOMPARE(audit["tenants"].size(), kTenants.size() + 1);  // and the platform chain
    for (const auto &t : audit["tenants"])
        QVERIFY2(t["verified"].get<bool>(), t.dump().c_str());
    QVERIFY(!json::parse(members.at("key-management.json"))["keys"].empty());
    const auto controls = json::parse(members.at("controls.json"));
    for (const auto &c : controls["controls"])
        if (c["id"] == "LLM08" || c["id"] == "SC-12")
            QCOMPARE(c["status"].get<std::string>(), std::string("satisfied"));
    // The export itself is an admin action on the platform chain.
    const auto chain = api.call("GET", "/admin/v1/logs?tenant=platform&limit=1000").body;
    bool recorded = false;
    for (const auto &r : chain["records"])
        recorded = recorded || r.value("route", "") == "POST /admin/v1/evidence/exports";
    QVERIFY(recorded);
}

void TestEvidenceExport::auditorPackHoldsNothingOfOtherTenants()
{
    const ctl::AdminClient auditor(url(), m_auditorToken);
    const auto status = exportAndWait(auditor, json::object());
    QCOMPARE(status["state"].get<std::string>(), std::string("done"));
    QCOMPARE(status["tenant"].get<std::string>(), kTenants[0].id);
    const auto pack = ctl::networkTransport(
        "GET", url() + "/admin/v1/evidence/exports/" + status["id"].get<std::string>() + "/pack", m_auditorToken, "");
    QCOMPARE(pack.status, 200);
    QVERIFY(evidence::verifyPack(pack.body).ok);
    const auto members = unzipMembers(pack.body);
    QCOMPARE(members.size(), std::size_t{14});  // manifest, signature and twelve content members
    for (const auto &[name, bytes] : members) {
        for (std::size_t i = 1; i < kTenants.size(); ++i)
            for (const auto &token : {kTenants[i].id, kTenants[i].name, m_canaries[kTenants[i].id]})
                QVERIFY2(bytes.find(token) == std::string::npos, qPrintable(QString::fromStdString(name + ": " + token)));
        QVERIFY2(bytes.find(m_canaries[kTenants[0].id]) == std::string::npos, name.c_str());
    }
    QVERIFY(members.at("inventory.json").find(kTenants[0].id) != std::string::npos);
    const auto probes = json::parse(members.at("probe-results.json"));
    QCOMPARE(probes["runs"][0]["results"].size(), std::size_t{24});  // 4 ordered pairs with alpha x 6 layers
    // The preview before an export: the same controls as the pack, for its own tenant only.
    const auto preview = auditor.call("POST", "/admin/v1/evidence/preview", json::object());
    QVERIFY2(preview.ok(), preview.body.dump().c_str());
    const auto packControls = json::parse(members.at("controls.json"));
    QCOMPARE(preview.body["controls"].size(), packControls["controls"].size());
    for (std::size_t i = 0; i < packControls["controls"].size(); ++i)
        QCOMPARE(preview.body["controls"][i]["status"], packControls["controls"][i]["status"]);
    const auto refused = auditor.call("POST", "/admin/v1/evidence/preview", {{"tenant", kTenants[1].id}});
    QCOMPARE(refused.status, 403);
    QVERIFY(refused.body.dump().find(kTenants[1].id) == std::string::npos);
    QCOMPARE(auditor.call("GET", "/admin/v1/evidence/preview").status, 405);
}

void TestEvidenceExport::rolesAndBadInputAreRefused()
{
    const ctl::AdminClient admin(url(), m_token);
    const ctl::AdminClient auditor(url(), m_auditorToken);
    const auto code = [](const ctl::AdminClient::Reply &r) { return r.body["error"].value("code", std::string()); };
    const std::string exports = "/admin/v1/evidence/exports";
    QCOMPARE(auditor.call("POST", exports, {{"tenant", kTenants[1].id}}).status, 403);
    QCOMPARE(auditor.call("POST", exports, {{"tenant", "no_such_tenant"}}).status, 403);  // same answer
    QCOMPARE(auditor.call("POST", exports, {{"all", true}}).status, 403);
    auto r = admin.call("POST", exports, {{"tenant", kTenants[0].id}, {"all", true}});
    QCOMPARE(r.status, 400);
    QCOMPARE(code(r), std::string("invalid_request"));
    QCOMPARE(admin.call("POST", exports, json::object()).status, 400);
    r = admin.call("POST", exports, {{"all", true}, {"since", "yesterday"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body["error"]["param"].get<std::string>(), std::string("since"));
    QCOMPARE(admin.call("POST", exports, {{"all", true}, {"since", "2026-01-01T00:00:00"}}).status, 400);  // no zone
    QCOMPARE(admin.call("POST", exports, {{"all", true}, {"format", "pdf"}}).status, 400);
    QCOMPARE(admin.call("POST", exports, {{"tenant", "no_such_tenant"}}).status, 404);
    QCOMPARE(admin.call("POST", exports, {{"tenant", "Bad Id!"}}).status, 400);
    QCOMPARE(admin.call("GET", exports + "/evx_0000000000000000").status, 404);
    QCOMPARE(admin.call("DELETE", exports).status, 405);
    // A platform export is invisible to the auditor: the same 404 as an id that never existed.
    const auto platform = admin.call("POST", exports, {{"all", true}});
    QCOMPARE(platform.status, 202);
    const std::string id = platform.body["id"];
    const auto hidden = auditor.call("GET", exports + "/" + id);
    QCOMPARE(hidden.status, 404);
    QCOMPARE(hidden.body, auditor.call("GET", exports + "/evx_0000000000000000").body);
    QCOMPARE(ctl::networkTransport("GET", url() + exports + "/" + id + "/pack", m_auditorToken, "").status, 404);
    const auto listed = auditor.call("GET", exports);  // kept: the loop reads into it
    for (const auto &e : listed.body["exports"])
        QCOMPARE(e["tenant"].get<std::string>(), kTenants[0].id);
    QCOMPARE(ctl::networkTransport("GET", url() + exports + "/" + id + "/pack", "", "").status, 401);
}

void TestEvidenceExport::sinceLimitsTheProbeHistory()
{
    const ctl::AdminClient api(url(), m_token);
    const auto status = exportAndWait(api, {{"tenant", kTenants[1].id}, {"since", "2099-01-01T00:00:00+02:00"}});
    QCOMPARE(status["state"].get<std::string>(), std::string("done"));
    QCOMPARE(status["since"].get<std::string>(), std::string("2098-12-31T22:00:00Z"));
    const auto pack = ctl::networkTransport(
        "GET", url() + "/admin/v1/evidence/exports/" + status["id"].get<std::string>() + "/pack", m_token, "");
    const auto members = unzipMembers(pack.body);
    QVERIFY(json::parse(members.at("probe-results.json"))["runs"].empty());
    const auto controls = json::parse(members.at("controls.json"));
    for (const auto &c : controls["controls"])
        if (c["id"] == "LLM08")
            QCOMPARE(c["status"].get<std::string>(), std::string("not-assessed"));
}

void TestEvidenceExport::bulkheadctlExportsVerifiesAndNamesTampering()
{
    const std::string path = m_dir.filePath(QStringLiteral("pack.zip")).toStdString();
    std::ostringstream out, err;
    int exit = ctl::runCli({"--url", url(), "--token", m_auditorToken, "evidence", "export", "--out", path}, out, err);
    QVERIFY2(exit == 0, err.str().c_str());
    QVERIFY(err.str().find("done") != std::string::npos);  // progress on stderr
    out.str({});
    err.str({});
    exit = ctl::runCli({"evidence", "verify", path}, out, err);
    QVERIFY2(exit == 0, err.str().c_str());
    QVERIFY(out.str().find("verified") != std::string::npos);
    // Without a pinned key it says so; a pinned key from the environment is enforced.
    QVERIFY2(out.str().find("only self-consistent") != std::string::npos, out.str().c_str());
    const ctl::AdminClient admin(url(), m_token);
    const std::string fingerprint = admin.call("GET", "/admin/v1/whoami").body["signing_key_fingerprint"];
    QVERIFY(fingerprint.starts_with("SHA256:"));
    qputenv("BULKHEAD_SIGNING_FINGERPRINT", QByteArray::fromStdString(fingerprint));
    out.str({});
    QCOMPARE(ctl::runCli({"evidence", "verify", path}, out, err), 0);
    QVERIFY2(out.str().find("only self-consistent") == std::string::npos, out.str().c_str());
    qputenv("BULKHEAD_SIGNING_FINGERPRINT", QByteArray("SHA256:") + QByteArray(64, 'a'));
    err.str({});
    QCOMPARE(ctl::runCli({"evidence", "verify", path}, out, err), 1);
    QVERIFY2(err.str().find("untrusted_key") != std::string::npos, err.str().c_str());
    qunsetenv("BULKHEAD_SIGNING_FINGERPRINT");
    out.str({});
    err.str({});
    // One byte of one member flipped, the archive rebuilt around it: verify names the member.
    auto members = evidence::readZip(readFile(path)).members;
    for (auto &m : members)
        if (m.name == "tier-decisions.json")
            m.bytes[m.bytes.size() / 2] = static_cast<char>(m.bytes[m.bytes.size() / 2] ^ 0x04);
    const std::string tampered = m_dir.filePath(QStringLiteral("tampered.zip")).toStdString();
    std::ofstream(tampered, std::ios::binary) << evidence::writeZip(members, 1764331200);
    out.str({});
    err.str({});
    exit = ctl::runCli({"evidence", "verify", tampered, "--json"}, out, err);
    QCOMPARE(exit, 1);
    QVERIFY2(err.str().find("tier-decisions.json") != std::string::npos, err.str().c_str());
    const auto report = json::parse(out.str());
    QCOMPARE(report["error"]["file"].get<std::string>(), std::string("tier-decisions.json"));
    // Pinning another key fails; usage errors exit 2.
    out.str({});
    err.str({});
    QCOMPARE(ctl::runCli({"evidence", "verify", path, "--fingerprint", std::string(64, 'a')}, out, err), 1);
    QCOMPARE(ctl::runCli({"evidence", "verify"}, out, err), 2);
    QCOMPARE(ctl::runCli({"--url", url(), "--token", m_token, "evidence", "export", "--out", path, "--all", "--tenant",
                          kTenants[0].id},
                         out, err),
             2);
    QCOMPARE(ctl::runCli({"evidence", "verify", path + ".missing"}, out, err), 1);
}

QTEST_GUILESS_MAIN(TestEvidenceExport)
#include "tst_evidenceexport.moc"
