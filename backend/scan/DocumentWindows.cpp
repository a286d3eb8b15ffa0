#include "DocumentWindows.h"

namespace bulkhead::scan {
namespace {

bool isContinuationByte(char c) noexcept
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool isBlank(std::string_view text) noexcept
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Where a segment starting at `from` ends: after a line break, after ". ", "! ", "? ", or at
// a space before kMaxSegmentBytes (else at the limit, on a UTF-8 boundary).
std::size_t segmentEnd(std::string_view text, std::size_t from)
{
    const std::size_t limit = std::min(text.size(), from + kMaxSegmentBytes);
    std::size_t lastSpace = 0;
    for (std::size_t i = from; i < limit; ++i) {
        const char c = text[i];
        if (c == '\n')
            return i + 1;
        if ((c == '.' || c == '!' || c == '?') && i + 1 < text.size()
            && (text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\t'))
            return i + 2 > text.size() ? text.size() : i + 2;
        if (c == ' ')
            lastSpace = i + 1;
    }
    if (limit == text.size())
        return limit;
    std::size_t end = lastSpace > from ? lastSpace : limit;
    while (end > from + 1 && end < text.size() && isContinuationByte(text[end]))
        --end;
    return end;
}

} // namespace

std::vector<TextSpan> documentSegments(std::string_view text)
{
    std::vector<TextSpan> segments;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = segmentEnd(text, at);
        if (!isBlank(text.substr(at, end - at)))
            segments.push_back({at, end});
        at = end;
    }
    return segments;
}

std::vector<TextSpan> documentWindows(std::string_view text)
{
    std::vector<TextSpan> windows;
    if (isBlank(text))
        return windows;
    if (text.size() <= kMinWindowBytes)
        return {{0, text.size()}};
    const auto segments = documentSegments(text);
    std::size_t first = 0;
    while (first < segments.size()) {
        std::size_t last = first;
        while (last + 1 < segments.size() && segments[last].end - segments[first].start < kMinWindowBytes
               && segments[last + 1].end - segments[first].start <= kMaxWindowBytes)
            ++last;
        windows.push_back({segments[first].start, segments[last].end});
        if (last + 1 >= segments.size())
            break;
        const std::size_t middle = (segments[first].start + segments[last].end) / 2;
        std::size_t next = first + 1;
        while (next <= last && segments[next].start < middle)
            ++next;
        first = next;
    }
    return windows;
}

} // namespace bulkhead::scan
