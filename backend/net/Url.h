#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bulkhead::net {

// "host:port", "[v6]:port" as given on command lines (`--listen 127.0.0.1:0`).
struct HostPort
{
    std::string host;  // without brackets
    std::uint16_t port = 0;
};

// Throws core::Error(InvalidArgument) for a missing or out-of-range port or an empty host.
HostPort parseHostPort(std::string_view text);

// An absolute http(s) URL split the way a client needs it: where to connect, what to ask for.
struct Url
{
    bool secure = false;  // https
    std::string host;     // without brackets; a name (SNI, hostname check) or an IP literal
    std::uint16_t port = 0;
    std::string target = "/";  // path and query, never empty

    // "http://host:port": the connection pool's key.
    std::string origin() const;
    // The Host header value: the port only when it is not the scheme's default.
    std::string hostHeader() const;

    // Throws core::Error(InvalidArgument) for anything but an absolute http or https URL
    // (userinfo and fragments are refused, the port defaults to 80/443).
    static Url parse(std::string_view text);
    // `base` with `path` appended: Url::parse("http://h/v1").join("/chat/completions").
    Url join(std::string_view path) const;
};

} // namespace bulkhead::net
