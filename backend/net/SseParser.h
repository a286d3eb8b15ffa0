#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::net {

// One dispatched server-sent event.
struct SseEvent
{
    std::string event;  // the `event:` field; empty means the default type ("message")
    std::string data;   // `data:` lines joined with '\n'
    std::string id;     // the last `id:` seen on the stream (it persists across events)
    std::optional<unsigned long> retryMs;  // a `retry:` in this event
};

// An incremental parser for text/event-stream (the WHATWG rules): feed byte chunks split
// anywhere, even inside a CRLF, and pull complete events. Lines may end in CRLF, LF or CR;
// comments (":...") are skipped; a leading BOM is dropped; an event without data is not
// dispatched. Holds at most one partial line plus one pending event, bounded by
// `maxEventBytes`: beyond it the parser fails for good (a hostile upstream must not make the
// proxy buffer without limit).
class SseParser final
{
public:
    explicit SseParser(std::size_t maxEventBytes = 1024 * 1024);

    // Appends bytes. Returns false (and fails) when the unpulled input grows past the limit, so
    // pull every complete event with next() after each feed.
    bool feed(std::string_view bytes);

    // Moves the next complete event into `out`; false when none is complete yet.
    bool next(SseEvent &out);

    bool failed() const noexcept { return m_failed; }
    // Bytes held for an unfinished line or event (for tests and metrics).
    std::size_t pendingBytes() const noexcept;

private:
    bool takeLine(std::string_view &line);
    void processLine(std::string_view line);

    std::string m_buffer;      // unparsed input; m_offset marks what was consumed
    std::size_t m_offset = 0;
    std::size_t m_scanned = 0;   // bytes after m_offset known to hold no line end
    bool m_skipLeadingLf = false;  // the previous line ended in a CR that may pair with an LF
    bool m_bomChecked = false;
    bool m_failed = false;
    std::size_t m_maxEventBytes;

    SseEvent m_pending;  // fields of the event being assembled
    bool m_hasData = false;
    std::string m_lastId;
    bool m_ready = false;  // m_pending is complete and waits in next()
};

} // namespace bulkhead::net
