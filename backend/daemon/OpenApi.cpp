#include "OpenApi.h"

#include "Routes.h"
#include "protocol/ApiError.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <set>
#include <vector>

namespace bulkhead::daemon {
namespace {

using boost::beast::http::verb;
using nlohmann::json;

// How a route's successful answer is sent.
enum class Media {
    Json,
    JsonOrEventStream,  // JSON, or server-sent events when the request asks for "stream": true
    EventStream,
    Zip,
    PrometheusText,
};

struct QueryParameter
{
    std::string_view name;
    std::string_view type;  // a JSON Schema type: string, integer, boolean
    std::string_view description;
    bool required = false;
};

// The schema catalogue: a route of the table (method and pattern, exactly as there) with its
// request and success bodies, named under components/schemas below. A route without an entry is
// still published (summary, access, path parameters, errors) with a generic JSON answer; an
// entry without a route fails tst_openapi. So adding a route is its row in Routes.cpp plus, here,
// one entry and the schemas it names.
struct OperationSchema
{
    verb method;
    std::string_view pattern;
    std::string_view request;   // empty: no request body
    std::string_view response;  // empty: a JSON object not described further
    int status = 200;
    Media media = Media::Json;
    std::vector<QueryParameter> query = {};
};

const std::vector<OperationSchema> &operationSchemas()
{
    static const QueryParameter tenantQuery{"tenant", "string",
                                            "the tenant (an auditor's token reads only its own)", true};
    static const std::vector<OperationSchema> catalogue{
        // Data plane.
        {.method = verb::post, .pattern = "/v1/chat/completions", .request = "ChatCompletionRequest",
         .response = "ChatCompletion", .media = Media::JsonOrEventStream},
        {.method = verb::post, .pattern = "/v1/responses", .request = "ResponseRequest",
         .response = "Response", .media = Media::JsonOrEventStream},
        {.method = verb::post, .pattern = "/v1/completions", .request = "CompletionRequest",
         .response = "Completion", .media = Media::JsonOrEventStream},
        {.method = verb::post, .pattern = "/v1/embeddings", .request = "EmbeddingsRequest",
         .response = "EmbeddingList"},
        {.method = verb::get, .pattern = "/v1/models", .response = "ModelList"},
        {.method = verb::post, .pattern = "/v1/documents", .request = "DocumentCreate",
         .response = "DocumentStored", .status = 201},
        {.method = verb::delete_, .pattern = "/v1/documents/{id}", .response = "DocumentDeleted"},
        {.method = verb::post, .pattern = "/v1/retrieve", .request = "RetrieveRequest",
         .response = "RetrieveResults"},
        // Operations.
        {.method = verb::get, .pattern = "/healthz", .response = "Health"},
        {.method = verb::get, .pattern = "/readyz", .response = "Readiness"},
        {.method = verb::get, .pattern = "/metrics", .media = Media::PrometheusText},
        // Admin API.
        {.method = verb::get, .pattern = "/admin/v1/openapi.json", .response = "OpenApiDocument"},
        {.method = verb::get, .pattern = "/admin/v1/whoami", .response = "WhoAmI"},
        {.method = verb::get, .pattern = "/admin/v1/tenants", .response = "TenantList"},
        {.method = verb::post, .pattern = "/admin/v1/tenants", .request = "TenantCreate", .response = "Tenant",
         .status = 201},
        {.method = verb::get, .pattern = "/admin/v1/tenants/{id}", .response = "TenantWithPolicy"},
        {.method = verb::patch, .pattern = "/admin/v1/tenants/{id}", .request = "TenantChange",
         .response = "Tenant"},
        {.method = verb::put, .pattern = "/admin/v1/tenants/{id}", .request = "TenantChange",
         .response = "Tenant"},
        {.method = verb::delete_, .pattern = "/admin/v1/tenants/{id}", .response = "TenantRemoved",
         .query = {{"version", "integer", "the tenant's current version (or If-Match)"},
                   {"confirm", "string", "the tenant id again, to confirm", true}}},
        {.method = verb::get, .pattern = "/admin/v1/tenants/{id}/system-prompt", .response = "SystemPrompt"},
        {.method = verb::put, .pattern = "/admin/v1/tenants/{id}/system-prompt", .request = "SystemPromptChange",
         .response = "Updated"},
        {.method = verb::get, .pattern = "/admin/v1/tenants/{id}/limits", .response = "TenantLimitsAnswer"},
        {.method = verb::put, .pattern = "/admin/v1/tenants/{id}/limits", .request = "TenantLimits",
         .response = "TenantLimitsAnswer"},
        {.method = verb::get, .pattern = "/admin/v1/tenants/{id}/ingress-calibration",
         .response = "InjectionThresholdsAnswer"},
        {.method = verb::put, .pattern = "/admin/v1/tenants/{id}/ingress-calibration/{kind}",
         .request = "IngressCalibrationRequest", .response = "InjectionThresholdsAnswer"},
        {.method = verb::delete_, .pattern = "/admin/v1/tenants/{id}/ingress-calibration/{kind}",
         .response = "InjectionThresholdsAnswer"},
        {.method = verb::put, .pattern = "/admin/v1/tenants/{id}/upstream", .request = "TenantUpstream",
         .response = "TenantUpstream"},
        {.method = verb::put, .pattern = "/admin/v1/tenants/{id}/audit-content", .request = "AuditContent",
         .response = "AuditContent"},
        {.method = verb::get, .pattern = "/admin/v1/upstreams", .response = "UpstreamList"},
        {.method = verb::post, .pattern = "/admin/v1/upstreams", .request = "Upstream", .response = "Upstream",
         .status = 201},
        {.method = verb::delete_, .pattern = "/admin/v1/upstreams/{id}", .response = "Removed"},
        {.method = verb::get, .pattern = "/admin/v1/tenants/{id}/keys", .response = "ApiKeyList"},
        {.method = verb::post, .pattern = "/admin/v1/tenants/{id}/keys", .request = "ApiKeyIssue",
         .response = "ApiKeyIssued", .status = 201},
        {.method = verb::delete_, .pattern = "/admin/v1/tenants/{id}/keys/{key}", .response = "Revoked"},
        {.method = verb::get, .pattern = "/admin/v1/tokens", .response = "AdminTokenList"},
        {.method = verb::post, .pattern = "/admin/v1/tokens", .request = "AdminTokenIssue",
         .response = "AdminTokenIssued", .status = 201},
        {.method = verb::delete_, .pattern = "/admin/v1/tokens/{id}", .response = "Revoked"},
        {.method = verb::get, .pattern = "/admin/v1/logs", .response = "AuditPage",
         .query = {tenantQuery,
                   {"after", "string", "the previous page's next_after"},
                   {"limit", "integer", "records per page"},
                   {"from", "string", "earliest time (RFC 3339)"},
                   {"until", "string", "latest time (RFC 3339)"},
                   {"decision", "string", "allowed or blocked"},
                   {"route", "string", "only records of this route"},
                   {"content", "boolean", "open the content the tenant opted in to keep"}}},
        {.method = verb::get, .pattern = "/admin/v1/logs/verify", .response = "AuditVerification",
         .query = {tenantQuery}},
        {.method = verb::get, .pattern = "/admin/v1/logs/proof", .response = "AuditProof",
         .query = {tenantQuery, {"seq", "integer", "the record's sequence number", true}}},
        {.method = verb::get, .pattern = "/admin/v1/logs/consistency", .response = "AuditProof",
         .query = {tenantQuery,
                   {"from", "integer", "the size of the checkpoint the caller kept", true},
                   {"to", "integer", "a later checkpoint's size (default: the latest)"}}},
        {.method = verb::get, .pattern = "/admin/v1/logs/retention", .query = {tenantQuery}},
        {.method = verb::put, .pattern = "/admin/v1/logs/retention",
         .query = {tenantQuery, {"days", "string", "days to keep, or off", true}}},
        {.method = verb::post, .pattern = "/admin/v1/logs/prune", .query = {tenantQuery}},
        {.method = verb::get, .pattern = "/admin/v1/probes/runs", .response = "ProbeRunList"},
        {.method = verb::post, .pattern = "/admin/v1/probes/runs", .request = "ProbeRunStart",
         .response = "Started", .status = 202},
        {.method = verb::get, .pattern = "/admin/v1/probes/runs/{id}", .response = "ProbeRun"},
        {.method = verb::get, .pattern = "/admin/v1/probes/runs/{id}/events", .media = Media::EventStream},
        {.method = verb::get, .pattern = "/admin/v1/evidence/exports", .response = "EvidenceExportList"},
        {.method = verb::post, .pattern = "/admin/v1/evidence/exports", .request = "EvidenceExportStart",
         .response = "EvidenceExportStarted", .status = 202},
        {.method = verb::get, .pattern = "/admin/v1/evidence/exports/{id}", .response = "EvidenceExport"},
        {.method = verb::get, .pattern = "/admin/v1/evidence/exports/{id}/pack", .media = Media::Zip},
    };
    return catalogue;
}

// The bodies the catalogue names. Request schemas list what the daemon reads; answers may carry
// more members than described (clients ignore what they do not know), so they stay open.
constexpr std::string_view kSchemas = R"json({
  "ResponseRequest": {
    "type": "object",
    "description": "OpenAI Responses API request, served through the chat pipeline (translated to a chat completion; the tenant's own system prompt is placed first). Refused with invalid_request: previous_response_id, conversation, background, prompt (the gateway keeps no conversations), built-in tools, file inputs. item_reference resolves items of this instance's answers to the same tenant from the last hour.",
    "required": ["model", "input"],
    "properties": {
      "model": {"type": "string"},
      "input": {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "object"}}]},
      "instructions": {"type": ["string", "null"]},
      "stream": {"type": "boolean", "description": "answer as the Responses event sequence: response.created, response.output_text.delta, ..., response.completed"},
      "max_output_tokens": {"type": "integer", "minimum": 1},
      "temperature": {"type": "number"},
      "top_p": {"type": "number"},
      "tools": {"type": "array", "items": {"type": "object", "required": ["type", "name"], "properties": {"type": {"const": "function"}, "name": {"type": "string"}}}},
      "tool_choice": {"oneOf": [{"type": "string"}, {"type": "object"}]},
      "parallel_tool_calls": {"type": "boolean"},
      "text": {"type": "object"},
      "reasoning": {"type": "object"}
    }
  },
  "Response": {
    "type": "object",
    "required": ["id", "object", "status", "output"],
    "properties": {
      "id": {"type": "string", "description": "resp_ and the request's audit record id"},
      "object": {"const": "response"},
      "created_at": {"type": "integer"},
      "model": {"type": "string"},
      "status": {"type": "string", "enum": ["completed", "incomplete"]},
      "incomplete_details": {"type": ["object", "null"]},
      "output": {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["message", "function_call", "reasoning"]}}}},
      "store": {"const": false},
      "usage": {"type": ["object", "null"]}
    }
  },
  "CompletionRequest": {
    "type": "object",
    "description": "Legacy completions request, served through the chat pipeline: the prompt becomes the user message. Refused with invalid_request: token arrays, batches, echo, suffix, best_of, logprobs.",
    "required": ["model", "prompt"],
    "properties": {
      "model": {"type": "string"},
      "prompt": {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "string"}}]},
      "stream": {"type": "boolean", "description": "answer as server-sent events of text_completion chunks, ending with data: [DONE]"},
      "max_tokens": {"type": "integer", "minimum": 1},
      "temperature": {"type": "number"},
      "top_p": {"type": "number"},
      "n": {"type": "integer", "minimum": 1},
      "stop": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    }
  },
  "Completion": {
    "type": "object",
    "required": ["object", "choices"],
    "properties": {
      "id": {"type": "string"},
      "object": {"const": "text_completion"},
      "created": {"type": "integer"},
      "model": {"type": "string"},
      "choices": {"type": "array", "items": {"type": "object", "properties": {"index": {"type": "integer"}, "text": {"type": "string"}, "finish_reason": {"type": ["string", "null"]}, "logprobs": {"type": "null"}}}},
      "usage": {"$ref": "#/components/schemas/Usage"}
    }
  },
  "ChatMessage": {
    "type": "object",
    "required": ["role"],
    "properties": {
      "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
      "content": {
        "oneOf": [
          {"type": "string"},
          {"type": "null"},
          {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "text": {"type": "string"}}}}
        ]
      },
      "name": {"type": "string"},
      "tool_call_id": {"type": "string"},
      "tool_calls": {"type": "array", "items": {"type": "object"}}
    }
  },
  "ChatCompletionRequest": {
    "type": "object",
    "description": "OpenAI chat completion request. Only allow-listed fields reach the upstream; the tenant's own system prompt is placed first.",
    "required": ["model", "messages"],
    "properties": {
      "model": {"type": "string"},
      "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ChatMessage"}},
      "stream": {"type": "boolean", "description": "answer as server-sent events of chat.completion.chunk, ending with data: [DONE]"},
      "max_tokens": {"type": "integer", "minimum": 1},
      "max_completion_tokens": {"type": "integer", "minimum": 1},
      "temperature": {"type": "number"},
      "top_p": {"type": "number"},
      "stop": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
      "logprobs": {"type": "boolean"},
      "top_logprobs": {"type": "integer"},
      "tools": {"type": "array", "items": {"type": "object"}},
      "bulkhead": {
        "type": "object",
        "description": "Bulkhead's extension: retrieval from the tenant's own corpus",
        "properties": {
          "retrieval": {"type": "object", "properties": {"top_k": {"type": "integer", "minimum": 1, "maximum": 100}}}
        }
      }
    }
  },
  "ChatCompletion": {
    "type": "object",
    "required": ["object", "choices"],
    "properties": {
      "id": {"type": "string"},
      "object": {"const": "chat.completion"},
      "created": {"type": "integer"},
      "model": {"type": "string"},
      "choices": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "index": {"type": "integer"},
            "message": {"$ref": "#/components/schemas/ChatMessage"},
            "finish_reason": {"type": ["string", "null"]},
            "logprobs": {"type": ["object", "null"]}
          }
        }
      },
      "usage": {"$ref": "#/components/schemas/Usage"}
    }
  },
  "Usage": {
    "type": "object",
    "properties": {
      "prompt_tokens": {"type": "integer"},
      "completion_tokens": {"type": "integer"},
      "total_tokens": {"type": "integer"},
      "prompt_tokens_details": {"type": "object", "properties": {"cached_tokens": {"type": "integer"}}}
    }
  },
  "EmbeddingsRequest": {
    "type": "object",
    "required": ["model", "input"],
    "properties": {
      "model": {"type": "string"},
      "input": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
      "dimensions": {"type": "integer", "minimum": 1},
      "encoding_format": {"type": "string", "enum": ["float", "base64"]}
    }
  },
  "EmbeddingList": {
    "type": "object",
    "required": ["object", "data"],
    "properties": {
      "object": {"const": "list"},
      "model": {"type": "string"},
      "data": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["embedding"],
          "properties": {
            "object": {"const": "embedding"},
            "index": {"type": "integer"},
            "embedding": {"oneOf": [{"type": "array", "items": {"type": "number"}}, {"type": "string"}]}
          }
        }
      },
      "usage": {"$ref": "#/components/schemas/Usage"}
    }
  },
  "ModelList": {
    "type": "object",
    "required": ["object", "data"],
    "properties": {
      "object": {"const": "list"},
      "data": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["id"],
          "properties": {
            "id": {"type": "string"},
            "object": {"const": "model"},
            "created": {"type": "integer"},
            "owned_by": {"type": "string"}
          }
        }
      }
    }
  },
  "DocumentCreate": {
    "type": "object",
    "required": ["text"],
    "additionalProperties": false,
    "properties": {
      "text": {"type": "string", "minLength": 1},
      "metadata": {"type": "object"}
    }
  },
  "DocumentStored": {
    "type": "object",
    "required": ["id", "chunks"],
    "properties": {"id": {"type": "string"}, "chunks": {"type": "integer", "minimum": 1}}
  },
  "DocumentDeleted": {
    "type": "object",
    "required": ["id", "deleted"],
    "properties": {"id": {"type": "string"}, "deleted": {"const": true}}
  },
  "RetrieveRequest": {
    "type": "object",
    "required": ["query"],
    "additionalProperties": false,
    "properties": {
      "query": {"type": "string", "minLength": 1},
      "top_k": {"type": "integer", "minimum": 1, "maximum": 100}
    }
  },
  "RetrieveResults": {
    "type": "object",
    "required": ["results"],
    "properties": {
      "results": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["document_id", "chunk", "text", "score"],
          "properties": {
            "document_id": {"type": "string"},
            "chunk": {"type": "integer"},
            "text": {"type": "string"},
            "score": {"type": "number"},
            "metadata": {"type": "object"}
          }
        }
      }
    }
  },
  "Health": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}},
  "Readiness": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
  "OpenApiDocument": {
    "type": "object",
    "description": "This document",
    "required": ["openapi", "info", "paths"],
    "properties": {"openapi": {"type": "string"}, "info": {"type": "object"}, "paths": {"type": "object"}}
  },
  "WhoAmI": {
    "type": "object",
    "required": ["token_id", "role"],
    "properties": {
      "token_id": {"type": "string"},
      "role": {"$ref": "#/components/schemas/AdminRole"},
      "tenant": {"type": ["string", "null"]},
      "daemon_version": {"type": "string"}
    }
  },
  "AdminRole": {"type": "string", "enum": ["platform-admin", "tenant-auditor"]},
  "Tenant": {
    "type": "object",
    "required": ["id", "name", "classifications", "relationship", "threat", "regimes", "tier", "version"],
    "properties": {
      "id": {"type": "string"},
      "name": {"type": "string"},
      "classifications": {"type": "array", "items": {"type": "string", "enum": ["PHI", "PII", "CUI", "FINANCIAL", "PRIVILEGED"]}},
      "relationship": {"type": "string", "enum": ["internal", "external"]},
      "threat": {"type": "string", "enum": ["low", "medium", "high"]},
      "regimes": {"type": "array", "items": {"type": "string", "enum": ["HIPAA_BAA", "FEDRAMP", "OCC_HEIGHTENED", "PCI_DSS", "GDPR", "STATE_GOVERNANCE"]}},
      "tier": {"type": ["integer", "null"], "minimum": 1, "maximum": 3, "description": "the chosen (deployed) tier"},
      "version": {"type": "integer", "minimum": 0, "description": "send it back (or as If-Match) to change the tenant"}
    }
  },
  "TenantWithPolicy": {
    "description": "A tenant with the policy decision for it: minimum tier, the rules that raised it, violations; in the list also its injection thresholds",
    "allOf": [{"$ref": "#/components/schemas/Tenant"},
              {"properties": {"injection_thresholds": {"$ref": "#/components/schemas/InjectionThresholds"}}}]
  },
  "IngressCalibration": {
    "type": "object",
    "description": "A flag threshold computed from the tenant's benign samples: at most target_fpr of them score at or above it (measured_fpr: the share that does)",
    "required": ["threshold", "target_fpr", "measured_fpr", "samples", "sample_too_small"],
    "properties": {
      "threshold": {"type": "number", "maximum": 1},
      "target_fpr": {"type": "number", "exclusiveMinimum": 0, "maximum": 0.5},
      "measured_fpr": {"type": "number", "minimum": 0, "maximum": 1},
      "samples": {"type": "integer", "minimum": 1},
      "sample_too_small": {"type": "boolean", "description": "fewer samples than 1 / target_fpr: the rate is an estimate"},
      "calibrated_at": {"type": "string", "format": "date-time"}
    }
  },
  "InjectionKindThresholds": {
    "type": "object",
    "description": "The thresholds the proxy scans this kind of text with; calibration null: the defaults",
    "required": ["flag", "block", "calibration"],
    "properties": {
      "flag": {"type": "number"},
      "block": {"type": "number", "description": "a prompt is refused (scan policy block) or a retrieved chunk dropped at or above it"},
      "calibration": {"oneOf": [{"$ref": "#/components/schemas/IngressCalibration"}, {"type": "null"}]}
    }
  },
  "InjectionThresholds": {
    "type": "object",
    "required": ["prompt", "document"],
    "properties": {
      "prompt": {"$ref": "#/components/schemas/InjectionKindThresholds"},
      "document": {"$ref": "#/components/schemas/InjectionKindThresholds"}
    }
  },
  "InjectionThresholdsAnswer": {
    "allOf": [{"$ref": "#/components/schemas/InjectionThresholds"},
              {"type": "object", "required": ["tenant"], "properties": {"tenant": {"type": "string"}}}]
  },
  "IngressCalibrationRequest": {
    "type": "object",
    "description": "The tenant's own benign traffic of the kind in the path (prompt or document); the daemon scans it with the proxy's scanner",
    "required": ["samples"],
    "additionalProperties": false,
    "properties": {
      "samples": {"type": "array", "minItems": 1, "items": {"type": "string"}},
      "target_fpr": {"type": "number", "exclusiveMinimum": 0, "maximum": 0.5, "default": 0.01}
    }
  },
  "TenantList": {
    "type": "object",
    "required": ["tenants"],
    "properties": {
      "tenants": {"type": "array", "items": {"$ref": "#/components/schemas/TenantWithPolicy"}},
      "platform_assurance_tier": {"type": ["integer", "null"], "description": "platform admins only: the lowest chosen tier"}
    }
  },
  "TenantChange": {
    "type": "object",
    "description": "Values are case-insensitive; NONE alone stands for an empty list.",
    "properties": {
      "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
      "name": {"type": "string"},
      "classifications": {"type": "array", "items": {"type": "string"}},
      "relationship": {"type": "string"},
      "threat": {"type": "string"},
      "regimes": {"type": "array", "items": {"type": "string"}},
      "tier": {"type": ["integer", "null"], "minimum": 1, "maximum": 3},
      "description": {"type": "string"},
      "notes": {"type": "string"},
      "version": {"type": "integer", "minimum": 0},
      "system_prompt": {"type": "string"},
      "client_system_messages": {"type": "string", "enum": ["append", "reject"]}
    }
  },
  "TenantCreate": {"allOf": [{"$ref": "#/components/schemas/TenantChange"}, {"required": ["id"]}]},
  "TenantRemoved": {
    "type": "object",
    "required": ["id", "removed"],
    "properties": {
      "id": {"type": "string"},
      "removed": {"const": true},
      "incarnation": {"type": "string"},
      "api_keys_revoked": {"type": "integer"},
      "documents_shredded": {"type": "boolean"},
      "audit_archive": {"type": "object"}
    }
  },
  "ApiKey": {
    "type": "object",
    "required": ["id", "tenant", "created_at"],
    "properties": {
      "id": {"type": "string"},
      "tenant": {"type": "string"},
      "label": {"type": "string"},
      "created_at": {"type": "string"},
      "revoked_at": {"type": ["string", "null"]}
    }
  },
  "ApiKeyList": {
    "type": "object",
    "required": ["keys"],
    "properties": {"keys": {"type": "array", "items": {"$ref": "#/components/schemas/ApiKey"}}}
  },
  "ApiKeyIssue": {"type": "object", "properties": {"label": {"type": "string"}}},
  "ApiKeyIssued": {
    "description": "The key itself is shown only in this answer",
    "allOf": [{"$ref": "#/components/schemas/ApiKey"}, {"required": ["api_key"], "properties": {"api_key": {"type": "string"}}}]
  },
  "AdminToken": {
    "type": "object",
    "required": ["id", "role", "created_at"],
    "properties": {
      "id": {"type": "string"},
      "role": {"$ref": "#/components/schemas/AdminRole"},
      "tenant": {"type": ["string", "null"]},
      "label": {"type": "string"},
      "created_at": {"type": "string"},
      "revoked_at": {"type": ["string", "null"]}
    }
  },
  "AdminTokenList": {
    "type": "object",
    "required": ["tokens"],
    "properties": {"tokens": {"type": "array", "items": {"$ref": "#/components/schemas/AdminToken"}}}
  },
  "AdminTokenIssue": {
    "type": "object",
    "required": ["role"],
    "properties": {
      "role": {"$ref": "#/components/schemas/AdminRole"},
      "tenant": {"type": "string", "description": "a tenant auditor's tenant"},
      "label": {"type": "string"}
    }
  },
  "AdminTokenIssued": {
    "description": "The token itself is shown only in this answer",
    "allOf": [{"$ref": "#/components/schemas/AdminToken"}, {"required": ["token"], "properties": {"token": {"type": "string"}}}]
  },
  "SystemPrompt": {
    "type": "object",
    "required": ["tenant", "system_prompt"],
    "properties": {
      "tenant": {"type": "string"},
      "system_prompt": {"type": "string"},
      "client_system_messages": {"type": "string", "enum": ["append", "reject"]},
      "canary": {"type": "string"}
    }
  },
  "SystemPromptChange": {
    "type": "object",
    "required": ["system_prompt"],
    "properties": {
      "system_prompt": {"type": "string"},
      "client_system_messages": {"type": "string", "enum": ["append", "reject"]}
    }
  },
  "Updated": {"type": "object", "required": ["updated"], "properties": {"tenant": {"type": "string"}, "updated": {"const": true}}},
  "TenantLimits": {
    "type": "object",
    "description": "A tenant's limits; null (or absent) means no limit of that kind",
    "additionalProperties": false,
    "properties": {
      "requests_per_second": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1000000},
      "burst": {"type": ["integer", "null"], "minimum": 0},
      "tokens_per_minute": {"type": ["integer", "null"], "minimum": 0},
      "concurrent_requests": {"type": ["integer", "null"], "minimum": 0},
      "concurrent_streams": {"type": ["integer", "null"], "minimum": 0},
      "document_bytes_per_day": {"type": ["integer", "null"], "minimum": 0},
      "max_n": {"type": ["integer", "null"], "minimum": 0, "maximum": 128},
      "max_tokens": {"type": ["integer", "null"], "minimum": 0}
    }
  },
  "TenantLimitsAnswer": {
    "type": "object",
    "required": ["tenant", "limits"],
    "properties": {"tenant": {"type": "string"}, "limits": {"$ref": "#/components/schemas/TenantLimits"}}
  },
  "TenantUpstream": {
    "type": "object",
    "properties": {
      "tenant": {"type": "string"},
      "upstream": {"type": ["string", "null"], "description": "an upstream id; empty or null for the default"}
    }
  },
  "AuditContent": {
    "type": "object",
    "description": "Whether the tenant's prompts and responses are kept, sealed with its key, in its audit records",
    "properties": {"enabled": {"type": "boolean"}, "tenant": {"type": "string"}, "audit_content": {"type": "boolean"}}
  },
  "Upstream": {
    "type": "object",
    "required": ["id", "base_url"],
    "properties": {
      "id": {"type": "string"},
      "base_url": {"type": "string"},
      "ca_file": {"type": "string"},
      "dedicated_tenant": {"type": ["string", "null"], "description": "the one (Tier 3) tenant it serves"}
    }
  },
  "UpstreamList": {
    "type": "object",
    "required": ["upstreams"],
    "properties": {"upstreams": {"type": "array", "items": {"$ref": "#/components/schemas/Upstream"}}}
  },
  "Removed": {
    "type": "object",
    "required": ["id", "removed"],
    "properties": {"id": {"type": "string"}, "removed": {"const": true}}
  },
  "Revoked": {
    "type": "object",
    "required": ["id", "revoked"],
    "properties": {"id": {"type": "string"}, "revoked": {"const": true}}
  },
  "AuditProof": {
    "type": "object",
    "description": "An offline-verifiable proof (bulkheadctl logs verify-proof): a record's inclusion in, or an earlier checkpoint's consistency with, the latest signed checkpoint of the tenant's log (RFC 6962 Merkle tree).",
    "required": ["format", "kind", "tenant", "checkpoint", "fingerprint"],
    "properties": {
      "format": {"const": "bulkhead-audit-proof/v1"},
      "kind": {"type": "string", "enum": ["inclusion", "consistency"]},
      "tenant": {"type": "string"},
      "seq": {"type": "integer"},
      "leaf_data": {"type": "string"},
      "leaf_hash": {"type": "string"},
      "tree_size": {"type": "integer"},
      "inclusion_proof": {"type": "array", "items": {"type": "string"}},
      "from_size": {"type": "integer"},
      "to_size": {"type": "integer"},
      "consistency_proof": {"type": "array", "items": {"type": "string"}},
      "from_checkpoint": {"type": ["object", "null"]},
      "checkpoint": {"type": "object"},
      "public_key": {"type": "string"},
      "public_key_pem": {"type": "string"},
      "fingerprint": {"type": "string", "description": "SHA256: and the signing key's fingerprint; pin it"}
    }
  },
  "AuditRecord": {
    "type": "object",
    "description": "One audit record in its canonical (hash-chained) form",
    "properties": {
      "tenant_id": {"type": "string"},
      "sequence": {"type": "integer"},
      "request_id": {"type": "string"},
      "route": {"type": "string"},
      "decision": {"type": "string"},
      "reasons": {"type": "array", "items": {"type": "string"}},
      "content": {"description": "with ?content=true: the kept prompt and response, null once shredded"}
    }
  },
  "AuditPage": {
    "type": "object",
    "required": ["tenant", "records", "next_after"],
    "properties": {
      "tenant": {"type": "string"},
      "records": {"type": "array", "items": {"$ref": "#/components/schemas/AuditRecord"}},
      "next_after": {"type": ["string", "integer", "null"], "description": "pass as ?after= for the next page; null on the last"}
    }
  },
  "AuditVerification": {
    "type": "object",
    "required": ["tenant", "ok", "problem"],
    "properties": {
      "tenant": {"type": "string"},
      "ok": {"type": "boolean"},
      "problem": {"type": "string"},
      "sequence": {"type": ["integer", "null"]},
      "detail": {"type": "string"},
      "records": {"type": "integer"},
      "checkpoints": {"type": "integer"},
      "pruned": {"type": "integer"},
      "public_key": {"type": "string", "description": "the audit signing key (Ed25519, hex)"}
    }
  },
  "ProbeRunStart": {
    "type": "object",
    "required": ["tenants"],
    "properties": {
      "tenants": {"type": "array", "minItems": 2, "items": {"type": "string"}},
      "layers": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "enum": ["prompt_direct", "prompt_indirect", "egress_channels", "kv_cache", "retrieval_bleed", "retrieval_drill", "key_isolation", "log_bleed", "log_drill", "admin_plane"]}
      },
      "samples": {"type": "integer", "minimum": 3, "maximum": 50}
    }
  },
  "Started": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
  "ProbeRunSummary": {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
      "id": {"type": "string"},
      "started_at": {"type": "string"},
      "status": {"type": "string"},
      "summary": {"type": "object"}
    }
  },
  "ProbeRunList": {
    "type": "object",
    "required": ["runs"],
    "properties": {"runs": {"type": "array", "items": {"$ref": "#/components/schemas/ProbeRunSummary"}}}
  },
  "ProbeRun": {
    "allOf": [{"$ref": "#/components/schemas/ProbeRunSummary"}],
    "properties": {
      "finished_at": {"type": ["string", "null"]},
      "request": {"type": "object"},
      "progress": {"type": "object", "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}}},
      "error": {"type": "string"},
      "results": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["attacker", "victim", "layer", "outcome"],
          "properties": {
            "attacker": {"type": "string"},
            "victim": {"type": "string"},
            "layer": {"type": "string"},
            "outcome": {"type": "string"},
            "detail": {}
          }
        }
      }
    }
  },
  "EvidenceExportStart": {
    "type": "object",
    "description": "One tenant, or every tenant with all: true (platform admins); an auditor's pack is always its own tenant's",
    "properties": {
      "tenant": {"type": "string"},
      "all": {"type": "boolean"},
      "since": {"type": "string", "format": "date-time"}
    }
  },
  "EvidenceExportStarted": {
    "type": "object",
    "required": ["id", "state"],
    "properties": {"id": {"type": "string"}, "state": {"const": "queued"}}
  },
  "EvidenceExport": {
    "type": "object",
    "required": ["id", "state"],
    "properties": {
      "id": {"type": "string"},
      "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
      "progress": {"type": "integer"},
      "total": {"type": "integer"},
      "scope": {"type": "string", "enum": ["tenant", "platform"]},
      "tenant": {"type": ["string", "null"]},
      "since": {"type": ["string", "null"]},
      "created_at": {"type": "string"},
      "finished_at": {"type": ["string", "null"]},
      "bytes": {"type": "integer"},
      "sha256": {"type": "string"},
      "fingerprint": {"type": "string"},
      "error": {"type": "string"}
    }
  },
  "EvidenceExportList": {
    "type": "object",
    "required": ["exports"],
    "properties": {"exports": {"type": "array", "items": {"$ref": "#/components/schemas/EvidenceExport"}}}
  }
})json";

// The one error shape; its codes are exactly protocol's table.
json errorSchema()
{
    json codes = json::array();
    std::set<std::string_view> types;
    std::string table = "| code | HTTP status |\n|---|---|\n";
    for (const auto &entry : protocol::apiErrorTable()) {
        codes.push_back(entry.info.code);
        types.insert(entry.info.type);
        table += "| `" + std::string(entry.info.code) + "` | " + std::to_string(entry.info.httpStatus) + " |\n";
    }
    return {{"type", "object"},
            {"description", "Every error, in the OpenAI shape. Clients branch on `code`; `message` is for "
                            "people.\n\n" + table},
            {"required", json::array({"error"})},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", json::array({"type", "code", "message"})},
                {"properties",
                 {{"type", {{"type", "string"}, {"enum", types}}},
                  {"code", {{"type", "string"}, {"enum", codes}}},
                  {"message", {{"type", "string"}}},
                  {"param", {{"type", json::array({"string", "null"})}, {"description", "the offending field"}}}}}}}}}};
}

std::string_view tagOf(std::string_view pattern)
{
    if (pattern.starts_with("/v1/"))
        return "data plane";
    if (pattern.starts_with("/admin/v1/"))
        return "admin";
    return "operations";
}

// GET /admin/v1/tenants/{id}/keys -> get_admin_v1_tenants_id_keys
std::string operationId(const Route &route)
{
    std::string id(boost::beast::http::to_string(route.method));
    for (auto &c : id)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char c : route.pattern) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            id += c;
        else if (c == '/' || c == '-' || c == '.')
            id += '_';
    }
    return id;
}

json security(Access access)
{
    switch (access) {
    case Access::Public: return json::array();  // no credential
    case Access::TenantKey: return json::array({json::object({{"tenantApiKey", json::array()}})});
    case Access::AdminToken:
    case Access::PlatformAdmin: return json::array({json::object({{"adminToken", json::array()}})});
    }
    return json::array();
}

// The statuses a client most often handles, each the one Error response; `default` covers the
// rest of the table (413, 503, ...).
json errorResponses(const Route &route, bool takesBody)
{
    const json error = {{"$ref", "#/components/responses/Error"}};
    json responses{{"default", error}};
    if (takesBody)
        responses["400"] = error;
    if (route.access != Access::Public)
        responses["401"] = error;
    if (route.access == Access::AdminToken || route.access == Access::PlatformAdmin)
        responses["403"] = error;
    if (route.pattern.find('{') != std::string_view::npos)
        responses["404"] = error;
    if (route.access == Access::TenantKey)
        responses["429"] = error;
    return responses;
}

json schemaRef(std::string_view name)
{
    return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

json successContent(const OperationSchema *schema)
{
    const json body = schema && !schema->response.empty() ? schemaRef(schema->response) : json{{"type", "object"}};
    switch (schema ? schema->media : Media::Json) {
    case Media::Json: return {{"application/json", {{"schema", body}}}};
    case Media::JsonOrEventStream:
        return {{"application/json", {{"schema", body}}},
                {"text/event-stream",
                 {{"schema", {{"type", "string"},
                              {"description", "with \"stream\": true: server-sent events, scanned as they pass"}}}}}};
    case Media::EventStream:
        return {{"text/event-stream", {{"schema", {{"type", "string"}}}}}};
    case Media::Zip:
        return {{"application/zip", {{"schema", {{"type", "string"}, {"contentMediaType", "application/zip"}}}}}};
    case Media::PrometheusText:
        return {{"text/plain", {{"schema", {{"type", "string"}}}}}};
    }
    return {};
}

json parameters(const Route &route, const OperationSchema *schema)
{
    json out = json::array();
    std::string_view rest = route.pattern;
    while (!rest.empty()) {
        const auto open = rest.find('{');
        if (open == std::string_view::npos)
            break;
        const auto close = rest.find('}', open);
        out.push_back({{"name", std::string(rest.substr(open + 1, close - open - 1))},
                       {"in", "path"},
                       {"required", true},
                       {"schema", {{"type", "string"}}}});
        rest.remove_prefix(close + 1);
    }
    if (schema)
        for (const auto &q : schema->query)
            out.push_back({{"name", q.name},
                           {"in", "query"},
                           {"required", q.required},
                           {"description", q.description},
                           {"schema", {{"type", q.type}}}});
    return out;
}

const OperationSchema *findSchema(const Route &route)
{
    for (const auto &schema : operationSchemas())
        if (schema.method == route.method && schema.pattern == route.pattern)
            return &schema;
    return nullptr;
}

json operation(const Route &route)
{
    const OperationSchema *schema = findSchema(route);
    json op{{"operationId", operationId(route)},
            {"summary", route.summary},
            {"tags", json::array({tagOf(route.pattern)})},
            {"security", security(route.access)}};
    if (route.access == Access::PlatformAdmin)
        op["description"] = "Platform admins only; any other admin token is refused with permission_denied.";
    else if (route.access == Access::AdminToken)
        op["description"] = "Any admin token; a tenant auditor sees only its own tenant.";
    if (auto params = parameters(route, schema); !params.empty())
        op["parameters"] = std::move(params);
    if (schema && !schema->request.empty())
        op["requestBody"] = {{"required", true},
                             {"content", {{"application/json", {{"schema", schemaRef(schema->request)}}}}}};
    json responses = errorResponses(route, schema && !schema->request.empty());
    const int status = schema ? schema->status : 200;
    responses[std::to_string(status)] = {{"description", route.summary}, {"content", successContent(schema)}};
    op["responses"] = std::move(responses);
    return op;
}

json buildDocument()
{
    json paths = json::object();
    for (const auto &route : routeTable()) {
        std::string method(boost::beast::http::to_string(route.method));
        for (auto &c : method)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        paths[std::string(route.pattern)][method] = operation(route);
    }
    json schemas = json::parse(kSchemas);
    schemas["Error"] = errorSchema();
    return {
        {"openapi", "3.1.0"},
        {"info",
         {{"title", "Bulkhead"},
          {"version", BULKHEAD_VERSION},
          {"summary", "Multi-tenant LLM isolation gateway: the OpenAI-compatible data plane and the admin API"}}},
        {"tags",
         json::array({json::object({{"name", "data plane"}, {"description", "OpenAI-compatible, with a tenant API key"}}),
                      json::object({{"name", "admin"}, {"description", "The admin API, with an admin token"}}),
                      json::object({{"name", "operations"},
                                    {"description", "Health, readiness and metrics, without a credential"}})})},
        {"paths", std::move(paths)},
        {"components",
         {{"securitySchemes",
           {{"tenantApiKey",
             {{"type", "http"}, {"scheme", "bearer"}, {"description", "A tenant's API key (bh_...), for /v1"}}},
            {"adminToken",
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description", "An admin token (bh_admin_...), for /admin/v1: platform-admin or tenant-auditor"}}}}},
          {"responses",
           {{"Error",
             {{"description", "An error; the code says which"},
              {"content", {{"application/json", {{"schema", schemaRef("Error")}}}}}}}}},
          {"schemas", std::move(schemas)}}},
    };
}

} // namespace

std::vector<std::string> openApiStaleEntries()
{
    std::vector<std::string> stale;
    for (const auto &schema : operationSchemas()) {
        bool routed = false;
        for (const auto &route : routeTable())
            routed = routed || (route.method == schema.method && route.pattern == schema.pattern);
        if (!routed)
            stale.push_back(std::string(boost::beast::http::to_string(schema.method)) + " " +
                            std::string(schema.pattern));
    }
    return stale;
}

const nlohmann::json &openApiDocument()
{
    static const json document = buildDocument();
    return document;
}

const std::string &openApiText()
{
    static const std::string text = openApiDocument().dump(2) + "\n";
    return text;
}

} // namespace bulkhead::daemon
