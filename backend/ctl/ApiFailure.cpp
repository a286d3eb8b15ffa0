#include "ApiFailure.h"

#include "protocol/ApiError.h"

#include <ostream>

namespace bulkhead::ctl {

int reportApiFailure(CliContext &ctx, const AdminClient::Reply &reply)
{
    if (ctx.json)
        ctx.out << reply.body.dump(2) << "\n";
    const auto member = [&](const char *key, const char *fallback) {
        if (!reply.body.is_object() || !reply.body.contains("error") ||
            !reply.body["error"].is_object())
            return std::string(fallback);
        const auto &error = reply.body["error"];
        const auto it = error.find(key);
        return it != error.end() && it->is_string() ? it->get<std::string>()
                                                    : std::string(fallback);
    };
    const std::string code = member("code", "unknown");
    ctx.err << "bulkheadctl: " << member("message", "request failed") << " (" << code << ")\n";
    const auto known = protocol::apiErrorFromCode(code);
    const int status = known ? protocol::apiErrorInfo(*known).httpStatus : reply.status;
    return status >= 400 && status < 500 && status != 401 && status != 403 ? kExitUsage
                                                                           : kExitFailure;
}

} // namespace bulkhead::ctl
