#include "AuditRetentionRepository.h"

#include "StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::store {

std::optional<int> AuditRetentionRepository::days(const std::string &tenantId)
{
    return translateStoreErrors("read the retention period", [&]() -> std::optional<int> {
        pqxx::read_transaction tx(m_connection);
        const auto rows = tx.exec_params("SELECT days FROM audit_retention WHERE tenant_id = $1", tenantId);
        if (rows.empty())
            return std::nullopt;
        return rows[0][0].as<int>();
    });
}

void AuditRetentionRepository::setDays(const std::string &tenantId, std::optional<int> days)
{
    translateStoreErrors("set the retention period", [&] {
        pqxx::work tx(m_connection);
        if (days)
            tx.exec_params("INSERT INTO audit_retention (tenant_id, days) VALUES ($1, $2) "
                           "ON CONFLICT (tenant_id) DO UPDATE SET days = EXCLUDED.days, updated_at = now()",
                           tenantId, *days);
        else
            tx.exec_params("DELETE FROM audit_retention WHERE tenant_id = $1", tenantId);
        tx.commit();
    });
}

std::vector<std::pair<std::string, int>> AuditRetentionRepository::all()
{
    return translateStoreErrors("read the retention periods", [&] {
        pqxx::read_transaction tx(m_connection);
        std::vector<std::pair<std::string, int>> out;
        for (const auto &row : tx.exec("SELECT tenant_id, days FROM audit_retention ORDER BY tenant_id"))
            out.emplace_back(row[0].as<std::string>(), row[1].as<int>());
        return out;
    });
}

} // namespace bulkhead::store
