// Fuzzes a data-plane request body the way the pipeline's early stages treat it
// once the caller is authenticated: the body's parse (proxy::parseRequestBody), prompt
// assembly for a tenant (proxy::assembleChat), the ingress scanner over the last user message,
// and the strict re-serialisation of what goes upstream. Every refusal must be a
// protocol::ApiException (a stable JSON error); any other exception escapes and is reported,
// because in the daemon it would become a 500 instead of a clear 400.
#include "protocol/ApiError.h"
#include "proxy/CacheIsolation.h"
#include "proxy/PromptAssembler.h"
#include "proxy/RequestBody.h"
#include "scan/IngressScanner.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace {

using bulkhead::protocol::ApiErrorCode;
using bulkhead::protocol::ApiException;
using nlohmann::json;

const bulkhead::proxy::TenantRuntime &tenant(bool rejectClientSystem)
{
    auto make = [](bulkhead::proxy::ClientSystemPolicy policy) {
        bulkhead::proxy::TenantRuntime t;
        t.tenant.id = "fuzz-tenant";
        t.tenant.name = "Fuzz Tenant";
        t.systemPrompt = "You answer questions about the fuzzing tenant's claims handbook.";
        t.canary = "bh-canary-00112233445566778899aabbccddeeff";
        t.clientSystemPolicy = policy;
        t.cacheSaltKey = std::make_shared<const bulkhead::crypto::SecureBytes>(
            std::vector<std::uint8_t>(32, 0x5a));
        bulkhead::proxy::deriveCacheKeys(t);
        return t;
    };
    static const auto append = make(bulkhead::proxy::ClientSystemPolicy::Append);
    static const auto reject = make(bulkhead::proxy::ClientSystemPolicy::Reject);
    return rejectClientSystem ? reject : append;
}

void planChat(std::string_view body, bool rejectClientSystem, bool salt)
{
    bulkhead::proxy::AssembleOptions options;
    options.applyCacheSalt = salt;
    const json request = bulkhead::proxy::parseRequestBody(body);
    const auto assembled =
        bulkhead::proxy::assembleChat(request, tenant(rejectClientSystem), options);
    (void)bulkhead::scan::IngressScanner::builtin()->scanPrompt(bulkhead::proxy::lastUserText(request));
    const std::string upstream =
        assembled.upstreamBody.dump(-1, ' ', false, json::error_handler_t::strict);
    // The tenant's prompt and canary always lead what goes upstream.
    if (upstream.find(tenant(rejectClientSystem).canary) == std::string::npos)
        __builtin_trap();
}

void planEmbeddings(std::string_view body)
{
    json doc = bulkhead::proxy::parseRequestBody(body);
    if (!doc.is_object())
        throw ApiException(ApiErrorCode::InvalidRequest, "body: must be a JSON object", "body");
    if (!doc.contains("model") || !doc["model"].is_string())
        throw ApiException(ApiErrorCode::InvalidRequest, "model: is required", "model");
    const auto &input = doc.value("input", json());
    if (!(input.is_string() || (input.is_array() && !input.empty())))
        throw ApiException(ApiErrorCode::InvalidRequest, "input: invalid", "input");
    doc.erase("cache_salt");
    (void)doc.dump();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::uint8_t mode = data[0];
    const std::string_view body(reinterpret_cast<const char *>(data + 1), size - 1);
    try {
        if (mode & 1)
            planEmbeddings(body);
        else
            planChat(body, (mode & 2) != 0, (mode & 4) == 0);
    } catch (const ApiException &) {
        // A stable JSON error: the expected answer to bad input.
    }
    return 0;
}
