#include "SseResponseFilter.h"

#include "core/JsonParse.h"

namespace bulkhead::proxy {

SseResponseFilter::SseResponseFilter(ResponseWalker &walker, std::size_t maxEventBytes, StreamTranslator &framing)
    : m_walker(walker), m_framing(framing), m_parser(maxEventBytes)
{
}

void SseResponseFilter::emit(WalkOutput &&walked, Output &out)
{
    out.findings.insert(out.findings.end(), std::make_move_iterator(walked.findings.begin()),
                        std::make_move_iterator(walked.findings.end()));
    if (walked.blocked) {
        out.blocked = true;
        m_ended = true;
        return;
    }
    for (auto &object : walked.objects) {
        out.bytes += m_framing.event(object);
        core::releaseJson(object);
    }
}

SseResponseFilter::Output SseResponseFilter::feed(std::string_view upstreamBytes)
{
    Output out;
    if (m_ended)
        return out;
    if (!m_parser.feed(upstreamBytes)) {
        // An event larger than the parser allows cannot be scanned: fail closed.
        out.invalid = m_ended = true;
        return out;
    }
    net::SseEvent event;
    while (!m_ended && m_parser.next(event)) {
        if (event.data == "[DONE]") {
            emit(m_walker.finish(), out);
            out.done = !out.blocked;
            m_ended = true;
            break;
        }
        try {
            emit(m_walker.walk(parseUpstreamObject(event.data)), out);
        } catch (const UpstreamShapeError &) {
            out.invalid = m_ended = true;
        }
    }
    return out;
}

SseResponseFilter::Output SseResponseFilter::finish()
{
    Output out;
    if (m_ended)
        return out;
    m_ended = true;
    emit(m_walker.finish(), out);
    return out;
}

} // namespace bulkhead::proxy
