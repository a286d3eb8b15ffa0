#pragma once

#include <pqxx/connection_base>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::store {

// Per-tenant audit retention periods (`audit_retention`, migration 8). Every call throws
// core::Error only.
class AuditRetentionRepository final
{
public:
    explicit AuditRetentionRepository(pqxx::connection_base &connection) : m_connection(connection) {}

    std::optional<int> days(const std::string &tenantId);
    // Days 1..36500 (the table's CHECK says so too); none: keep everything.
    void setDays(const std::string &tenantId, std::optional<int> days);
    // Every tenant with a period, by tenant id.
    std::vector<std::pair<std::string, int>> all();

private:
    pqxx::connection_base &m_connection;
};

} // namespace bulkhead::store
