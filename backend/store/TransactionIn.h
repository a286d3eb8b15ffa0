#pragma once

#include <pqxx/connection_base>
#include <pqxx/transaction_base>

#include <optional>

namespace bulkhead::store {

// The transaction a repository call works in: the caller's, when the repository was made on one
// (so an admin request that touches several tables commits once, or not at all), else one of its
// own, which commit() commits. Committing the caller's transaction is left to the caller.
template <typename OwnTransaction> class TransactionIn final
{
public:
    TransactionIn(pqxx::connection_base &connection, pqxx::transaction_base *outer)
    {
        if (outer) {
            m_tx = outer;
        } else {
            m_own.emplace(connection);
            m_tx = &*m_own;
        }
    }
    pqxx::transaction_base &tx() noexcept { return *m_tx; }
    void commit()
    {
        if (m_own)
            m_own->commit();
    }

private:
    std::optional<OwnTransaction> m_own;
    pqxx::transaction_base *m_tx = nullptr;
};

} // namespace bulkhead::store
