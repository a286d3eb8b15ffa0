#pragma once

#include "InjectionCorpus.h"
#include "scan/InjectionModel.h"

#include <cstdint>

namespace bulkhead::scan::tools {

struct TrainerOptions
{
    std::uint32_t bucketBits = 18;
    std::uint32_t minN = 3;
    std::uint32_t maxN = 5;
    std::uint32_t epochs = 20;
    double learningRate = 0.5;
    double l2 = 1e-4;
    std::uint64_t seed = 0xB01C4EAD;  // fixed: retraining gives the same file
};

// Logistic regression by SGD over the training split (heldOut == false), classes weighted to
// balance, samples shuffled with a fixed-seed generator of our own (std::shuffle's
// distribution is implementation-defined), weights quantised at the end. Deterministic.
InjectionModel trainInjectionModel(const InjectionCorpus &corpus, const TrainerOptions &options = {});

} // namespace bulkhead::scan::tools
