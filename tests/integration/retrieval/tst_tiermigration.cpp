// Tier migration against real PostgreSQL: 1 -> 2 -> 3 -> 1 while a reader keeps searching
// keeps every document and never returns an error; the old placement is wiped after each
// switch; writes during a migration are refused with migration_in_progress; a migrating
// process killed midway (SIGKILL-like _exit in a forked child) leaves the old placement live,
// and recover() rolls the copy back so the next migration succeeds.
#include "RetrievalFixture.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <pqxx/pqxx>

#include <QtTest>

#include <atomic>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace bulkhead;
using nlohmann::json;
using testing::embedded;
using testing::embedding;

class TestTierMigration final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<testsupport::TestDatabase>();
        testing::migrate(*m_db);
        m_masterKey = crypto::randomBytes(32);
        m_stack = std::make_unique<testing::RetrievalStack>(m_db->dsn(), crypto::SecureBytes(m_masterKey.view()));
    }
    void cleanup()
    {
        try {
            m_stack->documents.shred(m_acme);  // its tier 3 database lives beside the test's
        } catch (const std::exception &) {
        }
        m_stack.reset();
        m_db.reset();
    }

    void roundTripKeepsEveryDocumentUnderConcurrentReads();
    void writesWaitForTheMigration();
    void killedMigrationRecovers();

private:
    std::vector<std::string> seed(int documents)
    {
        std::vector<std::string> texts;
        for (int i = 0; i < documents; ++i) {
            texts.push_back("acme contract " + std::to_string(i) + " clause " + std::to_string(i * 17) +
                            " renewal terms for site " + std::to_string(i % 7));
            m_stack->documents.add(m_acme, 1, {{"n", i}}, embedded({texts.back()}));
        }
        return texts;
    }
    bool allReadable(const std::vector<std::string> &texts)
    {
        for (const auto &text : texts) {
            const auto hits = m_stack->documents.search(m_acme, embedding(text), 1);
            if (hits.empty() || hits.front().text != text)
                return false;
        }
        return m_stack->documents.documentCount(m_acme) == texts.size();
    }
    int count(const std::string &sql)
    {
        auto admin = m_db->connect();
        pqxx::read_transaction tx(*admin);
        return tx.exec1(sql)[0].as<int>();
    }

    const retrieval::TenantScope m_acme{"acme"};
    std::unique_ptr<testsupport::TestDatabase> m_db;
    crypto::SecureBytes m_masterKey;
    std::unique_ptr<testing::RetrievalStack> m_stack;
};

void TestTierMigration::roundTripKeepsEveryDocumentUnderConcurrentReads()
{
    const auto texts = seed(24);
    std::atomic<bool> stop{false};
    std::atomic<int> reads{0};
    std::atomic<int> failures{0};
    std::thread reader([&] {
        std::size_t i = 0;
        while (!stop) {
            try {
                const auto &text = texts[i++ % texts.size()];
                const auto hits = m_stack->documents.search(m_acme, embedding(text), 1);
                if (hits.empty() || hits.front().text != text)
                    ++failures;
                ++reads;
            } catch (const std::exception &) {
                ++failures;
            }
        }
    });
    std::vector<int> progressSeen;
    for (const int tier : {2, 3, 1}) {
        const auto done = m_stack->migrator.migrate(m_acme, tier, [&](const retrieval::MigrationProgress &p) {
            progressSeen.push_back(p.moved);
        });
        QCOMPARE(done.phase, std::string("done"));
        QCOMPARE(done.moved, 24);
        QCOMPARE(m_stack->documents.currentTier(m_acme), std::optional<int>(tier));
        QVERIFY(allReadable(texts));
    }
    stop = true;
    reader.join();
    qInfo("%d concurrent reads during three migrations, %d failures", reads.load(), failures.load());
    QVERIFY(reads > 0);
    QCOMPARE(failures.load(), 0);
    QVERIFY(progressSeen.size() >= 3 * 24);
    // Old placements wiped: no documents left in the tenant schema (the schema and the tenant
    // database stay while they may hold the tenant's audit log), exactly one copy back in the
    // shared table (counted as the superuser, which RLS does not bind).
    QCOMPARE(count("SELECT count(*) FROM t_acme.documents"), 0);
    QCOMPARE(count("SELECT count(*) FROM t_acme.chunks"), 0);
    QCOMPARE(count("SELECT count(*) FROM retrieval_shared.documents"), 24);
}

void TestTierMigration::writesWaitForTheMigration()
{
    seed(3);
    {
        auto admin = m_db->connect();
        pqxx::work tx(*admin);
        tx.exec0("UPDATE tenant_placements SET state = 'migrating' WHERE tenant_id = 'acme'");
        tx.commit();
    }
    try {
        m_stack->documents.add(m_acme, 1, json::object(), embedded({"written during a migration"}));
        QFAIL("a write during a migration must be refused");
    } catch (const core::Error &e) {
        QCOMPARE(e.code(), core::ErrorCode::Conflict);
        QCOMPARE(e.field(), std::string("migration_in_progress"));
    }
    QCOMPARE(m_stack->documents.documentCount(m_acme), std::size_t(3));  // reads go on
}

void TestTierMigration::killedMigrationRecovers()
{
    const auto texts = seed(12);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        // A daemon of its own, killed in the middle of the copy: no cleanup runs.
        testing::RetrievalStack doomed(m_db->dsn(), crypto::SecureBytes(m_masterKey.view()));
        try {
            doomed.migrator.migrate(m_acme, 2, [](const retrieval::MigrationProgress &p) {
                if (p.moved == 5)
                    _exit(0);
            });
        } catch (...) {
        }
        _exit(3);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const auto interrupted = m_stack->migrator.status(m_acme);
    QVERIFY(interrupted);
    QCOMPARE(interrupted->phase, std::string("copying"));
    QCOMPARE(interrupted->moved, 5);
    // Still served from tier 1 while the copy lies half-done in tier 2.
    QCOMPARE(m_stack->documents.currentTier(m_acme), std::optional<int>(1));
    QVERIFY(allReadable(texts));
    const auto recovered = m_stack->migrator.recover();
    QCOMPARE(recovered.size(), std::size_t(1));
    QCOMPARE(recovered.front().phase, std::string("rolled_back"));
    QCOMPARE(count("SELECT count(*) FROM t_acme.documents"), 0);  // the partial copy is gone
    QVERIFY(allReadable(texts));
    // Writable again, and the migration can run to the end.
    m_stack->documents.add(m_acme, 1, json::object(), embedded({"after recovery"}));
    const auto done = m_stack->migrator.migrate(m_acme, 2);
    QCOMPARE(done.phase, std::string("done"));
    QCOMPARE(done.moved, 13);
    QVERIFY(m_stack->documents.documentCount(m_acme) == 13);
}

QTEST_GUILESS_MAIN(TestTierMigration)
#include "tst_tiermigration.moc"
