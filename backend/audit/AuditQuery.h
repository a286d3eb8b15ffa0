#pragma once

#include "AuditLocation.h"

#include "AuditRecord.h"
#include "core/TenantScope.h"

#include <cstdint>
#include <optional>
#include <pqxx/connection_base>
#include <string>
#include <vector>

namespace bulkhead::audit {

using TenantScope = core::TenantScope;  // the one tenant scope of every store call


inline constexpr std::size_t kMaxQueryLimit = 1000;

struct AuditFilter
{
    std::optional<std::int64_t> fromUs;   // recorded at or after (Unix microseconds)
    std::optional<std::int64_t> untilUs;  // recorded strictly before
    std::optional<std::string> route;
    std::optional<Decision> decision;
    std::optional<std::uint64_t> after;   // keyset cursor: records with seq > after
    std::size_t limit = 100;              // 1..kMaxQueryLimit
};

struct AuditPage
{
    std::vector<AuditRecord> records;      // by sequence, ascending
    std::optional<std::uint64_t> nextAfter;  // pass as `after` for the next page; none at the end
};

// Reads one tenant's audit records. There is deliberately no call without a TenantScope: every
// query carries the tenant predicate AND runs with bulkhead.tenant set, so row-level security
// bounds it even if the predicate were ever wrong. Pages are keyset-paginated on seq, so a page
// boundary never skips or repeats a record while the log grows.
class AuditQuery final
{
public:
    explicit AuditQuery(pqxx::connection_base &connection, AuditLocation location = {},
                        const RecordCipher *cipher = nullptr)
        : m_connection(connection), m_location(std::move(location)), m_cipher(cipher)
    {
    }

    // Throws core::Error(InvalidArgument) for a limit outside 1..1000 or an inverted time range;
    // database errors as in store/StoreErrors.h.
    AuditPage records(const TenantScope &scope, const AuditFilter &filter);

private:
    pqxx::connection_base &m_connection;
    AuditLocation m_location;
    const RecordCipher *m_cipher;
};

} // namespace bulkhead::audit
