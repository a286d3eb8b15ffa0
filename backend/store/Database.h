#pragma once

#include <chrono>

#include <memory>
#include <pqxx/connection>
#include <string>
#include <string_view>

namespace bulkhead::store {

// Opens a libpq connection from a conninfo string or URI. A server that cannot be reached (or
// refuses the login) is core::Error(Unavailable); the DSN itself is never put in the message,
// because a production DSN may carry a password.
std::unique_ptr<pqxx::connection> openConnection(const std::string &dsn);

// `value` quoted for a libpq conninfo string ("host='/tmp/a b'"), so socket folders with spaces
// or quotes cannot change the meaning of the DSN.
std::string conninfoValue(std::string_view value);

// `dsn` with every statement limited to `timeout` (libpq `options`, for key=value and URI
// connection strings alike): no query a tenant's work causes can hold a connection for ever.
std::string withStatementTimeout(const std::string &dsn, std::chrono::milliseconds timeout);

// ^[a-z_][a-z0-9_]{0,62}$: the names Bulkhead itself gives to databases, schemas and roles.
// Narrow on purpose, so an identifier is checked where it enters and is still quoted where used.
bool isSafeIdentifier(std::string_view name) noexcept;

// Checks `name` with isSafeIdentifier() (InvalidArgument naming `field` otherwise) and returns
// it quoted by the server's rules (quote_name), ready to splice into DDL.
std::string quotedIdentifier(pqxx::connection_base &connection, std::string_view name,
                             const std::string &field = "name");

} // namespace bulkhead::store
