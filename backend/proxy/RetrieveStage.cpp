#include "Stages.h"

#include "PromptAssembler.h"
#include "scan/IngressScanner.h"

namespace bulkhead::proxy {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

} // namespace

boost::asio::awaitable<Next> RetrieveStage::run(RequestContext &context)
{
    auto &body = context.body;
    const auto found = body.find("bulkhead");
    if (found == body.end())
        co_return Next::Continue;
    const json extension = std::move(*found);
    body.erase("bulkhead");  // Bulkhead's own extension never travels upstream
    const auto retrieval = extension.is_object() ? extension.find("retrieval") : extension.end();
    if (!extension.is_object() || retrieval == extension.end() || !retrieval->is_object())
        throw ApiException(ApiErrorCode::InvalidRequest, "bulkhead: expected {\"retrieval\": {\"top_k\": K}}",
                           "bulkhead");
    const auto topKField = retrieval->find("top_k");
    int topK = 4;
    if (topKField != retrieval->end()) {
        if (!topKField->is_number_integer() || *topKField < 1 || *topKField > 20)
            throw ApiException(ApiErrorCode::InvalidRequest, "bulkhead.retrieval.top_k: 1 to 20",
                               "bulkhead.retrieval.top_k");
        topK = topKField->get<int>();
    }
    auto messages = body.find("messages");
    if (messages == body.end() || !messages->is_array())
        co_return Next::Continue;  // the assembler names the problem
    json *lastUser = nullptr;
    for (auto &m : *messages)
        if (m.is_object() && m.value("role", std::string()) == "user" && m.contains("content") &&
            m["content"].is_string())
            lastUser = &m;
    if (!lastUser)
        co_return Next::Continue;
    const std::string question = (*lastUser)["content"].get<std::string>();
    // Fails closed: no retrieval, no answer.
    auto chunks = co_await m_services.retrieve(context, question, topK);
    // Each chunk is scanned on its own, at the tenant's thresholds, so one injected instruction
    // is found inside a long document: with the tenant's ingress action "block" only the
    // offending chunks are dropped (quarantined), with "flag" they stay; the tenant's audit
    // record says which either way.
    std::vector<std::string_view> texts;
    for (const auto &chunk : chunks)
        texts.push_back(chunk.text);
    const auto screening = scan::IngressScanner::builtin()->screenChunks(texts, context.tenant->ingressPolicy);
    const std::string &action = ingressActionFor(m_services, *context.tenant);
    std::vector<bool> drop(chunks.size(), false);
    for (const auto index : screening.quarantined) {
        drop[index] = action == "block";
        context.audit.reasons.push_back((action == "block" ? "chunk_quarantined:" : "chunk_flagged:") +
                                        chunks[index].documentId);
    }
    std::vector<RetrievedChunk> kept;
    for (std::size_t i = 0; i < chunks.size(); ++i)
        if (!drop[i])
            kept.push_back(std::move(chunks[i]));
    chunks = std::move(kept);
    for (const auto &chunk : chunks)
        context.contextDocuments.push_back(chunk.documentId);
    (*lastUser)["content"] = withRetrievedContext(question, chunks);
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
