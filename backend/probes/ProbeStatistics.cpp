#include "ProbeStatistics.h"

#include <cmath>
#include <limits>

namespace bulkhead::probes {
namespace {

// Continued fraction for the regularised incomplete beta function (Lentz's method).
double betaContinuedFraction(double a, double b, double x)
{
    constexpr int kMaxIterations = 300;
    constexpr double kEpsilon = 1e-14;
    constexpr double kTiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    if (std::fabs(d) < kTiny)
        d = kTiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= kMaxIterations; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a - 1.0 + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = std::fabs(d) < kTiny ? kTiny : d;
        c = 1.0 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2));
        d = 1.0 + aa * d;
        d = std::fabs(d) < kTiny ? kTiny : d;
        c = 1.0 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < kEpsilon)
            break;
    }
    return h;
}

double regularisedIncompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                  a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * betaContinuedFraction(a, b, x) / a;
    return 1.0 - front * betaContinuedFraction(b, a, 1.0 - x) / b;
}

} // namespace

SampleSummary summarise(const std::vector<double> &samples)
{
    SampleSummary s;
    s.count = samples.size();
    if (samples.empty())
        return s;
    double sum = 0;
    for (double v : samples)
        sum += v;
    s.mean = sum / static_cast<double>(s.count);
    if (s.count > 1) {
        double squares = 0;
        for (double v : samples)
            squares += (v - s.mean) * (v - s.mean);
        s.stddev = std::sqrt(squares / static_cast<double>(s.count - 1));
    }
    return s;
}

double studentTCdf(double t, double df)
{
    if (!(df > 0))
        return std::numeric_limits<double>::quiet_NaN();
    const double x = df / (df + t * t);
    const double tail = 0.5 * regularisedIncompleteBeta(df / 2.0, 0.5, x);
    return t >= 0 ? 1.0 - tail : tail;
}

WelchResult welchTest(const std::vector<double> &a, const std::vector<double> &b)
{
    WelchResult r;
    const auto sa = summarise(a);
    const auto sb = summarise(b);
    if (sa.count < 2 || sb.count < 2)
        return r;
    const double va = sa.stddev * sa.stddev / static_cast<double>(sa.count);
    const double vb = sb.stddev * sb.stddev / static_cast<double>(sb.count);
    const double se = std::sqrt(va + vb);
    if (se == 0) {
        r.t = sa.mean > sb.mean ? std::numeric_limits<double>::infinity()
                                : (sa.mean < sb.mean ? -std::numeric_limits<double>::infinity() : 0);
        r.df = static_cast<double>(sa.count + sb.count - 2);
        r.pGreater = sa.mean > sb.mean ? 0.0 : 1.0;
        return r;
    }
    r.t = (sa.mean - sb.mean) / se;
    r.df = (va + vb) * (va + vb) /
           (va * va / static_cast<double>(sa.count - 1) + vb * vb / static_cast<double>(sb.count - 1));
    r.pGreater = 1.0 - studentTCdf(r.t, r.df);
    return r;
}

} // namespace bulkhead::probes
