#pragma once

#include "PromptAssembler.h"
#include "RequestContext.h"
#include "scan/EgressPolicy.h"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::net {
class HttpClient;
}
namespace bulkhead::scan {
class EgressScannerHolder;
struct EgressFinding;
}

namespace bulkhead::proxy {

class PolicyStore;
class TenantLimiter;

// What a stage tells the pipeline: go on to the next stage, or the request is answered (its
// reply is in the context). A stage that refuses throws protocol::ApiException: the pipeline
// turns it into the local JSON error reply.
enum class Next { Continue, Done };

class Stage
{
public:
    virtual ~Stage() = default;
    virtual std::string_view name() const noexcept = 0;
    virtual boost::asio::awaitable<Next> run(RequestContext &context) = 0;
};

// Settings and services the stages share; the daemon supplies them once.
struct PipelineServices
{
    PolicyStore &policy;
    const scan::EgressScannerHolder &egress;
    scan::EgressPolicy egressDefaults;
    bool cacheSalt = true;
    std::string ingressAction = "flag";  // platform default: flag or block
    bool auditIntent = false;            // strict mode: an intent record before the upstream call
    std::string defaultUpstreamUrl;
    std::string defaultUpstreamCaFile;
    std::string defaultUpstreamApiKey;  // never logged
    TenantLimiter *limiter = nullptr;    // per-tenant limits (none: not enforced)
    std::function<net::HttpClient &(const std::string &caFile)> client;
    // Commits one record (resumes on the caller's executor); false when it could not be stored.
    std::function<boost::asio::awaitable<bool>(audit::AuditRecord)> commitAudit;
    // The tenant's top-K chunks for `question` (retrieval-augmented chat).
    std::function<boost::asio::awaitable<std::vector<RetrievedChunk>>(const RequestContext &, std::string question,
                                                                      int topK)>
        retrieve;
    // Seals {"prompt","response"} with the tenant's audit-content key (blocking: key loads are
    // cached; the finaliser calls it off the I/O thread).
    std::function<boost::asio::awaitable<std::string>(std::string tenant, std::string plain, std::string requestId)>
        sealContent;
    // Operational log lines and counters; never tenant content.
    std::function<void(std::string_view level, std::string_view event, std::string detail)> log;
    std::function<void(const std::string &tenant, std::string reason)> countBlock;
    std::function<void(std::string kind)> countUpstreamError;
    // How long one step took: each stage by its name, then "audit_seal", "audit_commit" and
    // "reply" in the finaliser (a stage that refused is not timed).
    std::function<void(std::string_view step, std::chrono::nanoseconds took)> timeStep;
    std::function<void(const std::string &tenant, std::string limit)> countRateLimited;
};

// The egress policy of one tenant: the platform default with the tenant's overrides.
scan::EgressPolicy egressPolicyFor(const scan::EgressPolicy &defaults, const TenantRuntime &tenant);

// What the tenant's ingress scan does with a likely injection: its own setting, else the
// platform's ("flag" or "block"). Prompts are refused, retrieved chunks dropped, on "block".
const std::string &ingressActionFor(const PipelineServices &services, const TenantRuntime &tenant);

// Runs the stages of one route in order and then the finaliser, exactly once, whatever happened:
// a reply, a refusal, an upstream failure, a client that left, an exception. The finaliser
// commits the one audit record of the request before the answer completes (a complete reply is
// sent only after the commit; a stream's last bytes too) and answers with the local error when
// a stage refused.
class Pipeline final
{
public:
    explicit Pipeline(PipelineServices &services) : m_services(services) {}

    boost::asio::awaitable<void> run(RequestContext &context, std::span<Stage *const> stages);

    // Records a cross-tenant finding in the owner's own chain (and the platform's): the owner
    // learns who received an answer carrying its material; the requester's record never names
    // the owner.
    boost::asio::awaitable<void> notifyOwners(const RequestContext &context,
                                              const std::vector<scan::EgressFinding> &findings);

private:
    boost::asio::awaitable<void> finalise(RequestContext &context);
    boost::asio::awaitable<void> sendError(RequestContext &context, const protocol::ApiError &error);
    void timeStep(std::string_view step, RequestContext::Clock::time_point began) const;

    PipelineServices &m_services;
};

// The audit draft's first fields, set once the tenant is known.
void openAuditRecord(RequestContext &context);
// Adds egress findings to the requester's record by kind only.
void noteFindings(RequestContext &context, const std::vector<scan::EgressFinding> &findings);

} // namespace bulkhead::proxy
