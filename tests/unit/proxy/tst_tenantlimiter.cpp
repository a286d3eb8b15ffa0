// Per-tenant limits with an injected clock: the token bucket, slots in flight, the sliding minute
// of tokens, the document bytes of a day, each instance's share, and the limits' JSON form.
#include "core/Error.h"
#include "proxy/TenantLimiter.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace bulkhead;
using proxy::TenantLimiter;

class TestTenantLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsPerSecondRefillsOverTime();
    void slotsInFlightAreReleased();
    void streamsHaveTheirOwnCap();
    void tokensPerMinuteSlideOut();
    void documentBytesResetEachDay();
    void eachInstanceEnforcesItsShare();
    void tenantsDoNotShareState();
    void limitsJson_data();
    void limitsJson();

private:
    TenantLimiter::Clock::time_point m_now{std::chrono::seconds(1000)};
    std::int64_t m_day = 20000;
    TenantLimiter limiter(unsigned instances = 1)
    {
        return TenantLimiter(instances, [this] { return m_now; }, [this] { return m_day; });
    }
};

void TestTenantLimiter::requestsPerSecondRefillsOverTime()
{
    auto l = limiter();
    core::TenantLimits limits;
    limits.requestsPerSecond = 2;
    limits.burst = 3;
    for (int i = 0; i < 3; ++i)
        QVERIFY(l.admit("a", limits, false).slot);
    const auto refused = l.admit("a", limits, false);
    QVERIFY(!refused.slot);
    QCOMPARE(refused.refused->limit, std::string("requests_per_second"));
    QCOMPARE(refused.refused->retryAfterSeconds, 1);
    m_now += std::chrono::milliseconds(500);  // one token back at 2/s
    QVERIFY(l.admit("a", limits, false).slot);
    QVERIFY(!l.admit("a", limits, false).slot);
}

void TestTenantLimiter::slotsInFlightAreReleased()
{
    auto l = limiter();
    core::TenantLimits limits;
    limits.concurrentRequests = 2;
    auto first = l.admit("a", limits, false);
    auto second = l.admit("a", limits, false);
    QVERIFY(first.slot && second.slot);
    QCOMPARE(l.admit("a", limits, false).refused->limit, std::string("concurrent_requests"));
    first.slot.reset();  // the request ended
    QVERIFY(l.admit("a", limits, false).slot);
}

void TestTenantLimiter::streamsHaveTheirOwnCap()
{
    auto l = limiter();
    core::TenantLimits limits;
    limits.concurrentStreams = 1;
    auto stream = l.admit("a", limits, true);
    QVERIFY(stream.slot);
    QCOMPARE(l.admit("a", limits, true).refused->limit, std::string("concurrent_streams"));
    QVERIFY(l.admit("a", limits, false).slot);  // a complete request is not a stream
}

void TestTenantLimiter::tokensPerMinuteSlideOut()
{
    auto l = limiter();
    core::TenantLimits limits;
    limits.tokensPerMinute = 100;
    QVERIFY(l.admit("a", limits, false).slot);
    l.chargeTokens("a", 60);
    m_now += std::chrono::seconds(10);
    l.chargeTokens("a", 40);
    const auto refused = l.admit("a", limits, false);
    QCOMPARE(refused.refused->limit, std::string("tokens_per_minute"));
    QCOMPARE(refused.refused->retryAfterSeconds, 50);  // when the first 60 leave the window
    m_now += std::chrono::seconds(50);
    QVERIFY(l.admit("a", limits, false).slot);  // 40 left in the window
    l.chargeTokens("a", 60);
    QVERIFY(!l.admit("a", limits, false).slot);
}

void TestTenantLimiter::documentBytesResetEachDay()
{
    auto l = limiter();
    core::TenantLimits limits;
    limits.documentBytesPerDay = 1000;
    QVERIFY(!l.chargeDocumentBytes("a", limits, 600));
    const auto refused = l.chargeDocumentBytes("a", limits, 600);
    QVERIFY(refused);
    QCOMPARE(refused->limit, std::string("document_bytes_per_day"));
    QVERIFY(refused->retryAfterSeconds >= 1 && refused->retryAfterSeconds <= 86400);
    QVERIFY(!l.chargeDocumentBytes("a", limits, 400));  // the refused one was not charged
    ++m_day;
    QVERIFY(!l.chargeDocumentBytes("a", limits, 1000));
}

void TestTenantLimiter::eachInstanceEnforcesItsShare()
{
    auto l = limiter(4);
    core::TenantLimits limits;
    limits.concurrentRequests = 10;  // 3 per instance (rounded up)
    std::vector<std::shared_ptr<TenantLimiter::Slot>> held;
    for (int i = 0; i < 3; ++i)
        held.push_back(l.admit("a", limits, false).slot);
    QVERIFY(held.back());
    QVERIFY(!l.admit("a", limits, false).slot);
}

void TestTenantLimiter::tenantsDoNotShareState()
{
    auto l = limiter();
    core::TenantLimits tight;
    tight.concurrentRequests = 1;
    auto noisy = l.admit("noisy", tight, false);
    QVERIFY(!l.admit("noisy", tight, false).slot);
    QVERIFY(l.admit("quiet", tight, false).slot);
}

void TestTenantLimiter::limitsJson_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("field");  // empty: valid
    QTest::newRow("all") << QStringLiteral(R"({"requests_per_second":2.5,"burst":5,"tokens_per_minute":1000,"concurrent_requests":3,"concurrent_streams":1,"document_bytes_per_day":4096,"max_n":1,"max_tokens":256})") << QString();
    QTest::newRow("none") << QStringLiteral("{}") << QString();
    QTest::newRow("nulls") << QStringLiteral(R"({"burst":null,"max_n":null})") << QString();
    QTest::newRow("unknown member") << QStringLiteral(R"({"requests_per_minute":3})") << QStringLiteral("requests_per_minute");
    QTest::newRow("zero rate") << QStringLiteral(R"({"requests_per_second":0})") << QStringLiteral("requests_per_second");
    QTest::newRow("text count") << QStringLiteral(R"({"max_tokens":"many"})") << QStringLiteral("max_tokens");
    QTest::newRow("fraction count") << QStringLiteral(R"({"concurrent_requests":1.5})") << QStringLiteral("concurrent_requests");
    QTest::newRow("n above 128") << QStringLiteral(R"({"max_n":129})") << QStringLiteral("max_n");
    QTest::newRow("not an object") << QStringLiteral("[1]") << QStringLiteral("limits");
}

void TestTenantLimiter::limitsJson()
{
    QFETCH(QString, document);
    QFETCH(QString, field);
    const auto json = nlohmann::json::parse(document.toStdString());
    if (field.isEmpty()) {
        const auto limits = core::tenantLimitsFromJson(json);
        QCOMPARE(core::tenantLimitsFromJson(core::tenantLimitsToJson(limits)), limits);  // round trip
        return;
    }
    try {
        (void)core::tenantLimitsFromJson(json);
        QFAIL("accepted");
    } catch (const core::Error &e) {
        QCOMPARE(QString::fromStdString(e.field()), field);
    }
}

QTEST_GUILESS_MAIN(TestTenantLimiter)
#include "tst_tenantlimiter.moc"
