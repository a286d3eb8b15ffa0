#pragma once

#include "IngressScanner.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bulkhead::scan {

// A flag threshold set from one tenant's own benign traffic, so the false-positive rate that
// tenant sees is stated (measured on its sample) and held (the threshold is the lowest score
// at which at most targetFpr of the sample would be flagged).
struct TenantCalibration
{
    std::string tenant;
    bool document = false;      // calibrated for retrieved documents rather than prompts
    double targetFpr = 0.01;
    double threshold = 0;       // use as IngressThresholds::flag for this tenant
    double measuredFpr = 0;     // share of the sample scoring at or above threshold
    std::size_t samples = 0;
    // True when the sample is too small to resolve the target (fewer than 1 / targetFpr texts):
    // the threshold then sits just above the highest benign score and the rate is an estimate.
    bool sampleTooSmall = false;
    std::string calibratedAt;   // ISO 8601 UTC, set when stored
};

// The threshold is never set below the default flag threshold of its kind: a tenant's sample
// can make the scanner more tolerant of that tenant's traffic; a threshold under the default
// would only add alarms nobody asked for.
// Hostile input stays bounded: the sample size calibrate accepts.
inline constexpr std::size_t kMaxCalibrationSamples = 200000;

// Scores every sample (as a prompt, or as a document) and chooses the threshold. Throws
// core::Error(InvalidArgument) for an empty or oversized sample or a target outside (0, 0.5].
TenantCalibration calibrateTenantThreshold(const IngressScanner &scanner, std::string tenant,
                                           std::span<const std::string_view> benignSamples, double targetFpr,
                                           bool document = false);

// What a tenant has calibrated, per kind; an absent kind scans at the default.
struct TenantIngressCalibration
{
    std::optional<TenantCalibration> prompt;
    std::optional<TenantCalibration> document;
};

// One kind's stored form: {"threshold", "target_fpr", "measured_fpr", "samples",
// "sample_too_small", "calibrated_at"} (the tenant and the kind are where it is stored).
nlohmann::json calibrationToJson(const TenantCalibration &calibration);
// A tenant's stored calibrations, {"prompt": {...}, "document": {...}}, either absent. Checked
// whole: an unknown member, a wrong type or a threshold outside [default flag, 1] throws
// core::Error(InvalidArgument) naming it.
TenantIngressCalibration ingressCalibrationFromJson(const nlohmann::json &stored);
// The policy a tenant is scanned with: a calibrated flag threshold replaces the default, and
// the block threshold never sits under it (so the measured rate bounds blocks as well).
IngressPolicy ingressPolicyFor(const TenantIngressCalibration &calibration);

} // namespace bulkhead::scan
