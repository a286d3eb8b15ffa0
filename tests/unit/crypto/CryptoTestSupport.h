#pragma once

#include "core/Error.h"

#include <optional>
#include <string>

namespace bulkhead::crypto::test {

// The code of the core::Error that `f` throws, or nothing if it returns.
template <typename F>
std::optional<core::ErrorCode> errorCodeOf(F &&f, std::string *message = nullptr)
{
    try {
        f();
    } catch (const core::Error &error) {
        if (message)
            *message = error.what();
        return error.code();
    }
    return std::nullopt;
}

} // namespace bulkhead::crypto::test
