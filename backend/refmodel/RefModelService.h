#pragma once

#include "retrieval/Embedder.h"
#include "PrefixCache.h"

#include "net/HttpServer.h"

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace bulkhead::refmodel {

using retrieval::Embedder;

struct RefModelOptions
{
    std::string modelName = "bulkhead-refmodel";
    std::size_t cacheBlocks = 4096;  // prefix cache capacity, in blocks
    std::size_t blockSize = 16;      // tokens per cache block
    bool ignoreCacheSalt = false;    // play a vulnerable engine: salts are not mixed in
    // Play a hostile engine: put a token a request asks for into any output channel (see
    // HostileAnswer.h), and ignore cache salts.
    bool hostile = false;
    // Simulated prefill cost per prompt token not served from the cache: what makes a cache hit
    // observable in the time to the first token.
    std::chrono::microseconds prefillPerToken{20};
    // Simulated decode cost per output token (streamed: between chunks).
    std::chrono::milliseconds tokenDelay{0};
    std::size_t embeddingDimensions = 256;
    std::size_t defaultMaxTokens = 512;
    // Unix seconds for `created`; injected so tests can pin it.
    std::function<std::int64_t()> clock;
};

// The OpenAI-compatible routes of bulkhead-refmodel, as a net::Handler:
//   POST /v1/chat/completions   (also "stream": true, SSE)
//   POST /v1/embeddings
//   GET  /v1/models, /v1/models/{id}
//   GET  /health
// Every response carries `X-Bulkhead-Simulator: true`: nothing may mistake it for a model.
class RefModelService final
{
public:
    explicit RefModelService(RefModelOptions options);

    boost::asio::awaitable<void> handle(net::Request &request, net::ResponseWriter &writer);

    // A net::Handler calling handle() on this service (which must outlive the server).
    net::Handler handler();

    PrefixCache &cache() noexcept { return m_cache; }
    const RefModelOptions &options() const noexcept { return m_options; }

private:
    boost::asio::awaitable<void> chatCompletions(net::Request &request, net::ResponseWriter &writer);
    boost::asio::awaitable<void> embeddings(net::Request &request, net::ResponseWriter &writer);
    boost::asio::awaitable<void> hostileAnswer(const struct HostileRequest &hostile, const struct ChatRequest &chat,
                                               net::ResponseWriter &writer);
    boost::asio::awaitable<void> sendJson(net::ResponseWriter &writer, net::http::status status,
                                          std::string body);
    // Not a coroutine: the body is built before returning, so the views need not outlive it.
    boost::asio::awaitable<void> sendError(net::ResponseWriter &writer, net::http::status status,
                                           std::string_view type, std::string_view code,
                                           std::string_view message);
    std::int64_t now() const;

    RefModelOptions m_options;
    PrefixCache m_cache;
    Embedder m_embedder;
    std::atomic<std::uint64_t> m_sequence{0};
};

} // namespace bulkhead::refmodel
