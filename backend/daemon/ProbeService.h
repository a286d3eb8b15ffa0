#pragma once

#include "DaemonConfig.h"
#include "net/HttpMessage.h"
#include "proxy/Pipeline.h"
#include "proxy/PolicyStore.h"
#include "audit/AuditLocation.h"
#include "audit/AuditRecord.h"

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <vector>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace bulkhead::store {
class ConnectionPool;
}

namespace bulkhead::daemon {

class RetrievalService;
class AdminApi;

// Bulkhead attacking its own deployment, pair by pair (victim A, attacker B) and layer by layer.
// Every layer that sends chat traffic sends it as B, with a key issued to B for the run, through
// the daemon's own router and request pipeline (in process): the probes exercise exactly what a
// client's request meets, never a copy of it.
//  - prompt_direct: B sends system-prompt extraction attacks; what B receives is checked for
//    A's canary (by exact text and by the scanner in detect mode).
//  - prompt_indirect: an injection document planted in B's own corpus, then B's retrieval-
//    augmented chat asks for it; B's answer must carry nothing of A's.
//  - egress_channels: a short-lived canary registered as A's protected material for the run;
//    B asks its upstream to put it in each output channel (content, content parts, reasoning,
//    refusal, tool-call name and arguments, function_call, logprobs, top_logprobs, a second
//    choice, an unknown field), streamed and whole. A hostile upstream (bulkhead-refmodel
//    --hostile) does; the layer fails when any channel delivers the canary to B. A's real canary
//    is never sent anywhere.
//  - kv_cache: a paired test on the prefix cache of A's own upstream. A sends a fresh long prefix
//    twice (positive control: the repeat must hit); then the identical request under B's cache
//    partition goes to that same upstream (A's prompt never goes to B's upstream). It must miss:
//    cached_tokens == 0, and its latency must not be significantly below A's cold prefill
//    (Welch's t-test, one-sided, p < 0.01 fails). Tenants on different upstreams share no cache.
//  - retrieval_bleed: a unique canary document planted in A; B queries with A's canary text
//    through the normal retrieval path: none of A's chunks may come back.
//  - retrieval_drill: the same query as B with the proxy's tenant predicate removed (this
//    probe's transaction only), against A's placement: the tier's second barrier (RLS, tenant
//    role and encryption, separate database) must leave nothing of A's readable.
//  - key_isolation: a ciphertext sealed with A's data key must not open under B's.
//  - log_bleed: a temporary auditor token of B asks for A's logs and A's tenant routes, with
//    parameter tampering; every answer must be a refusal identical to the one for a tenant that
//    does not exist (so not even A's existence shows).
//  - log_drill: a record of A's, then B's audit transaction (B's role and RLS tenant) reads A's
//    audit table with the tenant predicate removed: the database's own barrier (RLS, a role
//    with no rights on A's schema or database) must return nothing of A's. It fails on a
//    database login that bypasses row-level security.
//  - admin_plane: B's data-plane key on admin routes (401) and B's auditor token on admin write
//    routes (403); the writes chosen are harmless should one ever be let through.
// Planted documents, issued keys and probe canaries are removed when the run ends.
// Runs one at a time on a worker thread; results are stored in probe_runs/probe_results.
class ProbeService final
{
public:
    // What the daemon answered a probe's request.
    struct Served
    {
        unsigned status = 0;
        std::string body;  // a streamed body is its SSE bytes
        bool streamed = false;
    };

    struct Dependencies
    {
        proxy::PolicyStore &policy;
        store::ConnectionPool &pool;
        const DaemonConfig &config;
        proxy::PipelineServices &services;  // upstream choice, clients, the egress scanner
        // One request through the daemon's own router (blocking; from the worker thread).
        std::function<Served(net::Request)> serve;
        // Short-lived canaries protected as each tenant's own (an empty map: none).
        std::function<void(std::map<std::string, std::vector<std::string>>)> setProbeCanaries;
        boost::asio::any_io_executor io;
        RetrievalService *retrieval = nullptr;  // retrieval and key layers; none without it
        // Appends to the audit log and returns once committed (throws when it cannot).
        std::function<void(audit::AuditRecord)> audit;
        AdminApi *admin = nullptr;  // log_bleed and admin_plane layers; none without it
        std::function<void(unsigned long long)> countFailures;  // failed results of a finished run
        audit::AuditPlacement auditPlacement;  // where each tenant's log lives (log_drill)
    };

    explicit ProbeService(Dependencies deps);
    ~ProbeService();

    ProbeService(const ProbeService &) = delete;
    ProbeService &operator=(const ProbeService &) = delete;

    // {"tenants":[ids]?, "layers":["prompt_direct","kv_cache"]?, "samples":N?,
    //  "attacks":[strings]?} -> the run's id. Throws protocol::ApiException (invalid_request,
    //  conflict when a run is in progress).
    std::string start(const nlohmann::json &request);
    // A run with its results; `tenantScope` limits results to pairs involving that tenant.
    nlohmann::json run(const std::string &id, const std::optional<std::string> &tenantScope);
    nlohmann::json list(std::size_t limit);
    void requestStop();  // the running probe run ends at its next step
    void stop();         // and waits for it

private:
    struct Plan;
    void execute(std::string id, std::shared_ptr<Plan> plan);
    using ResultSink = std::function<void(std::string attacker, std::string victim, const char *layer,
                                          std::string outcome, nlohmann::json detail)>;
    void runRetrievalLayers(const std::string &runId, const Plan &plan, const ResultSink &record);
    void runAdminLayers(const std::string &runId, const Plan &plan, const ResultSink &record);
    void runLogDrill(const std::string &runId, const Plan &plan, const ResultSink &record);

    Dependencies m_deps;
    std::mutex m_mutex;
    std::thread m_worker;
    std::string m_runningId;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::size_t> m_done{0};
    std::atomic<std::size_t> m_total{0};
};

} // namespace bulkhead::daemon
