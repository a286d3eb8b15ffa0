#pragma once
// What the hardening tests share: bulkheadd in process with its operational log captured,
// raw HTTP exchanges on loopback, and a misbehaving upstream made of plain TCP sockets.

#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "support/TestKeys.h"

#include <QTemporaryDir>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <vector>

namespace bulkhead::hardening {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

// Sends raw bytes and returns the raw answer, read until the server closes, 256 KiB, or
// `timeout` passes without a byte.
inline std::string rawExchange(std::uint16_t port, const std::string &bytes,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10))
{
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes), ec);
    std::string answer(256 * 1024, '\0');
    std::size_t got = 0;
    while (got < answer.size()) {
        const auto n = socket.read_some(asio::buffer(answer.data() + got, answer.size() - got), ec);
        got += n;
        if (ec || n == 0)
            break;
    }
    answer.resize(got);
    return answer;
}

inline int statusOf(const std::string &raw)
{
    return raw.size() > 12 && raw.starts_with("HTTP/1.") ? std::atoi(raw.substr(9, 3).c_str()) : 0;
}

// The `error.code` of a JSON error answer (plain or chunked), or a marker saying why not.
inline std::string errorCodeOf(const std::string &raw)
{
    const auto start = raw.find("\r\n\r\n");
    if (start == std::string::npos)
        return "<no response>";
    auto body = raw.substr(start + 4);
    if (const auto brace = body.find('{'); brace != std::string::npos)
        body = body.substr(brace);
    if (const auto end = body.rfind('}'); end != std::string::npos)
        body = body.substr(0, end + 1);
    const auto doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.contains("error") || !doc["error"].contains("code"))
        return "<no error json>";
    return doc["error"]["code"].get<std::string>();
}

inline std::string httpRequest(const std::string &method, const std::string &target,
                               const std::string &body, const std::string &bearer = {},
                               const std::string &extraHeaders = {})
{
    return method + " " + target +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           (bearer.empty() ? std::string() : "Authorization: Bearer " + bearer + "\r\n") +
           extraHeaders + "Content-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

inline std::string chatBody(const std::string &text, bool stream = false)
{
    return json{{"model", "m"},
                {"stream", stream},
                {"messages", json::array({{{"role", "user"}, {"content", text}}})}}
        .dump();
}

// bulkheadd in this process, every operational log line kept for inspection.
class DaemonUnderTest
{
public:
    explicit DaemonUnderTest(daemon::DaemonConfig config) : m_config(std::move(config))
    {
        m_config.listen = "127.0.0.1:0";
        m_config.keyProvider = "file";
        m_config.keyFile = testsupport::testMasterKeyFile();
        m_config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
        m_daemon = std::make_unique<daemon::Daemon>(
            m_config,
            [this](std::string_view level, std::string_view event, std::string_view detail) {
                std::lock_guard lock(m_logMutex);
                m_log.push_back(std::string(level) + " " + std::string(event) + " " +
                                std::string(detail));
            });
        m_daemon->start();
        std::ifstream(m_config.adminTokenFile) >> m_token;
    }
    ~DaemonUnderTest() { stop(); }

    // Staged shutdown; the log stays readable afterwards.
    void stop()
    {
        if (m_stopped)
            return;
        m_stopped = true;
        m_daemon->shutdown();
        m_daemon->wait();
    }

    std::uint16_t port() const { return m_daemon->port(); }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port()); }
    const std::string &adminToken() const { return m_token; }
    ctl::AdminClient admin() const { return ctl::AdminClient(base(), m_token); }
    const daemon::DaemonConfig &config() const { return m_config; }
    const QTemporaryDir &dir() const { return m_dir; }

    std::string logText() const
    {
        std::lock_guard lock(m_logMutex);
        std::string all;
        for (const auto &line : m_log)
            all += line + "\n";
        return all;
    }
    std::size_t logLines() const
    {
        std::lock_guard lock(m_logMutex);
        return m_log.size();
    }

    int healthz() const { return ctl::networkTransport("GET", base() + "/healthz", {}, {}).status; }

    // A tenant with one data-plane key; returns the key.
    std::string addTenant(const std::string &id, int tier = 1)
    {
        const auto made = admin().call("POST", "/admin/v1/tenants", {{"id", id}, {"tier", tier}});
        if (!made.ok())
            throw std::runtime_error("tenant: " + made.body.dump());
        const auto key = admin().call("POST", "/admin/v1/tenants/" + id + "/keys", json::object());
        if (!key.ok())
            throw std::runtime_error("key: " + key.body.dump());
        return key.body["api_key"].get<std::string>();
    }

    ctl::HttpResult chat(const std::string &key, const std::string &text) const
    {
        return ctl::networkTransport("POST", base() + "/v1/chat/completions", key, chatBody(text));
    }

private:
    QTemporaryDir m_dir;
    daemon::DaemonConfig m_config;
    std::unique_ptr<daemon::Daemon> m_daemon;
    bool m_stopped = false;
    std::string m_token;
    mutable std::mutex m_logMutex;
    std::vector<std::string> m_log;
};

// An upstream that misbehaves on purpose, on raw sockets so nothing in it can be polite by
// accident. Every connection reads one request, then:
enum class UpstreamFault
{
    Hang,          // never answers (a hung server)
    SlowHeader,    // answers with one header byte per 300 ms
    Reset,         // closes with RST (SO_LINGER 0) right after the request
    Garbage,       // writes bytes that are not HTTP, then closes
    EndlessStream, // 200 text/event-stream, one content delta every 20 ms, until the peer leaves
};

class RogueUpstream
{
public:
    explicit RogueUpstream(UpstreamFault fault)
        : m_fault(fault), m_acceptor(m_io, {asio::ip::make_address("127.0.0.1"), 0})
    {
        m_acceptThread = std::thread([this] { acceptLoop(); });
    }
    ~RogueUpstream()
    {
        m_stop = true;
        {
            // Wake the blocking accept, then every blocked connection.
            tcp::socket waker(m_io);
            boost::system::error_code ec;
            waker.connect(m_acceptor.local_endpoint(), ec);
            m_acceptThread.join();
        }
        std::lock_guard lock(m_mutex);
        for (const int fd : m_fds)
            ::shutdown(fd, SHUT_RDWR);
        for (auto &worker : m_workers)
            worker.join();
    }

    std::string baseUrl() const
    {
        return "http://127.0.0.1:" + std::to_string(m_acceptor.local_endpoint().port()) + "/v1";
    }

    std::atomic<int> requests{0};   // requests read completely
    std::atomic<int> peerClosed{0}; // EndlessStream: connections the proxy closed mid-stream
    std::atomic<int> eventsSent{0};

private:
    void acceptLoop()
    {
        for (;;) {
            auto socket = std::make_shared<tcp::socket>(m_io);
            boost::system::error_code ec;
            m_acceptor.accept(*socket, ec);
            if (m_stop || ec)
                return;
            std::lock_guard lock(m_mutex);
            m_fds.push_back(socket->native_handle());
            m_workers.emplace_back([this, socket] { serve(*socket); });
        }
    }

    void serve(tcp::socket &socket)
    {
        boost::system::error_code ec;
        asio::streambuf buffer;
        const auto headerEnd = asio::read_until(socket, buffer, "\r\n\r\n", ec);
        if (ec)
            return;
        std::string head(asio::buffers_begin(buffer.data()),
                         asio::buffers_begin(buffer.data()) +
                             static_cast<std::ptrdiff_t>(headerEnd));
        std::size_t length = 0;
        if (const auto at = head.find("Content-Length: "); at != std::string::npos)
            length = std::stoul(head.substr(at + 16));
        const std::size_t have = buffer.size() - headerEnd;
        if (length > have)
            asio::read(socket, buffer, asio::transfer_exactly(length - have), ec);
        ++requests;
        switch (m_fault) {
        case UpstreamFault::Hang: {
            char byte;
            socket.read_some(asio::buffer(&byte, 1), ec); // until the proxy gives up
            return;
        }
        case UpstreamFault::SlowHeader: {
            const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
            for (const char c : answer) {
                if (m_stop || asio::write(socket, asio::buffer(&c, 1), ec) == 0 || ec)
                    return;
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
            }
            return;
        }
        case UpstreamFault::Reset: {
            const linger hard{1, 0};
            ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            socket.close(ec);
            return;
        }
        case UpstreamFault::Garbage: {
            static constexpr char kJunk[] = "\x16\x03\x01 SSH-2.0-nonsense\0\xff\xfe\r\n\r\n";
            const std::string junk =
                std::string(kJunk, sizeof kJunk - 1) + std::string(4096, '\x7f');
            asio::write(socket, asio::buffer(junk), ec);
            socket.shutdown(tcp::socket::shutdown_send, ec);
            char byte;
            socket.read_some(asio::buffer(&byte, 1), ec);
            return;
        }
        case UpstreamFault::EndlessStream: {
            asio::write(
                socket,
                asio::buffer(std::string("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                         "Transfer-Encoding: chunked\r\n\r\n")),
                ec);
            const std::string event =
                R"(data: {"choices":[{"index":0,"delta":{"content":"tick "}}]})"
                "\n\n";
            char size[16];
            std::snprintf(size, sizeof size, "%zx\r\n", event.size());
            const std::string chunk = size + event + "\r\n";
            while (!m_stop) {
                asio::write(socket, asio::buffer(chunk), ec);
                if (ec) {
                    ++peerClosed;
                    return;
                }
                ++eventsSent;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            return;
        }
        }
    }

    UpstreamFault m_fault;
    asio::io_context m_io;
    tcp::acceptor m_acceptor;
    std::atomic<bool> m_stop{false};
    std::thread m_acceptThread;
    std::mutex m_mutex;
    std::vector<int> m_fds;
    std::vector<std::thread> m_workers;
};

} // namespace bulkhead::hardening
