#include "Metrics.h"

#include <sstream>

namespace bulkhead::daemon {

void Metrics::recordRequest(const std::string &tenant, int tier, const std::string &route,
                            int status, std::chrono::nanoseconds latency)
{
    const double seconds = std::chrono::duration<double>(latency).count();
    std::lock_guard lock(m_mutex);
    ++m_requests[{tenant, tier, route, status}];
    auto &h = m_latency[{route, tier}];
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
        if (seconds <= kLatencyBuckets[i])
            ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::recordBlock(const std::string &tenant, const std::string &reason)
{
    std::lock_guard lock(m_mutex);
    ++m_blocks[{tenant, reason}];
}

void Metrics::recordUpstreamError(const std::string &kind)
{
    std::lock_guard lock(m_mutex);
    ++m_upstreamErrors[kind];
}

std::string Metrics::renderPrometheus() const
{
    std::ostringstream out;
    out.precision(9);
    std::lock_guard lock(m_mutex);
    out << "# HELP bulkhead_requests_total Data-plane requests by tenant, tier, route and status.\n"
           "# TYPE bulkhead_requests_total counter\n";
    for (const auto &[key, value] : m_requests) {
        const auto &[tenant, tier, route, status] = key;
        out << "bulkhead_requests_total{tenant=\"" << tenant << "\",tier=\"" << tier
            << "\",route=\"" << route << "\",status=\"" << status << "\"} " << value << "\n";
    }
    out << "# HELP bulkhead_request_duration_seconds Time from request to last byte.\n"
           "# TYPE bulkhead_request_duration_seconds histogram\n";
    for (const auto &[key, h] : m_latency) {
        const auto &[route, tier] = key;
        const std::string labels = "route=\"" + route + "\",tier=\"" + std::to_string(tier) + "\"";
        for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
            out << "bulkhead_request_duration_seconds_bucket{" << labels << ",le=\""
                << kLatencyBuckets[i] << "\"} " << h.buckets[i] << "\n";
        out << "bulkhead_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
            << h.count << "\n";
        out << "bulkhead_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n";
        out << "bulkhead_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
    }
    out << "# HELP bulkhead_blocks_total Requests or responses blocked, by tenant and reason.\n"
           "# TYPE bulkhead_blocks_total counter\n";
    for (const auto &[key, value] : m_blocks)
        out << "bulkhead_blocks_total{tenant=\"" << key.first << "\",reason=\"" << key.second
            << "\"} " << value << "\n";
    out << "# HELP bulkhead_upstream_errors_total Upstream failures by kind.\n"
           "# TYPE bulkhead_upstream_errors_total counter\n";
    for (const auto &[kind, value] : m_upstreamErrors)
        out << "bulkhead_upstream_errors_total{kind=\"" << kind << "\"} " << value << "\n";
    out << "# HELP bulkhead_policy_available 1 while the control plane is reachable.\n"
           "# TYPE bulkhead_policy_available gauge\n"
        << "bulkhead_policy_available " << (m_policyAvailable.load() ? 1 : 0) << "\n";
    return out.str();
}

} // namespace bulkhead::daemon
