#pragma once

#include "ClientDialect.h"
#include "ResponseWalker.h"
#include "net/SseParser.h"

#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::proxy {

// The streaming side of the egress scan: upstream SSE bytes in, SSE bytes for the client out.
// Each event is parsed as hostile JSON (depth and size limits) and walked by the one
// ResponseWalker; what it releases is framed for the client by the request's StreamTranslator
// (chat: `data:` events as they came). The upstream's `[DONE]` is reported, not forwarded: the
// caller ends the stream once the audit record is committed.
class SseResponseFilter final
{
public:
    static constexpr std::size_t kMaxEventBytes = 1024 * 1024;

    explicit SseResponseFilter(ResponseWalker &walker, std::size_t maxEventBytes = kMaxEventBytes,
                               StreamTranslator &framing = chatStream());

    struct Output
    {
        std::string bytes;  // SSE to send now
        bool blocked = false;  // a blocking finding: end the stream with content_blocked
        bool invalid = false;  // the upstream sent something unscannable: end it with an error
        bool done = false;     // the upstream's [DONE] arrived (everything held was flushed)
        std::vector<scan::EgressFinding> findings;
    };

    Output feed(std::string_view upstreamBytes);
    // The upstream ended without [DONE]: flush what is held back.
    Output finish();

private:
    void emit(WalkOutput &&walked, Output &out);

    ResponseWalker &m_walker;
    StreamTranslator &m_framing;
    net::SseParser m_parser;
    bool m_ended = false;
};

} // namespace bulkhead::proxy
