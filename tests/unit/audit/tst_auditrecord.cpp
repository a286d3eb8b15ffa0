// AuditRecord: the canonical JSON that becomes the leaf (stable bytes, sorted keys, ASCII, round
// trip), validation before anything is queued, and that position and tenant are bound in.
#include "audit/AuditRecord.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "support/CaptureError.h"

#include <QtTest>

#include <random>

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
    void everyRecordIsInCanonicalForm();
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

void TestAuditRecord::everyRecordIsInCanonicalForm()
{
    // canonicalForm() is nlohmann's parse and print: keys in byte order, its escapes. A record
    // written member by member must already be in that form, whatever its fields hold.
    std::mt19937 rng(0xA11CE);
    const std::vector<std::string> pieces{"a", "Z", "9", " ", "\"", "\\", "\n", "\x01", "\x7f", "\xc3\xa9",
                                          "\xf0\x9f\x98\x80", "\xff", "{", "}", ":", ","};
    const auto text = [&](std::size_t most) {
        std::string t;
        for (std::size_t n = std::uniform_int_distribution<std::size_t>(0, most)(rng); n > 0; --n)
            t += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
        return t;
    };
    const auto texts = [&] {
        std::vector<std::string> list(std::uniform_int_distribution<std::size_t>(0, 3)(rng));
        for (auto &t : list)
            t = text(6);
        return list;
    };
    int withSealed = 0;
    for (int i = 0; i < 500; ++i) {
        auto r = sample();
        r.sequence = std::uniform_int_distribution<std::uint64_t>()(rng);
        r.requestId = "req-" + text(8);
        r.principal = text(8);
        r.route = "/v1/" + text(6);
        r.model = text(10);
        r.upstream = text(4);
        r.promptTokens = std::uniform_int_distribution<std::int64_t>(0, INT64_MAX)(rng);
        r.decision = i % 2 == 0 ? Decision::Allowed : Decision::Blocked;
        r.reasons = texts();
        r.documentIds = texts();
        r.findings.clear();
        for (const auto &owner : texts())
            r.findings.push_back({owner, text(5)});
        r.responseSha256 = i % 3 == 0 ? std::string(64, 'f') : "";
        r.sealedContent = i % 4 == 0 ? text(12) : "";
        withSealed += !r.sealedContent.empty();
        const auto canonical = bulkhead::audit::canonicalJson(r);
        QCOMPARE(bulkhead::audit::canonicalForm(canonical), canonical);
        QVERIFY(canonical.find("\"content_sealed\"") != std::string::npos || r.sealedContent.empty());
    }
    QVERIFY(withSealed > 0);
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
