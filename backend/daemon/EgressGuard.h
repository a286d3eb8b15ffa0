#pragma once

#include "net/SseParser.h"
#include "scan/EgressPolicy.h"
#include "scan/EgressScannerHolder.h"
#include "scan/EgressStream.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::daemon {

// The last step before a response reaches the client: every completion's text goes through the
// egress scanner for the requesting tenant (other tenants' canaries and prompt fingerprints,
// Bulkhead's own secret formats, the tenant's own prompt as a self-leak). Findings name whose
// material leaked, never the material.
struct EgressVerdict
{
    std::string body;  // what the client gets (redacted where the policy says so)
    bool blocked = false;
    std::vector<scan::EgressFinding> findings;
};

// Non-streaming: scans each choice's message content and rewrites the body.
EgressVerdict guardCompletion(const scan::EgressScannerHolder &holder, std::string_view tenantId,
                              const scan::EgressPolicy &policy, const std::string &body);

// Streaming: takes upstream SSE bytes, scans the content deltas per choice across any event
// or chunk boundary, and produces the SSE bytes to send on. Released text is re-framed into
// the upstream's own chunk objects; text that might begin a match is held back until it is
// safe. When a blocking finding occurs, the output ends with one error event and nothing past
// the match is ever produced.
class SseEgressFilter final
{
public:
    SseEgressFilter(const scan::EgressScannerHolder &holder, std::string tenantId,
                    scan::EgressPolicy policy);

    struct Output
    {
        std::string bytes;  // SSE to send now
        bool blocked = false;
        std::vector<scan::EgressFinding> findings;
    };

    Output feed(std::string_view upstreamBytes);
    // The upstream ended without [DONE] or a finish event: flush what is held back.
    Output finish();

private:
    void onEvent(const net::SseEvent &event, Output &out);
    void emitText(int choice, const std::string &text, Output &out);
    void flushChoice(int choice, Output &out);
    void block(Output &out);

    const scan::EgressScannerHolder &m_holder;
    std::string m_tenantId;
    scan::EgressPolicy m_policy;
    net::SseParser m_parser;
    std::map<int, scan::EgressStream> m_streams;  // one per choice index
    std::string m_template;  // the last chunk object seen, reused to frame released text
    bool m_blocked = false;
    bool m_finished = false;
};

// {"error":{"type":"policy_violation","code":"content_blocked",...}}: the message says what
// happened without naming whose material it was (that is for the audit log).
std::string contentBlockedBody();

} // namespace bulkhead::daemon
