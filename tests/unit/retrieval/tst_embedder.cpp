#include "retrieval/Embedder.h"

#include <QtTest>

#include <cmath>

using namespace bulkhead::retrieval;

namespace {

double dot(const std::vector<float> &a, const std::vector<float> &b)
{
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        sum += double(a[i]) * double(b[i]);
    return sum;
}

} // namespace

class TestEmbedder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalised_data();
    void normalised();
    void deterministic();
    void similarTextsAreCloser();
};

void TestEmbedder::normalised_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("dimensions");
    QTest::newRow("empty") << "" << 256;
    QTest::newRow("word") << "policy" << 256;
    QTest::newRow("sentence") << "Tenant isolation for shared LLM infrastructure" << 64;
    QTest::newRow("one dimension") << "abc" << 1;
    QTest::newRow("large") << QString(2000, QLatin1Char('x')) << 4096;
}

void TestEmbedder::normalised()
{
    QFETCH(QString, text);
    QFETCH(int, dimensions);
    const Embedder embedder{static_cast<std::size_t>(dimensions)};
    const auto v = embedder.embed(text.toStdString());
    QCOMPARE(v.size(), std::size_t(dimensions));
    QVERIFY(std::abs(std::sqrt(dot(v, v)) - 1.0) < 1e-5);
}

void TestEmbedder::deterministic()
{
    const Embedder embedder(128);
    QCOMPARE(embedder.embed("same text"), embedder.embed("same text"));
    QCOMPARE(embedder.embed("Same Text"), embedder.embed("same text"));  // case-folded
    QVERIFY(embedder.embed("same text") != embedder.embed("other text"));
}

void TestEmbedder::similarTextsAreCloser()
{
    const Embedder embedder(512);
    const auto query = embedder.embed("refund policy for damaged goods");
    const auto near = embedder.embed("our refund policy covers damaged goods");
    const auto far = embedder.embed("quarterly revenue grew in the northern region");
    QVERIFY(dot(query, near) > dot(query, far) + 0.2);
}

QTEST_APPLESS_MAIN(TestEmbedder)
#include "tst_embedder.moc"
