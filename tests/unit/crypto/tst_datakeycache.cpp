#include "crypto/DataKeyCache.h"

#include <QTest>

using namespace bulkhead::crypto;
using namespace std::chrono_literals;

class DataKeyCacheTest : public QObject
{
    Q_OBJECT

    std::chrono::steady_clock::time_point m_now{};

    DataKeyCache makeCache(std::chrono::milliseconds ttl, std::size_t max)
    {
        return DataKeyCache(ttl, max, [this] { return m_now; });
    }

private Q_SLOTS:
    void hitAndMissCounted()
    {
        DataKeyCache cache = makeCache(1min, 4);
        const SecureBytes key = randomBytes(32);
        QVERIFY(!cache.find("acme/dk_1"));
        cache.insert("acme/dk_1", key.view());
        const auto found = cache.find("acme/dk_1");
        QVERIFY(found);
        QVERIFY(constantTimeEquals(found->view(), key.view()));
        QCOMPARE(cache.hits(), 1u);
        QCOMPARE(cache.misses(), 1u);
    }

    void expiresAfterTtl_data()
    {
        QTest::addColumn<int>("elapsedMs");
        QTest::addColumn<bool>("present");
        QTest::newRow("fresh") << 0 << true;
        QTest::newRow("just before") << 59'999 << true;
        QTest::newRow("at ttl") << 60'000 << false;
        QTest::newRow("long after") << 3'600'000 << false;
    }

    void expiresAfterTtl()
    {
        QFETCH(int, elapsedMs);
        QFETCH(bool, present);
        DataKeyCache cache = makeCache(60s, 4);
        cache.insert("acme/dk_1", randomBytes(32).view());
        m_now += std::chrono::milliseconds(elapsedMs);
        QCOMPARE(cache.find("acme/dk_1").has_value(), present);
        QCOMPARE(cache.size(), present ? std::size_t(1) : std::size_t(0));
    }

    void evictsOldestWhenFull()
    {
        DataKeyCache cache = makeCache(1h, 2);
        cache.insert("a/1", randomBytes(32).view());
        m_now += 1s;
        cache.insert("b/1", randomBytes(32).view());
        m_now += 1s;
        cache.insert("c/1", randomBytes(32).view());
        QCOMPARE(cache.size(), std::size_t(2));
        QCOMPARE(cache.evictions(), 1u);
        QVERIFY(!cache.find("a/1"));
        QVERIFY(cache.find("b/1"));
        QVERIFY(cache.find("c/1"));
    }

    void eraseByTenantPrefix()
    {
        DataKeyCache cache = makeCache(1h, 8);
        cache.insert("acme/dk_1", randomBytes(32).view());
        cache.insert("acme/dk_2", randomBytes(32).view());
        cache.insert("acmex/dk_3", randomBytes(32).view());
        cache.eraseWithPrefix("acme/");
        QCOMPARE(cache.size(), std::size_t(1));
        QVERIFY(cache.find("acmex/dk_3"));
        cache.clear();
        QCOMPARE(cache.size(), std::size_t(0));
    }

    // Only a key that served a request since its unwrap, and expires within the horizon, is due.
    void dueForRefreshOnlyWhenUsedAndExpiringSoon()
    {
        DataKeyCache cache = makeCache(60s, 8);
        cache.insert("acme/used", randomBytes(32).view());
        cache.insert("acme/idle", randomBytes(32).view());
        QVERIFY(cache.find("acme/used"));
        m_now += 40s;
        QVERIFY(cache.dueForRefresh(15s).empty());  // 20 s left: not yet within the horizon
        m_now += 10s;
        QCOMPARE(cache.dueForRefresh(15s), std::vector<std::string>{"acme/used"});
    }

    // A refresh restarts the TTL and the use mark, and is not a miss.
    void refreshRestartsTheTtlWithoutAMiss()
    {
        DataKeyCache cache = makeCache(60s, 8);
        const SecureBytes fresh = randomBytes(32);
        cache.insert("acme/dk_1", randomBytes(32).view());
        QVERIFY(cache.find("acme/dk_1"));
        m_now += 50s;
        cache.refresh("acme/dk_1", fresh.view());
        QVERIFY(cache.dueForRefresh(60s).empty());  // not used since the refresh
        m_now += 50s;                               // 100 s after the first unwrap
        const auto found = cache.find("acme/dk_1");
        QVERIFY(found);
        QVERIFY(constantTimeEquals(found->view(), fresh.view()));
        QCOMPARE(cache.refreshes(), 1u);
        QCOMPARE(cache.misses(), 0u);
        m_now += 10s;  // the refreshed key's own TTL ends: expired like any other
        QVERIFY(!cache.find("acme/dk_1"));
    }
};

QTEST_GUILESS_MAIN(DataKeyCacheTest)
#include "tst_datakeycache.moc"
