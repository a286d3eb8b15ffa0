#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bulkhead::scan {

// An Aho-Corasick automaton over a set of byte strings that answers one question in O(1)
// amortised per byte: how long is the longest suffix of the text read so far that is still the
// beginning of some string of the set (its state's depth)? That suffix is exactly what a
// streaming scan must hold back; everything before it can no longer be part of a match.
// Matching itself is Hyperscan's job: this automaton only bounds the hold-back. Immutable after
// build(), shared between streams; a stream keeps one State per channel.
class PrefixAutomaton final
{
public:
    using State = std::uint32_t;
    static constexpr State kRoot = 0;

    PrefixAutomaton();
    explicit PrefixAutomaton(const std::vector<std::string> &strings);

    State step(State state, unsigned char byte) const noexcept;
    // Length of the longest suffix read so far that begins some string of the set.
    std::uint32_t depth(State state) const noexcept { return m_nodes[state].depth; }
    // A whole string of the set ends here (or a shorter one ends inside this suffix).
    bool accepts(State state) const noexcept { return m_nodes[state].accepts; }
    bool empty() const noexcept { return m_nodes.size() <= 1; }
    std::size_t memoryBytes() const noexcept;

private:
    struct Node
    {
        std::uint32_t firstEdge = 0;
        std::uint32_t edgeCount = 0;
        std::uint32_t fail = 0;
        std::uint32_t depth = 0;
        bool accepts = false;
    };
    struct Edge
    {
        unsigned char byte = 0;
        State to = 0;
    };

    State child(State state, unsigned char byte) const noexcept;

    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;  // each node's edges contiguous, sorted by byte
    std::array<State, 256> m_rootNext{};  // the root's full transition row: most bytes land here
};

} // namespace bulkhead::scan
