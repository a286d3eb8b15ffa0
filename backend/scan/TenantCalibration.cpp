#include "TenantCalibration.h"

#include "core/Error.h"

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

} // namespace bulkhead::scan
