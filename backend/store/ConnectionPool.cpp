#include "ConnectionPool.h"

#include "Database.h"
#include "core/Error.h"

#include <algorithm>

namespace bulkhead::store {
namespace {

// The pools whose leases this thread holds (once per lease): a nested lease must not wait.
thread_local std::vector<const ConnectionPool *> t_heldLeases;

bool holdsLease(const ConnectionPool &pool)
{
    return std::find(t_heldLeases.begin(), t_heldLeases.end(), &pool) != t_heldLeases.end();
}

} // namespace

ConnectionPool::ConnectionPool(std::string dsn, std::size_t size,
                               std::chrono::milliseconds acquireTimeout)
    : m_dsn(std::move(dsn)), m_size(size == 0 ? 1 : size), m_acquireTimeout(acquireTimeout)
{
}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::Lease(ConnectionPool &pool)
    : m_pool(pool), m_connection(pool.acquire(holdsLease(pool)))
{
    t_heldLeases.push_back(&pool);
}

ConnectionPool::Lease::~Lease()
{
    t_heldLeases.erase(std::find(t_heldLeases.begin(), t_heldLeases.end(), &m_pool));
    m_pool.release(std::move(m_connection));
}

std::size_t ConnectionPool::openConnections()
{
    std::lock_guard lock(m_mutex);
    return m_leased + m_idle.size();
}

std::unique_ptr<pqxx::connection> ConnectionPool::acquire(bool nested)
{
    {
        std::unique_lock lock(m_mutex);
        const bool got = nested || m_available.wait_for(lock, m_acquireTimeout, [&] {
            return !m_idle.empty() || m_leased < m_size;
        });
        if (!got)
            throw core::Error(core::ErrorCode::Unavailable,
                              "all database connections are busy");
        ++m_leased;
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return connection;
        }
    }
    // Open outside the lock: connecting can take a while and must not block other leases.
    try {
        return openConnection(m_dsn);
    } catch (...) {
        std::lock_guard lock(m_mutex);
        --m_leased;
        m_available.notify_one();
        throw;
    }
}

void ConnectionPool::discardAfterServerLoss(Lease &lease)
{
    lease.discard();
    std::vector<std::unique_ptr<pqxx::connection>> stale;
    {
        std::lock_guard lock(m_mutex);
        stale.swap(m_idle);
    }
    // Closed outside the lock: closing a connection can wait on the network.
}

void ConnectionPool::release(std::unique_ptr<pqxx::connection> connection)
{
    std::unique_ptr<pqxx::connection> surplus;
    {
        std::lock_guard lock(m_mutex);
        --m_leased;
        // A connection that broke during use is dropped; the next lease opens a fresh one. One
        // beyond the pool's size (a nested lease) is closed.
        if (connection && connection->is_open()) {
            if (m_leased + m_idle.size() < m_size)
                m_idle.push_back(std::move(connection));
            else
                surplus = std::move(connection);
        }
        m_available.notify_one();
    }
    // Closed outside the lock, like a stale one.
}

} // namespace bulkhead::store
