#pragma once

#include "DaemonConfig.h"
#include "proxy/Pipeline.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <string>
#include <vector>

namespace bulkhead::daemon {

class RetrievalService;

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

private:
    RetrievalService &m_retrieval;
    proxy::PipelineServices &m_services;
    const DaemonConfig &m_config;
    boost::asio::thread_pool &m_db;
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
