// Fuzzes how bulkheadd's listener reads a request: Beast's request parser under the same
// header and body limits net::HttpServer sets, fed in two pieces split where the input says
// (a request arrives in arbitrary TCP segments), then the fields the daemon reads from every
// request. A parse error is a fine outcome; a crash, leak or undefined behaviour is not.
#include "net/HttpServer.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace http = boost::beast::http;

// Feeds `piece` after what the parser left unconsumed; false once the parser has failed.
bool feed(http::request_parser<http::string_body> &parser, std::string &pending,
          std::string_view piece)
{
    pending.append(piece);
    while (!parser.is_done() && !pending.empty()) {
        boost::beast::error_code ec;
        const std::size_t used = parser.put(boost::asio::buffer(pending), ec);
        pending.erase(0, used);
        if (ec == http::error::need_more)
            return true;
        if (ec)
            return false;
        if (used == 0)
            return true;
    }
    return true;
}

// What the daemon looks at before routing: method, target split at '?', the bearer token,
// keep-alive and the body.
std::size_t touchRequest(const http::request<http::string_body> &request)
{
    std::size_t seen = request.method_string().size() + request.body().size();
    const std::string_view target = request.target();
    const auto question = target.find('?');
    seen += target.substr(0, question).size();
    seen += request[http::field::authorization].size() + request[http::field::if_match].size();
    seen += request[http::field::content_type].size();
    seen += request.keep_alive() ? 1 : 0;
    for (const auto &field : request)
        seen += field.name_string().size() + field.value().size();
    return seen;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const std::string_view input(reinterpret_cast<const char *>(data + 1), size - 1);
    const std::size_t split = data[0] % input.size();

    const bulkhead::net::ServerLimits limits;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.maxHeaderBytes));
    parser.body_limit(static_cast<std::uint64_t>(limits.maxBodyBytes));
    parser.eager(true);

    std::string pending;
    if (!feed(parser, pending, input.substr(0, split)) ||
        !feed(parser, pending, input.substr(split)))
        return 0;
    if (!parser.is_done()) {
        boost::beast::error_code ec;
        parser.put_eof(ec);
        if (ec || !parser.is_done())
            return 0;
    }
    const auto request = parser.release();
    // The limits hold for everything that parsed.
    if (request.body().size() > limits.maxBodyBytes)
        __builtin_trap();
    volatile std::size_t sink = touchRequest(request);
    (void)sink;
    return 0;
}
