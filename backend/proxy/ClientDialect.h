#pragma once

#include "protocol/ApiError.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace bulkhead::proxy {

// The OpenAI request shapes the data plane serves besides chat completions are translated at the
// edges of the one chat pipeline: the client's body becomes a chat request before any stage
// reads it, and the answer is put back into the client's shape only after the egress walker has
// scanned it. So the Responses API and legacy completions get the tenant's prompt, cache
// partition, both scans and the audit record of chat, with no second walker to drift; the
// upstream is always spoken to in chat completions.

// The stream side of a dialect: one per streamed answer. It sees every object the walker
// released, in order, and frames it for the client as server-sent events.
class StreamTranslator
{
public:
    virtual ~StreamTranslator() = default;
    // SSE bytes for one released chat chunk (may be empty).
    virtual std::string event(const nlohmann::json &chunk) = 0;
    // The stream's end after the upstream's [DONE], sent once the audit record is committed.
    virtual std::string end() = 0;
    // An in-band error, the last bytes of a stream whose header is already out.
    virtual std::string failure(const protocol::ApiError &error) = 0;
};

class ClientDialect
{
public:
    virtual ~ClientDialect() = default;
    // The route as the audit record names it ("/v1/responses").
    virtual std::string_view route() const noexcept = 0;
    // The client's parsed body, from `tenant`, as a chat-completions request; throws
    // protocol::ApiException (invalid_request naming the client's own field) for what cannot be
    // served faithfully.
    virtual nlohmann::json chatRequest(nlohmann::json clientBody, const std::string &tenant) = 0;
    // A whole scanned chat answer in the client's shape. `requestId` is the audit record's id.
    virtual nlohmann::json answer(nlohmann::json chatAnswer, std::string_view requestId) const = 0;
    virtual std::unique_ptr<StreamTranslator> stream(std::string_view requestId) const = 0;
};

// One per request (a dialect may keep what the client asked for, to echo it in the answer).
// Chat completions as they are: the identity.
std::unique_ptr<ClientDialect> makeChatDialect();
// Legacy `POST /v1/completions`: `prompt` becomes the user message; choices carry `text`.
std::unique_ptr<ClientDialect> makeCompletionsDialect();
// The Responses API (`POST /v1/responses`): ResponsesDialect.cpp. With `items`, the answer's
// items are kept there for the tenant's later `item_reference`s (without: references refused).
class ResponseItems;
std::unique_ptr<ClientDialect> makeResponsesDialect(ResponseItems *items = nullptr);
// The chat framing (`data: <chunk>`, `[DONE]`) for callers that have no dialect of their own.
StreamTranslator &chatStream();

// A chat message's or delta's text: a string, or the text of its text parts.
std::string chatText(const nlohmann::json &content);

// Shared by the dialects' request translation: an invalid_request naming the client's field.
[[noreturn]] void refuseField(const std::string &field, const std::string &why);

} // namespace bulkhead::proxy
