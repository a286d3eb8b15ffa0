#include "ChatRequest.h"

#include "core/Error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <algorithm>

namespace bulkhead::refmodel {
namespace {

using core::Error;
using core::ErrorCode;

[[noreturn]] void invalid(const std::string &field, const std::string &message)
{
    throw Error(ErrorCode::InvalidArgument, field + " " + message, field);
}

std::string contentText(const nlohmann::json &content, const std::string &path)
{
    if (content.is_null())
        return {};
    if (content.is_string())
        return content.get<std::string>();
    if (!content.is_array())
        invalid(path, "must be a string or an array of content parts");
    std::string text;
    for (std::size_t i = 0; i < content.size(); ++i) {
        const auto &part = content[i];
        const auto partPath = path + "[" + std::to_string(i) + "]";
        if (!part.is_object())
            invalid(partPath, "must be an object");
        const auto type = part.find("type");
        if (type != part.end() && type->is_string() && *type != "text")
            continue;  // images and audio carry no text for the simulator
        const auto value = part.find("text");
        if (value == part.end() || !value->is_string())
            invalid(partPath + ".text", "is required and must be a string");
        if (!text.empty())
            text.push_back('\n');
        text += value->get<std::string>();
    }
    return text;
}

std::optional<std::size_t> tokenLimit(const nlohmann::json &body, const char *name)
{
    const auto it = body.find(name);
    if (it == body.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number_integer() || it->get<long long>() < 1)
        invalid(name, "must be a positive integer");
    return static_cast<std::size_t>(it->get<long long>());
}

} // namespace

ChatRequest ChatRequest::fromJson(const nlohmann::json &body)
{
    if (!body.is_object())
        invalid("body", "must be a JSON object");
    ChatRequest request;
    if (const auto model = body.find("model"); model != body.end()) {
        if (!model->is_string())
            invalid("model", "must be a string");
        request.model = model->get<std::string>();
    }
    const auto messages = body.find("messages");
    if (messages == body.end() || !messages->is_array() || messages->empty())
        invalid("messages", "is required and must be a non-empty array");
    static constexpr std::array kRoles{"system", "developer", "user", "assistant", "tool", "function"};
    for (std::size_t i = 0; i < messages->size(); ++i) {
        const auto &message = (*messages)[i];
        const auto path = "messages[" + std::to_string(i) + "]";
        if (!message.is_object())
            invalid(path, "must be an object");
        const auto role = message.find("role");
        if (role == message.end() || !role->is_string() ||
            std::find(kRoles.begin(), kRoles.end(), role->get<std::string>()) == kRoles.end())
            invalid(path + ".role",
                    "must be one of system, developer, user, assistant, tool or function");
        const auto content = message.find("content");
        ChatMessage parsed;
        parsed.role = role->get<std::string>();
        if (content != message.end())
            parsed.content = contentText(*content, path + ".content");
        else if (parsed.role != "assistant")
            invalid(path + ".content", "is required");
        request.messages.push_back(std::move(parsed));
    }
    if (const auto stream = body.find("stream"); stream != body.end() && !stream->is_null()) {
        if (!stream->is_boolean())
            invalid("stream", "must be a boolean");
        request.stream = stream->get<bool>();
    }
    if (const auto options = body.find("stream_options");
        options != body.end() && !options->is_null()) {
        if (!options->is_object())
            invalid("stream_options", "must be an object");
        const auto usage = options->find("include_usage");
        if (usage != options->end() && !usage->is_null()) {
            if (!usage->is_boolean())
                invalid("stream_options.include_usage", "must be a boolean");
            request.includeUsage = usage->get<bool>();
        }
    }
    request.maxTokens = tokenLimit(body, "max_completion_tokens");
    if (!request.maxTokens)
        request.maxTokens = tokenLimit(body, "max_tokens");
    if (const auto salt = body.find("cache_salt"); salt != body.end() && !salt->is_null()) {
        // vLLM refuses an empty salt: it would silently share the unsalted cache.
        if (!salt->is_string() || salt->get_ref<const std::string &>().empty())
            invalid("cache_salt", "must be a non-empty string");
        request.cacheSalt = salt->get<std::string>();
    }
    return request;
}

std::string ChatRequest::promptText() const
{
    std::string text;
    for (const auto &message : messages) {
        text += "<|" + message.role + "|>\n";
        text += message.content;
        text += '\n';
    }
    text += "<|assistant|>\n";
    return text;
}

} // namespace bulkhead::refmodel
