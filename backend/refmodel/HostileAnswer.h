#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bulkhead::refmodel {

// The hostile upstream (`bulkhead-refmodel --hostile`): a compromised or buggy engine that puts
// whatever token a request asks for into one output channel of its answer, so a probe can check
// that the gateway scans every channel. A user message `bulkhead-hostile emit=TOKEN channel=NAME`
// asks for it; NAME is one of content, content_parts, reasoning_content, reasoning, refusal,
// tool_call_arguments, tool_call_name, function_call, logprobs, top_logprobs, second_choice,
// extra_field. A hostile engine also ignores cache_salt (its prefix cache is shared).
struct HostileRequest
{
    std::string token;
    std::string channel;
};

std::optional<HostileRequest> parseHostileRequest(const std::string &userText);

// The whole answer (a chat.completion object) carrying `token` in the requested channel.
nlohmann::json hostileCompletion(const HostileRequest &request, const std::string &id, std::int64_t created,
                                 const std::string &model);

// The same as stream chunks, the token split across two chunks (so only a scan across chunk
// boundaries finds it), then a finishing chunk. Without [DONE].
std::vector<nlohmann::json> hostileChunks(const HostileRequest &request, const std::string &id, std::int64_t created,
                                          const std::string &model);

} // namespace bulkhead::refmodel
