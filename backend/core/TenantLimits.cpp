#include "TenantLimits.h"

#include "Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace bulkhead::core {
namespace {

using nlohmann::json;

constexpr std::array<const char *, 8> kMembers{"requests_per_second", "burst", "tokens_per_minute",
                                               "concurrent_requests", "concurrent_streams",
                                               "document_bytes_per_day", "max_n", "max_tokens"};

std::optional<std::int64_t> whole(const json &document, const char *member, std::int64_t max)
{
    const auto it = document.find(member);
    if (it == document.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > max)
        throw Error(ErrorCode::InvalidArgument,
                    std::string(member) + ": a whole number from 1 to " + std::to_string(max) + ", or null for no limit",
                    member);
    return it->get<std::int64_t>();
}

} // namespace

TenantLimits tenantLimitsFromJson(const json &document)
{
    if (!document.is_object())
        throw Error(ErrorCode::InvalidArgument, "limits: must be a JSON object", "limits");
    for (const auto &item : document.items()) {
        const std::string &key = item.key();
        if (std::find(kMembers.begin(), kMembers.end(), key) == kMembers.end())
            throw Error(ErrorCode::InvalidArgument, key + ": not a tenant limit", key,
                        std::vector<std::string>(kMembers.begin(), kMembers.end()));
    }
    TenantLimits limits;
    if (const auto it = document.find("requests_per_second"); it != document.end() && !it->is_null()) {
        if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 1e6)
            throw Error(ErrorCode::InvalidArgument,
                        "requests_per_second: a number above 0 and at most 1000000, or null", "requests_per_second");
        limits.requestsPerSecond = it->get<double>();
    }
    limits.burst = whole(document, "burst", 1'000'000);
    limits.tokensPerMinute = whole(document, "tokens_per_minute", 1'000'000'000);
    limits.concurrentRequests = whole(document, "concurrent_requests", 100'000);
    limits.concurrentStreams = whole(document, "concurrent_streams", 100'000);
    limits.documentBytesPerDay = whole(document, "document_bytes_per_day", std::int64_t(1) << 50);
    limits.maxN = whole(document, "max_n", 128);
    limits.maxTokens = whole(document, "max_tokens", 10'000'000);
    return limits;
}

json tenantLimitsToJson(const TenantLimits &limits)
{
    auto value = [](const auto &v) { return v ? json(*v) : json(); };
    return {{"requests_per_second", value(limits.requestsPerSecond)},
            {"burst", value(limits.burst)},
            {"tokens_per_minute", value(limits.tokensPerMinute)},
            {"concurrent_requests", value(limits.concurrentRequests)},
            {"concurrent_streams", value(limits.concurrentStreams)},
            {"document_bytes_per_day", value(limits.documentBytesPerDay)},
            {"max_n", value(limits.maxN)},
            {"max_tokens", value(limits.maxTokens)}};
}

} // namespace bulkhead::core
