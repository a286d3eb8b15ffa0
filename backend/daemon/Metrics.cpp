#include "Metrics.h"

#include <algorithm>
#include <sstream>

namespace bulkhead::daemon {

void Metrics::Histogram::observe(const Bounds &bounds, std::chrono::nanoseconds took)
{
    const double seconds = std::chrono::duration<double>(took).count();
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (seconds <= bounds[i])
            ++buckets[i];
    ++count;
    sum += seconds;
}

void Metrics::Histogram::render(std::ostream &out, std::string_view family, const std::string &labels,
                                const Bounds &bounds) const
{
    const std::string prefix = labels.empty() ? std::string() : labels + ",";
    for (std::size_t i = 0; i < bounds.size(); ++i)
        out << family << "_bucket{" << prefix << "le=\"" << bounds[i] << "\"} " << buckets[i] << "\n";
    out << family << "_bucket{" << prefix << "le=\"+Inf\"} " << count << "\n";
    const std::string suffix = labels.empty() ? std::string(" ") : "{" + labels + "} ";
    out << family << "_sum" << suffix << sum << "\n" << family << "_count" << suffix << count << "\n";
}

void Metrics::recordRequest(const std::string &tenant, int tier, const std::string &route,
                            int status, std::chrono::nanoseconds latency)
{
    std::lock_guard lock(m_mutex);
    ++m_requests[{tenant, tier, route, status}];
    m_latency[{route, tier}].observe(kLatencyBuckets, latency);
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

void Metrics::recordRateLimited(const std::string &tenant, const std::string &limit)
{
    std::lock_guard lock(m_mutex);
    ++m_rateLimited[{tenant, limit}];
}

void Metrics::recordAuditCommit(std::chrono::nanoseconds took)
{
    std::lock_guard lock(m_mutex);
    m_auditCommit.observe(kLatencyBuckets, took);
}

void Metrics::recordPipelineStep(std::string_view step, std::chrono::nanoseconds took)
{
    std::lock_guard lock(m_mutex);
    auto found = m_pipelineSteps.find(step);
    if (found == m_pipelineSteps.end())
        found = m_pipelineSteps.emplace(std::string(step), Histogram{}).first;
    found->second.observe(kStepBuckets, took);
}

void Metrics::addProbeFailures(unsigned long long failed)
{
    std::lock_guard lock(m_mutex);
    m_probeFailures += failed;
}

namespace {

// Sums a labelled counter over the tenant label (the first of the key) when tenants are hidden.
template<typename Key, typename Rest>
std::map<Rest, unsigned long long> withoutTenant(const std::map<Key, unsigned long long> &series, Rest (*rest)(const Key &))
{
    std::map<Rest, unsigned long long> out;
    for (const auto &[key, value] : series)
        out[rest(key)] += value;
    return out;
}

} // namespace

std::string Metrics::renderPrometheus(bool withTenants) const
{
    std::ostringstream out;
    out.precision(9);
    std::lock_guard lock(m_mutex);
    out << "# HELP bulkhead_requests_total Data-plane requests by tenant, tier, route and status.\n"
           "# TYPE bulkhead_requests_total counter\n";
    if (withTenants) {
        for (const auto &[key, value] : m_requests) {
            const auto &[tenant, tier, route, status] = key;
            out << "bulkhead_requests_total{tenant=\"" << tenant << "\",tier=\"" << tier
                << "\",route=\"" << route << "\",status=\"" << status << "\"} " << value << "\n";
        }
    } else {
        using Rest = std::tuple<int, std::string, int>;
        for (const auto &[key, value] : withoutTenant<RequestKey, Rest>(m_requests, [](const RequestKey &k) {
                 return Rest{std::get<1>(k), std::get<2>(k), std::get<3>(k)};
             })) {
            const auto &[tier, route, status] = key;
            out << "bulkhead_requests_total{tier=\"" << tier << "\",route=\"" << route << "\",status=\"" << status
                << "\"} " << value << "\n";
        }
    }
    out << "# HELP bulkhead_request_duration_seconds Time from request to last byte.\n"
           "# TYPE bulkhead_request_duration_seconds histogram\n";
    for (const auto &[key, h] : m_latency) {
        const auto &[route, tier] = key;
        h.render(out, "bulkhead_request_duration_seconds",
                 "route=\"" + route + "\",tier=\"" + std::to_string(tier) + "\"", kLatencyBuckets);
    }
    out << "# HELP bulkhead_blocks_total Requests or responses blocked, by tenant and reason.\n"
           "# TYPE bulkhead_blocks_total counter\n";
    using Pair = std::pair<std::string, std::string>;
    auto second = [](const Pair &k) { return k.second; };
    if (withTenants)
        for (const auto &[key, value] : m_blocks)
            out << "bulkhead_blocks_total{tenant=\"" << key.first << "\",reason=\"" << key.second
                << "\"} " << value << "\n";
    else
        for (const auto &[reason, value] : withoutTenant<Pair, std::string>(m_blocks, +second))
            out << "bulkhead_blocks_total{reason=\"" << reason << "\"} " << value << "\n";
    out << "# HELP bulkhead_rate_limited_total Requests refused over a tenant limit (429), by limit.\n"
           "# TYPE bulkhead_rate_limited_total counter\n";
    if (withTenants)
        for (const auto &[key, value] : m_rateLimited)
            out << "bulkhead_rate_limited_total{tenant=\"" << key.first << "\",limit=\"" << key.second
                << "\"} " << value << "\n";
    else
        for (const auto &[limit, value] : withoutTenant<Pair, std::string>(m_rateLimited, +second))
            out << "bulkhead_rate_limited_total{limit=\"" << limit << "\"} " << value << "\n";
    out << "# HELP bulkhead_audit_queue_depth Audit records handed to the writer, not yet committed.\n"
           "# TYPE bulkhead_audit_queue_depth gauge\n"
        << "bulkhead_audit_queue_depth " << std::max(0L, m_auditQueue.load()) << "\n";
    out << "# HELP bulkhead_audit_commit_seconds Time from handing a record to the writer to its commit.\n"
           "# TYPE bulkhead_audit_commit_seconds histogram\n";
    m_auditCommit.render(out, "bulkhead_audit_commit_seconds", {}, kLatencyBuckets);
    out << "# HELP bulkhead_pipeline_step_seconds Time in each step of the request pipeline.\n"
           "# TYPE bulkhead_pipeline_step_seconds histogram\n";
    for (const auto &[step, h] : m_pipelineSteps)
        h.render(out, "bulkhead_pipeline_step_seconds", "step=\"" + step + "\"", kStepBuckets);
    out << "# HELP bulkhead_probe_failures_total Probe results that failed (a pair and layer each).\n"
           "# TYPE bulkhead_probe_failures_total counter\n"
        << "bulkhead_probe_failures_total " << m_probeFailures << "\n";
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
