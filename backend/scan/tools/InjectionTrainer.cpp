#include "InjectionTrainer.h"

#include <cmath>
#include <numeric>

namespace bulkhead::scan::tools {
namespace {

std::uint64_t splitmix(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace

InjectionModel trainInjectionModel(const InjectionCorpus &corpus, const TrainerOptions &options)
{
    InjectionModel model(options.bucketBits, options.minN, options.maxN);
    model.setCorpusHash(corpus.hash);
    std::vector<SparseFeatures> features;
    std::vector<int> labels;
    std::size_t positives = 0;
    for (const auto &s : corpus.samples) {
        if (s.heldOut)
            continue;
        features.push_back(injectionFeatures(s.text, options.bucketBits, options.minN, options.maxN));
        labels.push_back(s.label);
        positives += s.label;
    }
    const double n = static_cast<double>(labels.size());
    const double wPos = positives ? n / (2.0 * positives) : 1.0;
    const double wNeg = positives < labels.size() ? n / (2.0 * (n - positives)) : 1.0;

    std::vector<std::size_t> order(labels.size());
    std::iota(order.begin(), order.end(), 0);
    std::uint64_t rng = options.seed;
    auto &w = model.weights();
    double bias = 0;
    for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[splitmix(rng) % i]);
        const double lr = options.learningRate / (1.0 + 0.2 * epoch);
        for (const std::size_t i : order) {
            double z = bias;
            for (const auto &[bucket, value] : features[i])
                z += double(w[bucket]) * value;
            const double p = 1.0 / (1.0 + std::exp(-z));
            const double g = (p - labels[i]) * (labels[i] ? wPos : wNeg);
            bias -= lr * g;
            for (const auto &[bucket, value] : features[i])
                w[bucket] -= static_cast<float>(lr * (g * value + options.l2 * w[bucket]));
        }
    }
    model.bias() = static_cast<float>(bias);
    model.quantize();
    return model;
}

} // namespace bulkhead::scan::tools
