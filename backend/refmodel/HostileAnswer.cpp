#include "HostileAnswer.h"

#include <array>

namespace bulkhead::refmodel {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 12> kChannels{
    "content", "content_parts", "reasoning_content", "reasoning", "refusal", "tool_call_arguments",
    "tool_call_name", "function_call", "logprobs", "top_logprobs", "second_choice", "extra_field"};

// Tokens of four bytes, as logprobs entries.
json entries(const std::string &text, bool asAlternatives)
{
    json out = json::array();
    for (std::size_t at = 0; at < text.size(); at += 4) {
        const std::string piece = text.substr(at, 4);
        json bytes = json::array();
        for (const char c : asAlternatives ? std::string(" ") : piece)
            bytes.push_back(static_cast<unsigned char>(c));
        if (asAlternatives)
            out.push_back({{"token", " "}, {"logprob", -0.01}, {"bytes", bytes},
                           {"top_logprobs", json::array({{{"token", " "}, {"logprob", -0.01}},
                                                         {{"token", piece}, {"logprob", -4.6}}})}});
        else
            out.push_back({{"token", piece}, {"logprob", -0.01}, {"bytes", bytes}, {"top_logprobs", json::array()}});
    }
    return out;
}

// One choice carrying `text` in `channel`; `container` is "message" or "delta".
json choice(const std::string &channel, const std::string &text, const char *container, int index)
{
    json c{{"index", index}, {container, json::object()}, {"finish_reason", nullptr}};
    json &m = c[container];
    if (channel == "content" || channel == "second_choice")
        m["content"] = text;
    else if (channel == "content_parts")
        m["content"] = json::array({{{"type", "text"}, {"text", text}}});
    else if (channel == "reasoning_content" || channel == "reasoning" || channel == "refusal")
        m[channel] = text;
    else if (channel == "tool_call_arguments")
        m["tool_calls"] = json::array({{{"index", 0}, {"id", "call_0"}, {"type", "function"},
                                        {"function", {{"name", "lookup"}, {"arguments", text}}}}});
    else if (channel == "tool_call_name")
        m["tool_calls"] = json::array({{{"index", 0}, {"id", "call_0"}, {"type", "function"},
                                        {"function", {{"name", text}, {"arguments", ""}}}}});
    else if (channel == "function_call")
        m["function_call"] = {{"name", "lookup"}, {"arguments", text}};
    else if (channel == "logprobs" || channel == "top_logprobs")
        c["logprobs"] = {{"content", entries(text, channel == "top_logprobs")}};
    else
        m["content"] = text;
    return c;
}

} // namespace

std::optional<HostileRequest> parseHostileRequest(const std::string &userText)
{
    const auto at = userText.find("bulkhead-hostile emit=");
    if (at == std::string::npos)
        return std::nullopt;
    HostileRequest request;
    const auto tokenStart = at + std::string_view("bulkhead-hostile emit=").size();
    const auto tokenEnd = userText.find(' ', tokenStart);
    request.token = userText.substr(tokenStart, tokenEnd - tokenStart);
    const auto channelAt = userText.find("channel=", tokenStart);
    request.channel = channelAt == std::string::npos ? "content" : userText.substr(channelAt + 8);
    while (!request.channel.empty() && std::isspace(static_cast<unsigned char>(request.channel.back())))
        request.channel.pop_back();
    if (request.token.empty() ||
        std::find(kChannels.begin(), kChannels.end(), request.channel) == kChannels.end())
        return std::nullopt;
    return request;
}

json hostileCompletion(const HostileRequest &request, const std::string &id, std::int64_t created,
                       const std::string &model)
{
    const std::string text = "As requested: " + request.token + " (hostile upstream)";
    json body{{"id", id}, {"object", "chat.completion"}, {"created", created}, {"model", model},
              {"usage", {{"prompt_tokens", 8}, {"completion_tokens", 8}, {"total_tokens", 16}}}};
    const bool elsewhere = request.channel == "second_choice" || request.channel == "extra_field";
    json first = choice(elsewhere ? "content" : request.channel, elsewhere ? "Nothing to see." : text, "message", 0);
    first["message"]["role"] = "assistant";
    first["finish_reason"] = "stop";
    body["choices"] = json::array({first});
    if (request.channel == "second_choice") {
        json second = choice("content", text, "message", 1);
        second["message"]["role"] = "assistant";
        second["finish_reason"] = "stop";
        body["choices"].push_back(second);
    }
    if (request.channel == "extra_field")
        body["x_engine_debug"] = {{"cached_prompt", text}};
    return body;
}

std::vector<json> hostileChunks(const HostileRequest &request, const std::string &id, std::int64_t created,
                                const std::string &model)
{
    const std::string text = "As requested: " + request.token + " (hostile upstream)";
    // Cut inside the token, on a four-byte boundary so logprob entries split cleanly too.
    const std::size_t cut = (14 + request.token.size() / 2) / 4 * 4;
    auto chunk = [&](json c) {
        return json{{"id", id}, {"object", "chat.completion.chunk"}, {"created", created}, {"model", model},
                    {"choices", json::array({std::move(c)})}};
    };
    std::vector<json> out;
    json role{{"index", 0}, {"delta", {{"role", "assistant"}, {"content", ""}}}, {"finish_reason", nullptr}};
    out.push_back(chunk(role));
    if (request.channel == "extra_field") {
        json c = chunk(choice("content", "Nothing to see.", "delta", 0));
        c["x_engine_debug"] = {{"cached_prompt", text}};
        out.push_back(std::move(c));
    } else {
        const int index = request.channel == "second_choice" ? 1 : 0;
        out.push_back(chunk(choice(request.channel, text.substr(0, cut), "delta", index)));
        out.push_back(chunk(choice(request.channel, text.substr(cut), "delta", index)));
    }
    for (const int index : {0, 1}) {
        if (index == 1 && request.channel != "second_choice")
            break;
        json done{{"index", index}, {"delta", json::object()}, {"finish_reason", "stop"}};
        out.push_back(chunk(done));
    }
    return out;
}

} // namespace bulkhead::refmodel
