#include "AdminClient.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

namespace bulkhead::ctl {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct ParsedUrl
{
    bool tls = false;
    std::string host;
    std::string port;
    std::string target;
};

bool parseUrl(const std::string &url, ParsedUrl &out)
{
    std::string rest;
    if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else if (url.starts_with("https://")) {
        out.tls = true;
        rest = url.substr(8);
    } else {
        return false;
    }
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    out.target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (authority.starts_with("[")) {  // [::1]:8080
        const auto close = authority.find(']');
        if (close == std::string::npos)
            return false;
        out.host = authority.substr(1, close - 1);
        out.port = close + 1 < authority.size() && authority[close + 1] == ':'
                       ? authority.substr(close + 2)
                       : "";
    } else {
        const auto colon = authority.rfind(':');
        out.host = authority.substr(0, colon);
        out.port = colon == std::string::npos ? "" : authority.substr(colon + 1);
    }
    if (out.port.empty())
        out.port = out.tls ? "443" : "80";
    return !out.host.empty();
}

template <typename Stream>
HttpResult exchange(Stream &stream, const ParsedUrl &url, const std::string &method,
                    const std::string &bearer, const std::string &body)
{
    http::request<http::string_body> request{http::string_to_verb(method), url.target, 11};
    request.set(http::field::host, url.host);
    request.set(http::field::user_agent, "bulkheadctl/" BULKHEAD_VERSION);
    request.set(http::field::accept, "application/json");
    if (!bearer.empty())
        request.set(http::field::authorization, "Bearer " + bearer);
    if (!body.empty()) {
        request.set(http::field::content_type, "application/json");
        request.body() = body;
    }
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(512 * 1024 * 1024);
    http::read(stream, buffer, parser);
    return {static_cast<int>(parser.get().result_int()), parser.get().body(), {}};
}

} // namespace

HttpResult networkTransport(const std::string &method, const std::string &url,
                            const std::string &bearer, const std::string &body)
{
    ParsedUrl parsed;
    if (!parseUrl(url, parsed))
        return {0, {}, "not an http:// or https:// URL: " + url};
    try {
        asio::io_context io;
        asio::ip::tcp::resolver resolver(io);
        const auto endpoints = resolver.resolve(parsed.host, parsed.port);
        if (!parsed.tls) {
            beast::tcp_stream stream(io);
            stream.expires_after(std::chrono::minutes(10));
            stream.connect(endpoints);
            auto result = exchange(stream, parsed, method, bearer, body);
            beast::error_code ignored;
            stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            return result;
        }
        asio::ssl::context tls(asio::ssl::context::tls_client);
        tls.set_default_verify_paths();
        tls.set_verify_mode(asio::ssl::verify_peer);
        beast::ssl_stream<beast::tcp_stream> stream(io, tls);
        // SNI; SSL_set_tlsext_host_name is a macro with a C cast, so call what it expands to.
        if (!SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                      TLSEXT_NAMETYPE_host_name, const_cast<char *>(parsed.host.c_str())))
            return {0, {}, "TLS: cannot set the server name"};
        stream.set_verify_callback(asio::ssl::host_name_verification(parsed.host));
        beast::get_lowest_layer(stream).expires_after(std::chrono::minutes(10));
        beast::get_lowest_layer(stream).connect(endpoints);
        stream.handshake(asio::ssl::stream_base::client);
        return exchange(stream, parsed, method, bearer, body);
    } catch (const std::exception &e) {
        return {0, {}, e.what()};
    }
}

AdminClient::AdminClient(std::string baseUrl, std::string token, HttpTransport transport)
    : m_baseUrl(std::move(baseUrl)), m_token(std::move(token)), m_transport(std::move(transport))
{
    while (!m_baseUrl.empty() && m_baseUrl.back() == '/')
        m_baseUrl.pop_back();
}

AdminClient::Reply AdminClient::call(const std::string &method, const std::string &path,
                                     const nlohmann::json &body) const
{
    const auto result = m_transport(method, m_baseUrl + path, m_token,
                                    body.is_null() ? std::string() : body.dump());
    if (result.status == 0) {
        nlohmann::json error{{"code", "connection_failed"},
                             {"message", "cannot reach the daemon at " + m_baseUrl + ": " +
                                             result.transportError}};
        return {0, {{"error", std::move(error)}}};
    }
    auto parsed = nlohmann::json::parse(result.body, nullptr, false);
    if (parsed.is_discarded()) {
        parsed = {{"error",
                   {{"code", "bad_response"},
                    {"message", "the daemon answered HTTP " + std::to_string(result.status) +
                                    " without JSON"}}}};
    }
    return {result.status, std::move(parsed)};
}

} // namespace bulkhead::ctl
