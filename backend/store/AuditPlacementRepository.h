#pragma once

#include <pqxx/connection_base>
#include <pqxx/transaction_base>

#include <cstdint>
#include <optional>
#include <string>

namespace bulkhead::store {

// Where each tenant's audit log lives (`audit_placements`: the tier, fixed at its first record
// and changed only by a move) and the moves it made (`audit_relocations`, append-only). The
// shared Tier 1 tables refuse a row of a tenant whose log is not active there (migration 12), so
// a daemon that still believes the old placement cannot append behind a move.
class AuditPlacementRepository final
{
public:
    explicit AuditPlacementRepository(pqxx::connection_base &connection) : m_connection(connection) {}

    // The tier the tenant's log lives at; none before its first record.
    std::optional<int> tierOf(const std::string &tenantId);
    // Places the log at `tier` unless it already has a place; the place it has.
    int claim(const std::string &tenantId, int tier);
    // While a move copies the log: 'moving' (the shared tables refuse the tenant's rows), or back
    // to 'active' when the move failed.
    void setMoving(const std::string &tenantId, bool moving);

    struct Relocation
    {
        std::string tenantId;
        int fromTier = 0;
        int toTier = 0;
        std::uint64_t records = 0;
        // The checkpoint signed over the whole log at the move (none for an empty log).
        std::uint64_t treeSize = 0;
        std::string rootHashHex;
        std::int64_t signedAtUs = 0;
        std::string keyId;
        std::string signatureHex;
        std::string movedAt;  // RFC 3339, UTC (set by the database)
    };
    // In the caller's control-plane transaction: points the tenant's log at its new tier, records
    // the move, and (moving out of Tier 1) deletes the tenant's rows from the shared tables, which
    // the append-only trigger lets go only for a recorded move of this incarnation. Throws
    // core::Error(Internal) when a row would stay behind.
    static void switchOver(pqxx::transaction_base &tx, const Relocation &relocation);
    // The tenant's (current incarnation's) latest move, if any.
    std::optional<Relocation> latest(const std::string &tenantId);

private:
    pqxx::connection_base &m_connection;
};

} // namespace bulkhead::store
