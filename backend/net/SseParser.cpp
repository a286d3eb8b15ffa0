#include "SseParser.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace bulkhead::net {

SseParser::SseParser(std::size_t maxEventBytes) : m_maxEventBytes(maxEventBytes) {}

bool SseParser::feed(std::string_view bytes)
{
    if (m_failed)
        return false;
    // Compact once the consumed prefix dominates, so a long stream reuses one allocation.
    if (m_offset > 0 && m_offset * 2 >= m_buffer.size()) {
        m_buffer.erase(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes);
    if (pendingBytes() > m_maxEventBytes)
        m_failed = true;
    return !m_failed;
}

std::size_t SseParser::pendingBytes() const noexcept
{
    return m_buffer.size() - m_offset + m_pending.data.size() + m_pending.event.size();
}

namespace {

// The first CR or LF at or after `from`. find_first_of("\r\n") looks each byte up in the set
// one call at a time; two vectorised memchr calls are several times faster on an event's
// hundreds of bytes, and the CR search stops at the first LF.
std::size_t lineEnd(std::string_view text, std::size_t from) noexcept
{
    if (from >= text.size())
        return std::string_view::npos;
    const char *begin = text.data() + from;
    const std::size_t size = text.size() - from;
    const auto *lf = static_cast<const char *>(std::memchr(begin, '\n', size));
    const std::size_t limit = lf ? static_cast<std::size_t>(lf - begin) : size;
    const auto *cr = static_cast<const char *>(std::memchr(begin, '\r', limit));
    const char *end = cr ? cr : lf;
    return end ? static_cast<std::size_t>(end - text.data()) : std::string_view::npos;
}

} // namespace

bool SseParser::takeLine(std::string_view &line)
{
    const std::string_view rest = std::string_view(m_buffer).substr(m_offset);
    std::size_t start = 0;
    if (m_skipLeadingLf && !rest.empty()) {
        m_skipLeadingLf = false;
        if (rest.front() == '\n')
            start = 1;
    }
    const auto end = lineEnd(rest, std::max(start, m_scanned));
    if (end == std::string_view::npos) {
        m_offset += start;
        m_scanned = rest.size() - start;
        return false;
    }
    line = rest.substr(start, end - start);
    std::size_t consumed = end + 1;
    if (rest[end] == '\r') {
        if (end + 1 < rest.size()) {
            if (rest[end + 1] == '\n')
                ++consumed;
        } else {
            // The LF of this CRLF may arrive with the next chunk.
            m_skipLeadingLf = true;
        }
    }
    m_offset += consumed;
    m_scanned = 0;
    return true;
}

void SseParser::processLine(std::string_view line)
{
    if (line.empty()) {
        if (m_hasData) {
            if (!m_pending.data.empty() && m_pending.data.back() == '\n')
                m_pending.data.pop_back();
            m_pending.id = m_lastId;
            m_ready = true;
        } else {
            m_pending.event.clear();
            m_pending.retryMs.reset();
        }
        return;
    }
    if (line.front() == ':')
        return;  // comment, e.g. a keep-alive ping
    std::string_view field = line;
    std::string_view value;
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        m_pending.data.append(value);
        m_pending.data.push_back('\n');
        m_hasData = true;
    } else if (field == "event") {
        m_pending.event.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            m_lastId.assign(value);
    } else if (field == "retry") {
        unsigned long ms = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
        if (!value.empty() && ec == std::errc() && end == value.data() + value.size())
            m_pending.retryMs = ms;
    }
    // Unknown fields are ignored, as the standard says.
}

bool SseParser::next(SseEvent &out)
{
    if (m_failed)
        return false;
    if (!m_bomChecked) {
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        const std::string_view rest = std::string_view(m_buffer).substr(m_offset);
        if (rest.size() < bom.size() && bom.substr(0, rest.size()) == rest)
            return false;  // could still become a BOM
        m_bomChecked = true;
        if (rest.substr(0, bom.size()) == bom)
            m_offset += bom.size();
    }
    std::string_view line;
    while (!m_ready && takeLine(line))
        processLine(line);
    if (!m_ready)
        return false;
    out = std::move(m_pending);
    m_pending = SseEvent{};
    m_hasData = false;
    m_ready = false;
    return true;
}

} // namespace bulkhead::net
