#pragma once

#include <chrono>
#include <memory>
#include <pqxx/connection>
#include <string>

namespace bulkhead::testsupport {

// A fresh database for one test: created from template1 (so it has `vector`) on the process's
// TestPostgres server under a unique name, dropped WITH (FORCE) on destruction, so tests never
// see each other's rows and leftover connections cannot keep it alive.
class TestDatabase final
{
public:
    // Throws core::Error when the server cannot be reached or the database cannot be created.
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    const std::string &name() const noexcept { return m_name; }
    // As the superuser (the schema owner).
    std::string dsn() const;
    // As bulkheadd's login, bound by row-level security.
    std::string runtimeDsn() const;
    // A new connection to this database (each call its own, for concurrency tests).
    std::unique_ptr<pqxx::connection> connect() const;
    // Polls until `count` sessions in this database wait on a lock (or the timeout passes).
    // Concurrency tests use it to line their contenders up behind a lock deterministically,
    // instead of hoping that two threads overlap.
    bool waitForLockWaiters(int count,
                            std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

private:
    std::string m_name;
};

} // namespace bulkhead::testsupport
