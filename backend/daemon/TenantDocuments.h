#pragma once

#include "DaemonConfig.h"
#include "proxy/Pipeline.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bulkhead::daemon {

class RetrievalService;

// Fair sharing of the document threads: each tenant has at most `perTenant` document jobs
// (embedding, storing) running; the rest wait in the tenant's own queue, first come first
// served. One tenant's flood of uploads then occupies only its share of the threads (and of
// the CPU the built-in embedder burns), and another tenant's job starts at once.
class TenantWorkGate final
{
public:
    explicit TenantWorkGate(unsigned perTenant) : m_perTenant(perTenant ? perTenant : 1) {}

    // Waits for the tenant's turn; the returned token gives the turn back when destroyed.
    class Turn;
    boost::asio::awaitable<std::unique_ptr<Turn>> enter(const std::string &tenantId);

private:
    struct Queue
    {
        unsigned running = 0;
        struct Waiter
        {
            boost::asio::any_io_executor executor;  // the waiting coroutine's
            std::function<void()> resume;  // the suspended coroutine's handler
        };
        std::deque<Waiter> waiting;  // resumed in order
    };
    void leave(const std::string &tenantId);
    static void resume(const boost::asio::any_io_executor &executor, std::function<void()> handler);

    const unsigned m_perTenant;
    std::mutex m_mutex;
    std::map<std::string, Queue> m_queues;
};

class TenantWorkGate::Turn final
{
public:
    Turn(TenantWorkGate &gate, std::string tenantId) : m_gate(gate), m_tenantId(std::move(tenantId)) {}
    ~Turn() { m_gate.leave(m_tenantId); }
    Turn(const Turn &) = delete;
    Turn &operator=(const Turn &) = delete;

private:
    TenantWorkGate &m_gate;
    std::string m_tenantId;
};

// The data plane's document work, served by the daemon itself: embeddings (built in, or the
// tenant's own upstream: a Tier 3 tenant's text goes only to its dedicated one), context for
// retrieval-augmented chat, and the /v1/documents and /v1/retrieve routes. Database work runs on
// the database threads, never on an I/O thread.
class TenantDocuments final
{
public:
    TenantDocuments(RetrievalService &retrieval, proxy::PipelineServices &services, const DaemonConfig &config,
                    boost::asio::thread_pool &databaseThreads);

    boost::asio::awaitable<std::vector<std::vector<float>>> embed(const proxy::RequestContext &context,
                                                                  std::vector<std::string> texts);
    boost::asio::awaitable<std::vector<proxy::RetrievedChunk>> retrieve(const proxy::RequestContext &context,
                                                                        std::string question, int topK);

    RetrievalService &service() noexcept { return m_retrieval; }
    proxy::PipelineServices &services() noexcept { return m_services; }
    boost::asio::thread_pool &databaseThreads() noexcept { return m_db; }
    TenantWorkGate &gate() noexcept { return m_gate; }

private:
    RetrievalService &m_retrieval;
    proxy::PipelineServices &m_services;
    const DaemonConfig &m_config;
    boost::asio::thread_pool &m_db;
    TenantWorkGate m_gate;
};

// POST /v1/documents, DELETE /v1/documents/{id}, POST /v1/retrieve: the last stage of their
// pipelines (after authentication and the tenant's policy), answered locally.
class DocumentStage final : public proxy::Stage
{
public:
    explicit DocumentStage(TenantDocuments &documents) : m_documents(documents) {}
    std::string_view name() const noexcept override { return "documents"; }
    boost::asio::awaitable<proxy::Next> run(proxy::RequestContext &context) override;

private:
    TenantDocuments &m_documents;
};

} // namespace bulkhead::daemon
