#pragma once

#include <vector>

namespace bulkhead::probes {

struct SampleSummary
{
    std::size_t count = 0;
    double mean = 0;
    double stddev = 0;  // sample standard deviation
};

SampleSummary summarise(const std::vector<double> &samples);

struct WelchResult
{
    double t = 0;         // positive when the first sample's mean is larger
    double df = 0;        // Welch-Satterthwaite degrees of freedom
    double pGreater = 1;  // one-sided p-value for "first mean > second mean"
};

// Welch's two-sample t-test (unequal variances). Used by the KV-cache probe: is the attacker's
// time to first token measurably lower than a cold prefill? (If it is, the cache leaks.)
WelchResult welchTest(const std::vector<double> &a, const std::vector<double> &b);

// Student's t distribution: P(T <= t) with `df` degrees of freedom.
double studentTCdf(double t, double df);

} // namespace bulkhead::probes
