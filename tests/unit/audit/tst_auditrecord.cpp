// AuditRecord: the canonical JSON that becomes the leaf (stable bytes, sorted keys, ASCII, round
// trip), validation before anything is queued, and that position and tenant are bound in.
#include "audit/AuditRecord.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "support/CaptureError.h"

#include <QtTest>

using bulkhead::audit::AuditRecord;
using bulkhead::audit::Decision;
using bulkhead::core::ErrorCode;
using bulkhead::testsupport::captureError;

namespace {

AuditRecord sample()
{
    AuditRecord r;
    r.tenantId = "acme";
    r.sequence = 7;
    r.recordedAtUs = 1700000000123456;
    r.requestId = "req-1";
    r.principal = "0123456789abcdef0123456789abcdef";
    r.route = "/v1/chat/completions";
    r.model = "gpt-x";
    r.upstream = "local";
    r.promptTokens = 12;
    r.completionTokens = 34;
    r.decision = Decision::Blocked;
    r.reasons = {"egress_canary"};
    r.findings = {{"globex", "canary"}};
    r.documentIds = {"doc-1", "doc-2"};
    r.latencyMs = 56;
    r.promptSha256 = std::string(64, 'a');
    return r;
}

} // namespace

class TestAuditRecord final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalBytesAreStable();
    void roundTrips();
    void canonicalFormIgnoresLayoutButNotContent();
    void nonAsciiIsEscaped();
    void leafBindsPositionAndTenant();
    void validation_data();
    void validation();
};

void TestAuditRecord::canonicalBytesAreStable()
{
    // Pinned: changing this string breaks every leaf already stored. Add fields compatibly.
    QCOMPARE(bulkhead::audit::canonicalJson(sample()),
             std::string(R"({"at_us":1700000000123456,"completion_tokens":34,)"
                         R"("decision":"blocked","documents":["doc-1","doc-2"],)"
                         R"("findings":[{"kind":"canary","owner":"globex"}],"latency_ms":56,)"
                         R"("model":"gpt-x","principal":"0123456789abcdef0123456789abcdef",)"
                         R"("prompt_sha256":")" + std::string(64, 'a') + R"(",)"
                         R"("prompt_tokens":12,"reasons":["egress_canary"],)"
                         R"("request_id":"req-1","response_sha256":"",)"
                         R"("route":"/v1/chat/completions","seq":7,"tenant":"acme",)"
                         R"("upstream":"local","v":1})"));
}

void TestAuditRecord::roundTrips()
{
    const auto r = sample();
    QCOMPARE(bulkhead::audit::recordFromJson(bulkhead::audit::canonicalJson(r)), r);
}

void TestAuditRecord::canonicalFormIgnoresLayoutButNotContent()
{
    const auto canonical = bulkhead::audit::canonicalJson(sample());
    // What jsonb hands back: spaces after separators, keys in its own order.
    std::string spaced;
    for (const char c : canonical) {
        spaced += c;
        if (c == ',' || c == ':')
            spaced += ' ';
    }
    QCOMPARE(bulkhead::audit::canonicalForm(spaced), canonical);
    QCOMPARE(bulkhead::audit::canonicalForm(R"({"b": 1, "a": [2, 3]})"),
             std::string(R"({"a":[2,3],"b":1})"));
    QVERIFY(bulkhead::audit::canonicalForm(R"({"a":1,"x":0})") !=
            bulkhead::audit::canonicalForm(R"({"a":1})"));
}

void TestAuditRecord::nonAsciiIsEscaped()
{
    auto r = sample();
    r.model = "mod\xc3\xa8le";
    const auto json = bulkhead::audit::canonicalJson(r);
    QVERIFY(json.find("mod\\u00e8le") != std::string::npos);
    QCOMPARE(bulkhead::audit::recordFromJson(json).model, r.model);
}

void TestAuditRecord::leafBindsPositionAndTenant()
{
    auto a = sample();
    auto b = sample();
    b.sequence = 8;
    QVERIFY(bulkhead::audit::recordLeafHash(a) != bulkhead::audit::recordLeafHash(b));
    b = a;
    b.tenantId = "globex";
    QVERIFY(bulkhead::audit::recordLeafHash(a) != bulkhead::audit::recordLeafHash(b));
    QCOMPARE(bulkhead::audit::recordLeafHash(a),
             bulkhead::audit::leafHash(
                 bulkhead::crypto::asBytes(bulkhead::audit::canonicalJson(a))));
}

void TestAuditRecord::validation_data()
{
    QTest::addColumn<int>("breakage");
    QTest::addColumn<QString>("field");
    QTest::newRow("bad tenant") << 0 << "tenantId";
    QTest::newRow("no request id") << 1 << "requestId";
    QTest::newRow("no route") << 2 << "route";
    QTest::newRow("negative tokens") << 3 << "promptTokens";
    QTest::newRow("digest not hex") << 4 << "promptSha256";
    QTest::newRow("digest short") << 5 << "responseSha256";
    QTest::newRow("huge model") << 6 << "model";
}

void TestAuditRecord::validation()
{
    QFETCH(int, breakage);
    QFETCH(QString, field);
    auto r = sample();
    switch (breakage) {
    case 0: r.tenantId = "Acme!"; break;
    case 1: r.requestId.clear(); break;
    case 2: r.route.clear(); break;
    case 3: r.promptTokens = -1; break;
    case 4: r.promptSha256 = std::string(64, 'G'); break;
    case 5: r.responseSha256 = "abc"; break;
    case 6: r.model = std::string(600, 'm'); break;
    }
    const auto error = captureError([&] { bulkhead::audit::validateRecord(r); });
    QVERIFY(error);
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    QCOMPARE(QString::fromStdString(error->field()), field);
    bulkhead::audit::validateRecord(sample());
}

QTEST_GUILESS_MAIN(TestAuditRecord)
#include "tst_auditrecord.moc"
