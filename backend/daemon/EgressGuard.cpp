#include "EgressGuard.h"

#include "protocol/ApiError.h"

#include <nlohmann/json.hpp>

namespace bulkhead::daemon {
namespace {

using nlohmann::json;

void append(std::vector<scan::EgressFinding> &to, std::vector<scan::EgressFinding> &&from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

std::string sseData(const std::string &payload)
{
    return "data: " + payload + "\n\n";
}

} // namespace

std::string contentBlockedBody()
{
    return protocol::ApiError{protocol::ApiErrorCode::ContentBlocked,
                              "the response was withheld: it contained material protected by "
                              "another tenant's or the platform's isolation policy",
                              {}}
        .toBody();
}

EgressVerdict guardCompletion(const scan::EgressScannerHolder &holder, std::string_view tenantId,
                              const scan::EgressPolicy &policy, const std::string &body)
{
    EgressVerdict verdict;
    auto doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        // Not JSON we understand: scan it whole; if anything blocks, nothing goes out.
        auto stream = holder.openStream(tenantId, policy);
        auto first = stream.feed(body);
        auto last = stream.finish();
        verdict.blocked = first.blocked || last.blocked;
        verdict.body = first.release + last.release;
        append(verdict.findings, std::move(first.findings));
        append(verdict.findings, std::move(last.findings));
        return verdict;
    }
    auto scanText = [&](json &holderNode, const char *key) {
        if (!holderNode.contains(key) || !holderNode[key].is_string())
            return;
        auto stream = holder.openStream(tenantId, policy);
        auto first = stream.feed(holderNode[key].get_ref<const std::string &>());
        auto last = stream.finish();
        if (first.blocked || last.blocked)
            verdict.blocked = true;
        holderNode[key] = first.release + last.release;
        append(verdict.findings, std::move(first.findings));
        append(verdict.findings, std::move(last.findings));
    };
    if (auto choices = doc.find("choices"); choices != doc.end() && choices->is_array()) {
        for (auto &choice : *choices) {
            if (choice.contains("message") && choice["message"].is_object()) {
                scanText(choice["message"], "content");
                scanText(choice["message"], "reasoning_content");
            }
            scanText(choice, "text");  // legacy completions
        }
    }
    verdict.body = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    return verdict;
}

SseEgressFilter::SseEgressFilter(const scan::EgressScannerHolder &holder, std::string tenantId,
                                 scan::EgressPolicy policy)
    : m_holder(holder), m_tenantId(std::move(tenantId)), m_policy(policy)
{
}

SseEgressFilter::Output SseEgressFilter::feed(std::string_view upstreamBytes)
{
    Output out;
    if (m_blocked || m_finished)
        return out;
    if (!m_parser.feed(upstreamBytes)) {
        // An event larger than the parser allows cannot be scanned: end the stream (fail closed).
        block(out);
        return out;
    }
    net::SseEvent event;
    while (!m_blocked && m_parser.next(event))
        onEvent(event, out);
    return out;
}

SseEgressFilter::Output SseEgressFilter::finish()
{
    Output out;
    if (m_blocked || m_finished)
        return out;
    for (auto &[choice, stream] : m_streams)
        flushChoice(choice, out);
    m_finished = true;
    return out;
}

void SseEgressFilter::emitText(int choice, const std::string &text, Output &out)
{
    if (text.empty())
        return;
    json chunk = json::parse(m_template, nullptr, false);
    if (chunk.is_discarded() || !chunk.is_object())
        chunk = {{"object", "chat.completion.chunk"}};
    chunk["choices"] = json::array(
        {{{"index", choice}, {"delta", {{"content", text}}}, {"finish_reason", nullptr}}});
    chunk.erase("usage");
    out.bytes += sseData(chunk.dump(-1, ' ', false, json::error_handler_t::replace));
}

void SseEgressFilter::flushChoice(int choice, Output &out)
{
    auto it = m_streams.find(choice);
    if (it == m_streams.end() || it->second.finished())
        return;
    auto result = it->second.finish();
    emitText(choice, result.release, out);
    append(out.findings, std::move(result.findings));
    if (result.blocked)
        block(out);
}

void SseEgressFilter::block(Output &out)
{
    m_blocked = true;
    out.blocked = true;
    out.bytes += sseData(contentBlockedBody());
}

void SseEgressFilter::onEvent(const net::SseEvent &event, Output &out)
{
    if (event.data == "[DONE]") {
        for (auto &[choice, stream] : m_streams)
            if (!m_blocked)
                flushChoice(choice, out);
        if (!m_blocked)
            out.bytes += sseData("[DONE]");
        m_finished = true;
        return;
    }
    json chunk = json::parse(event.data, nullptr, false);
    if (chunk.is_discarded() || !chunk.is_object()) {
        // Unscannable content must not pass unscanned.
        block(out);
        return;
    }
    m_template = event.data;
    bool forward = false;  // does the event carry anything besides held-back text?
    if (auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
        for (auto &choice : *choices) {
            const int index = choice.value("index", 0);
            auto stream = m_streams.find(index);
            if (stream == m_streams.end())
                stream = m_streams.emplace(index, m_holder.openStream(m_tenantId, m_policy)).first;
            const bool finishing = !choice.value("finish_reason", json()).is_null();
            auto delta = choice.find("delta");
            if (delta == choice.end() || !delta->is_object()) {
                if (!finishing)
                    continue;
                choice["delta"] = json::object();
                delta = choice.find("delta");
            }
            std::string released;
            if (auto content = delta->find("content");
                content != delta->end() && content->is_string()) {
                auto result = stream->second.feed(content->get_ref<const std::string &>());
                append(out.findings, std::move(result.findings));
                released = std::move(result.release);
                if (result.blocked) {
                    emitText(index, released, out);
                    block(out);
                    return;
                }
            }
            if (finishing) {
                // Release what is held back before the client learns the choice is over.
                auto result = stream->second.finish();
                append(out.findings, std::move(result.findings));
                released += result.release;
                if (result.blocked) {
                    emitText(index, released, out);
                    block(out);
                    return;
                }
            }
            if (delta->contains("content") || !released.empty())
                (*delta)["content"] = released;
            bool hasOther = false;
            for (const auto &[key, value] : delta->items())
                hasOther = hasOther || key != "content";
            forward = forward || finishing || hasOther || !released.empty();
        }
    }
    if (chunk.contains("usage") && !chunk["usage"].is_null())
        forward = true;
    if (forward)
        out.bytes += sseData(chunk.dump(-1, ' ', false, json::error_handler_t::replace));
}

} // namespace bulkhead::daemon
