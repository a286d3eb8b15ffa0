#pragma once

#include "core/Error.h"

#include <optional>
#include <utility>

namespace bulkhead::testsupport {

// Runs `fn` and returns the core::Error it threw, or nullopt when it returned normally, so a
// test can QVERIFY/QCOMPARE the code, field and message of the error it expects. Any other
// exception propagates and fails the test.
template <typename Fn> std::optional<core::Error> captureError(Fn &&fn)
{
    try {
        std::forward<Fn>(fn)();
    } catch (const core::Error &e) {
        return e;
    }
    return std::nullopt;
}

} // namespace bulkhead::testsupport
