#include "CryptoTestSupport.h"
#include "crypto/Aead.h"
#include "crypto/EnvelopeEncryptor.h"
#include "crypto/KeyHierarchy.h"
#include "crypto/KeyProvider.h"

#include <QTest>

using namespace bulkhead;
using namespace bulkhead::crypto;
using test::errorCodeOf;

namespace {
std::string text(const SecureBytes &bytes)
{
    return std::string(bytes.data(), bytes.data() + bytes.size());
}
} // namespace

class KeyHierarchyTest : public QObject
{
    Q_OBJECT

    std::int64_t m_now = 1'700'000'000;

    KeyHierarchy makeHierarchy()
    {
        SecureBytes master = randomBytes(kMasterKeySize);
        const std::string id = masterKeyId(master.view());
        return KeyHierarchy(std::move(master), id, [this] { return m_now; });
    }

    // Two tenants, acme and globex, each with a "documents" row sealed through one cache.
    struct TwoTenants
    {
        template <typename Make>  // KeyHierarchy cannot move: it is made in place
        explicit TwoTenants(Make make) : hierarchy(make()), encryptor(hierarchy, cache)
        {
            hierarchy.createTenantKek("acme");
            hierarchy.createTenantKek("globex");
            acmeRow = encryptor.seal("acme", "documents", asBytes(std::string_view("acme")));
            globexRow = encryptor.seal("globex", "documents", asBytes(std::string_view("globex")));
        }
        KeyHierarchy hierarchy;
        DataKeyCache cache{std::chrono::minutes(5), 16};
        EnvelopeEncryptor encryptor;
        std::vector<std::uint8_t> acmeRow, globexRow;
    };

private Q_SLOTS:
    void sealOpenPerTenantAndPurpose()
    {
        KeyHierarchy hierarchy = makeHierarchy();
        DataKeyCache cache(std::chrono::minutes(5), 16);
        EnvelopeEncryptor encryptor(hierarchy, cache);
        hierarchy.createTenantKek("acme");
        hierarchy.createTenantKek("globex");
        const auto envelope = encryptor.seal("acme", "documents", asBytes(std::string_view("acme doc")));
        QCOMPARE(text(encryptor.open("acme", "documents", envelope)), std::string("acme doc"));
        // Copied to another tenant or purpose: refused.
        QCOMPARE(errorCodeOf([&] { encryptor.open("globex", "documents", envelope); }), core::ErrorCode::NotFound);
        QCOMPARE(errorCodeOf([&] { encryptor.open("acme", "audit", envelope); }), core::ErrorCode::InvalidArgument);
        // Different tenants and purposes get different data keys.
        QVERIFY(hierarchy.dataKey("acme", "documents").keyId != hierarchy.dataKey("globex", "documents").keyId);
        QVERIFY(hierarchy.dataKey("acme", "documents").keyId != hierarchy.dataKey("acme", "audit").keyId);
        QCOMPARE(hierarchy.dataKey("acme", "documents").keyId, hierarchy.dataKey("acme", "documents").keyId);
    }

    void wrappedRecordCopiedToAnotherTenantFails()
    {
        KeyHierarchy hierarchy = makeHierarchy();
        hierarchy.createTenantKek("acme");
        hierarchy.createTenantKek("globex");
        DataKeyRecord record = hierarchy.dataKey("acme", "documents");
        QCOMPARE(hierarchy.unwrapDataKey(record).size(), kAeadKeySize);
        record.tenantId = "globex";
        QCOMPARE(errorCodeOf([&] { hierarchy.unwrapDataKey(record); }), core::ErrorCode::InvalidArgument);
        // A KEK record moved to another tenant does not unwrap under the master key either.
        auto kek = hierarchy.tenantKeks("acme").front();
        kek.tenantId = "globex";
        hierarchy.shredTenant("globex");
        hierarchy.load(kek);
        DataKeyRecord globex = hierarchy.dataKeys("acme").front();
        globex.tenantId = "globex";
        QCOMPARE(errorCodeOf([&] { hierarchy.unwrapDataKey(globex); }), core::ErrorCode::InvalidArgument);
    }

    // Keys in use are unwrapped again before they expire, so requests keep hitting the cache;
    // a key whose record is gone is dropped by the refresh, not served on.
    void refreshAheadKeepsKeysInUseAndDropsRetiredOnes()
    {
        KeyHierarchy hierarchy = makeHierarchy();
        auto now = std::chrono::steady_clock::time_point{};
        DataKeyCache cache(std::chrono::seconds(60), 16, [&] { return now; });
        EnvelopeEncryptor encryptor(hierarchy, cache);
        hierarchy.createTenantKek("acme");
        hierarchy.createTenantKek("globex");
        const auto acmeRow = encryptor.seal("acme", "documents", asBytes(std::string_view("acme")));
        const auto globexRow = encryptor.seal("globex", "documents", asBytes(std::string_view("globex")));
        QCOMPARE(encryptor.unwraps(), 2u);
        for (int minute = 0; minute < 5; ++minute) {
            for (int quarter = 0; quarter < 4; ++quarter) {
                now += std::chrono::seconds(15);
                QCOMPARE(text(encryptor.open("acme", "documents", acmeRow)), std::string("acme"));
                encryptor.refreshAhead(std::chrono::seconds(15));
            }
        }
        QCOMPARE(encryptor.unwraps(), 2u);  // five minutes of use, no unwrap on a request's path
        QVERIFY(encryptor.refreshes() >= 5u);
        // globex was never used after its seal: it expired and unwraps on its next request.
        QCOMPARE(text(encryptor.open("globex", "documents", globexRow)), std::string("globex"));
        QCOMPARE(encryptor.unwraps(), 3u);

        const std::string retired = hierarchy.dataKey("acme", "documents").keyId;
        hierarchy.rotateDataKey("acme", "documents");
        hierarchy.retireDataKey("acme", retired);
        QCOMPARE(cache.size(), std::size_t(2));  // the retired key and globex's
        now += std::chrono::seconds(50);
        QCOMPARE(encryptor.refreshAhead(std::chrono::seconds(15)), std::size_t(0));
        QCOMPARE(cache.size(), std::size_t(1));  // the retired key is scrubbed, not refreshed
        QCOMPARE(errorCodeOf([&] { encryptor.open("acme", "documents", acmeRow); }), core::ErrorCode::NotFound);
    }

    // What a retirement through the keyring does: the retired key is scrubbed from memory at
    // once, not at its expiry, and another tenant's cached key stays.
    void aRetiredKeyIsForgottenAtOnce()
    {
        TwoTenants t([this] { return makeHierarchy(); });
        auto &[hierarchy, cache, encryptor, acmeRow, globexRow] = t;
        const std::string retired = hierarchy.dataKey("acme", "documents").keyId;
        hierarchy.rotateDataKey("acme", "documents");
        hierarchy.retireDataKey("acme", retired);
        QCOMPARE(cache.size(), std::size_t(2));  // the retired key is still in memory

        encryptor.forgetDataKey("acme", retired);
        QCOMPARE(cache.size(), std::size_t(1));
        QCOMPARE(errorCodeOf([&] { encryptor.open("acme", "documents", acmeRow); }), core::ErrorCode::NotFound);
        const auto unwraps = encryptor.unwraps();
        QCOMPARE(text(encryptor.open("globex", "documents", globexRow)), std::string("globex"));
        QCOMPARE(encryptor.unwraps(), unwraps);  // served from the cache
    }

    void cryptoShredding()
    {
        TwoTenants t([this] { return makeHierarchy(); });
        auto &[hierarchy, cache, encryptor, acmeRow, globexRow] = t;
        const DataKeyRecord savedRecord = hierarchy.dataKey("acme", "documents");  // e.g. a backup
        QVERIFY(cache.size() == 2);

        encryptor.shredTenant("acme");
        QCOMPARE(cache.size(), std::size_t(1));
        QCOMPARE(errorCodeOf([&] { encryptor.open("acme", "documents", acmeRow); }), core::ErrorCode::NotFound);
        QCOMPARE(errorCodeOf([&] { hierarchy.unwrapDataKey(savedRecord); }), core::ErrorCode::NotFound);
        QVERIFY(hierarchy.evidence("acme").empty());
        // Other tenants are untouched.
        QCOMPARE(text(encryptor.open("globex", "documents", globexRow)), std::string("globex"));
    }

    void rotationRewrapsWithoutReencrypting()
    {
        KeyHierarchy hierarchy = makeHierarchy();
        DataKeyCache cache(std::chrono::minutes(5), 16);
        EnvelopeEncryptor encryptor(hierarchy, cache);
        const TenantKekRecord v1 = hierarchy.createTenantKek("acme");
        QCOMPARE(v1.version, 1u);
        const auto row = encryptor.seal("acme", "documents", asBytes(std::string_view("before rotation")));
        const DataKeyRecord beforeRotation = hierarchy.dataKey("acme", "documents");
        QCOMPARE(beforeRotation.kekVersion, 1u);

        m_now += 3600;
        const TenantKekRecord v2 = hierarchy.rotateTenantKek("acme");
        QCOMPARE(v2.version, 2u);
        QVERIFY(v2.keyId != v1.keyId);
        QCOMPARE(hierarchy.activeKekVersion("acme"), std::optional<std::uint32_t>(2));
        const DataKeyRecord afterRotation = hierarchy.dataKey("acme", "documents");
        QCOMPARE(afterRotation.keyId, beforeRotation.keyId);   // same data key...
        QCOMPARE(afterRotation.kekVersion, 2u);                // ...wrapped under the new KEK
        QVERIFY(afterRotation.wrapped != beforeRotation.wrapped);
        QCOMPARE(afterRotation.wrappedAt, m_now);
        QCOMPARE(Aead::envelopeKeyId(afterRotation.wrapped), v2.keyId);

        cache.clear();
        QCOMPARE(text(encryptor.open("acme", "documents", row)), std::string("before rotation"));
        // Until v1 is retired, the old wrapping still unwraps; afterwards it does not.
        QVERIFY(constantTimeEquals(hierarchy.unwrapDataKey(beforeRotation).view(),
                                   hierarchy.unwrapDataKey(afterRotation).view()));
        QCOMPARE(errorCodeOf([&] { hierarchy.retireTenantKek("acme", 2); }), core::ErrorCode::InvalidArgument);
        hierarchy.retireTenantKek("acme", 1);
        QCOMPARE(errorCodeOf([&] { hierarchy.unwrapDataKey(beforeRotation); }), core::ErrorCode::NotFound);
        cache.clear();
        QCOMPARE(text(encryptor.open("acme", "documents", row)), std::string("before rotation"));
    }

    void retiringTheOnlyWrappingIsRefused()
    {
        // Storage still holds a data key wrapped under v1 only (the re-wrap never reached it):
        // retiring v1 would make that data unreadable, so it is refused.
        KeyHierarchy hierarchy = makeHierarchy();
        DataKeyCache cache(std::chrono::minutes(5), 16);
        EnvelopeEncryptor encryptor(hierarchy, cache);
        hierarchy.createTenantKek("acme");
        const auto row = encryptor.seal("acme", "documents", asBytes(std::string_view("old")));
        const DataKeyRecord v1Record = hierarchy.dataKey("acme", "documents");
        hierarchy.rotateTenantKek("acme");
        hierarchy.load(v1Record);
        QCOMPARE(errorCodeOf([&] { hierarchy.retireTenantKek("acme", 1); }), core::ErrorCode::Conflict);
        cache.clear();
        QCOMPARE(text(encryptor.open("acme", "documents", row)), std::string("old"));
    }

    void evidenceHasIdsAndDatesOnly()
    {
        KeyHierarchy hierarchy = makeHierarchy();
        hierarchy.createTenantKek("acme");
        hierarchy.dataKey("acme", "audit");
        m_now += 10;
        hierarchy.rotateTenantKek("acme");
        const auto evidence = hierarchy.evidence("acme");
        QCOMPARE(evidence.size(), std::size_t(3));
        QCOMPARE(evidence[0].kind, std::string("tenant-kek"));
        QCOMPARE(evidence[0].active, false);
        QCOMPARE(evidence[1].active, true);
        QCOMPARE(evidence[1].createdAt, m_now);
        QCOMPARE(evidence[2].kind, std::string("data-key"));
        QCOMPARE(evidence[2].purpose, std::string("audit"));
        QCOMPARE(evidence[2].version, 2u);
        QCOMPARE(evidence[2].rotatedAt, m_now);
    }

    void restoreFromPersistedRecords()
    {
        SecureBytes master = randomBytes(kMasterKeySize);
        SecureBytes masterCopy(master.view());
        const std::string id = masterKeyId(master.view());
        KeyHierarchy first(std::move(master), id);
        DataKeyCache cache(std::chrono::minutes(5), 16);
        EnvelopeEncryptor encryptor(first, cache);
        first.createTenantKek("acme");
        const auto row = encryptor.seal("acme", "cache-salt", asBytes(std::string_view("salt")));

        KeyHierarchy second(std::move(masterCopy), id);
        for (auto &kek : first.tenantKeks("acme"))
            second.load(kek);
        for (auto &dataKey : first.dataKeys("acme"))
            second.load(dataKey);
        DataKeyCache cache2(std::chrono::minutes(5), 16);
        EnvelopeEncryptor reopened(second, cache2);
        QCOMPARE(text(reopened.open("acme", "cache-salt", row)), std::string("salt"));

        // Another master key cannot unwrap the records.
        KeyHierarchy stranger(randomBytes(kMasterKeySize), "mk_other");
        for (auto &kek : first.tenantKeks("acme"))
            stranger.load(kek);
        QCOMPARE(errorCodeOf([&] { stranger.unwrapDataKey(first.dataKeys("acme").front()); }),
                 core::ErrorCode::InvalidArgument);
    }

    void misuseRefused()
    {
        KeyHierarchy hierarchy = makeHierarchy();
        QCOMPARE(errorCodeOf([&] { hierarchy.dataKey("nobody", "documents"); }), core::ErrorCode::NotFound);
        hierarchy.createTenantKek("acme");
        QCOMPARE(errorCodeOf([&] { hierarchy.createTenantKek("acme"); }), core::ErrorCode::Conflict);
        QCOMPARE(errorCodeOf([&] { KeyHierarchy(randomBytes(16), "mk"); }), core::ErrorCode::InvalidArgument);
        QCOMPARE(errorCodeOf([&] { hierarchy.rotateTenantKek("nobody"); }), core::ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(KeyHierarchyTest)
#include "tst_keyhierarchy.moc"
