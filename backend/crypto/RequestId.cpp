#include "RequestId.h"

#include "SecureBytes.h"
#include "core/Error.h"

#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <span>

namespace bulkhead::crypto {
namespace {

constexpr std::size_t kIdBytes = 12;
constexpr std::size_t kBlockBytes = 4096 - 4096 % kIdBytes;

// Bumped in a forked child: every thread's block drawn before the fork is stale there.
std::atomic<std::uint64_t> g_forkGeneration{0};

void onForkInChild() noexcept
{
    g_forkGeneration.fetch_add(1, std::memory_order_relaxed);
}

const bool g_forkHandlerInstalled = [] {
    return pthread_atfork(nullptr, nullptr, onForkInChild) == 0;
}();

struct RandomBlock
{
    std::array<std::uint8_t, kBlockBytes> bytes{};
    std::size_t used = kBlockBytes;  // empty until first drawn
    std::uint64_t generation = 0;
};

} // namespace

std::string newRequestId()
{
    thread_local RandomBlock block;
    const auto generation = g_forkGeneration.load(std::memory_order_relaxed);
    if (block.used == kBlockBytes || block.generation != generation || !g_forkHandlerInstalled) {
        if (RAND_bytes(block.bytes.data(), static_cast<int>(block.bytes.size())) != 1)
            throw core::Error(core::ErrorCode::Internal, "the random number generator failed");
        block.used = 0;
        block.generation = generation;
    }
    auto id = toHex(std::span<const std::uint8_t>(block.bytes).subspan(block.used, kIdBytes));
    block.used += kIdBytes;
    return id;
}

} // namespace bulkhead::crypto
