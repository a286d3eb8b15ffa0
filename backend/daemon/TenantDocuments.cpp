#include "TenantDocuments.h"

#include "PoolWork.h"
#include "RetrievalService.h"
#include "net/HttpClient.h"
#include "net/Url.h"
#include "proxy/ResponseWalker.h"
#include "proxy/Stages.h"
#include "proxy/TenantLimiter.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace bulkhead::daemon {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;
using protocol::ApiError;
using protocol::ApiErrorCode;
using protocol::ApiException;

} // namespace

asio::awaitable<std::unique_ptr<TenantWorkGate::Turn>> TenantWorkGate::enter(const std::string &tenantId)
{
    // The turn is taken, or the waiter queued, under one lock: leave() can never miss a waiter.
    const asio::any_io_executor executor = co_await asio::this_coro::executor;
    co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(
        [this, &tenantId, &executor](auto handler) {
            // Shared, so the move-only handler fits a std::function.
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            std::function<void()> wake = [shared] { std::move(*shared)(); };
            std::unique_lock lock(m_mutex);
            auto &queue = m_queues[tenantId];
            if (queue.running < m_perTenant && queue.waiting.empty()) {
                ++queue.running;
                lock.unlock();
                resume(executor, std::move(wake));
                return;
            }
            queue.waiting.push_back({executor, std::move(wake)});
        },
        asio::use_awaitable);
    co_return std::make_unique<Turn>(*this, tenantId);
}

void TenantWorkGate::leave(const std::string &tenantId)
{
    Queue::Waiter next;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_queues.find(tenantId);
        if (it == m_queues.end())
            return;
        auto &queue = it->second;
        if (queue.waiting.empty()) {
            if (--queue.running == 0)
                m_queues.erase(it);
            return;
        }
        next = std::move(queue.waiting.front());  // its turn: `running` stays as it is
        queue.waiting.pop_front();
    }
    resume(next.executor, std::move(next.resume));
}

void TenantWorkGate::resume(const asio::any_io_executor &executor, std::function<void()> handler)
{
    asio::post(executor, std::move(handler));
}

TenantDocuments::TenantDocuments(RetrievalService &retrieval, proxy::PipelineServices &services,
                                 const DaemonConfig &config, asio::thread_pool &databaseThreads)
    : m_retrieval(retrieval), m_services(services), m_config(config), m_db(databaseThreads),
      m_gate(std::max(1u, config.dbPoolSize / 4))
{
}

asio::awaitable<std::vector<std::vector<float>>> TenantDocuments::embed(const proxy::RequestContext &context,
                                                                        std::vector<std::string> texts)
{
    std::vector<std::vector<float>> out;
    if (m_config.embeddings != "upstream") {
        // CPU work proportional to the document: on the document threads, never on an I/O
        // thread, where it would stall every other tenant's connections served there.
        out = co_await onPool(m_db, [&] {
            std::vector<std::vector<float>> vectors;
            for (const auto &text : texts)
                vectors.push_back(m_retrieval.embed(text));
            return vectors;
        });
        co_return out;
    }
    const auto upstream = proxy::upstreamFor(m_services, *context.snapshot, *context.tenant);
    const auto url = net::Url::parse(upstream.baseUrl).join("/embeddings");
    auto &client = m_services.client(upstream.caFile);
    constexpr std::size_t kBatch = 128;
    for (std::size_t start = 0; start < texts.size(); start += kBatch) {
        const std::size_t end = std::min(texts.size(), start + kBatch);
        json body{{"model", m_config.embeddingModel},
                  {"input", std::vector<std::string>(texts.begin() + static_cast<std::ptrdiff_t>(start),
                                                     texts.begin() + static_cast<std::ptrdiff_t>(end))},
                  {"dimensions", retrieval::kEmbeddingDimensions}};
        auto request = net::makeRequest(http::verb::post, body.dump(-1, ' ', false, json::error_handler_t::strict));
        proxy::authorizeForUpstream(request, upstream, m_services);
        std::optional<ApiError> failed;
        net::Response response;
        try {
            response = co_await client.send(url, std::move(request));
        } catch (const net::ClientError &) {
            failed = ApiError{ApiErrorCode::UpstreamUnavailable, "the embedding upstream cannot be reached", {}};
        }
        if (failed)
            throw ApiException(*failed);
        if (response.result_int() >= 400)
            throw ApiException(ApiErrorCode::UpstreamError,
                               "the embedding upstream answered HTTP " + std::to_string(response.result_int()));
        json doc;
        try {
            doc = proxy::parseUpstreamObject(response.body());
        } catch (const proxy::UpstreamShapeError &e) {
            failed = ApiError{ApiErrorCode::UpstreamInvalidResponse, e.what(), {}};
        }
        if (failed)
            throw ApiException(*failed);
        if (!doc.contains("data") || !doc["data"].is_array() || doc["data"].size() != end - start)
            throw ApiException(ApiErrorCode::UpstreamInvalidResponse, "the embedding upstream sent a malformed answer");
        std::vector<std::vector<float>> batch(end - start);
        for (const auto &item : doc["data"]) {
            const auto index = item.is_object() && item.contains("index") && item["index"].is_number_integer()
                                   ? item["index"].get<long long>()
                                   : -1;
            const auto it = item.is_object() ? item.find("embedding") : item.end();
            if (index < 0 || static_cast<std::size_t>(index) >= batch.size() || it == item.end() ||
                !it->is_array() || it->size() != retrieval::kEmbeddingDimensions)
                throw ApiException(ApiErrorCode::UpstreamInvalidResponse,
                                   "the embedding upstream must return " +
                                       std::to_string(retrieval::kEmbeddingDimensions) + "-dimensional float vectors");
            for (const auto &v : *it) {
                if (!v.is_number())
                    throw ApiException(ApiErrorCode::UpstreamInvalidResponse, "the embedding upstream sent a non-number");
                batch[static_cast<std::size_t>(index)].push_back(v.get<float>());
            }
        }
        for (auto &v : batch)
            out.push_back(std::move(v));
    }
    co_return out;
}

asio::awaitable<std::vector<proxy::RetrievedChunk>> TenantDocuments::retrieve(const proxy::RequestContext &context,
                                                                              std::string question, int topK)
{
    std::vector<std::string> text{std::move(question)};  // (no braced lists in co_await: GCC 12)
    const auto vectors = co_await embed(context, std::move(text));
    const std::string tenant = context.tenant->tenant.id;
    const auto hits = co_await onPool(m_db, [&] { return m_retrieval.contextFor(tenant, vectors.front(), topK); });
    std::vector<proxy::RetrievedChunk> chunks;
    for (const auto &hit : hits)
        chunks.push_back({hit.documentId, hit.text});
    co_return chunks;
}

asio::awaitable<proxy::Next> DocumentStage::run(proxy::RequestContext &context)
{
    auto &retrieval = m_documents.service();
    const std::string tenant = context.tenant->tenant.id;
    const int tier = static_cast<int>(context.tenant->tier());
    json answer;
    int status = 200;
    auto &record = context.audit;
    if (context.route == proxy::DataRoute::DocumentRemove) {
        const std::string_view target = context.request.target();
        const std::string id(target.substr(0, target.find('?')).substr(std::string_view("/v1/documents/").size()));
        answer = co_await onPool(m_documents.databaseThreads(), [&] { return retrieval.removeDocument(tenant, id); });
        record.documentIds.push_back(answer.value("id", std::string()));
    } else if (context.route == proxy::DataRoute::Retrieve) {
        const auto query = retrieval.prepareQuery(context.request.body());
        std::vector<std::string> text{query.query};
        const auto vectors = co_await m_documents.embed(context, std::move(text));
        std::vector<std::string> ids;
        answer = co_await onPool(m_documents.databaseThreads(), [&] {
            return retrieval.search(tenant, query, vectors.front(), ids);
        });
        record.documentIds = std::move(ids);
    } else {
        // The tenant's document bytes per day, charged before any work is done for them.
        auto &services = m_documents.services();
        if (services.limiter)
            if (const auto refused = services.limiter->chargeDocumentBytes(
                    tenant, context.tenant->limits, static_cast<std::int64_t>(context.request.body().size()))) {
                context.retryAfterSeconds = refused->retryAfterSeconds;
                services.countRateLimited(tenant, refused->limit);
                throw ApiException(ApiErrorCode::RateLimitExceeded,
                                   "this tenant's document_bytes_per_day limit is reached; retry after " +
                                       std::to_string(refused->retryAfterSeconds) + " s");
            }
        const auto document = retrieval.prepareDocument(context.request.body());
        const auto turn = co_await m_documents.gate().enter(tenant);
        auto vectors = co_await m_documents.embed(context, document.chunks);
        answer = co_await onPool(m_documents.databaseThreads(), [&] {
            return retrieval.storeDocument(tenant, tier, document, std::move(vectors), context.keyId);
        });
        record.documentIds.push_back(answer.value("id", std::string()));
        status = 201;
    }
    context.contextDocuments = record.documentIds;
    context.reply = net::makeResponse(static_cast<http::status>(status),
                                      answer.dump(-1, ' ', false, json::error_handler_t::replace));
    co_return proxy::Next::Done;
}

} // namespace bulkhead::daemon
