#include "AuditQuery.h"

#include "AuditStorage.h"
#include "core/Error.h"
#include "store/StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::audit {

using core::Error;
using core::ErrorCode;

AuditPage AuditQuery::records(const TenantScope &scope, const AuditFilter &filter)
{
    if (filter.limit == 0 || filter.limit > kMaxQueryLimit)
        throw Error(ErrorCode::InvalidArgument, "limit must be between 1 and 1000", "limit");
    if (filter.fromUs && filter.untilUs && *filter.untilUs < *filter.fromUs)
        throw Error(ErrorCode::InvalidArgument, "the time range ends before it starts", "until");
    if (filter.after && *filter.after > static_cast<std::uint64_t>(INT64_MAX))
        throw Error(ErrorCode::InvalidArgument, "cursor out of range", "after");

    // Optional filters as NULL-able parameters: one fixed SQL text, values only as parameters.
    // One row more than asked tells whether another page exists.
    const auto optionalTime = [](const std::optional<std::int64_t> &us) {
        return us ? std::optional<std::string>(std::to_string(*us)) : std::nullopt;
    };
    const std::optional<std::string> decision =
        filter.decision ? std::optional<std::string>(std::string(toString(*filter.decision)))
                        : std::nullopt;
    const std::optional<std::string> after =
        filter.after ? std::optional<std::string>(std::to_string(*filter.after)) : std::nullopt;

    AuditPage page;
    store::translateStoreErrors("query the audit log", [&] {
        pqxx::read_transaction tx(m_connection);
        storage::scopeTransaction(tx, scope.tenantId(), m_location);
        const auto result = tx.exec_params(
            "SELECT record::text, seq FROM audit_records "
            "WHERE tenant_id = $1 AND record <> $8::jsonb "
            "AND ($2::bigint IS NULL OR seq > $2::bigint) "
            "AND ($3::bigint IS NULL OR recorded_at >= "
            "     'epoch'::timestamptz + $3::bigint * interval '1 microsecond') "
            "AND ($4::bigint IS NULL OR recorded_at < "
            "     'epoch'::timestamptz + $4::bigint * interval '1 microsecond') "
            "AND ($5::text IS NULL OR route = $5::text) "
            "AND ($6::text IS NULL OR decision = $6::text) "
            "ORDER BY seq LIMIT $7",
            scope.tenantId(), after, optionalTime(filter.fromUs), optionalTime(filter.untilUs),
            filter.route, decision, filter.limit + 1, storage::kPrunedRecord);
        for (const auto &row : result) {
            if (page.records.size() == filter.limit) {
                page.nextAfter = page.records.back().sequence;
                break;
            }
            page.records.push_back(recordFromJson(
                storage::plainRecordJson(scope.tenantId(), row[1].as<std::uint64_t>(), row[0].as<std::string>(), m_cipher)));
        }
        tx.commit();
    });
    return page;
}

} // namespace bulkhead::audit
