#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

// Turns an OpenAI-compatible server-sent-event stream into the text the client will read, so
// EgressStream scans content rather than framing: `data: {"choices":[{"delta":{"content":
// "..."}}]}` (chat) or `{"choices":[{"text":"..."}]}` (completions), JSON escapes decoded.
// Events may be split anywhere across network chunks. Other events and `data: [DONE]` yield
// no text. The proxy re-frames released text itself.
class SseDeltaReader final
{
public:
    // Bounds the bytes of one incomplete event; a longer one is a protocol error.
    static constexpr std::size_t kMaxEventBytes = 1024 * 1024;

    // Returns the content pieces of the events completed by `bytes`, in order.
    // Throws core::Error(InvalidArgument) for an oversized or malformed event.
    std::vector<std::string> feed(std::string_view bytes);
    bool done() const noexcept { return m_done; }

private:
    void onEvent(std::string_view data, std::vector<std::string> &out);

    std::string m_buffer;
    bool m_done = false;
};

} // namespace bulkhead::scan
