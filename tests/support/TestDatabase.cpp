#include "TestDatabase.h"

#include "TestPostgres.h"
#include "store/LocalCluster.h"
#include "core/Error.h"
#include "store/Database.h"
#include "store/StoreErrors.h"

#include <atomic>
#include <chrono>
#include <pqxx/pqxx>
#include <random>
#include <thread>
#include <unistd.h>

namespace bulkhead::testsupport {
namespace {

std::string uniqueName()
{
    static std::atomic<int> counter{0};
    // pid + counter are unique within one machine; the random part keeps two CI jobs sharing one
    // server (different pid namespaces) apart as well.
    std::random_device entropy;
    return "bhtest_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
           std::to_string(entropy() % 1000000);
}

} // namespace

TestDatabase::TestDatabase() : m_name(uniqueName())
{
    auto &server = TestPostgres::instance();
    auto admin = store::openConnection(server.dsn("postgres"));
    const std::string statement = "CREATE DATABASE " +
                                  store::quotedIdentifier(*admin, m_name, "database") +
                                  " TEMPLATE template1";
    // CREATE DATABASE fails with 55006 while anyone else is connected to template1 (another
    // test process's cluster start, say): that is transient, so wait a little and try again.
    for (int attempt = 1;; ++attempt) {
        try {
            pqxx::nontransaction tx(*admin);
            tx.exec0(statement);
            return;
        } catch (const pqxx::sql_error &e) {
            if (e.sqlstate() != "55006" || attempt == 50)
                store::rethrowAsStoreError("create test database");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

TestDatabase::~TestDatabase()
{
    try {
        auto admin = store::openConnection(TestPostgres::instance().dsn("postgres"));
        pqxx::nontransaction tx(*admin);
        tx.exec0("DROP DATABASE IF EXISTS " + store::quotedIdentifier(*admin, m_name, "database") +
                 " WITH (FORCE)");
    } catch (const std::exception &) {
        // A destructor cannot fail the test; a private cluster is deleted at exit anyway.
    }
}

std::string TestDatabase::dsn() const
{
    return TestPostgres::instance().dsn(m_name);
}

std::string TestDatabase::runtimeDsn() const
{
    return TestPostgres::instance().dsn(m_name, store::LocalCluster::kRuntimeLogin);
}

std::unique_ptr<pqxx::connection> TestDatabase::connect() const
{
    return store::openConnection(dsn());
}

bool TestDatabase::waitForLockWaiters(int count, std::chrono::milliseconds timeout) const
{
    auto observer = connect();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        pqxx::nontransaction tx(*observer);
        const auto waiting =
            tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND wait_event_type = 'Lock'")[0]
                .as<int>();
        if (waiting >= count)
            return true;
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

} // namespace bulkhead::testsupport
