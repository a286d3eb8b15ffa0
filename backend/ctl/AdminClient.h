#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace bulkhead::ctl {

struct HttpResult
{
    int status = 0;  // 0: the request never got an answer (see transportError)
    std::string body;
    std::string transportError;
};

// One blocking HTTP exchange. The default goes over the network (http:// or https:// with
// certificate verification); tests substitute their own.
using HttpTransport = std::function<HttpResult(const std::string &method, const std::string &url,
                                               const std::string &bearer,
                                               const std::string &body)>;

HttpResult networkTransport(const std::string &method, const std::string &url,
                            const std::string &bearer, const std::string &body);

// The daemon's admin API as bulkheadctl uses it: JSON in, JSON out, errors as the daemon's
// {"error":{...}} or a local {"error":{"code":"connection_failed"}}.
class AdminClient final
{
public:
    AdminClient(std::string baseUrl, std::string token, HttpTransport transport = networkTransport);

    struct Reply
    {
        int status = 0;
        nlohmann::json body;
        bool ok() const noexcept { return status >= 200 && status < 300; }
    };

    Reply call(const std::string &method, const std::string &path,
               const nlohmann::json &body = nullptr) const;

private:
    std::string m_baseUrl;
    std::string m_token;
    HttpTransport m_transport;
};

} // namespace bulkhead::ctl
