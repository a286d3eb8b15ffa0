#include "refmodel/PrefixCache.h"

#include <QtTest>

#include <numeric>
#include <vector>

using namespace bulkhead::refmodel;

namespace {

// `count` distinct token ids starting at `first`.
std::vector<TokenId> tokens(std::size_t count, TokenId first = 1000)
{
    std::vector<TokenId> out(count);
    std::iota(out.begin(), out.end(), first);
    return out;
}

} // namespace

class TestPrefixCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSaltHits();
    void differentSaltMisses();
    void ignoringTheSaltSharesAcrossSalts();
    void saltChangesEveryBlockHash();
    void sharedPrefixOnly();
    void partialBlocksAreNotCached();
    void lastTokenIsAlwaysComputed();
    void lruEviction();
    void evictsTailsBeforeSharedHeads();
    void zeroCapacityCachesNothing();
};

void TestPrefixCache::sameSaltHits()
{
    PrefixCache cache(64, 16);
    const auto prompt = tokens(50);  // 3 full blocks + 2 tokens
    QCOMPARE(cache.lookupAndInsert(prompt, "tenant-a"), std::size_t(0));
    QCOMPARE(cache.size(), std::size_t(3));
    QCOMPARE(cache.lookupAndInsert(prompt, "tenant-a"), std::size_t(48));
    QCOMPARE(cache.size(), std::size_t(3));
}

void TestPrefixCache::differentSaltMisses()
{
    PrefixCache cache(64, 16);
    const auto prompt = tokens(50);
    cache.lookupAndInsert(prompt, "tenant-a");
    QCOMPARE(cache.cachedPrefix(prompt, "tenant-b"), std::size_t(0));
    QCOMPARE(cache.cachedPrefix(prompt, ""), std::size_t(0));
    QCOMPARE(cache.lookupAndInsert(prompt, "tenant-b"), std::size_t(0));
    QCOMPARE(cache.size(), std::size_t(6));  // each tenant holds its own blocks
}

void TestPrefixCache::ignoringTheSaltSharesAcrossSalts()
{
    PrefixCache cache(64, 16, /*ignoreSalt=*/true);
    const auto prompt = tokens(50);
    QCOMPARE(cache.lookupAndInsert(prompt, "tenant-a"), std::size_t(0));
    QCOMPARE(cache.lookupAndInsert(prompt, "tenant-b"), std::size_t(48));
    QCOMPARE(cache.size(), std::size_t(3));
}

void TestPrefixCache::saltChangesEveryBlockHash()
{
    const auto prompt = tokens(64);
    const auto a = PrefixCache::blockHashes(prompt, "a", 16);
    const auto b = PrefixCache::blockHashes(prompt, "b", 16);
    QCOMPARE(a.size(), std::size_t(4));
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY2(a[i] != b[i], qPrintable(QStringLiteral("block %1").arg(i)));
    // Chained: a block's hash depends on what precedes it, not only on its own tokens.
    auto shifted = prompt;
    shifted[0] += 1;
    const auto c = PrefixCache::blockHashes(shifted, "a", 16);
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY(a[i] != c[i]);
}

void TestPrefixCache::sharedPrefixOnly()
{
    PrefixCache cache(64, 16);
    auto first = tokens(64);
    auto second = first;
    second[40] = 1;  // diverges inside the third block
    cache.lookupAndInsert(first, "s");
    QCOMPARE(cache.lookupAndInsert(second, "s"), std::size_t(32));
}

void TestPrefixCache::partialBlocksAreNotCached()
{
    PrefixCache cache(64, 16);
    const auto prompt = tokens(15);
    cache.lookupAndInsert(prompt, "s");
    QCOMPARE(cache.size(), std::size_t(0));
    QCOMPARE(cache.lookupAndInsert(prompt, "s"), std::size_t(0));
}

void TestPrefixCache::lastTokenIsAlwaysComputed()
{
    PrefixCache cache(64, 16);
    const auto prompt = tokens(32);  // exactly two blocks
    cache.lookupAndInsert(prompt, "s");
    QCOMPARE(cache.lookupAndInsert(prompt, "s"), std::size_t(16));
    auto longer = prompt;
    longer.push_back(7);
    QCOMPARE(cache.lookupAndInsert(longer, "s"), std::size_t(32));
}

void TestPrefixCache::lruEviction()
{
    PrefixCache cache(4, 4);
    const auto a = tokens(9, 1);    // 2 blocks
    const auto b = tokens(9, 100);  // 2 blocks
    const auto c = tokens(9, 200);  // 2 blocks
    cache.lookupAndInsert(a, "s");
    cache.lookupAndInsert(b, "s");
    QCOMPARE(cache.size(), std::size_t(4));
    QCOMPARE(cache.lookupAndInsert(a, "s"), std::size_t(8));  // a is now the most recent
    cache.lookupAndInsert(c, "s");                             // evicts b, the least recent
    QCOMPARE(cache.size(), std::size_t(4));
    QCOMPARE(cache.evictions(), std::uint64_t(2));
    QCOMPARE(cache.cachedPrefix(b, "s"), std::size_t(0));
    QCOMPARE(cache.cachedPrefix(a, "s"), std::size_t(8));
    QCOMPARE(cache.cachedPrefix(c, "s"), std::size_t(8));
}

void TestPrefixCache::evictsTailsBeforeSharedHeads()
{
    PrefixCache cache(3, 4);
    const auto prompt = tokens(17, 1);  // 4 blocks: more than fit
    cache.lookupAndInsert(prompt, "s");
    QCOMPARE(cache.size(), std::size_t(3));
    // The head blocks survive, so the prompt still shares its first three blocks.
    QCOMPARE(cache.cachedPrefix(prompt, "s"), std::size_t(12));
}

void TestPrefixCache::zeroCapacityCachesNothing()
{
    PrefixCache cache(0, 16);
    const auto prompt = tokens(40);
    cache.lookupAndInsert(prompt, "s");
    QCOMPARE(cache.lookupAndInsert(prompt, "s"), std::size_t(0));
}

QTEST_APPLESS_MAIN(TestPrefixCache)
#include "tst_prefixcache.moc"
