#pragma once

#include <cstdint>
#include <string_view>

namespace bulkhead::scan {

// What the ingress scanner recommends. For retrieved documents Block means "drop the document".
enum class IngressVerdict : std::uint8_t { Allow, Flag, Block };
std::string_view toString(IngressVerdict verdict) noexcept;

// A score at or above `flag` is reported (verdict flag), at or above `block` refused (a prompt)
// or dropped (a document).
struct IngressThresholds
{
    double flag = 0.5;
    double block = 0.9;
};

// Per-tenant ingress policy. Scores are calibrated probabilities (InjectionModel.h). The
// defaults are where the out-of-fold false-positive rate of the training sources is 5 % (flag)
// and 1 % (block) (bulkhead-train-injection-model prints them; backend/scan/README.md).
// A tenant's calibration from its own benign traffic raises either flag threshold
// (TenantCalibration.h, ingressPolicyFor).
struct IngressPolicy
{
    IngressThresholds prompt{kDefaultPromptFlag, kDefaultPromptBlock};
    IngressThresholds document{kDefaultDocumentFlag, kDefaultDocumentBlock};

    // The trainer's out-of-fold thresholds (FPR 5 % and 1 %), rounded up.
    static constexpr double kDefaultPromptFlag = 0.62;
    static constexpr double kDefaultPromptBlock = 0.85;
    static constexpr double kDefaultDocumentFlag = 0.66;
    static constexpr double kDefaultDocumentBlock = 0.79;
};

} // namespace bulkhead::scan
