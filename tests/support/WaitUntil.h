#pragma once
// Polling for an asynchronous outcome in a test: waits until the condition holds, or until a
// generous deadline passes. The deadline is long on purpose: a condition that holds ends the wait
// at once, and the sanitizer build on a busy two-core machine runs many times slower than a
// release build, so a short fixed budget fails a correct program. ctest's per-test timeout is
// the outer bound.
#include <QTest>

#include <chrono>

namespace bulkhead::testsupport {

inline constexpr std::chrono::milliseconds kLongWait{std::chrono::minutes(5)};

// Returns whether `done()` held before `limit` passed; events are processed between polls.
template <typename Condition>
bool waitUntil(Condition done, std::chrono::milliseconds limit = kLongWait,
               std::chrono::milliseconds interval = std::chrono::milliseconds(100))
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        QTest::qWait(static_cast<int>(interval.count()));
    }
    return true;
}

} // namespace bulkhead::testsupport
