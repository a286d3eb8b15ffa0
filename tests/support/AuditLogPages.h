#pragma once
// A tenant's audit log read through the admin API, as an auditor reads it: every page in order,
// its size, or its newest record. Header only, for tests that start a daemon and hold an
// AdminClient (they link the ctl library).
#include "ctl/AdminClient.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace bulkhead::testsupport {

// Every record of the tenant's log, oldest first, following `next_after` to the last page.
// `query` adds filters ("&decision=allowed", "&content=true"). Empty when a page is refused.
inline std::optional<nlohmann::json> auditLog(const ctl::AdminClient &admin, const std::string &tenant,
                                               const std::string &query = {})
{
    auto records = nlohmann::json::array();
    std::string after;
    for (;;) {
        const auto page = admin.call("GET", "/admin/v1/logs?tenant=" + tenant + "&limit=1000" + query + after);
        if (!page.ok())
            return std::nullopt;
        for (const auto &record : page.body["records"])
            records.push_back(record);
        if (page.body["next_after"].is_null())
            return records;
        after = "&after=" + std::to_string(page.body["next_after"].get<long long>());
    }
}

// How many records the tenant's log holds, as its verification counts them; -1 when refused.
inline long long auditRecordCount(const ctl::AdminClient &admin, const std::string &tenant)
{
    const auto verified = admin.call("GET", "/admin/v1/logs/verify?tenant=" + tenant);
    return verified.ok() ? verified.body.value("records", -1LL) : -1;
}

// The tenant's newest record, read as the one page after the verified count; null when the log is
// empty or cannot be read, so a test that inspects it checks `is_object()` first instead of
// passing on a missing record. `options` shape the record ("&content=true") and must not filter.
inline nlohmann::json lastAuditRecord(const ctl::AdminClient &admin, const std::string &tenant,
                                      const std::string &options = {})
{
    const auto count = auditRecordCount(admin, tenant);
    if (count <= 0)
        return {};
    const std::string after = count > 1 ? "&after=" + std::to_string(count - 2) : "";
    const auto page = admin.call("GET", "/admin/v1/logs?tenant=" + tenant + "&limit=1" + after + options);
    if (!page.ok() || page.body["records"].empty())
        return {};
    return page.body["records"][0];
}

// The newest record as JSON text; a tenant without one fails the running test, so a check that
// the text does not contain something cannot pass on a record that is not there.
inline std::string lastAuditRecordText(const ctl::AdminClient &admin, const std::string &tenant)
{
    const auto record = lastAuditRecord(admin, tenant);
    if (!record.is_object())
        QTest::qFail(("no audit record of " + tenant).c_str(), __FILE__, __LINE__);
    return record.dump();
}

} // namespace bulkhead::testsupport
