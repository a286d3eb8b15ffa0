#include "PolicyStore.h"

#include "core/Error.h"
#include "store/ConnectionPool.h"
#include "store/ControlPlaneRepository.h"

namespace bulkhead::proxy {

PolicyStore::PolicyStore(store::ConnectionPool &pool, std::chrono::milliseconds maxStaleness,
                         std::function<Clock::time_point()> now)
    : m_pool(pool), m_maxStaleness(maxStaleness), m_now(std::move(now))
{
}

std::shared_ptr<const PolicySnapshot> PolicyStore::current() const
{
    std::lock_guard lock(m_mutex);
    if (m_failed || !m_snapshot || m_now() - m_confirmedAt > m_maxStaleness)
        return nullptr;
    return m_snapshot;
}

std::shared_ptr<const PolicySnapshot> PolicyStore::lastKnown() const
{
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

bool PolicyStore::available() const
{
    return current() != nullptr;
}

std::string PolicyStore::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void PolicyStore::setSnapshotListener(std::function<void(const PolicySnapshot &)> listener)
{
    std::lock_guard refreshing(m_refreshMutex);
    m_listener = std::move(listener);
}

bool PolicyStore::refresh(bool force)
{
    std::lock_guard refreshing(m_refreshMutex);
    try {
        std::shared_ptr<const PolicySnapshot> fresh;
        m_pool.run([&](pqxx::connection &connection) {
            store::ControlPlaneRepository repository(connection);
            const auto known = lastKnown();
            if (!force && known && repository.version() == known->version())
                return;
            fresh = PolicySnapshot::build(repository.loadState());
        });
        if (fresh && m_listener)
            m_listener(*fresh);
        std::lock_guard lock(m_mutex);
        if (fresh)
            m_snapshot = std::move(fresh);
        m_confirmedAt = m_now();
        m_failed = false;
        m_lastError.clear();
        return true;
    } catch (const std::exception &e) {
        std::lock_guard lock(m_mutex);
        m_failed = true;
        m_lastError = e.what();
        return false;
    }
}

} // namespace bulkhead::proxy
