#include "models/PrometheusText.h"

#include <QtTest>

using namespace bulkhead::models;

class PrometheusTextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesSamplesLabelsAndSkipsNoise()
    {
        const QByteArray text =
            "# HELP bulkhead_requests_total Data-plane requests.\n"
            "# TYPE bulkhead_requests_total counter\n"
            "bulkhead_requests_total{tenant=\"life\",tier=\"2\",route=\"chat\",status=\"200\"} 7\n"
            "bulkhead_requests_total{tenant=\"property\",tier=\"1\",route=\"chat\",status=\"200\"} 3\n"
            "bulkhead_blocks_total{tenant=\"life\",reason=\"a \\\"quoted\\\" \\\\ reason\"} 2\n"
            "broken_line{tenant=\"x\" 5\n"
            "not_a_number NaNx\n"
            "bulkhead_policy_available 1\n";
        const auto samples = parsePrometheusText(text);
        QCOMPARE(samples.size(), 4);
        QCOMPARE(samples[0].labels.value("tenant"), "life");
        QCOMPARE(samples[2].labels.value("reason"), "a \"quoted\" \\ reason");
        QCOMPARE(sumOf(samples, "bulkhead_requests_total"), 10.0);
        QCOMPARE(sumOf(samples, "bulkhead_requests_total", {{"tier", "2"}}), 7.0);
        QCOMPARE(sumOf(samples, "bulkhead_requests_total", {{"tier", "3"}}), 0.0);
        const auto byTier = sumBy(samples, "bulkhead_requests_total", "tier");
        QCOMPARE(byTier.value("1"), 3.0);
        QCOMPARE(byTier.value("2"), 7.0);
        QCOMPARE(sumOf(samples, "bulkhead_policy_available"), 1.0);
    }
};

QTEST_GUILESS_MAIN(PrometheusTextTest)
#include "tst_prometheustext.moc"
