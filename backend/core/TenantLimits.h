#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>

namespace bulkhead::core {

// What one tenant may use of what all tenants share. Policy data: stored with the tenant's
// settings, edited through the admin API, enforced by the proxy. An absent limit is no limit.
struct TenantLimits
{
    std::optional<double> requestsPerSecond;       // token bucket refill rate
    std::optional<std::int64_t> burst;             // bucket size (default: max(1, 2 x rate))
    std::optional<std::int64_t> tokensPerMinute;   // prompt + completion tokens, from usage
    std::optional<std::int64_t> concurrentRequests;
    std::optional<std::int64_t> concurrentStreams;
    std::optional<std::int64_t> documentBytesPerDay;  // uploaded document bytes per UTC day
    std::optional<std::int64_t> maxN;                 // cap on a chat request's `n`
    std::optional<std::int64_t> maxTokens;            // cap on max_tokens / max_completion_tokens

    bool operator==(const TenantLimits &) const = default;
};

// {"requests_per_second": 5, "burst": 10, "tokens_per_minute": 60000, "concurrent_requests": 8,
//  "concurrent_streams": 4, "document_bytes_per_day": 10485760, "max_n": 1, "max_tokens": 4096}:
// every member optional, null or absent = no limit. Throws core::Error(InvalidArgument) naming
// the member for unknown members, wrong types and values out of range.
TenantLimits tenantLimitsFromJson(const nlohmann::json &document);
nlohmann::json tenantLimitsToJson(const TenantLimits &limits);

} // namespace bulkhead::core
