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

    // One row more than asked tells whether another page exists.
    store::auditlog::PageFilter rows{
        filter.after,
        filter.fromUs,
        filter.untilUs,
        filter.route,
        filter.decision ? std::optional<std::string>(std::string(toString(*filter.decision)))
                        : std::nullopt,
        filter.limit + 1};
    AuditPage page;
    store::translateStoreErrors("query the audit log", [&] {
        pqxx::read_transaction tx(m_connection);
        storage::scopeTransaction(tx, scope.tenantId(), m_location);
        for (const auto &row : store::auditlog::page(tx, scope.tenantId(), rows)) {
            if (page.records.size() == filter.limit) {
                page.nextAfter = page.records.back().sequence;
                break;
            }
            page.records.push_back(recordFromJson(
                storage::plainRecordJson(scope.tenantId(), row.seq, row.recordJson, m_cipher)));
        }
        tx.commit();
    });
    return page;
}

} // namespace bulkhead::audit
