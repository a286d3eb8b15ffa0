#pragma once

#include "EgressFinding.h"
#include "EgressPolicy.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

class EgressScanner;

// What one feed() or finish() produced.
struct EgressChunkResult
{
    // Bytes the proxy may send to the client now, redacted where the policy says so. Bytes that
    // could still begin a match are held back and come out of a later feed() or finish().
    std::string release;
    std::vector<EgressFinding> findings;  // every hit in this step, for the audit record
    // A blocking finding ended the stream: `release` stops before the match; send the error
    // (streaming: an error event) and nothing else. Later feed() calls release nothing.
    bool blocked = false;
};

// How much one stream held back, feed by feed. No clock here: a caller that wants durations
// notes the time of each feed() and compares bytesIn() - heldBytes() against it.
struct EgressHoldStats
{
    std::uint64_t feeds = 0;         // feed() calls
    std::uint64_t feedsHeld = 0;     // feed() calls after which some bytes were still held back
    std::uint64_t heldBytesSum = 0;  // bytes held back after each feed(), summed
    std::size_t maxHeldBytes = 0;    // the most held back after any feed()
};

// Scans one response for one requesting tenant, chunk by chunk (SSE deltas or a whole body),
// with the scanner that was current when the response started: a rebuild never changes a
// stream in flight. Matches are found across any chunk boundary, and in block mode nothing
// from the start of a match is ever released, because the stream holds back exactly the text
// that may still become part of a match (a partial canary, secret prefix or key body, the words
// a fingerprint in progress may complete on, an encoded run that could decode to one; at most
// kMaxHoldBytes raw bytes) and releases everything before it at once (README: Block
// semantics). Not thread-safe: one stream belongs to one response.
//
// Feed it the text the client will read (decoded text of one output channel: proxy/ResponseWalker feeds each its own stream), not
// the raw SSE framing: JSON escapes and event boundaries would otherwise split every pattern.
class EgressStream final
{
public:
    // Upper bound on held-back raw bytes. A match spread over more than this (say letters
    // separated by a kilobyte of whitespace) is still found and reported, but part of it may
    // have been released already.
    static constexpr std::size_t kMaxHoldBytes = 1024;

    EgressStream(std::shared_ptr<const EgressScanner> scanner, std::string_view requestingTenant,
                 const EgressPolicy &policy = {});
    ~EgressStream();
    EgressStream(EgressStream &&) noexcept;
    EgressStream &operator=(EgressStream &&) noexcept;
    EgressStream(const EgressStream &) = delete;
    EgressStream &operator=(const EgressStream &) = delete;

    EgressChunkResult feed(std::string_view chunk);
    // End of the response: flushes everything held back (after a final scan).
    EgressChunkResult finish();
    // feed(chunk) and finish() in one pass, for a text that is whole: the same findings, all of
    // the text released (or blocked), and no hold-back to work out on the way.
    EgressChunkResult feedLast(std::string_view chunk);

    bool blocked() const noexcept;
    bool finished() const noexcept;
    std::uint64_t bytesIn() const noexcept;
    std::size_t heldBytes() const noexcept;
    const EgressHoldStats &holdStats() const noexcept;
    const std::shared_ptr<const EgressScanner> &scanner() const noexcept;

    // Memory of this stream apart from Hyperscan's stream state (object, rings, held bytes).
    std::size_t stateBytes() const noexcept;
    // Hyperscan's own per-stream state (all channels).
    std::size_t hyperscanStateBytes() const noexcept;

private:
    struct State;
    EgressChunkResult feedSlices(std::string_view chunk, bool last);
    std::unique_ptr<State> m_state;
};

} // namespace bulkhead::scan
