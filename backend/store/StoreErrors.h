#pragma once

#include "core/Error.h"

#include <string_view>
#include <utility>

namespace bulkhead::store {

// The repository edge: libpqxx exceptions never leave backend/store, callers see core::Error.
// By SQLSTATE: 23505 and 23503 -> Conflict; 23514, 23502 and class 22 -> InvalidArgument;
// 40001 and 40P01 (and any rollback the server forced) -> Retry; class 08, 57P01-57P03,
// class 53 and 25006 (a write reached a server that is now a read-only standby, as after a
// failover) -> Unavailable; anything else -> Internal.
core::ErrorCode errorCodeForSqlState(std::string_view sqlstate) noexcept;

// Only inside a catch block: whether the connection the failed work used should go back to a
// pool. Not when the error says the server is gone, restarting, or no longer the primary: the
// next lease then connects afresh, and a multi-host connection string finds the new primary.
// This asks what the server said, not what callers are told: a refusal of Bulkhead's own (a
// core::Error, such as "no synchronous standby") and a server short of resources (class 53)
// are Unavailable to callers, yet the session is sound and keeps its prepared statements.
bool connectionOutlivesError() noexcept;

// Only inside a catch block: rethrows the exception in flight as core::Error. A core::Error
// passes through unchanged; a pqxx exception becomes "<operation>: <first line of the server
// message>" (the DETAIL lines, which can quote row values, are dropped).
[[noreturn]] void rethrowAsStoreError(std::string_view operation);

template <typename Fn> decltype(auto) translateStoreErrors(std::string_view operation, Fn &&fn)
{
    try {
        return std::forward<Fn>(fn)();
    } catch (...) {
        rethrowAsStoreError(operation);
    }
}

} // namespace bulkhead::store
