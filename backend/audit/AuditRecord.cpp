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
    // Written member by member in byte order of the keys, as nlohmann's std::map object would
    // print them (tst_auditrecord checks that canonicalize() leaves the text as it is): building
    // the document first cost a third of the audit writer's time. ASCII output; invalid UTF-8 is
    // replaced rather than throwing, and the replacement is what gets hashed and stored, so the
    // leaf always matches the row.
    const core::JsonTextOptions ascii{.ensureAscii = true, .invalidUtf8 = json::error_handler_t::replace};
    std::string out;
    out.reserve(512 + record.sealedContent.size());
    char separator = '{';
    const auto key = [&](std::string_view name) {
        out.push_back(separator);
        separator = ',';
        out.push_back('"');
        out.append(name);
        out.append("\":");
    };
    const auto text = [&](std::string_view name, std::string_view value) {
        key(name);
        core::appendJsonString(out, value, ascii);
    };
    const auto number = [&](std::string_view name, auto value) {
        key(name);
        out.append(std::to_string(value));
    };
    const auto texts = [&](std::string_view name, const std::vector<std::string> &values) {
        key(name);
        out.push_back('[');
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            core::appendJsonString(out, values[i], ascii);
        }
        out.push_back(']');
    };
    number("at_us", record.recordedAtUs);
    number("completion_tokens", record.completionTokens);
    if (!record.sealedContent.empty())  // absent by default: older leaves still verify
        text("content_sealed", record.sealedContent);
    text("decision", toString(record.decision));
    texts("documents", record.documentIds);
    key("findings");
    out.push_back('[');
    for (std::size_t i = 0; i < record.findings.size(); ++i) {
        out.append(i > 0 ? ",{\"kind\":" : "{\"kind\":");
        core::appendJsonString(out, record.findings[i].kind, ascii);
        out.append(",\"owner\":");
        core::appendJsonString(out, record.findings[i].ownerTenant, ascii);
        out.push_back('}');
    }
    out.push_back(']');
    number("latency_ms", record.latencyMs);
    text("model", record.model);
    text("principal", record.principal);
    text("prompt_sha256", record.promptSha256);
    number("prompt_tokens", record.promptTokens);
    texts("reasons", record.reasons);
    text("request_id", record.requestId);
    text("response_sha256", record.responseSha256);
    text("route", record.route);
    number("seq", record.sequence);
    text("tenant", record.tenantId);
    text("upstream", record.upstream);
    number("v", 1);
    out.push_back('}');
    return out;
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
