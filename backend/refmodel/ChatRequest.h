#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::refmodel {

struct ChatMessage
{
    std::string role;     // system, developer, user, assistant, tool, function
    std::string content;  // text parts joined; empty for tool-call-only assistant turns
};

// The part of an OpenAI chat completion request the simulator acts on.
struct ChatRequest
{
    std::string model;
    std::vector<ChatMessage> messages;
    bool stream = false;
    bool includeUsage = false;  // stream_options.include_usage
    std::optional<std::size_t> maxTokens;  // max_completion_tokens or max_tokens
    std::optional<std::string> cacheSalt;  // vLLM's `cache_salt`

    // Throws core::Error(InvalidArgument) naming the offending field.
    static ChatRequest fromJson(const nlohmann::json &body);

    // The prompt as the model sees it: every message behind a role marker, then the
    // assistant's marker. A shared system prompt is therefore a shared token prefix.
    std::string promptText() const;
};

} // namespace bulkhead::refmodel
