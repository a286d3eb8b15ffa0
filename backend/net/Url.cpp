#include "Url.h"

#include "core/Error.h"

#include <algorithm>
#include <charconv>

namespace bulkhead::net {
namespace {

using core::Error;
using core::ErrorCode;

[[noreturn]] void bad(std::string_view what, std::string_view text)
{
    throw Error(ErrorCode::InvalidArgument, std::string(what) + ": \"" + std::string(text) + "\"");
}

std::uint16_t parsePort(std::string_view digits, std::string_view text)
{
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
        value > 65535)
        bad("invalid port", text);
    return static_cast<std::uint16_t>(value);
}

// Splits "host", "host:port", "[v6]" or "[v6]:port"; `port` stays empty when absent.
void splitAuthority(std::string_view authority, std::string_view text, std::string &host,
                    std::string_view &port)
{
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            bad("unterminated IPv6 address", text);
        host = std::string(authority.substr(1, close - 1));
        const auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                bad("unexpected text after IPv6 address", text);
            port = rest.substr(1);
            if (port.empty())
                bad("empty port", text);
        }
    } else {
        const auto colon = authority.rfind(':');
        if (colon != std::string_view::npos) {
            host = std::string(authority.substr(0, colon));
            port = authority.substr(colon + 1);
            if (port.empty())
                bad("empty port", text);
        } else {
            host = std::string(authority);
        }
        if (host.find(':') != std::string::npos)
            bad("IPv6 addresses need brackets", text);
    }
    if (host.empty())
        bad("missing host", text);
}

bool isIpv6(const std::string &host)
{
    return host.find(':') != std::string::npos;
}

} // namespace

HostPort parseHostPort(std::string_view text)
{
    HostPort result;
    std::string_view port;
    splitAuthority(text, text, result.host, port);
    if (port.empty())
        bad("missing port (host:port)", text);
    result.port = parsePort(port, text);
    return result;
}

std::string Url::origin() const
{
    std::string out = secure ? "https://" : "http://";
    out += isIpv6(host) ? "[" + host + "]" : host;
    out += ':';
    out += std::to_string(port);
    return out;
}

std::string Url::hostHeader() const
{
    std::string out = isIpv6(host) ? "[" + host + "]" : host;
    if (port != (secure ? 443 : 80))
        out += ":" + std::to_string(port);
    return out;
}

Url Url::parse(std::string_view text)
{
    Url url;
    std::string_view rest;
    constexpr std::string_view http = "http://";
    constexpr std::string_view https = "https://";
    const auto startsWithNoCase = [&](std::string_view prefix) {
        return text.size() >= prefix.size() &&
               std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
                   return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
               });
    };
    if (startsWithNoCase(https)) {
        url.secure = true;
        rest = text.substr(https.size());
    } else if (startsWithNoCase(http)) {
        rest = text.substr(http.size());
    } else {
        bad("URL must start with http:// or https://", text);
    }
    const auto slash = rest.find_first_of("/?#");
    const auto authority = rest.substr(0, slash);
    if (authority.find('@') != std::string_view::npos)
        bad("credentials in URLs are not accepted", text);
    std::string_view port;
    splitAuthority(authority, text, url.host, port);
    url.port = port.empty() ? (url.secure ? 443 : 80) : parsePort(port, text);
    if (slash != std::string_view::npos) {
        auto target = rest.substr(slash);
        if (target.find('#') != std::string_view::npos)
            bad("fragments are not sent to servers", text);
        if (target.front() == '?')
            url.target = "/" + std::string(target);
        else
            url.target = std::string(target);
    }
    for (const char c : url.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            bad("URL contains a space or control character", text);
    return url;
}

Url Url::join(std::string_view path) const
{
    Url out = *this;
    std::string base = target;
    const auto query = base.find('?');
    if (query != std::string::npos)
        base.resize(query);
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (path.empty() || path.front() != '/')
        base += '/';
    out.target = base + std::string(path);
    for (const char c : out.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            bad("path contains a space or control character", path);
    return out;
}

} // namespace bulkhead::net
