#pragma once

#include "TenantRuntime.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::proxy {

struct AssembleOptions
{
    bool applyCacheSalt = true;  // off only in tests that prove the salt is what isolates
    std::size_t maxMessages = 4096;
};

struct AssembledChat
{
    nlohmann::json upstreamBody;  // what goes to the upstream
    bool stream = false;
    std::string model;
    std::vector<std::string> retrievedDocumentIds;  // filled when retrieval adds context
};

// Builds the upstream chat request from a client's request and the tenant's policy:
// validates the OpenAI chat shape, drops any client `cache_salt`/`prompt_cache_key`, puts the
// tenant's system prompt (with its canary) first, applies the client-system-message policy,
// and sets the tenant's own cache partition. Throws protocol::ApiException: invalid_request
// naming the field for a malformed request, system_message_rejected when the tenant's policy
// refuses client system messages.
AssembledChat assembleChat(const nlohmann::json &clientBody, const TenantRuntime &tenant,
                           const AssembleOptions &options = {});

// A model name the proxy may forward and audit: 1 to 256 bytes without control characters. (The
// name is the one client string in the audit record; a NUL in it once made the record, and
// with it every record of the same group commit, fail to store.)
bool isPlausibleModelName(std::string_view model) noexcept;

// The system prompt as the upstream sees it: the tenant's prompt and its canary line.
std::string systemPromptWithCanary(const TenantRuntime &tenant);

// One chunk of the tenant's own documents, retrieved for retrieval-augmented chat.
struct RetrievedChunk
{
    std::string documentId;
    std::string text;
};

// A question with the tenant's retrieved chunks before it, quoted as reference material (so the
// ingress scanner sees them: indirect injection is scored like direct).
std::string withRetrievedContext(const std::string &question, const std::vector<RetrievedChunk> &chunks);

// The text of the last user message (string or text parts): what an attacker controls directly.
std::string lastUserText(const nlohmann::json &body);

} // namespace bulkhead::proxy
