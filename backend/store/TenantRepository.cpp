#include "TenantRepository.h"

#include "AuditSchema.h"
#include "StoreErrors.h"
#include "TransactionIn.h"
#include "core/Error.h"
#include "core/TenantValidation.h"
#include "crypto/SecureBytes.h"

#include <pqxx/pqxx>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;
using core::Tenant;

constexpr const char *kColumns =
    "id, name, array_to_string(classifications, ','), relationship, threat, "
    "array_to_string(regimes, ','), chosen_tier, version";

// libpqxx 6 has no array parameters. Sets of enums travel as one comma-separated parameter of
// canonical names (core::toString, which never contains a comma) and become text[] through
// string_to_array($n, ','): still a value, never part of the SQL text.
template <typename Enum> std::string joinNames(const std::set<Enum> &values)
{
    std::string out;
    for (const auto value : values) {
        if (!out.empty())
            out += ',';
        out += core::toString(value);
    }
    return out;
}

template <typename Enum, typename Parse>
std::set<Enum> splitNames(const std::string &text, Parse parse, const char *column)
{
    std::set<Enum> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        const auto name = std::string_view(text).substr(start, end - start);
        const auto value = parse(name);
        if (!value)
            throw Error(ErrorCode::Internal, "tenants." + std::string(column) +
                                                 " holds an unknown value \"" + std::string(name) +
                                                 "\"");
        out.insert(*value);
        start = end + 1;
    }
    return out;
}

template <typename Enum, typename Parse>
Enum parseOne(const std::string &text, Parse parse, const char *column)
{
    const auto value = parse(text);
    if (!value)
        throw Error(ErrorCode::Internal,
                    "tenants." + std::string(column) + " holds an unknown value \"" + text + "\"");
    return *value;
}

Tenant fromRow(const pqxx::row &row)
{
    Tenant t;
    t.id = row[0].as<std::string>();
    t.name = row[1].as<std::string>();
    t.classifications = splitNames<core::Classification>(
        row[2].as<std::string>(), core::parseClassification, "classifications");
    t.relationship = parseOne<core::Relationship>(row[3].as<std::string>(), core::parseRelationship,
                                                  "relationship");
    t.threat = parseOne<core::Threat>(row[4].as<std::string>(), core::parseThreat, "threat");
    t.regimes = splitNames<core::Regime>(row[5].as<std::string>(), core::parseRegime, "regimes");
    if (!row[6].is_null()) {
        t.chosenTier = core::tierFromNumber(row[6].as<long long>());
        if (!t.chosenTier)
            throw Error(ErrorCode::Internal, "tenants.chosen_tier out of range for " + t.id);
    }
    t.version = row[7].as<long long>();
    return t;
}

// libpqxx 6 has no optional parameters either: "no tier" travels as 0 and becomes NULL through
// NULLIF($n::integer, 0); 0 is never a tier.
int tierParameter(const Tenant &tenant)
{
    return tenant.chosenTier ? core::tierNumber(*tenant.chosenTier) : 0;
}

void validateExpectedVersion(long long version)
{
    if (version < 1)
        throw Error(ErrorCode::InvalidArgument,
                    "version: the expected version must be 1 or more, got " +
                        std::to_string(version),
                    "version");
}

// After a guarded UPDATE/DELETE matched nothing: tell "gone" from "changed by someone else".
[[noreturn]] void throwMissOrConflict(pqxx::transaction_base &tx, const std::string &id,
                                      long long expectedVersion)
{
    const auto current = tx.exec_params("SELECT version FROM tenants WHERE id = $1", id);
    if (current.empty())
        throw Error(ErrorCode::NotFound, "tenant \"" + id + "\" does not exist", "id");
    throw Error(ErrorCode::VersionConflict,
                "tenant \"" + id + "\" was changed by someone else: it is at version " +
                    current[0][0].as<std::string>() + ", not " + std::to_string(expectedVersion) +
                    "; reload it and apply the change again",
                "version");
}

} // namespace

Tenant TenantRepository::create(const Tenant &tenant)
{
    core::validateTenant(tenant);
    try {
        return translateStoreErrors("create tenant", [&] {
            TransactionIn<pqxx::work> in(m_connection, m_outer);
            auto &tx = in.tx();
            const auto row = tx.exec_params1(
                std::string("INSERT INTO tenants (id, name, classifications, relationship, threat, "
                            "regimes, chosen_tier) VALUES ($1, $2, string_to_array($3, ','), $4, "
                            "$5, string_to_array($6, ','), NULLIF($7::integer, 0)) RETURNING ") +
                    kColumns,
                tenant.id, tenant.name, joinNames(tenant.classifications),
                std::string(core::toString(tenant.relationship)),
                std::string(core::toString(tenant.threat)), joinNames(tenant.regimes),
                tierParameter(tenant));
            auto stored = fromRow(row);
            in.commit();
            return stored;
        });
    } catch (const Error &e) {
        if (e.code() == ErrorCode::Conflict)
            throw Error(ErrorCode::Conflict, "tenant \"" + tenant.id + "\" already exists", "id");
        throw;
    }
}

std::optional<Tenant> TenantRepository::find(std::string_view id)
{
    core::validateTenantId(id);
    return translateStoreErrors("read tenant", [&]() -> std::optional<Tenant> {
        TransactionIn<pqxx::read_transaction> in(m_connection, m_outer);
        auto &tx = in.tx();
        const auto rows = tx.exec_params(
            std::string("SELECT ") + kColumns + " FROM tenants WHERE id = $1", std::string(id));
        if (rows.empty())
            return std::nullopt;
        return fromRow(rows[0]);
    });
}

Tenant TenantRepository::get(std::string_view id)
{
    auto tenant = find(id);
    if (!tenant)
        throw Error(ErrorCode::NotFound, "tenant \"" + std::string(id) + "\" does not exist", "id");
    return std::move(*tenant);
}

std::vector<Tenant> TenantRepository::list()
{
    return translateStoreErrors("list tenants", [&] {
        TransactionIn<pqxx::read_transaction> in(m_connection, m_outer);
        auto &tx = in.tx();
        std::vector<Tenant> tenants;
        // COLLATE "C": byte order, the same on every server whatever its default collation.
        for (const auto &row :
             tx.exec(std::string("SELECT ") + kColumns + " FROM tenants ORDER BY id COLLATE \"C\""))
            tenants.push_back(fromRow(row));
        return tenants;
    });
}

Tenant TenantRepository::update(const Tenant &tenant, long long expectedVersion)
{
    core::validateTenant(tenant);
    validateExpectedVersion(expectedVersion);
    return translateStoreErrors("update tenant", [&] {
        TransactionIn<pqxx::work> in(m_connection, m_outer);
        auto &tx = in.tx();
        // The version guard is in the UPDATE itself: a concurrent writer that got the row lock
        // first bumps the version, and PostgreSQL re-checks our WHERE against its new row, so
        // exactly one of two edits from the same version matches.
        const auto rows = tx.exec_params(
            std::string(
                "UPDATE tenants SET name = $3, classifications = string_to_array($4, ','), "
                "relationship = $5, threat = $6, regimes = string_to_array($7, ','), "
                "chosen_tier = NULLIF($8::integer, 0), version = version + 1, updated_at = now() "
                "WHERE id = $1 AND version = $2 RETURNING ") +
                kColumns,
            tenant.id, expectedVersion, tenant.name, joinNames(tenant.classifications),
            std::string(core::toString(tenant.relationship)),
            std::string(core::toString(tenant.threat)), joinNames(tenant.regimes),
            tierParameter(tenant));
        if (rows.empty())
            throwMissOrConflict(tx, tenant.id, expectedVersion);
        auto stored = fromRow(rows[0]);
        in.commit();
        return stored;
    });
}

void TenantRepository::archivePlacementChain(pqxx::transaction_base &tx, const std::string &tenantId,
                                             TenantRemoval &removal, const PlacementChain &chain)
{
    const std::optional<std::string> root =
        chain.checkpoints.empty() ? std::nullopt : std::optional(crypto::toHex(chain.checkpoints.back().rootHash));
    tx.exec_params("INSERT INTO offboarded_tenants (incarnation, tenant_id, created_at, retain_until, records, root_hash) "
                   "SELECT incarnation, id, created_at, "
                   "       now() + make_interval(days => (SELECT days FROM audit_retention WHERE tenant_id = $1)), "
                   "       $2, decode($3, 'hex') "
                   "FROM tenants WHERE id = $1",
                   tenantId, static_cast<long long>(chain.rows.size()), root);
    for (const auto &r : chain.rows)
        tx.exec_params("INSERT INTO audit_records_archive VALUES ($1::uuid, $2, $3, "
                       "'epoch'::timestamptz + $4::bigint * interval '1 microsecond', $5, $6, $7, "
                       "$8::jsonb, decode($9, 'hex'))",
                       removal.incarnation, tenantId, r.seq, r.recordedAtUs, r.requestId, r.route, r.decision,
                       r.recordJson, crypto::toHex(r.leafHash));
    for (const auto &c : chain.checkpoints)
        tx.exec_params("INSERT INTO audit_checkpoints_archive VALUES ($1::uuid, $2, $3, decode($4, 'hex'), $5, $6, "
                       "decode($7, 'hex'))",
                       removal.incarnation, tenantId, c.treeSize, crypto::toHex(c.rootHash), c.signedAtUs, c.keyId,
                       crypto::toHex(c.signature));
    removal.archivedRecords = chain.rows.size();
    removal.archivedCheckpoints = chain.checkpoints.size();
}

TenantRemoval TenantRepository::remove(std::string_view id, long long expectedVersion,
                                      const PlacementChain *placementChain)
{
    core::validateTenantId(id);
    validateExpectedVersion(expectedVersion);
    const std::string tenantId(id);
    return translateStoreErrors("remove tenant", [&] {
        pqxx::work tx(m_connection);
        // The chain's writers hold this lock while they append: none appends mid-move.
        tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kAuditLockSpace, tenantId);
        const auto found = tx.exec_params("SELECT incarnation::text FROM tenants "
                                          "WHERE id = $1 AND version = $2 FOR UPDATE",
                                          tenantId, expectedVersion);
        if (found.empty())
            throwMissOrConflict(tx, tenantId, expectedVersion);
        TenantRemoval removal;
        removal.incarnation = found[0][0].as<std::string>();
        // Row-level security on the audit tables is keyed on the session's tenant.
        tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true), set_config('bulkhead.offboarding', $2, true)",
                       tenantId, removal.incarnation);
        if (placementChain) {
            archivePlacementChain(tx, tenantId, removal, *placementChain);
        } else {
            tx.exec_params(
                "INSERT INTO offboarded_tenants (incarnation, tenant_id, created_at, retain_until, records, root_hash) "
                "SELECT incarnation, id, created_at, "
                "       now() + make_interval(days => (SELECT days FROM audit_retention WHERE tenant_id = $1)), "
                "       (SELECT count(*) FROM audit_records WHERE tenant_id = $1), "
                "       (SELECT root_hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY tree_size DESC LIMIT 1) "
                "FROM tenants WHERE id = $1",
                tenantId);
        }
        removal.archivedRecords += tx.exec_params("INSERT INTO audit_records_archive "
                                                 "SELECT $2::uuid, tenant_id, seq, recorded_at, request_id, route, "
                                                 "       decision, record, leaf_hash "
                                                 "FROM audit_records WHERE tenant_id = $1",
                                                 tenantId, removal.incarnation)
                                      .affected_rows();
        removal.archivedCheckpoints += tx.exec_params("INSERT INTO audit_checkpoints_archive "
                                                     "SELECT $2::uuid, tenant_id, tree_size, root_hash, signed_at_us, "
                                                     "       key_id, signature "
                                                     "FROM audit_checkpoints WHERE tenant_id = $1",
                                                     tenantId, removal.incarnation)
                                          .affected_rows();
        // The trigger lets each row go only once its identical copy is archived: a count that
        // differs means something was not moved, and the whole removal rolls back.
        const std::uint64_t placementRecords = placementChain ? placementChain->rows.size() : 0;
        const std::uint64_t placementCheckpoints = placementChain ? placementChain->checkpoints.size() : 0;
        if (tx.exec_params("DELETE FROM audit_records WHERE tenant_id = $1", tenantId).affected_rows() !=
                removal.archivedRecords - placementRecords ||
            tx.exec_params("DELETE FROM audit_checkpoints WHERE tenant_id = $1", tenantId).affected_rows() !=
                removal.archivedCheckpoints - placementCheckpoints)
            throw Error(ErrorCode::Internal, "the tenant's audit chain could not be archived whole");
        tx.exec_params("DELETE FROM audit_placements WHERE tenant_id = $1", tenantId);
        tx.exec_params("DELETE FROM audit_retention WHERE tenant_id = $1", tenantId);
        const auto retain = tx.exec_params(
            "SELECT to_char(retain_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
            "FROM offboarded_tenants WHERE incarnation = $1::uuid",
            removal.incarnation);
        if (!retain[0][0].is_null())
            removal.retainUntil = retain[0][0].as<std::string>();
        // Settings, API keys and auditor tokens cascade; a dedicated upstream is released.
        tx.exec_params("DELETE FROM tenants WHERE id = $1", tenantId);
        tx.commit();
        return removal;
    });
}

std::string TenantRepository::incarnation(std::string_view id)
{
    core::validateTenantId(id);
    return translateStoreErrors("read tenant", [&] {
        pqxx::read_transaction tx(m_connection);
        const auto rows = tx.exec_params("SELECT incarnation::text FROM tenants WHERE id = $1", std::string(id));
        if (rows.empty())
            throw Error(ErrorCode::NotFound, "tenant \"" + std::string(id) + "\" does not exist", "id");
        return rows[0][0].as<std::string>();
    });
}

} // namespace bulkhead::store
