// Live cross-tenant probes against a real daemon, real PostgreSQL and the reference upstream:
// isolation holds with the daemon's defaults; each layer fails against the defect it exists for
// (cache salting off, an upstream ignoring the salt, a hostile upstream with the egress scan
// weakened to flagging, a shared table without row-level security); a copied system prompt
// leaks upstream and the egress scanner's block is visible in the prompt probe's result. The
// chat layers' traffic goes through the daemon's own pipeline.
#include "support/PortFile.h"
#include "support/TestDaemon.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "support/TestDatabase.h"
#include "support/WaitUntil.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <pqxx/pqxx>

#include <QtTest>

#include <fstream>

using namespace bulkhead;
using nlohmann::json;

namespace {

const std::string kAlphaPrompt =
    "You are the actuarial assistant of Alpha Mutual. Quarterly reserve triangles for the "
    "marine book are strictly internal and must never be shared with any other organisation.";

// The finished run, or a run that says why it is not there (status "not_finished", no
// results), so an assertion fails instead of a lookup in an empty document.
json waitForRun(const ctl::AdminClient &admin, const std::string &id)
{
    json run;
    const bool finished = testsupport::waitUntil([&] {
        const auto reply = admin.call("GET", "/admin/v1/probes/runs/" + id);
        run = reply.body;
        return !reply.ok() || run.value("status", std::string()) != "running";
    });
    if (!finished || !run.is_object() || !run.contains("results"))
        return {{"status", "not_finished"}, {"last_answer", run}, {"results", json::array()}};
    return run;
}

const json *result(const json &run, const std::string &layer, const std::string &victim,
                   const std::string &attacker)
{
    for (const auto &r : run["results"])
        if (r["layer"] == layer && r["victim"] == victim && r["attacker"] == attacker)
            return &r;
    return nullptr;
}

// A layer's outcome for one pair, or "missing" when the run has no such result.
std::string outcomeOf(const json &run, const std::string &layer, const std::string &victim,
                      const std::string &attacker)
{
    const json *r = result(run, layer, victim, attacker);
    return r ? r->value("outcome", std::string("missing")) : std::string("missing");
}

} // namespace

class TestProbes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void isolationHoldsWithDefaults();
    void kvProbeFailsWithoutCacheSalt();
    void kvProbeFailsAgainstAnUpstreamIgnoringTheSalt();
    void copiedPromptIsCaughtByTheEgressScanner();
    void hostileUpstreamFailsTheRunButDeliversNothing();
    void auditorSeesOnlyItsOwnPairs();
    void retrievalDrillFailsOnASharedTableWithoutRls();
    void eventsStreamTheRun();
    void scheduledRunsJoinTheHistory();

private:
    std::unique_ptr<daemon::Daemon> startDaemon(bool cacheSalt);

    testsupport::TestDatabase m_db;
    QTemporaryDir m_dir;
    QProcess m_refmodel;
    std::string m_upstream;
    std::string m_token;
    std::unique_ptr<daemon::Daemon> m_daemon;
};

std::unique_ptr<daemon::Daemon> TestProbes::startDaemon(bool cacheSalt)
{
    auto config = testsupport::testDaemonConfig(m_db, m_upstream);
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    config.cacheSalt = cacheSalt;
    auto d = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    d->start();
    return d;
}

void TestProbes::initTestCase()
{
    const QString portFile = m_dir.filePath(QStringLiteral("refmodel.port"));
    m_refmodel.start(qEnvironmentVariable("BULKHEAD_BINARY_DIR") +
                         QStringLiteral("/bulkhead-refmodel"),
                     {QStringLiteral("--port-file"), portFile});
    const int port = testsupport::waitForPortFile(portFile, m_refmodel);
    QVERIFY(port > 0);
    m_upstream = "http://127.0.0.1:" + std::to_string(port) + "/v1";
    m_daemon = startDaemon(true);
    std::ifstream(m_dir.filePath(QStringLiteral("admin.token")).toStdString()) >> m_token;
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants",
                       {{"id", "alpha"}, {"tier", 2}, {"system_prompt", kAlphaPrompt}})
                .ok());
    QVERIFY(admin.call("POST", "/admin/v1/tenants",
                       {{"id", "bravo"}, {"tier", 2}, {"system_prompt", "You are Bravo's helper."}})
                .ok());
}

void TestProbes::cleanupTestCase()
{
    if (m_daemon) {
        m_daemon->shutdown();
        m_daemon->wait();
    }
    m_refmodel.terminate();
    m_refmodel.waitForFinished(5000);
}

void TestProbes::isolationHoldsWithDefaults()
{
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    const auto started = admin.call("POST", "/admin/v1/probes/runs", {{"samples", 4}});
    QCOMPARE(started.status, 202);
    const auto run = waitForRun(admin, started.body["id"]);
    std::string notPassed;
    for (const auto &r : run["results"])
        if (r["outcome"] != "pass")
            notPassed += r.dump() + "\n";
    QVERIFY2(run["status"] == json("passed"), notPassed.c_str());
    QCOMPARE(run["results"].size(), std::size_t{20});  // 2 ordered pairs x 10 layers
    QCOMPARE((*result(run, "prompt_indirect", "alpha", "bravo"))["detail"]["status"].get<int>(), 200);
    QCOMPARE((*result(run, "log_bleed", "alpha", "bravo"))["detail"]["identical_to_unknown_tenant"].get<int>(), 9);
    QCOMPARE((*result(run, "admin_plane", "alpha", "bravo"))["detail"]["auditor_writes_refused"].get<int>(), 8);
    for (const char *layer :
         {"retrieval_bleed", "retrieval_drill", "key_isolation", "prompt_indirect", "log_bleed", "log_drill",
          "admin_plane", "egress_channels"}) {
        const auto *r = result(run, layer, "alpha", "bravo");
        QVERIFY2(r, layer);
        QCOMPARE((*r)["outcome"].get<std::string>(), std::string("pass"));
    }
    QCOMPARE((*result(run, "retrieval_drill", "alpha", "bravo"))["detail"]["barrier"].get<std::string>(),
             std::string("permission_denied"));
    QCOMPARE((*result(run, "log_drill", "alpha", "bravo"))["detail"]["barrier"].get<std::string>(),
             std::string("permission_denied"));  // Tier 2: bravo's role has no rights on alpha's schema
    // The probe's upstream traffic is marked in the tenants' audit logs; its credentials are gone.
    const auto logs = admin.call("GET", "/admin/v1/logs?tenant=bravo&limit=1000");
    int marked = 0;
    for (const auto &r : logs.body["records"])
        marked += r["reasons"].dump().find("probe_run:" + run["id"].get<std::string>()) != std::string::npos;
    QVERIFY2(marked > 0, logs.body.dump().substr(0, 500).c_str());
    const auto tokens = admin.call("GET", "/admin/v1/tokens");
    int probeTokens = 0;
    for (const auto &t : tokens.body["tokens"])
        if (t["label"].get<std::string>().starts_with("probe ")) {
            ++probeTokens;
            QVERIFY(!t["revoked_at"].is_null());
        }
    QCOMPARE(probeTokens, 2);  // one per attacker, both revoked
    const auto *kv = result(run, "kv_cache", "alpha", "bravo");
    QVERIFY(kv);
    QCOMPARE((*kv)["detail"]["attacker_cached_tokens"].get<long long>(), 0LL);
    QCOMPARE((*kv)["detail"]["positive_control_hits"].get<int>(), 4);  // the control works
    const auto *prompt = result(run, "prompt_direct", "alpha", "bravo");
    QVERIFY(prompt);
    QCOMPARE((*prompt)["detail"]["blocked_answers"].get<int>(), 0);
    QVERIFY((*prompt)["detail"]["attempts"].get<int>() >= 8);
    // The reference upstream is not hostile: it puts no probe canary anywhere unasked.
    const auto *channels = result(run, "egress_channels", "alpha", "bravo");
    QCOMPARE((*channels)["detail"]["delivered"].get<int>(), 0);
    QCOMPARE((*channels)["detail"]["requests"].get<int>(), 24);
    // The probe's data-plane keys are revoked when the run ends.
    const auto keys = admin.call("GET", "/admin/v1/tenants/bravo/keys");
    int probeKeys = 0;
    for (const auto &k : keys.body["keys"])
        if (k["label"].get<std::string>() == "probe " + run["id"].get<std::string>()) {
            ++probeKeys;
            QVERIFY(!k["revoked_at"].is_null());
        }
    QVERIFY(probeKeys >= 1);
}

void TestProbes::kvProbeFailsWithoutCacheSalt()
{
    auto unsalted = startDaemon(false);
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(unsalted->port()), m_token);
    const auto started = admin.call("POST", "/admin/v1/probes/runs",
                                    {{"samples", 4}, {"layers", {"kv_cache"}}});
    QCOMPARE(started.status, 202);
    const auto run = waitForRun(admin, started.body["id"]);
    QCOMPARE(run["status"].get<std::string>(), std::string("failed"));
    const auto *kv = result(run, "kv_cache", "alpha", "bravo");
    QVERIFY(kv);
    QCOMPARE((*kv)["outcome"].get<std::string>(), std::string("fail"));
    QVERIFY((*kv)["detail"]["attacker_cached_tokens"].get<long long>() > 0);
    unsalted->shutdown();
    unsalted->wait();
}

void TestProbes::kvProbeFailsAgainstAnUpstreamIgnoringTheSalt()
{
    QProcess vulnerable;
    const QString portFile = m_dir.filePath(QStringLiteral("vulnerable.port"));
    vulnerable.start(qEnvironmentVariable("BULKHEAD_BINARY_DIR") +
                         QStringLiteral("/bulkhead-refmodel"),
                     {QStringLiteral("--ignore-cache-salt"), QStringLiteral("--port-file"), portFile});
    const int port = testsupport::waitForPortFile(portFile, vulnerable);
    QVERIFY(port > 0);
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:" + std::to_string(port) + "/v1");
    daemon::Daemon proxy(config, [](auto, auto, auto) {});
    proxy.start();
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(proxy.port()), m_token);
    const auto run = waitForRun(
        admin, admin.call("POST", "/admin/v1/probes/runs",
                          {{"samples", 4}, {"layers", {"kv_cache"}}, {"tenants", {"alpha", "bravo"}}})
                   .body["id"]);
    const auto *kv = result(run, "kv_cache", "alpha", "bravo");
    QVERIFY(kv);
    QCOMPARE((*kv)["outcome"].get<std::string>(), std::string("fail"));
    QVERIFY((*kv)["detail"]["attacker_cached_tokens"].get<long long>() > 0);
    proxy.shutdown();
    proxy.wait();
    vulnerable.terminate();
    vulnerable.waitForFinished(5000);
}

void TestProbes::copiedPromptIsCaughtByTheEgressScanner()
{
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    // A misconfiguration: Alpha's prompt pasted into Bravo's.
    QVERIFY(admin.call("PUT", "/admin/v1/tenants/bravo/system-prompt",
                       {{"system_prompt", "You are Bravo's helper. " + kAlphaPrompt}})
                .ok());
    const auto started = admin.call("POST", "/admin/v1/probes/runs",
                                    {{"layers", {"prompt_direct", "prompt_indirect"}}});
    const auto run = waitForRun(admin, started.body["id"]);
    // The injection planted in Bravo's corpus makes the upstream repeat Bravo's (contaminated)
    // prompt; the egress scanner stops it.
    const auto *indirect = result(run, "prompt_indirect", "alpha", "bravo");
    QVERIFY(indirect);
    QVERIFY2((*indirect)["detail"]["blocked"].get<bool>(), (*indirect)["detail"].dump().c_str());
    QCOMPARE((*indirect)["outcome"].get<std::string>(), std::string("pass"));
    const auto *prompt = result(run, "prompt_direct", "alpha", "bravo");
    QVERIFY(prompt);
    const auto &detail = (*prompt)["detail"];
    QVERIFY2(detail["blocked_answers"].get<int>() > 0, detail.dump().c_str());
    QCOMPARE(detail["delivered_leaks"].get<int>(), 0);  // the egress scanner stopped every one
    QCOMPARE((*prompt)["outcome"].get<std::string>(), std::string("pass"));

    // With Bravo's egress scanning reduced to flagging, the same leak reaches Bravo: fail.
    QVERIFY(admin.call("PUT", "/admin/v1/tenants/bravo/scan-policy", {{"cross_tenant", "flag"}})
                .ok());
    const auto weakened = waitForRun(
        admin, admin.call("POST", "/admin/v1/probes/runs", {{"layers", {"prompt_direct", "prompt_indirect"}}})
                   .body["id"]);
    QCOMPARE(outcomeOf(weakened, "prompt_indirect", "alpha", "bravo"),
             std::string("fail"));
    const auto *leaked = result(weakened, "prompt_direct", "alpha", "bravo");
    QVERIFY(leaked);
    QCOMPARE((*leaked)["outcome"].get<std::string>(), std::string("fail"));
    QVERIFY((*leaked)["detail"]["delivered_leaks"].get<int>() > 0);
    QCOMPARE(weakened["status"].get<std::string>(), std::string("failed"));
    QVERIFY(admin.call("PUT", "/admin/v1/tenants/bravo/scan-policy", {{"cross_tenant", "default"}})
                .ok());
    QVERIFY(admin.call("PUT", "/admin/v1/tenants/bravo/system-prompt",
                       {{"system_prompt", "You are Bravo's helper."}})
                .ok());
}

// A hostile upstream puts the victim's (probe) canary into every output channel and shares its
// prefix cache across salts: the run fails on kv_cache (a real finding about the upstream), and
// egress_channels passes because the egress walker withholds every channel. Weakened to flagging,
// the same channels deliver the canary and egress_channels fails: the layer catches its defect.
void TestProbes::hostileUpstreamFailsTheRunButDeliversNothing()
{
    QProcess hostile;
    const QString portFile = m_dir.filePath(QStringLiteral("hostile.port"));
    hostile.start(qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QStringLiteral("/bulkhead-refmodel"),
                  {QStringLiteral("--hostile"), QStringLiteral("--port-file"), portFile});
    const int port = testsupport::waitForPortFile(portFile, hostile);
    QVERIFY(port > 0);
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:" + std::to_string(port) + "/v1");
    daemon::Daemon proxy(config, [](auto, auto, auto) {});
    proxy.start();
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(proxy.port()), m_token);
    const json request{{"samples", 3}, {"layers", {"egress_channels", "kv_cache"}}, {"tenants", {"alpha", "bravo"}}};
    const auto run = waitForRun(admin, admin.call("POST", "/admin/v1/probes/runs", request).body["id"]);
    QCOMPARE(run["status"].get<std::string>(), std::string("failed"));
    QCOMPARE(outcomeOf(run, "kv_cache", "alpha", "bravo"), std::string("fail"));
    const auto *channels = result(run, "egress_channels", "alpha", "bravo");
    QVERIFY(channels);
    QCOMPARE((*channels)["outcome"].get<std::string>(), std::string("pass"));
    QCOMPARE((*channels)["detail"]["delivered"].get<int>(), 0);
    QCOMPARE((*channels)["detail"]["blocked"].get<int>(), 24);  // every channel, whole and streamed

    QVERIFY(admin.call("PUT", "/admin/v1/tenants/bravo/scan-policy", {{"cross_tenant", "flag"}}).ok());
    const json weakenedRequest{{"layers", {"egress_channels"}}, {"tenants", {"alpha", "bravo"}}};
    const auto weakened = waitForRun(admin, admin.call("POST", "/admin/v1/probes/runs", weakenedRequest).body["id"]);
    QVERIFY(admin.call("PUT", "/admin/v1/tenants/bravo/scan-policy", {{"cross_tenant", "default"}}).ok());
    const auto *leaked = result(weakened, "egress_channels", "alpha", "bravo");
    QVERIFY(leaked);
    QCOMPARE((*leaked)["outcome"].get<std::string>(), std::string("fail"));
    QVERIFY2((*leaked)["detail"]["delivered"].get<int>() == 24, (*leaked)["detail"].dump().c_str());
    // Alpha's own canary never left: only the run's short-lived one was ever asked for.
    proxy.shutdown();
    proxy.wait();
    hostile.terminate();
    hostile.waitForFinished(5000);
}

void TestProbes::auditorSeesOnlyItsOwnPairs()
{
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "charlie"}, {"tier", 2}}).ok());
    const auto started = admin.call("POST", "/admin/v1/probes/runs",
                                    {{"layers", {"prompt_direct"}}});
    const auto run = waitForRun(admin, started.body["id"]);
    QCOMPARE(run["results"].size(), std::size_t{6});
    const auto auditorToken = admin.call("POST", "/admin/v1/tokens",
                                         {{"role", "tenant-auditor"}, {"tenant", "alpha"}});
    QVERIFY(auditorToken.ok());
    ctl::AdminClient auditor("http://127.0.0.1:" + std::to_string(m_daemon->port()),
                             auditorToken.body["token"]);
    const auto scoped = auditor.call("GET", "/admin/v1/probes/runs/" +
                                                started.body["id"].get<std::string>());
    QVERIFY(scoped.ok());
    QCOMPARE(scoped.body["results"].size(), std::size_t{4});
    for (const auto &r : scoped.body["results"]) {
        QVERIFY(r["victim"] == "alpha" || r["attacker"] == "alpha");
        // The other side of each pair is not named, and no detail text can name it.
        QCOMPARE(r["victim"] == "alpha" ? r["attacker"] : r["victim"], json("another_tenant"));
        for (const auto &[key, value] : r["detail"].items())
            QVERIFY2(value.is_number() || value.is_boolean(), key.c_str());
    }
    // Nothing of the run's other tenants anywhere: not their ids, not the run's tenant list,
    // not a summary counting their pairs.
    const std::string text = scoped.body.dump();
    for (const char *other : {"bravo", "charlie"})
        QVERIFY2(text.find(other) == std::string::npos, other);
    QVERIFY(!scoped.body.contains("request"));
    const auto &summary = scoped.body["summary"];
    QCOMPARE(summary["pass"].get<int>() + summary["fail"].get<int>() + summary["error"].get<int>(), 4);
    // The run as events, read with the auditor's token: the same four pairs, one event each.
    const auto stream = ctl::networkTransport(
        "GET",
        "http://127.0.0.1:" + std::to_string(m_daemon->port()) + "/admin/v1/probes/runs/" +
            started.body["id"].get<std::string>() + "/events",
        auditorToken.body["token"].get<std::string>(), "");
    QCOMPARE(stream.status, 200);
    int events = 0;
    for (auto at = stream.body.find("event: result\n"); at != std::string::npos;
         at = stream.body.find("event: result\n", at + 1))
        ++events;
    QCOMPARE(events, 4);
    for (const char *other : {"bravo", "charlie"})
        QVERIFY2(stream.body.find(other) == std::string::npos, other);
    QCOMPARE(auditor.call("POST", "/admin/v1/probes/runs", json::object()).status, 403);
}

void TestProbes::retrievalDrillFailsOnASharedTableWithoutRls()
{
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    for (const char *id : {"echo", "foxtrot"})
        QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", id}, {"tier", 1}}).ok());
    QVERIFY(m_daemon->reload());
    const json request{{"layers", {"retrieval_bleed", "retrieval_drill"}}, {"tenants", {"echo", "foxtrot"}}};
    auto run = waitForRun(admin, admin.call("POST", "/admin/v1/probes/runs", request).body["id"]);
    QCOMPARE(run["status"].get<std::string>(), std::string("passed"));
    QCOMPARE((*result(run, "retrieval_drill", "echo", "foxtrot"))["detail"]["barrier"].get<std::string>(),
             std::string("row_level_security"));
    // Weakened: the shared table without row-level security. The proxy's predicate still holds
    // (bleed passes) but the drill finds the second barrier gone.
    auto sql = [&](const char *statement) {
        auto connection = m_db.connect();
        pqxx::work tx(*connection);
        tx.exec0(statement);
        tx.commit();
    };
    sql("ALTER TABLE retrieval_shared.chunks DISABLE ROW LEVEL SECURITY");
    run = waitForRun(admin, admin.call("POST", "/admin/v1/probes/runs", request).body["id"]);
    sql("ALTER TABLE retrieval_shared.chunks ENABLE ROW LEVEL SECURITY");
    QCOMPARE(run["status"].get<std::string>(), std::string("failed"));
    QCOMPARE(outcomeOf(run, "retrieval_drill", "echo", "foxtrot"), std::string("fail"));
    QCOMPARE(outcomeOf(run, "retrieval_bleed", "echo", "foxtrot"), std::string("pass"));
    QCOMPARE((*result(run, "retrieval_drill", "echo", "foxtrot"))["detail"]["barrier"].get<std::string>(),
             std::string("none"));
}

void TestProbes::eventsStreamTheRun()
{
    const std::string base = "http://127.0.0.1:" + std::to_string(m_daemon->port());
    ctl::AdminClient admin(base, m_token);
    const auto started = admin.call("POST", "/admin/v1/probes/runs",
                                    {{"layers", {"kv_cache", "log_bleed"}}, {"samples", 4}, {"tenants", {"alpha", "bravo"}}});
    QCOMPARE(started.status, 202);
    const std::string id = started.body["id"];
    // Blocks until the stream ends with the run.
    const auto stream = ctl::networkTransport("GET", base + "/admin/v1/probes/runs/" + id + "/events", m_token, "");
    QCOMPARE(stream.status, 200);
    int results = 0;
    for (auto at = stream.body.find("event: result\n"); at != std::string::npos;
         at = stream.body.find("event: result\n", at + 1))
        ++results;
    QCOMPARE(results, 4);  // 2 ordered pairs x 2 layers, each once
    const auto done = stream.body.find("event: done\n");
    QVERIFY(done != std::string::npos);
    QVERIFY(stream.body.rfind("event: result\n") < done);
    QVERIFY(stream.body.find("\"status\":\"passed\"", done) != std::string::npos);
    // The same rules as the run itself: unknown runs and missing tokens are refused as JSON.
    QCOMPARE(ctl::networkTransport("GET", base + "/admin/v1/probes/runs/run_nope/events", m_token, "").status, 404);
    QCOMPARE(ctl::networkTransport("GET", base + "/admin/v1/probes/runs/" + id + "/events", "", "").status, 401);
}

void TestProbes::scheduledRunsJoinTheHistory()
{
    // A second daemon on the same control plane, probing every second.
    auto config = testsupport::testDaemonConfig(m_db, m_upstream);
    config.probeSchedule = std::chrono::seconds(1);
    daemon::Daemon scheduled(config, [](std::string_view, std::string_view event, std::string_view detail) {
        if (event == "probe_schedule")
            qInfo("%s", std::string(detail).c_str());
    });
    scheduled.start();
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    bool seen = false;
    for (int i = 0; i < 300 && !seen; ++i) {
        const auto history = admin.call("GET", "/admin/v1/probes/runs");
        if (!history.body["runs"].empty()) {  // the newest run
            const auto detail =
                admin.call("GET", "/admin/v1/probes/runs/" + history.body["runs"][0]["id"].get<std::string>());
            seen = detail.body["request"].value("scheduled", false);
        }
        if (!seen)
            QTest::qWait(100);
    }
    scheduled.shutdown();
    scheduled.wait();
    QVERIFY(seen);
}

QTEST_GUILESS_MAIN(TestProbes)
#include "tst_probes.moc"
