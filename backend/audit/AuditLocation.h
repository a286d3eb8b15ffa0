#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>

namespace bulkhead::audit {

// Where one tenant's audit tables live, per its tier: Tier 1 the shared tables in `public`
// (forced RLS); Tier 2 the same tables in the tenant's schema, used as the tenant's role, with
// sealed payloads; Tier 3 the tenant's database. The SQL is the same everywhere: each
// transaction sets search_path to the location's schema (SET LOCAL), so no statement can name
// another tenant's table by accident.
struct AuditLocation
{
    std::string schema = "public";
    std::string role;          // SET LOCAL ROLE before touching the tables; empty: none
    bool sealed = false;       // payloads sealed with the tenant's key (RecordCipher)
    std::string connectionKey; // empty: the control-plane connection; else the tenant's database

    // Tier 1 and 2: the control plane's database, reached through the writer's own pool.
    bool inControlPlane() const { return connectionKey.empty(); }

    bool operator==(const AuditLocation &) const = default;
};

// Seals a record's canonical JSON for a sealed location, bound to tenant and sequence, and
// opens it again (throws when the ciphertext is not the tenant's or was moved).
struct RecordCipher
{
    std::function<std::vector<std::uint8_t>(const std::string &tenantId, std::uint64_t seq, std::string_view plain)>
        seal;
    std::function<std::string(const std::string &tenantId, std::uint64_t seq, std::span<const std::uint8_t> sealed)>
        open;
};

// How the writer and the readers find a tenant's location and a connection to it.
struct AuditPlacement
{
    std::function<AuditLocation(const std::string &tenantId)> locate;
    // Runs `work` with a connection to the location (empty key: never called: the pool is used).
    std::function<void(const AuditLocation &, const std::function<void(pqxx::connection &)> &)> connect;
    RecordCipher cipher;
    // Drops what `locate` cached for the tenant (after a failed write: its log may have moved).
    std::function<void(const std::string &tenantId)> forget;
};

} // namespace bulkhead::audit
