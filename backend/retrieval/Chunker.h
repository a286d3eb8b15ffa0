#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::retrieval {

struct ChunkOptions
{
    std::size_t maxBytes = 800;  // a chunk never exceeds this (UTF-8 bytes)
    std::size_t overlapBytes = 120;  // text repeated from the end of the previous chunk
};

// Splits well-formed UTF-8 into chunks for embedding: each cut is at a paragraph break, else a
// sentence end, else whitespace, else a code-point boundary, in the last third of the window;
// never inside a code point. Neighbouring chunks overlap so an answer that spans a cut is still
// found. Whitespace-only input gives no chunks.
std::vector<std::string> chunkText(std::string_view text, const ChunkOptions &options = {});

} // namespace bulkhead::retrieval
