#include "Stages.h"

#include "PolicyStore.h"

namespace bulkhead::proxy {
namespace {

using protocol::ApiErrorCode;
using protocol::ApiException;

// The token of an `Authorization: Bearer ...` header; the scheme is case-insensitive (RFC 7235).
std::string_view bearerOf(std::string_view authorization)
{
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() <= kScheme.size())
        return {};
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
            std::tolower(static_cast<unsigned char>(kScheme[i])))
            return {};
    auto token = authorization.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    return token;
}

} // namespace

boost::asio::awaitable<Next> AuthenticateStage::run(RequestContext &context)
{
    const auto authorization = context.request[boost::beast::http::field::authorization];
    if (authorization.empty())
        throw ApiException(ApiErrorCode::MissingApiKey,
                           "send your Bulkhead API key as Authorization: Bearer bh_live_...");
    context.snapshot = m_services.policy.current();
    if (!context.snapshot)
        throw ApiException(ApiErrorCode::PolicyUnavailable,
                           "the tenant policy store is unavailable; nothing was forwarded");
    auto caller = context.snapshot->authenticateTenant(bearerOf(authorization));
    if (!caller)
        throw ApiException(ApiErrorCode::InvalidApiKey, "the API key is not valid or has been revoked");
    context.tenant = std::move(caller->tenant);
    context.keyId = std::move(caller->keyId);
    openAuditRecord(context);  // from here on, every exit is on the tenant's record
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
