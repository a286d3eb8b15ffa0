#pragma once

#include <memory>
#include <string>
#include <string_view>

class QTemporaryDir;

namespace bulkhead::store {
class LocalCluster;
}

namespace bulkhead::testsupport {

// The PostgreSQL server of one test process. When the environment names one
// (BULKHEAD_TEST_PGHOST and BULKHEAD_TEST_PGPORT, superuser `bulkhead`: the cluster CI started
// with `bulkheadctl cluster start`), that one; otherwise a private LocalCluster in a temporary
// folder, started on first use and stopped (and deleted) when the process exits.
class TestPostgres final
{
public:
    // Starts the private cluster on first call; throws core::Error if it cannot.
    static TestPostgres &instance();

    TestPostgres(const TestPostgres &) = delete;
    TestPostgres &operator=(const TestPostgres &) = delete;
    ~TestPostgres();

    const std::string &host() const noexcept { return m_host; }
    int port() const noexcept { return m_port; }
    // "host=... port=... dbname=<database> user=<login>": by default the superuser, which owns
    // the schema; bulkheadd serves as LocalCluster::kRuntimeLogin (bound by row-level security).
    std::string dsn(std::string_view database, std::string_view login = "bulkhead") const;
    // True when the server is the private one this process started.
    bool isPrivate() const noexcept { return m_cluster != nullptr; }

private:
    TestPostgres();

    std::unique_ptr<QTemporaryDir> m_folder;
    std::unique_ptr<store::LocalCluster> m_cluster;
    std::string m_host;
    int m_port = 0;
};

} // namespace bulkhead::testsupport
