#include "PrefixAutomaton.h"

#include <algorithm>
#include <map>

namespace bulkhead::scan {

PrefixAutomaton::PrefixAutomaton() : m_nodes(1) {}

PrefixAutomaton::PrefixAutomaton(const std::vector<std::string> &strings)
{
    // The trie, with ordered children so equal sets give equal automata.
    std::vector<std::map<unsigned char, State>> children(1);
    std::vector<Node> nodes(1);
    for (const auto &s : strings) {
        State at = kRoot;
        for (const char c : s) {
            const auto byte = static_cast<unsigned char>(c);
            auto it = children[at].find(byte);
            if (it == children[at].end()) {
                const auto next = static_cast<State>(nodes.size());
                nodes.push_back({0, 0, 0, nodes[at].depth + 1, false});
                children.emplace_back();
                it = children[at].emplace(byte, next).first;
            }
            at = it->second;
        }
        if (!s.empty())
            nodes[at].accepts = true;
    }

    // Flatten the edges; then failure links breadth first (a node's failure is the deepest
    // proper suffix of its string that is also in the trie).
    m_edges.reserve(nodes.size());
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        nodes[n].firstEdge = static_cast<std::uint32_t>(m_edges.size());
        nodes[n].edgeCount = static_cast<std::uint32_t>(children[n].size());
        for (const auto &[byte, to] : children[n])
            m_edges.push_back({byte, to});
    }
    m_nodes = std::move(nodes);
    m_rootNext.fill(kRoot);
    std::vector<State> queue;
    queue.reserve(m_nodes.size());
    for (const auto &[byte, to] : children[kRoot]) {
        m_rootNext[byte] = to;
        queue.push_back(to);
    }
    for (std::size_t q = 0; q < queue.size(); ++q) {
        const State n = queue[q];
        for (const auto &[byte, to] : children[n]) {
            State f = m_nodes[n].fail;
            State target = kRoot;
            for (;;) {
                const State c = f == kRoot ? m_rootNext[byte] : child(f, byte);
                if (c != kRoot || f == kRoot) {
                    target = c;
                    break;
                }
                f = m_nodes[f].fail;
            }
            m_nodes[to].fail = target;
            m_nodes[to].accepts = m_nodes[to].accepts || m_nodes[target].accepts;
            queue.push_back(to);
        }
    }
}

PrefixAutomaton::State PrefixAutomaton::child(State state, unsigned char byte) const noexcept
{
    const Node &n = m_nodes[state];
    const Edge *first = m_edges.data() + n.firstEdge;
    const Edge *last = first + n.edgeCount;
    const Edge *e = std::lower_bound(first, last, byte,
                                     [](const Edge &x, unsigned char b) { return x.byte < b; });
    return e != last && e->byte == byte ? e->to : kRoot;
}

PrefixAutomaton::State PrefixAutomaton::step(State state, unsigned char byte) const noexcept
{
    while (state != kRoot) {
        if (const State c = child(state, byte); c != kRoot)
            return c;
        state = m_nodes[state].fail;
    }
    return m_rootNext[byte];
}

std::size_t PrefixAutomaton::memoryBytes() const noexcept
{
    return sizeof(*this) + m_nodes.capacity() * sizeof(Node) + m_edges.capacity() * sizeof(Edge);
}

} // namespace bulkhead::scan
