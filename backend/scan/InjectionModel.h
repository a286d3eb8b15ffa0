#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulkhead::scan {

// Sparse feature vector: (bucket, value), buckets ascending and unique.
using SparseFeatures = std::vector<std::pair<std::uint32_t, float>>;

// Hashed character n-grams of folded text (TextFolding.h: case, look-alikes and zero-width
// characters folded; whitespace collapsed; ASCII punctuation kept because "<|im_start|>" and
// "###" are signals). Counts are log-scaled and the vector L2-normalised.
SparseFeatures injectionFeatures(std::string_view text, std::uint32_t bucketBits = 18,
                                 std::uint32_t minN = 3, std::uint32_t maxN = 5);

// The text injectionFeatures() hashes: folded, whitespace collapsed, punctuation kept.
std::string foldForClassifier(std::string_view text);

// A logistic-regression model over hashed character n-grams: the statistical half of the
// ingress scanner. Weights are stored quantised to int8 (one scale) so the shipped file is a
// quarter megabyte; the trainer (tools/) produces it reproducibly from ../shared/data/injection.
class InjectionModel final
{
public:
    InjectionModel() = default;
    InjectionModel(std::uint32_t bucketBits, std::uint32_t minN, std::uint32_t maxN);

    // Parses the binary format written by serialize(). Throws core::Error on a bad file.
    static InjectionModel deserialize(std::span<const unsigned char> bytes);
    std::vector<unsigned char> serialize() const;
    // The model compiled into the library (resources/injection_model.bin).
    static const InjectionModel &builtin();

    // Probability in [0,1] that `text` is an injection.
    double score(std::string_view text) const;
    double scoreFeatures(const SparseFeatures &features) const;

    // Training and inspection.
    std::vector<float> &weights() noexcept { return m_weights; }
    const std::vector<float> &weights() const noexcept { return m_weights; }
    float &bias() noexcept { return m_bias; }
    float bias() const noexcept { return m_bias; }
    std::uint32_t bucketBits() const noexcept { return m_bucketBits; }
    std::uint32_t minN() const noexcept { return m_minN; }
    std::uint32_t maxN() const noexcept { return m_maxN; }
    // Fingerprint of the training corpus the model was built from (0 when unknown).
    std::uint64_t corpusHash() const noexcept { return m_corpusHash; }
    void setCorpusHash(std::uint64_t hash) noexcept { m_corpusHash = hash; }
    // Rounds the weights to what serialize() stores, so a trained model scores exactly like
    // the file it is written to.
    void quantize();

private:
    std::vector<float> m_weights;
    float m_bias = 0;
    std::uint32_t m_bucketBits = 18;
    std::uint32_t m_minN = 3;
    std::uint32_t m_maxN = 5;
    std::uint64_t m_corpusHash = 0;
};

} // namespace bulkhead::scan
