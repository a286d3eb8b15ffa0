#include "Database.h"

#include "StoreErrors.h"
#include "core/Error.h"

#include <pqxx/except>

namespace bulkhead::store {

using core::Error;
using core::ErrorCode;

std::unique_ptr<pqxx::connection> openConnection(const std::string &dsn)
{
    return translateStoreErrors("connect to PostgreSQL", [&] {
        auto connection = std::make_unique<pqxx::connection>(dsn);
        // NOTICEs ("already exists, skipping") would otherwise go to stderr on every
        // idempotent DDL statement; warnings and errors still arrive.
        connection->set_variable("client_min_messages", "warning");
        return connection;
    });
}

std::string withStatementTimeout(const std::string &dsn, std::chrono::milliseconds timeout)
{
    const std::string option = "-c statement_timeout=" + std::to_string(timeout.count());
    if (dsn.starts_with("postgresql://") || dsn.starts_with("postgres://")) {
        std::string encoded;  // percent-encoded for the URI's query
        for (const char c : option)
            encoded += c == ' ' ? std::string("%20") : c == '=' ? std::string("%3D") : std::string(1, c);
        return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "options=" + encoded;
    }
    return dsn + (dsn.empty() ? "" : " ") + "options=" + conninfoValue(option);
}

std::string conninfoValue(std::string_view value)
{
    bool plain = !value.empty();
    for (char c : value) {
        if (c == ' ' || c == '\'' || c == '\\' || c == '\t' || c == '\n' || c == '\r')
            plain = false;
    }
    if (plain)
        return std::string(value);
    std::string quoted = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    quoted += '\'';
    return quoted;
}

bool isSafeIdentifier(std::string_view name) noexcept
{
    if (name.empty() || name.size() > 63)
        return false;
    if (!((name.front() >= 'a' && name.front() <= 'z') || name.front() == '_'))
        return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

std::string quotedIdentifier(pqxx::connection_base &connection, std::string_view name,
                             const std::string &field)
{
    if (!isSafeIdentifier(name))
        throw Error(ErrorCode::InvalidArgument,
                    field + ": must match ^[a-z_][a-z0-9_]{0,62}$ (lower-case letters, digits and "
                            "underscores, at most 63 characters)",
                    field);
    return connection.quote_name(std::string(name));
}

} // namespace bulkhead::store
