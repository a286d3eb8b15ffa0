#include "SseDeltaReader.h"

#include "core/Error.h"
#include "core/JsonLimits.h"

#include <nlohmann/json.hpp>

namespace bulkhead::scan {

std::vector<std::string> SseDeltaReader::feed(std::string_view bytes)
{
    std::vector<std::string> out;
    m_buffer.append(bytes);
    for (;;) {
        // Events end with a blank line; accept both \n\n and \r\n\r\n.
        std::size_t end = m_buffer.find("\n\n");
        std::size_t sep = 2;
        const std::size_t crlf = m_buffer.find("\r\n\r\n");
        if (crlf != std::string::npos && (end == std::string::npos || crlf < end)) {
            end = crlf;
            sep = 4;
        }
        if (end == std::string::npos)
            break;
        std::string data;
        std::string_view event(m_buffer.data(), end);
        while (!event.empty()) {
            const std::size_t nl = event.find('\n');
            std::string_view line = event.substr(0, nl);
            event.remove_prefix(nl == std::string_view::npos ? event.size() : nl + 1);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (line.starts_with("data:")) {
                line.remove_prefix(5);
                if (line.starts_with(" "))
                    line.remove_prefix(1);
                if (!data.empty())
                    data.push_back('\n');
                data.append(line);
            }
        }
        m_buffer.erase(0, end + sep);
        if (!data.empty())
            onEvent(data, out);
    }
    if (m_buffer.size() > kMaxEventBytes)
        throw core::Error(core::ErrorCode::InvalidArgument, "server-sent event too large", "sse");
    return out;
}

void SseDeltaReader::onEvent(std::string_view data, std::vector<std::string> &out)
{
    if (data == "[DONE]") {
        m_done = true;
        return;
    }
    if (core::jsonNestingDepth(data) > core::kMaxJsonDepth)
        throw core::Error(core::ErrorCode::InvalidArgument, "server-sent event nested too deeply", "sse");
    const auto json = nlohmann::json::parse(data, nullptr, false);
    if (json.is_discarded())
        throw core::Error(core::ErrorCode::InvalidArgument, "server-sent event is not JSON", "sse");
    const auto choices = json.find("choices");
    if (choices == json.end() || !choices->is_array())
        return;
    for (const auto &choice : *choices) {
        if (!choice.is_object())
            continue;
        if (const auto delta = choice.find("delta"); delta != choice.end() && delta->is_object()) {
            if (const auto c = delta->find("content"); c != delta->end() && c->is_string())
                out.push_back(c->get<std::string>());
        } else if (const auto text = choice.find("text"); text != choice.end() && text->is_string()) {
            out.push_back(text->get<std::string>());
        }
    }
}

} // namespace bulkhead::scan
