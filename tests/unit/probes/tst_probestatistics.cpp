#include "probes/ProbeStatistics.h"

#include <QtTest>

#include <cmath>

using namespace bulkhead::probes;

class TestProbeStatistics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void studentT_data();
    void studentT();
    void welch();
};

void TestProbeStatistics::studentT_data()
{
    // Reference values of the t distribution's CDF (standard tables).
    QTest::addColumn<double>("t");
    QTest::addColumn<double>("df");
    QTest::addColumn<double>("cdf");
    QTest::newRow("t=0") << 0.0 << 5.0 << 0.5;
    QTest::newRow("t=2.015, df=5") << 2.015 << 5.0 << 0.95;
    QTest::newRow("t=2.228, df=10") << 2.228 << 10.0 << 0.975;
    QTest::newRow("t=-2.228, df=10") << -2.228 << 10.0 << 0.025;
    QTest::newRow("t=2.457, df=30") << 2.457 << 30.0 << 0.99;
    QTest::newRow("t=1.96, df=1e6") << 1.96 << 1e6 << 0.975;
}

void TestProbeStatistics::studentT()
{
    QFETCH(double, t);
    QFETCH(double, df);
    QFETCH(double, cdf);
    QVERIFY2(std::fabs(studentTCdf(t, df) - cdf) < 5e-4, qPrintable(QString::number(studentTCdf(t, df))));
}

void TestProbeStatistics::welch()
{
    // Cold prefills around 10 ms against cache hits around 0.6 ms: overwhelming evidence.
    const std::vector<double> cold{9.8, 10.1, 9.7, 10.3, 9.9};
    const std::vector<double> hit{0.6, 0.5, 0.7, 0.6, 0.65};
    const auto strong = welchTest(cold, hit);
    QVERIFY(strong.t > 20);
    QVERIFY(strong.pGreater < 1e-6);
    // Same distribution: no evidence either way.
    const std::vector<double> other{9.9, 10.0, 9.8, 10.2, 9.95};
    const auto none = welchTest(cold, other);
    QVERIFY(none.pGreater > 0.2);
    // Welch-Satterthwaite degrees of freedom stay within [min(n)-1, n1+n2-2].
    QVERIFY(strong.df >= 4 && strong.df <= 8);
    const auto summary = summarise(cold);
    QCOMPARE(summary.count, std::size_t{5});
    QVERIFY(std::fabs(summary.mean - 9.96) < 1e-9);
    QVERIFY(welchTest({1.0}, {2.0, 3.0}).pGreater == 1.0);  // too few samples: no claim
}

QTEST_APPLESS_MAIN(TestProbeStatistics)
#include "tst_probestatistics.moc"
