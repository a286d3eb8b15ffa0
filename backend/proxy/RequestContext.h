#pragma once

#include "ClientDialect.h"
#include "PolicySnapshot.h"
#include "audit/AuditRecord.h"
#include "net/HttpClient.h"
#include "net/HttpMessage.h"
#include "protocol/ApiError.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::net {
class ResponseWriter;
}

namespace bulkhead::proxy {

// The data-plane routes a pipeline serves.
enum class DataRoute { Chat, Embeddings, Models, Documents, DocumentRemove, Retrieve };

// "chat", "embeddings", ...: the metrics label and the audit route.
std::string_view metricsLabel(DataRoute route) noexcept;
std::string_view auditRoute(DataRoute route) noexcept;

struct UpstreamChoice
{
    std::string id;  // "default" or the configured upstream's id
    std::string baseUrl;
    std::string caFile;
};

// How a request ended, for the one audit record the finaliser writes.
enum class Exit {
    Answered,         // a reply was produced (complete or streamed to its end)
    Refused,          // a stage ended the request with a local error reply
    UpstreamFailed,   // the upstream could not be reached or failed mid-exchange
    ContentBlocked,   // the egress scan withheld the response
    ClientGone,       // the client disconnected
    Crashed,          // an unexpected exception
};

// Everything one request carries through the stages: the policy it runs under, the tenant, the
// body parsed once, what goes upstream, and the audit draft. Built by the pipeline, filled in by
// the stages in order, read by the finaliser.
struct RequestContext
{
    using Clock = std::chrono::steady_clock;

    RequestContext(net::Request &clientRequest, net::ResponseWriter &clientWriter, DataRoute dataRoute,
                   std::unique_ptr<ClientDialect> clientDialect = makeChatDialect())
        : request(clientRequest), writer(clientWriter), route(dataRoute), dialect(std::move(clientDialect)),
          started(Clock::now())
    {
    }

    net::Request &request;
    net::ResponseWriter &writer;
    const DataRoute route;
    // The client's request shape on the chat route (chat, Responses, legacy completions): the
    // body is translated to chat once, the answer back after the egress scan.
    const std::unique_ptr<ClientDialect> dialect;
    const Clock::time_point started;

    // Authenticate.
    std::shared_ptr<const PolicySnapshot> snapshot;
    std::shared_ptr<const TenantRuntime> tenant;
    std::string keyId;

    // The client's body, parsed once (chat, embeddings, documents, retrieve).
    nlohmann::json body;

    // Limits: the request's slot among the tenant's requests in flight (released when the
    // context ends) and, when refused, when to try again.
    std::shared_ptr<void> admission;
    std::int64_t retryAfterSeconds = 0;

    // Assemble and route.
    std::string model;
    bool stream = false;
    std::vector<std::string> contextDocuments;  // retrieved into the prompt
    double injectionScore = 0;
    std::string injectionVerdict = "allow";
    std::vector<std::string> injectionReasons;
    UpstreamChoice upstream;
    std::string upstreamPath;  // appended to the upstream's base URL
    bool upstreamGet = false;
    nlohmann::json upstreamBody;
    // What the upstream answered: a whole body, or an open stream (scanned by the egress stage).
    std::optional<net::Response> upstreamAnswer;
    std::optional<net::ResponseStream> upstreamStream;

    // The answer. A complete reply waits here until the audit record is committed; a streamed
    // one keeps its last bytes (the upstream's [DONE]) here for the same reason.
    std::optional<net::Response> reply;
    bool streaming = false;
    std::unique_ptr<StreamTranslator> streamOut;  // frames the streamed answer for the client
    std::string streamTail;
    std::string delivered;  // what reached the client, kept only when the tenant opted in

    // The audit draft, completed by the finaliser.
    audit::AuditRecord audit;
    Exit exit = Exit::Answered;
    std::optional<protocol::ApiError> failure;
    int status = 200;
};

} // namespace bulkhead::proxy
