// Fuzzes net::SseParser, which reads every streamed upstream answer. Besides memory safety it
// checks the parser's promise that chunk boundaries do not matter: the same bytes fed whole and
// fed in pieces of a size the input picks give the same events. A third run under a small
// event limit must fail closed rather than buffer without bound.
#include "net/SseParser.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

using bulkhead::net::SseEvent;
using bulkhead::net::SseParser;

bool sameEvent(const SseEvent &a, const SseEvent &b)
{
    return a.event == b.event && a.data == b.data && a.id == b.id && a.retryMs == b.retryMs;
}

std::vector<SseEvent> parse(std::string_view input, std::size_t chunk, std::size_t limit,
                            bool &failed)
{
    SseParser parser(limit);
    std::vector<SseEvent> events;
    SseEvent event;
    failed = false;
    for (std::size_t at = 0; at < input.size(); at += chunk) {
        if (!parser.feed(input.substr(at, chunk))) {
            failed = true;
            return events;
        }
        while (parser.next(event))
            events.push_back(event);
        // After pulling every complete event the parser holds only the unfinished rest.
        if (parser.pendingBytes() > limit)
            __builtin_trap();
    }
    return events;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t chunk = 1 + data[0] % 16;
    const std::string_view input(reinterpret_cast<const char *>(data + 1), size - 1);
    constexpr std::size_t kLarge = 1 << 24;

    bool wholeFailed = false;
    bool piecesFailed = false;
    const auto whole = parse(input, input.size() + 1, kLarge, wholeFailed);
    const auto pieces = parse(input, chunk, kLarge, piecesFailed);
    if (wholeFailed || piecesFailed || whole.size() != pieces.size())
        __builtin_trap();
    for (std::size_t i = 0; i < whole.size(); ++i)
        if (!sameEvent(whole[i], pieces[i]))
            __builtin_trap();

    bool smallFailed = false;
    (void)parse(input, chunk, 64, smallFailed);
    return 0;
}
