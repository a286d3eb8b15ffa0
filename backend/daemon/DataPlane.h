#pragma once

#include "DaemonConfig.h"
#include "PolicySnapshot.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::daemon {

class PolicyStore;

struct UpstreamChoice
{
    std::string id;       // "default" or the configured upstream's id
    std::string baseUrl;
    std::string caFile;
};

// Where and what to send upstream for one authenticated data-plane request.
struct ForwardPlan
{
    std::shared_ptr<const PolicySnapshot> snapshot;  // the policy this request runs under
    AuthenticatedTenant caller;
    std::string route;            // "chat", "embeddings", "models" (metrics label)
    std::string method = "POST";
    std::string upstreamBaseUrl;  // e.g. http://127.0.0.1:9000/v1
    std::string upstreamCaFile;
    std::string upstreamPath;     // appended to the base URL, e.g. /chat/completions
    std::string upstreamId;       // "default" or the configured id
    std::string body;             // what goes upstream
    std::string model;            // as the client asked for it (for the audit record)
    bool stream = false;
    // The ingress scanner's view of the last user message (chat only).
    double injectionScore = 0;
    std::string injectionVerdict = "allow";  // allow, flag, block
    std::vector<std::string> injectionReasons;
    // Documents retrieved into the prompt (retrieval-augmented chat), for the audit record.
    std::vector<std::string> contextDocuments;
};

// The data plane's decisions before any byte goes upstream: authenticate, load the tenant's
// policy, validate and rewrite the request, pick the upstream. Every refusal is a
// protocol::ApiException with a stable code; nothing here does I/O, so it runs on I/O threads.
class DataPlane final
{
public:
    DataPlane(PolicyStore &policy, const DaemonConfig &config);

    ForwardPlan planChat(std::string_view authorization, std::string_view body) const;
    ForwardPlan planEmbeddings(std::string_view authorization, std::string_view body) const;
    ForwardPlan planModels(std::string_view authorization) const;
    // Only the caller and its policy, for routes served by the daemon itself (documents).
    ForwardPlan planLocal(std::string_view authorization, std::string route) const
    {
        return authenticate(authorization, std::move(route));
    }

    // Where this tenant's traffic may go (Tier 3: only its dedicated upstream). Throws
    // protocol::ApiException when no permitted upstream exists.
    UpstreamChoice upstreamFor(const PolicySnapshot &snapshot,
                               const proxy::TenantRuntime &tenant) const;

private:
    ForwardPlan authenticate(std::string_view authorization, std::string route) const;
    void chooseUpstream(ForwardPlan &plan) const;

    PolicyStore &m_policy;
    const DaemonConfig &m_config;
};

} // namespace bulkhead::daemon
