#pragma once

#include "TenantRuntime.h"

#include <nlohmann/json.hpp>

#include <string>
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

// The system prompt as the upstream sees it: the tenant's prompt and its canary line.
std::string systemPromptWithCanary(const TenantRuntime &tenant);

} // namespace bulkhead::proxy
