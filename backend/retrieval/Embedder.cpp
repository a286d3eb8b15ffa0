#include "Embedder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace bulkhead::retrieval {

Embedder::Embedder(std::size_t dimensions)
    : m_dimensions(std::clamp<std::size_t>(dimensions, 1, kMaxDimensions))
{
}

std::vector<float> Embedder::embed(std::string_view text) const
{
    std::string padded;
    padded.reserve(text.size() + 2);
    padded.push_back('\x02');
    for (const char raw : text) {
        const auto c = static_cast<unsigned char>(raw);
        padded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : raw);
    }
    padded.push_back('\x03');

    std::vector<double> sums(m_dimensions, 0.0);
    const std::size_t gram = std::min<std::size_t>(3, padded.size());
    for (std::size_t i = 0; i + gram <= padded.size(); ++i) {
        std::uint64_t hash = 14695981039346656037ull;
        for (std::size_t k = 0; k < gram; ++k) {
            hash ^= static_cast<unsigned char>(padded[i + k]);
            hash *= 1099511628211ull;
        }
        hash ^= hash >> 33;
        sums[hash % m_dimensions] += (hash >> 63) != 0 ? -1.0 : 1.0;
    }
    double norm = 0.0;
    for (const double v : sums)
        norm += v * v;
    norm = std::sqrt(norm);
    std::vector<float> out(m_dimensions, 0.0f);
    if (norm == 0.0) {
        // Every trigram cancelled out: fall back to a fixed unit vector rather than zeros.
        out[0] = 1.0f;
        return out;
    }
    for (std::size_t i = 0; i < m_dimensions; ++i)
        out[i] = static_cast<float>(sums[i] / norm);
    return out;
}

} // namespace bulkhead::retrieval
