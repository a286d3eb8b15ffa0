#include "Chunker.h"

#include <algorithm>

namespace bulkhead::retrieval {
namespace {

bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// The largest position <= pos that does not split a code point.
std::size_t codePointFloor(std::string_view text, std::size_t pos)
{
    while (pos > 0 && pos < text.size() && isContinuation(static_cast<unsigned char>(text[pos])))
        --pos;
    return pos;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// Where to end a chunk that starts at `begin` and may run to `limit` (exclusive).
std::size_t cutPoint(std::string_view text, std::size_t begin, std::size_t limit)
{
    const std::size_t floor = begin + (limit - begin) * 2 / 3;
    const std::string_view window = text.substr(floor, limit - floor);
    if (const auto p = window.rfind("\n\n"); p != std::string_view::npos)
        return floor + p + 2;
    for (const std::string_view end : {". ", "! ", "? ", ".\n", "!\n", "?\n"})
        if (const auto p = window.rfind(end); p != std::string_view::npos)
            return floor + p + end.size();
    for (std::size_t i = limit; i > floor; --i)
        if (isSpace(text[i - 1]))
            return i;
    return codePointFloor(text, limit);
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::vector<std::string> chunkText(std::string_view text, const ChunkOptions &options)
{
    const std::size_t maxBytes = std::max<std::size_t>(options.maxBytes, 16);
    const std::size_t overlap = std::min(options.overlapBytes, maxBytes / 2);
    std::vector<std::string> chunks;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t limit = std::min(text.size(), begin + maxBytes);
        std::size_t end = limit == text.size() ? limit : cutPoint(text, begin, limit);
        if (end <= begin)
            end = std::max(begin + 1, codePointFloor(text, limit));
        const auto piece = trimmed(text.substr(begin, end - begin));
        if (!piece.empty())
            chunks.emplace_back(piece);
        if (end >= text.size())
            break;
        // Step back for the overlap, to a word start when there is one.
        std::size_t next = end > overlap ? codePointFloor(text, end - overlap) : end;
        while (next < end && !isSpace(text[next]))
            ++next;
        begin = next < end && next > begin ? next : end;
    }
    return chunks;
}

} // namespace bulkhead::retrieval
