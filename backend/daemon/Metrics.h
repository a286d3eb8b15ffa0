#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <iosfwd>
#include <string_view>
#include <tuple>

namespace bulkhead::daemon {

// Prometheus counters and histograms of the data plane. Labels are low-cardinality by
// construction: tenant ids (validated), tiers, a fixed route set, status codes and block
// reasons. Rendered in the text exposition format at GET /metrics.
class Metrics final
{
public:
    static constexpr std::array<double, 16> kLatencyBuckets{
        0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
        0.1,     0.25,   0.5,   1.0,    2.5,   5.0,  10.0,  30.0};
    // A pipeline step takes microseconds; the same number of buckets, shifted down.
    static constexpr std::array<double, 16> kStepBuckets{
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
        0.005,   0.01,     0.025,   0.05,   0.1,     0.25,   1.0,   10.0};

    void recordRequest(const std::string &tenant, int tier, const std::string &route, int status,
                       std::chrono::nanoseconds latency);
    void recordBlock(const std::string &tenant, const std::string &reason);
    void recordUpstreamError(const std::string &kind);
    void recordRateLimited(const std::string &tenant, const std::string &limit);
    void recordAuditCommit(std::chrono::nanoseconds took);
    // One step of the request pipeline (a stage by its name, the audit seal, commit or reply):
    // where a request's time goes, per step, for every route.
    void recordPipelineStep(std::string_view step, std::chrono::nanoseconds took);
    void addProbeFailures(unsigned long long failed);
    void setPolicyAvailable(bool available) { m_policyAvailable.store(available); }
    // Audit records handed to the writer and not yet committed.
    void auditQueued(long delta) { m_auditQueue += delta; }

    // `withTenants`: per-tenant labels, for a scrape token or a platform admin. Without, every
    // series is summed over tenants: an anonymous reader learns no tenant's name.
    std::string renderPrometheus(bool withTenants) const;

private:
    using Bounds = std::array<double, 16>;
    struct Histogram
    {
        std::array<unsigned long long, kLatencyBuckets.size()> buckets{};
        unsigned long long count = 0;
        double sum = 0;

        void observe(const Bounds &bounds, std::chrono::nanoseconds took);
        // The family's _bucket, _sum and _count lines; `labels` (k="v",...) may be empty.
        void render(std::ostream &out, std::string_view family, const std::string &labels,
                    const Bounds &bounds) const;
    };
    using RequestKey = std::tuple<std::string, int, std::string, int>;  // tenant tier route status
    using LatencyKey = std::tuple<std::string, int>;                     // route tier

    mutable std::mutex m_mutex;
    std::map<RequestKey, unsigned long long> m_requests;
    std::map<LatencyKey, Histogram> m_latency;
    std::map<std::pair<std::string, std::string>, unsigned long long> m_blocks;
    std::map<std::string, unsigned long long> m_upstreamErrors;
    std::map<std::pair<std::string, std::string>, unsigned long long> m_rateLimited;  // tenant, limit
    Histogram m_auditCommit;
    std::map<std::string, Histogram, std::less<>> m_pipelineSteps;
    unsigned long long m_probeFailures = 0;
    std::atomic<long> m_auditQueue{0};
    std::atomic<bool> m_policyAvailable{false};
};

} // namespace bulkhead::daemon
