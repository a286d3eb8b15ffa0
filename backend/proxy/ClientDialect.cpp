#include "ClientDialect.h"
#include "core/JsonText.h"

#include <chrono>

namespace bulkhead::proxy {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

std::string dataEvent(const json &object)
{
    std::string event;
    event.reserve(512);  // a typical chunk, printed without growing
    event = "data: ";
    core::appendJsonText(event, object);
    event += "\n\n";
    return event;
}

// Chat framing: what the walker released, as it released it.
class ChatStream final : public StreamTranslator
{
public:
    std::string event(const json &chunk) override { return dataEvent(chunk); }
    std::string end() override { return "data: [DONE]\n\n"; }
    std::string failure(const protocol::ApiError &error) override { return "data: " + error.toBody() + "\n\n"; }
};

class ChatDialect final : public ClientDialect
{
public:
    std::string_view route() const noexcept override { return "/v1/chat/completions"; }
    json chatRequest(json clientBody, const std::string &) override { return clientBody; }
    json answer(json chatAnswer, std::string_view) const override { return chatAnswer; }
    std::unique_ptr<StreamTranslator> stream(std::string_view) const override { return std::make_unique<ChatStream>(); }
};

} // namespace

std::string chatText(const json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array())
        for (const auto &part : content)
            if (part.is_object() && part.value("type", std::string()) == "text" && part.contains("text") &&
                part["text"].is_string())
                text += part["text"].get_ref<const std::string &>();
    return text;
}

namespace {

json legacyChoice(const json &choice, const char *textFrom)
{
    const json &carrier = choice.is_object() ? choice.value(textFrom, json::object()) : json::object();
    return {{"index", choice.is_object() ? choice.value("index", json(0)) : json(0)},
            {"text", carrier.is_object() ? chatText(carrier.value("content", json())) : std::string()},
            {"logprobs", nullptr},
            {"finish_reason", choice.is_object() ? choice.value("finish_reason", json()) : json()}};
}

// A chat answer (whole, or one chunk) as a text completion with our id.
json legacyCompletion(const json &chat, const std::string &id, const char *textFrom)
{
    json completion{{"id", id},
                    {"object", "text_completion"},
                    {"created", chat.value("created", json(0))},
                    {"model", chat.value("model", json(""))},
                    {"choices", json::array()}};
    if (chat.contains("choices") && chat["choices"].is_array())
        for (const auto &choice : chat["choices"])
            completion["choices"].push_back(legacyChoice(choice, textFrom));
    if (chat.contains("usage") && !chat["usage"].is_null())
        completion["usage"] = chat["usage"];
    if (chat.contains("system_fingerprint"))
        completion["system_fingerprint"] = chat["system_fingerprint"];
    return completion;
}

class CompletionsStream final : public StreamTranslator
{
public:
    explicit CompletionsStream(std::string id) : m_id(std::move(id)) {}
    std::string event(const json &chunk) override
    {
        json completion = legacyCompletion(chunk, m_id, "delta");
        // A chunk with nothing for a completion client (the role-only first delta, a tool call)
        // is not sent.
        bool carries = completion.contains("usage");
        for (const auto &choice : completion["choices"])
            carries = carries || !choice["text"].get_ref<const std::string &>().empty() ||
                      !choice["finish_reason"].is_null();
        return carries ? dataEvent(completion) : std::string();
    }
    std::string end() override { return "data: [DONE]\n\n"; }
    std::string failure(const protocol::ApiError &error) override { return "data: " + error.toBody() + "\n\n"; }

private:
    std::string m_id;
};

class CompletionsDialect final : public ClientDialect
{
public:
    std::string_view route() const noexcept override { return "/v1/completions"; }

    json chatRequest(json body, const std::string &) override
    {
        const auto prompt = body.find("prompt");
        if (prompt == body.end() || prompt->is_null())
            refuseField("prompt", "is required");
        std::string text;
        if (prompt->is_string()) {
            text = prompt->get<std::string>();
        } else if (prompt->is_array() && prompt->size() == 1 && (*prompt)[0].is_string()) {
            text = (*prompt)[0].get<std::string>();
        } else if (prompt->is_array() && !prompt->empty() && (*prompt)[0].is_string()) {
            refuseField("prompt", "one prompt per request; send a batch as separate requests");
        } else {
            // Token ids cannot be scanned for injection or matched against protected text.
            refuseField("prompt", "must be a string (token arrays are not accepted)");
        }
        if (body.contains("suffix") && !body["suffix"].is_null())
            refuseField("suffix", "not served: the upstream is asked through chat completions");
        if (body.contains("echo") && body["echo"] != json(false) && !body["echo"].is_null())
            refuseField("echo", "not accepted by this gateway (it would echo the assembled prompt)");
        if (body.contains("best_of") && body["best_of"] != json(1) && !body["best_of"].is_null())
            refuseField("best_of", "not served: ask for n answers instead");
        if (body.contains("logprobs") && !body["logprobs"].is_null() && body["logprobs"] != json(0))
            refuseField("logprobs", "not served on legacy completions; chat completions serve logprobs");
        json chat{{"messages", json::array({{{"role", "user"}, {"content", std::move(text)}}})}};
        for (const char *field : {"model", "max_tokens", "temperature", "top_p", "n", "stream", "stream_options",
                                  "stop", "presence_penalty", "frequency_penalty", "logit_bias", "user", "seed",
                                  "bulkhead"})
            if (body.contains(field))
                chat[field] = std::move(body[field]);
        return chat;
    }

    json answer(json chatAnswer, std::string_view requestId) const override
    {
        return legacyCompletion(chatAnswer, "cmpl-" + std::string(requestId), "message");
    }

    std::unique_ptr<StreamTranslator> stream(std::string_view requestId) const override
    {
        return std::make_unique<CompletionsStream>("cmpl-" + std::string(requestId));
    }
};

} // namespace

void refuseField(const std::string &field, const std::string &why)
{
    throw ApiException(ApiErrorCode::InvalidRequest, field + ": " + why, field);
}

std::unique_ptr<ClientDialect> makeChatDialect()
{
    return std::make_unique<ChatDialect>();
}

std::unique_ptr<ClientDialect> makeCompletionsDialect()
{
    return std::make_unique<CompletionsDialect>();
}

StreamTranslator &chatStream()
{
    static ChatStream framing;  // stateless
    return framing;
}

} // namespace bulkhead::proxy
