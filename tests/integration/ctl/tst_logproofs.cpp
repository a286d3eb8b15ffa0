// Offline audit proofs (issue 22) against a real daemon and PostgreSQL: a record's inclusion
// proof, exported by the tenant's own auditor, verifies with nothing but the pinned key; once the
// record is altered in the database a fresh proof for it fails; and a consistency proof from a
// checkpoint the auditor kept fails after history is rewritten, even when the rewrite is hidden
// (old checkpoints deleted) and a restarted daemon signs on over it.
#include "audit/AuditRecord.h"
#include "audit/MerkleTree.h"
#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"
#include "ctl/AdminClient.h"
#include "ctl/Cli.h"
#include "daemon/Daemon.h"
#include "evidence/PackArchive.h"
#include "support/TestDatabase.h"
#include "support/TestDaemon.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>

using namespace bulkhead;
using nlohmann::json;

class TestLogProofs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void inclusionProofVerifiesOffline();
    void readmeRecipeVerifiesWithStandardTools();
    void proofsAreScopedAndInputsChecked();
    void alteredRecordFailsAFreshProof();
    void rewrittenHistoryFailsConsistency();

private:
    std::string url(const daemon::Daemon &d) const { return "http://127.0.0.1:" + std::to_string(d.port()); }
    int ctl(std::vector<std::string> args, std::string *out = nullptr, std::string *err = nullptr);
    std::string path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }
    // An auditor token of `tenant` (issued by the platform admin).
    std::string auditorOf(const std::string &tenant);
    // `count` audited requests of `tenant` through `daemon`'s data plane.
    void makeRecords(const daemon::Daemon &daemon, const std::string &tenant, int count);
    // How many records the tenant's log holds now (every audited call, the key checks included).
    std::uint64_t recordCount(const std::string &tenant);
    // Waits until the tenant's newest signed checkpoint covers `size` records; returns its size.
    std::uint64_t waitForCheckpoint(const daemon::Daemon &daemon, const std::string &tenant, std::uint64_t size);

    testsupport::TestDatabase m_db;
    QTemporaryDir m_dir;
    daemon::DaemonConfig m_config;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::string m_token;
    std::string m_fingerprint;  // pinned: computed from the key file, not from any reply
    std::uint64_t m_alphaSize = 0;
};

int TestLogProofs::ctl(std::vector<std::string> args, std::string *out, std::string *err)
{
    std::ostringstream o, e;
    const int code = ctl::runCli(args, o, e);
    if (out)
        *out = o.str();
    if (err)
        *err = e.str();
    return code;
}

std::string TestLogProofs::auditorOf(const std::string &tenant)
{
    std::string out;
    const int code = ctl({"--url", url(*m_daemon), "--token", m_token, "--json", "tokens", "issue", "--role",
                          "tenant-auditor", "--tenant", tenant},
                         &out);
    if (code != 0)
        return {};
    return json::parse(out)["token"].get<std::string>();
}

void TestLogProofs::makeRecords(const daemon::Daemon &daemon, const std::string &tenant, int count)
{
    const ctl::AdminClient admin(url(*m_daemon), m_token);
    const auto key = admin.call("POST", "/admin/v1/tenants/" + tenant + "/keys", json::object());
    QVERIFY2(key.ok(), key.body.dump().c_str());
    const ctl::AdminClient caller(url(daemon), key.body["api_key"].get<std::string>());
    QTRY_VERIFY_WITH_TIMEOUT(caller.call("GET", "/v1/models").status != 401, 10000);  // the key has arrived
    for (int i = 0; i < count; ++i) {
        const auto reply = caller.call("POST", "/v1/chat/completions",
                                       {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "hello"}}}}});
        QVERIFY(reply.status >= 400);  // the upstream is down; the record exists anyway
    }
}

std::uint64_t TestLogProofs::recordCount(const std::string &tenant)
{
    const ctl::AdminClient admin(url(*m_daemon), m_token);
    const auto reply = admin.call("GET", "/admin/v1/logs?limit=1000&tenant=" + tenant);
    return reply.ok() ? reply.body["records"].size() : 0;
}

std::uint64_t TestLogProofs::waitForCheckpoint(const daemon::Daemon &daemon, const std::string &tenant,
                                               std::uint64_t size)
{
    const ctl::AdminClient admin(url(daemon), m_token);
    // The writer signs a checkpoint for records older than its interval (10 s by default): poll
    // until one covers `size` records, or give up after 40 s (the caller's comparison then fails).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    std::uint64_t signedSize = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto reply = admin.call("GET", "/admin/v1/logs/proof?tenant=" + tenant + "&seq=0");
        signedSize = reply.ok() ? reply.body["tree_size"].get<std::uint64_t>() : 0;
        if (signedSize >= size)
            break;
        QTest::qWait(200);
    }
    return signedSize;
}

void TestLogProofs::initTestCase()
{
    // Nothing listens on the discard port: every chat fails upstream, and is still audited.
    m_config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");
    m_config.adminTokenFile = path("admin.token");
    m_config.auditKeyFile = path("audit.key");
    m_daemon = std::make_unique<daemon::Daemon>(m_config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(m_config.adminTokenFile) >> m_token;
    std::ifstream keyFile(m_config.auditKeyFile, std::ios::binary);
    const std::vector<std::uint8_t> seed{std::istreambuf_iterator<char>(keyFile), {}};
    QCOMPARE(seed.size(), std::size_t{32});
    m_fingerprint = crypto::Ed25519Key::fromSeed(seed).fingerprint();
    const ctl::AdminClient admin(url(*m_daemon), m_token);
    for (const std::string id : {"proof_alpha", "proof_bravo", "proof_charlie"})
        QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", id}, {"tier", 1}}).ok());
    makeRecords(*m_daemon, "proof_alpha", 5);
    makeRecords(*m_daemon, "proof_charlie", 3);
    m_alphaSize = recordCount("proof_alpha");
    QVERIFY(m_alphaSize >= 5);
    QCOMPARE(waitForCheckpoint(*m_daemon, "proof_alpha", m_alphaSize), m_alphaSize);
}

void TestLogProofs::cleanupTestCase()
{
    m_daemon->shutdown();
    m_daemon->wait();
}

void TestLogProofs::inclusionProofVerifiesOffline()
{
    const std::string auditor = auditorOf("proof_alpha");
    QVERIFY(!auditor.empty());
    std::string out, err;
    const std::string proof = path("alpha-2.json");
    // The auditor's own tenant: --tenant may be left out.
    QCOMPARE(ctl({"--url", url(*m_daemon), "--token", auditor, "logs", "prove", "--seq", "2", "--out", proof}, &out,
                 &err),
             0);
    QCOMPARE(ctl({"logs", "verify-proof", proof, "--fingerprint", m_fingerprint}, &out, &err), 0);
    QVERIFY2(out.find("verified (record 2 is in the signed log of size " + std::to_string(m_alphaSize) + ")") !=
                 std::string::npos,
             out.c_str());
    // Without a pinned key it says what it did not check.
    QCOMPARE(ctl({"logs", "verify-proof", proof}, &out, &err), 0);
    QVERIFY2(out.find("only self-consistent") != std::string::npos, out.c_str());
    // Another key's fingerprint: refused.
    const auto other = crypto::Ed25519Key::generate().fingerprint();
    QCOMPARE(ctl({"logs", "verify-proof", proof, "--fingerprint", other}, &out, &err), 1);
    QVERIFY2(err.find("untrusted_key") != std::string::npos, err.c_str());

    // The proof file as given, then changed in each part an attacker could touch.
    std::ifstream in(proof);
    const json original = json::parse(in);
    QCOMPARE(original["leaf_hash"].get<std::string>(),
             crypto::toHex(audit::leafHash(crypto::asBytes(original["leaf_data"].get<std::string>()))));
    const auto tampered = [&](const char *name, const std::function<void(json &)> &change, const char *problem) {
        json doc = original;
        change(doc);
        const std::string file = path(name);
        std::ofstream(file) << doc.dump();
        std::string o, e;
        QCOMPARE(ctl({"logs", "verify-proof", file, "--fingerprint", m_fingerprint}, &o, &e), 1);
        QVERIFY2(e.find(problem) != std::string::npos, e.c_str());
    };
    tampered("t1.json", [](json &d) {
        auto record = json::parse(d["leaf_data"].get<std::string>());
        record["model"] = "other";
        d["leaf_data"] = audit::canonicalForm(record.dump());
    }, "not_included");
    tampered("t2.json", [](json &d) { d["seq"] = 3; }, "leaf_mismatch");
    tampered("t3.json", [](json &d) { d["checkpoint"]["size"] = 4; }, "bad_checkpoint");
    tampered("t4.json", [](json &d) { d["inclusion_proof"][0] = std::string(64, 'a'); }, "not_included");
    tampered("t5.json", [](json &d) { d["inclusion_proof"] = json::array(); }, "not_included");
    tampered("t6.json", [](json &d) { d["tenant"] = "proof_bravo"; }, "wrong_tenant");
    tampered("t7.json", [](json &d) { d.erase("leaf_data"); }, "malformed");
}

// The README's recipe (bash, jq, xxd, sha256sum, openssl), run as printed: it accepts the proof
// and rejects one whose record was changed.
void TestLogProofs::readmeRecipeVerifiesWithStandardTools()
{
    QFile readme(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") + QStringLiteral("/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    const auto marker = text.indexOf(QStringLiteral("<!-- proof-recipe"));
    QVERIFY(marker >= 0);
    const auto begin = text.indexOf(QStringLiteral("```sh\n"), marker) + 6;
    const auto end = text.indexOf(QStringLiteral("```"), begin);
    QVERIFY(begin > marker && end > begin);
    const QString recipe = text.mid(begin, end - begin);

    const auto run = [&](const std::string &proofFile, QByteArray &output) {
        QTemporaryDir work;
        QFile::copy(QString::fromStdString(proofFile), work.filePath(QStringLiteral("proof.json")));
        QProcess bash;
        bash.setWorkingDirectory(work.path());
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), recipe});
        if (!bash.waitForFinished(60000))
            return -1;
        output = bash.readAllStandardOutput() + bash.readAllStandardError();
        return bash.exitCode();
    };
    std::string out, err;
    const std::string proof = path("alpha-1.json");
    QCOMPARE(ctl({"--url", url(*m_daemon), "--token", m_token, "logs", "prove", "--tenant", "proof_alpha", "--seq",
                  "1", "--out", proof},
                 &out, &err),
             0);
    QByteArray output;
    QCOMPARE(run(proof, output), 0);
    QVERIFY2(output.contains("record is in the signed log"), output.constData());
    QVERIFY2(output.contains(QByteArray::fromStdString(m_fingerprint.substr(7))), output.constData());

    std::ifstream in(proof);
    json changed = json::parse(in);
    auto record = json::parse(changed["leaf_data"].get<std::string>());
    record["model"] = "other";
    changed["leaf_data"] = audit::canonicalForm(record.dump());
    const std::string tampered = path("alpha-1-tampered.json");
    std::ofstream(tampered) << changed.dump();
    QVERIFY(run(tampered, output) != 0);
    QVERIFY2(!output.contains("record is in the signed log"), output.constData());
}

void TestLogProofs::proofsAreScopedAndInputsChecked()
{
    const std::string bravo = auditorOf("proof_bravo");
    const ctl::AdminClient asBravo(url(*m_daemon), bravo);
    const ctl::AdminClient admin(url(*m_daemon), m_token);
    // Another tenant's log, and one that does not exist: the same refusal.
    for (const std::string tenant : {"proof_alpha", "nobody_here"}) {
        const auto reply = asBravo.call("GET", "/admin/v1/logs/proof?tenant=" + tenant + "&seq=0");
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.body["error"]["code"].get<std::string>(), std::string("permission_denied"));
        QVERIFY(reply.body.dump().find(tenant) == std::string::npos);
    }
    // The platform chain (admin actions) is provable by a platform admin only.
    QVERIFY(waitForCheckpoint(*m_daemon, "platform", 1) >= 1);
    QCOMPARE(asBravo.call("GET", "/admin/v1/logs/proof?tenant=platform&seq=0").status, 403);
    // Its own log has no checkpoint yet.
    QCOMPARE(asBravo.call("GET", "/admin/v1/logs/proof?seq=0").body["error"]["code"].get<std::string>(),
             std::string("not_found"));
    const std::vector<std::pair<std::string, std::string>> refused{
        {"/admin/v1/logs/proof?tenant=proof_alpha&seq=-1", "invalid_request"},
        {"/admin/v1/logs/proof?tenant=proof_alpha&seq=1x", "invalid_request"},
        {"/admin/v1/logs/proof?tenant=proof_alpha&seq=", "invalid_request"},
        {"/admin/v1/logs/proof?tenant=proof_alpha&seq=99999999999999999999999", "invalid_request"},
        {"/admin/v1/logs/proof?tenant=proof_alpha", "invalid_request"},
        {"/admin/v1/logs/proof?seq=0", "invalid_request"},  // a platform admin names the tenant
        {"/admin/v1/logs/proof?tenant=proof_alpha&seq=" + std::to_string(m_alphaSize), "not_found"},
        {"/admin/v1/logs/proof?tenant=nobody_here&seq=0", "not_found"},
        {"/admin/v1/logs/consistency?tenant=proof_alpha", "invalid_request"},
        {"/admin/v1/logs/consistency?tenant=proof_alpha&from=0", "invalid_request"},
        {"/admin/v1/logs/consistency?tenant=proof_alpha&from=" + std::to_string(m_alphaSize + 1), "invalid_request"},
        {"/admin/v1/logs/consistency?tenant=proof_alpha&from=2&to=3", "not_found"},
    };
    for (const auto &[target, code] : refused) {
        const auto reply = admin.call("GET", target);
        QVERIFY2(!reply.ok() && reply.body["error"]["code"] == code, (target + ": " + reply.body.dump()).c_str());
    }
    QCOMPARE(admin.call("POST", "/admin/v1/logs/proof?tenant=proof_alpha&seq=0").status, 405);
    std::string out, err;
    QCOMPARE(ctl({"logs", "verify-proof", path("missing.json")}, &out, &err), 2);
    QCOMPARE(ctl({"--url", url(*m_daemon), "--token", m_token, "logs", "prove", "--seq", "1", "--since", "x"}, &out,
                 &err),
             2);
}

void TestLogProofs::alteredRecordFailsAFreshProof()
{
    std::string out, err;
    const std::vector<std::string> admin{"--url", url(*m_daemon), "--token", m_token};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), admin.begin(), admin.end());
        return args;
    };
    const std::string before = path("alpha-3-before.json");
    QCOMPARE(ctl(with({"logs", "prove", "--tenant", "proof_alpha", "--seq", "3", "--out", before}), &out, &err), 0);
    QCOMPARE(ctl({"logs", "verify-proof", before, "--fingerprint", m_fingerprint}, &out, &err), 0);

    // A database superuser changes the record, past the append-only trigger.
    {
        auto connection = m_db.connect();
        pqxx::work tx(*connection);
        tx.exec("SET LOCAL session_replication_role = replica");
        const auto changed = tx.exec_params(
            "UPDATE audit_records SET record = jsonb_set(record, '{model}', '\"gpt-altered\"') "
            "WHERE tenant_id = $1 AND seq = 3",
            std::string("proof_alpha"));
        QCOMPARE(changed.affected_rows(), 1);
        tx.commit();
    }
    const std::string after = path("alpha-3-after.json");
    QCOMPARE(ctl(with({"logs", "prove", "--tenant", "proof_alpha", "--seq", "3", "--out", after}), &out, &err), 0);
    QCOMPARE(ctl({"logs", "verify-proof", after, "--fingerprint", m_fingerprint}, &out, &err), 1);
    QVERIFY2(err.find("not_included") != std::string::npos, err.c_str());
    // The other records are untouched and still prove.
    const std::string neighbour = path("alpha-4.json");
    QCOMPARE(ctl(with({"logs", "prove", "--tenant", "proof_alpha", "--seq", "4", "--out", neighbour}), &out, &err), 0);
    QCOMPARE(ctl({"logs", "verify-proof", neighbour, "--fingerprint", m_fingerprint}, &out, &err), 0);
}

void TestLogProofs::rewrittenHistoryFailsConsistency()
{
    std::string out, err;
    const std::string auditor = auditorOf("proof_charlie");
    const std::vector<std::string> asAuditor{"--url", url(*m_daemon), "--token", auditor};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), asAuditor.begin(), asAuditor.end());
        return args;
    };
    // The auditor keeps the checkpoint of its first proof.
    const auto keptSize = recordCount("proof_charlie");
    QCOMPARE(waitForCheckpoint(*m_daemon, "proof_charlie", keptSize), keptSize);
    const std::string kept = path("charlie-kept.json");
    QCOMPARE(ctl(with({"logs", "prove", "--seq", "1", "--out", kept}), &out, &err), 0);

    // The log grows honestly: the newer checkpoint extends the kept one.
    makeRecords(*m_daemon, "proof_charlie", 2);
    const auto grownSize = recordCount("proof_charlie");
    QVERIFY(grownSize > keptSize);
    QCOMPARE(waitForCheckpoint(*m_daemon, "proof_charlie", grownSize), grownSize);
    const std::string honest = path("charlie-honest.json");
    QCOMPARE(ctl(with({"logs", "prove", "--since", kept, "--out", honest}), &out, &err), 0);
    QCOMPARE(ctl({"logs", "verify-proof", honest, "--fingerprint", m_fingerprint}, &out, &err), 0);
    QVERIFY2(out.find("extends the one signed at size " + std::to_string(keptSize)) != std::string::npos, out.c_str());
    // The kept copy is what counts: given apart from the proof file it verifies the same.
    QCOMPARE(ctl({"logs", "verify-proof", honest, "--fingerprint", m_fingerprint, "--since", kept}, &out, &err), 0);

    // The auditor's evidence pack carries the newest checkpoint too: kept as the next baseline.
    const std::string pack = path("charlie-pack.zip");
    QCOMPARE(ctl(with({"evidence", "export", "--out", pack}), &out, &err), 0);
    std::ifstream packIn(pack, std::ios::binary);
    const std::string packBytes{std::istreambuf_iterator<char>(packIn), {}};
    const std::string packAudit = path("charlie-pack-audit.json");
    for (const auto &m : evidence::readZip(packBytes).members)
        if (m.name == "audit-verification.json")
            std::ofstream(packAudit) << m.bytes;
    std::ifstream packAuditIn(packAudit);
    const json packCheckpoint = json::parse(packAuditIn)["tenants"][0]["checkpoint"];
    QCOMPARE(packCheckpoint["tenant"].get<std::string>(), std::string("proof_charlie"));
    QCOMPARE(packCheckpoint["size"].get<std::uint64_t>(), grownSize);

    // A superuser rewrites record 1 consistently (content and leaf), deletes every checkpoint
    // that could betray it, and the daemon restarts.
    m_daemon->shutdown();
    m_daemon->wait();
    {
        auto connection = m_db.connect();
        pqxx::work tx(*connection);
        tx.exec("SET LOCAL session_replication_role = replica");
        const auto row = tx.exec_params1(
            "SELECT jsonb_set(record, '{model}', '\"gpt-rewritten\"')::text FROM audit_records "
            "WHERE tenant_id = $1 AND seq = 1",
            std::string("proof_charlie"));
        const std::string rewritten = row[0].as<std::string>();
        const auto leaf = audit::leafHash(crypto::asBytes(audit::canonicalForm(rewritten)));
        tx.exec_params("UPDATE audit_records SET record = $2::jsonb, leaf_hash = decode($3, 'hex') "
                       "WHERE tenant_id = $1 AND seq = 1",
                       std::string("proof_charlie"), rewritten, crypto::toHex(leaf));
        tx.exec_params("DELETE FROM audit_checkpoints WHERE tenant_id = $1", std::string("proof_charlie"));
        tx.commit();
    }
    m_daemon = std::make_unique<daemon::Daemon>(m_config, [](auto, auto, auto) {});
    m_daemon->start();
    const std::vector<std::string> restarted{"--url", url(*m_daemon), "--token", auditor};
    makeRecords(*m_daemon, "proof_charlie", 1);
    const auto rewrittenSize = recordCount("proof_charlie");
    QVERIFY(rewrittenSize > grownSize);
    QCOMPARE(waitForCheckpoint(*m_daemon, "proof_charlie", rewrittenSize), rewrittenSize);
    // The database alone now looks consistent: its own verifier finds nothing.
    QCOMPARE(ctl({"--url", url(*m_daemon), "--token", m_token, "logs", "verify", "--tenant", "proof_charlie"}, &out,
                 &err),
             0);
    // The kept checkpoint catches it.
    const std::string rewrittenProof = path("charlie-rewritten.json");
    std::vector<std::string> prove = restarted;
    prove.insert(prove.end(), {"logs", "prove", "--since", kept, "--out", rewrittenProof});
    QCOMPARE(ctl(prove, &out, &err), 0);
    QCOMPARE(ctl({"logs", "verify-proof", rewrittenProof, "--fingerprint", m_fingerprint}, &out, &err), 1);
    QVERIFY2(err.find("inconsistent") != std::string::npos, err.c_str());
    // So does the checkpoint from the last evidence pack.
    const std::string sincePack = path("charlie-since-pack.json");
    prove = restarted;
    prove.insert(prove.end(), {"logs", "prove", "--since", packAudit, "--out", sincePack});
    QCOMPARE(ctl(prove, &out, &err), 0);
    QCOMPARE(ctl({"logs", "verify-proof", sincePack, "--fingerprint", m_fingerprint}, &out, &err), 1);
    QVERIFY2(err.find("inconsistent") != std::string::npos, err.c_str());
    // And the record the auditor holds no longer proves into the new log.
    const std::string fresh = path("charlie-1-fresh.json");
    prove = restarted;
    prove.insert(prove.end(), {"logs", "prove", "--seq", "1", "--out", fresh});
    QCOMPARE(ctl(prove, &out, &err), 0);
    std::ifstream keptIn(kept), freshIn(fresh);
    QVERIFY(json::parse(keptIn)["leaf_data"] != json::parse(freshIn)["leaf_data"]);
}

QTEST_GUILESS_MAIN(TestLogProofs)
#include "tst_logproofs.moc"
