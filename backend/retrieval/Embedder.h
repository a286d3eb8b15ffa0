#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace bulkhead::retrieval {

// Deterministic text embeddings without a model: character trigrams of the lower-cased text
// (with start and end markers) are hashed into `dimensions` signed buckets and the vector is
// L2-normalised. Texts sharing many trigrams get a high cosine similarity, which is enough for
// retrieval tests to be meaningful; equal texts get equal vectors on every machine.
class Embedder final
{
public:
    static constexpr std::size_t kMaxDimensions = 4096;

    explicit Embedder(std::size_t dimensions);

    std::vector<float> embed(std::string_view text) const;
    std::size_t dimensions() const noexcept { return m_dimensions; }

private:
    std::size_t m_dimensions;
};

} // namespace bulkhead::retrieval
