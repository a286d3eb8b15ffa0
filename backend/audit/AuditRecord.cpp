#include "AuditRecord.h"

#include "core/Error.h"
#include "core/TenantValidation.h"
#include "core/JsonText.h"

#include <nlohmann/json.hpp>

namespace bulkhead::audit {
namespace {

using core::Error;
using core::ErrorCode;
using nlohmann::json;

bool isLowerHex(std::string_view text) noexcept
{
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

void requireText(const std::string &value, const char *field, std::size_t maxLength = 512)
{
    if (value.size() > maxLength)
        throw Error(ErrorCode::InvalidArgument, std::string(field) + " is too long", field);
}

template <typename T> T field(const json &object, const char *name)
{
    const auto it = object.find(name);
    if (it == object.end())
        throw Error(ErrorCode::InvalidArgument, std::string("audit record lacks ") + name, name);
    try {
        return it->template get<T>();
    } catch (const json::exception &) {
        throw Error(ErrorCode::InvalidArgument,
                    std::string("audit record field ") + name + " has the wrong type", name);
    }
}

} // namespace

std::string_view toString(Decision decision) noexcept
{
    return decision == Decision::Blocked ? "blocked" : "allowed";
}

std::optional<Decision> parseDecision(std::string_view text) noexcept
{
    if (text == "allowed")
        return Decision::Allowed;
    if (text == "blocked")
        return Decision::Blocked;
    return std::nullopt;
}

void validateRecord(const AuditRecord &record)
{
    core::validateTenantId(record.tenantId, "tenantId");
    if (record.requestId.empty())
        throw Error(ErrorCode::InvalidArgument, "an audit record needs a request id", "requestId");
    if (record.route.empty())
        throw Error(ErrorCode::InvalidArgument, "an audit record needs a route", "route");
    requireText(record.requestId, "requestId");
    requireText(record.principal, "principal");
    requireText(record.route, "route");
    requireText(record.model, "model");
    requireText(record.upstream, "upstream");
    if (record.recordedAtUs < 0)
        throw Error(ErrorCode::InvalidArgument, "time before 1970", "recordedAtUs");
    if (record.promptTokens < 0 || record.completionTokens < 0 || record.latencyMs < 0)
        throw Error(ErrorCode::InvalidArgument, "counters cannot be negative", "promptTokens");
    for (const auto *digest : {&record.promptSha256, &record.responseSha256})
        if (!digest->empty() && (digest->size() != 64 || !isLowerHex(*digest)))
            throw Error(ErrorCode::InvalidArgument, "a digest is 64 lowercase hex characters",
                        digest == &record.promptSha256 ? "promptSha256" : "responseSha256");
    for (const auto &finding : record.findings) {
        requireText(finding.ownerTenant, "findings.ownerTenant");
        requireText(finding.kind, "findings.kind");
    }
    for (const auto &reason : record.reasons)
        requireText(reason, "reasons");
    for (const auto &id : record.documentIds)
        requireText(id, "documentIds");
}

std::string canonicalJson(const AuditRecord &record)
{
    // nlohmann's default object is a std::map: keys come out in byte order. Members are assigned
    // one by one: an initializer list copies every value through temporaries first, which was a
    // quarter of a request's allocations.
    json document = json::object();
    document["v"] = 1;
    document["tenant"] = record.tenantId;
    document["seq"] = record.sequence;
    document["at_us"] = record.recordedAtUs;
    document["request_id"] = record.requestId;
    document["principal"] = record.principal;
    document["route"] = record.route;
    document["model"] = record.model;
    document["upstream"] = record.upstream;
    document["prompt_tokens"] = record.promptTokens;
    document["completion_tokens"] = record.completionTokens;
    document["decision"] = toString(record.decision);
    document["reasons"] = record.reasons;
    auto &findings = document["findings"] = json::array();
    for (const auto &f : record.findings) {
        auto &entry = findings.emplace_back(json::object());
        entry["kind"] = f.kind;
        entry["owner"] = f.ownerTenant;
    }
    document["documents"] = record.documentIds;
    document["latency_ms"] = record.latencyMs;
    document["prompt_sha256"] = record.promptSha256;
    document["response_sha256"] = record.responseSha256;
    if (!record.sealedContent.empty())  // absent by default: older leaves still verify
        document["content_sealed"] = record.sealedContent;
    // ASCII output; invalid UTF-8 is replaced rather than throwing, and the replacement is what
    // gets hashed and stored, so the leaf always matches the row.
    return core::jsonText(document, {.ensureAscii = true, .invalidUtf8 = json::error_handler_t::replace});
}

AuditRecord recordFromJson(std::string_view text)
{
    json document;
    try {
        document = json::parse(text);
    } catch (const json::exception &) {
        throw Error(ErrorCode::InvalidArgument, "audit record is not JSON", "record");
    }
    if (!document.is_object() || field<int>(document, "v") != 1)
        throw Error(ErrorCode::InvalidArgument, "unknown audit record version", "v");
    AuditRecord r;
    r.tenantId = field<std::string>(document, "tenant");
    r.sequence = field<std::uint64_t>(document, "seq");
    r.recordedAtUs = field<std::int64_t>(document, "at_us");
    r.requestId = field<std::string>(document, "request_id");
    r.principal = field<std::string>(document, "principal");
    r.route = field<std::string>(document, "route");
    r.model = field<std::string>(document, "model");
    r.upstream = field<std::string>(document, "upstream");
    r.promptTokens = field<std::int64_t>(document, "prompt_tokens");
    r.completionTokens = field<std::int64_t>(document, "completion_tokens");
    const auto decision = parseDecision(field<std::string>(document, "decision"));
    if (!decision)
        throw Error(ErrorCode::InvalidArgument, "unknown decision", "decision");
    r.decision = *decision;
    r.reasons = field<std::vector<std::string>>(document, "reasons");
    for (const auto &f : field<json>(document, "findings"))
        r.findings.push_back({field<std::string>(f, "owner"), field<std::string>(f, "kind")});
    r.documentIds = field<std::vector<std::string>>(document, "documents");
    r.latencyMs = field<std::int64_t>(document, "latency_ms");
    r.promptSha256 = field<std::string>(document, "prompt_sha256");
    r.responseSha256 = field<std::string>(document, "response_sha256");
    if (document.contains("content_sealed"))
        r.sealedContent = field<std::string>(document, "content_sealed");
    return r;
}

std::string canonicalForm(std::string_view text)
{
    try {
        return json::parse(text).dump(-1, ' ', true, json::error_handler_t::replace);
    } catch (const json::exception &) {
        throw Error(ErrorCode::InvalidArgument, "audit record is not JSON", "record");
    }
}

Hash recordLeafHash(const AuditRecord &record)
{
    const auto text = canonicalJson(record);
    return leafHash({reinterpret_cast<const std::uint8_t *>(text.data()), text.size()});
}

} // namespace bulkhead::audit
