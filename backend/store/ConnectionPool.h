#pragma once

#include "StoreErrors.h"

#include <pqxx/connection>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bulkhead::store {

// A small blocking pool of libpq connections for the daemon's database threads (never its I/O
// threads). Connections are opened lazily; one found broken after use, or whose work failed
// because the server went away or stopped being the primary, is dropped and reopened on the
// next lease: the daemon recovers by itself when PostgreSQL comes back, and after a failover a
// multi-host connection string (target_session_attrs=read-write) leads it to the new primary.
//
// A thread that already holds a lease never waits for a second one: it gets an idle connection or
// one opened beyond the pool's size, closed again when it comes back. Work done inside a locked
// transaction sometimes needs the pool again (the deployment tag, a data key not yet cached);
// waiting there would deadlock once every connection is held by such a thread, and a pool of
// one always would.
class ConnectionPool final
{
public:
    ConnectionPool(std::string dsn, std::size_t size,
                   std::chrono::milliseconds acquireTimeout = std::chrono::seconds(5));
    ~ConnectionPool();

    ConnectionPool(const ConnectionPool &) = delete;
    ConnectionPool &operator=(const ConnectionPool &) = delete;

    // Runs `work` with a leased connection. Errors from opening a connection or waiting too
    // long for one are core::Error(Unavailable); errors from `work` pass through.
    template <typename Fn>
    decltype(auto) run(Fn &&work)
    {
        Lease lease(*this);
        try {
            return std::forward<Fn>(work)(lease.connection());
        } catch (...) {
            // A connection the work found broken (and reported in its own words) goes too.
            if (!connectionOutlivesError() || !lease.connection().is_open())
                discardAfterServerLoss(lease);
            throw;
        }
    }

    std::size_t size() const noexcept { return m_size; }
    // Connections open now, leased or idle (at most size() unless leases are nested).
    std::size_t openConnections();

private:
    class Lease final
    {
    public:
        explicit Lease(ConnectionPool &pool);
        ~Lease();
        pqxx::connection &connection() { return *m_connection; }
        // The connection is closed instead of going back to the pool.
        void discard() noexcept { m_connection.reset(); }

    private:
        ConnectionPool &m_pool;
        std::unique_ptr<pqxx::connection> m_connection;
    };

    // The lease's connection is closed, and so are the idle ones: what took the server away
    // (a restart, a failover) took their sessions too, and each would fail one more request.
    void discardAfterServerLoss(Lease &lease);
    std::unique_ptr<pqxx::connection> acquire(bool nested);
    void release(std::unique_ptr<pqxx::connection> connection);

    const std::string m_dsn;
    const std::size_t m_size;
    const std::chrono::milliseconds m_acquireTimeout;
    std::mutex m_mutex;
    std::condition_variable m_available;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    std::size_t m_leased = 0;
};

} // namespace bulkhead::store
