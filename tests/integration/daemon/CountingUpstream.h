#pragma once

#include "net/HttpServer.h"
#include "refmodel/RefModelService.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>
#include <string>

namespace bulkhead::testing {

// A reference upstream that also counts what reaches it, so a test can prove that a refused
// request was never forwarded.
struct CountingUpstream
{
    std::unique_ptr<refmodel::RefModelService> service;
    std::unique_ptr<net::HttpServer> server;
    std::atomic<int> chatRequests{0};
    std::atomic<int> embeddingRequests{0};
    std::mutex bodiesMutex;
    std::vector<std::string> chatBodies;  // what reached the upstream, for content checks

    // `hostile`: the engine of bulkhead-refmodel --hostile (see refmodel/HostileAnswer.h).
    explicit CountingUpstream(bool hostile = false)
    {
        refmodel::RefModelOptions options;
        options.prefillPerToken = std::chrono::microseconds(0);
        options.hostile = hostile;
        service = std::make_unique<refmodel::RefModelService>(options);
        net::ServerOptions serverOptions;
        serverOptions.threads = 1;
        auto inner = service->handler();
        server = std::make_unique<net::HttpServer>(
            serverOptions, [this, inner](net::Request &request, net::ResponseWriter &writer) {
                if (request.target().find("/embeddings") != std::string_view::npos)
                    ++embeddingRequests;
                if (request.target().find("chat/completions") != std::string_view::npos) {
                    ++chatRequests;
                    std::lock_guard lock(bodiesMutex);
                    chatBodies.push_back(request.body());
                }
                return inner(request, writer);
            });
        server->start();
    }
    ~CountingUpstream()
    {
        server->shutdown();
        server->wait();
    }

    std::string lastChatBody()
    {
        std::lock_guard lock(bodiesMutex);
        return chatBodies.empty() ? std::string() : chatBodies.back();
    }

    std::string baseUrl() const
    {
        return "http://127.0.0.1:" + std::to_string(server->port()) + "/v1";
    }
};

} // namespace bulkhead::testing
