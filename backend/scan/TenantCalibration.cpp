#include "TenantCalibration.h"

#include "core/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace bulkhead::scan {

using core::Error;
using core::ErrorCode;

TenantCalibration calibrateTenantThreshold(const IngressScanner &scanner, std::string tenant,
                                           std::span<const std::string_view> benignSamples, double targetFpr,
                                           bool document)
{
    if (!(targetFpr > 0 && targetFpr <= 0.5))
        throw Error(ErrorCode::InvalidArgument, "the target false-positive rate must be in (0, 0.5]",
                    "target_fpr");
    if (benignSamples.empty())
        throw Error(ErrorCode::InvalidArgument, "no benign samples to calibrate on", "samples");
    if (benignSamples.size() > kMaxCalibrationSamples)
        throw Error(ErrorCode::InvalidArgument,
                    "too many samples (at most " + std::to_string(kMaxCalibrationSamples) + ")", "samples");
    TenantCalibration c;
    c.tenant = std::move(tenant);
    c.document = document;
    c.targetFpr = targetFpr;
    c.samples = benignSamples.size();
    std::vector<double> scores;
    scores.reserve(benignSamples.size());
    for (const auto text : benignSamples)
        scores.push_back(scanner.classify(text, document));
    std::sort(scores.begin(), scores.end(), std::greater<>());
    // At most `allowed` samples may score at or above the threshold: it sits just above the
    // (allowed + 1)-th highest score.
    const auto allowed = static_cast<std::size_t>(std::floor(targetFpr * double(scores.size()) + 1e-9));
    c.sampleTooSmall = allowed == 0 && double(scores.size()) * targetFpr < 1.0;
    const double above = allowed < scores.size()
                             ? std::nextafter(scores[allowed], std::numeric_limits<double>::infinity())
                             : 0.0;
    const double minimum = document ? IngressPolicy::kDefaultDocumentFlag : IngressPolicy::kDefaultPromptFlag;
    c.threshold = std::clamp(above, minimum, 1.0);
    const auto flagged = std::count_if(scores.begin(), scores.end(), [&](double s) { return s >= c.threshold; });
    c.measuredFpr = double(flagged) / double(scores.size());
    return c;
}

nlohmann::json calibrationToJson(const TenantCalibration &c)
{
    nlohmann::json out{{"threshold", c.threshold},
                       {"target_fpr", c.targetFpr},
                       {"measured_fpr", c.measuredFpr},
                       {"samples", c.samples},
                       {"sample_too_small", c.sampleTooSmall}};
    if (!c.calibratedAt.empty())
        out["calibrated_at"] = c.calibratedAt;
    return out;
}

namespace {

TenantCalibration kindFromJson(const nlohmann::json &stored, bool document)
{
    const std::string kind = document ? "document" : "prompt";
    auto fail = [&](const std::string &member, const std::string &what) -> Error {
        return Error(ErrorCode::InvalidArgument, kind + "." + member + ": " + what, kind + "." + member);
    };
    if (!stored.is_object())
        throw Error(ErrorCode::InvalidArgument, kind + ": must be an object", kind);
    auto number = [&](const char *member, double low, double high, bool lowOpen) {
        const auto it = stored.find(member);
        if (it == stored.end() || !it->is_number())
            throw fail(member, "a number is required");
        const double v = it->get<double>();
        if (!(lowOpen ? v > low : v >= low) || !(v <= high))
            throw fail(member, "out of range");
        return v;
    };
    TenantCalibration c;
    c.document = document;
    const double minimum = document ? IngressPolicy::kDefaultDocumentFlag : IngressPolicy::kDefaultPromptFlag;
    c.threshold = number("threshold", minimum, 1.0, false);
    c.targetFpr = number("target_fpr", 0.0, 0.5, true);
    c.measuredFpr = number("measured_fpr", 0.0, 1.0, false);
    const auto samples = stored.find("samples");
    if (samples == stored.end() || !samples->is_number_unsigned() || *samples == 0 ||
        samples->get<std::size_t>() > kMaxCalibrationSamples)
        throw fail("samples", "a count from 1 to " + std::to_string(kMaxCalibrationSamples) + " is required");
    c.samples = samples->get<std::size_t>();
    const auto tooSmall = stored.find("sample_too_small");
    if (tooSmall == stored.end() || !tooSmall->is_boolean())
        throw fail("sample_too_small", "a boolean is required");
    c.sampleTooSmall = tooSmall->get<bool>();
    if (const auto at = stored.find("calibrated_at"); at != stored.end()) {
        if (!at->is_string())
            throw fail("calibrated_at", "a string is required");
        c.calibratedAt = at->get<std::string>();
    }
    for (const auto &[member, value] : stored.items())
        if (member != "threshold" && member != "target_fpr" && member != "measured_fpr" && member != "samples" &&
            member != "sample_too_small" && member != "calibrated_at")
            throw fail(member, "unknown member");
    return c;
}

} // namespace

TenantIngressCalibration ingressCalibrationFromJson(const nlohmann::json &stored)
{
    if (!stored.is_object())
        throw Error(ErrorCode::InvalidArgument, "an ingress calibration must be an object", "ingress_calibration");
    TenantIngressCalibration out;
    for (const auto &[kind, value] : stored.items()) {
        if (kind == "prompt")
            out.prompt = kindFromJson(value, false);
        else if (kind == "document")
            out.document = kindFromJson(value, true);
        else
            throw Error(ErrorCode::InvalidArgument, kind + ": unknown kind (allowed: prompt, document)", kind,
                        {"prompt", "document"});
    }
    return out;
}

IngressPolicy ingressPolicyFor(const TenantIngressCalibration &calibration)
{
    IngressPolicy policy;
    auto apply = [](IngressThresholds &thresholds, const std::optional<TenantCalibration> &c) {
        if (!c)
            return;
        thresholds.flag = c->threshold;
        thresholds.block = std::max(thresholds.block, c->threshold);
    };
    apply(policy.prompt, calibration.prompt);
    apply(policy.document, calibration.document);
    return policy;
}

} // namespace bulkhead::scan
