#include "core/JsonLimits.h"
#include "core/JsonParse.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <random>

using namespace bulkhead::core;
using nlohmann::json;

namespace {

// The depth nlohmann's parser sees: the oracle for the count made without parsing.
std::size_t domDepth(const json &value)
{
    if (!value.is_structured())
        return 0;
    std::size_t deepest = 0;
    for (const auto &child : value)
        deepest = std::max(deepest, domDepth(child));
    return deepest + 1;
}

// Strings full of what the count must not take for structure: brackets, quotes and backslashes,
// at every alignment against the eight-byte steps.
std::string trickyText(std::mt19937 &rng)
{
    static const std::string alphabet = "ab[]{}\"\\ \n/x0";
    std::string text(std::uniform_int_distribution<std::size_t>(0, 30)(rng), 'a');
    for (char &c : text)
        c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    return text;
}

json randomDocument(std::mt19937 &rng, int depth)
{
    const int kind = std::uniform_int_distribution<int>(0, depth > 8 ? 1 : 3)(rng);
    if (kind == 0)
        return trickyText(rng);
    if (kind == 1)
        return 42;
    json node = kind == 2 ? json::array() : json::object();
    for (int i = std::uniform_int_distribution<int>(0, 3)(rng); i > 0; --i) {
        if (node.is_array())
            node.push_back(randomDocument(rng, depth + 1));
        else
            node[trickyText(rng)] = randomDocument(rng, depth + 1);
    }
    return node;
}

} // namespace

class TestJsonLimits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void depth_data();
    void depth();
    void stopsAboveTheLimit();
    void matchesTheParser();
    void parserBoundsTheDepth_data();
    void parserBoundsTheDepth();
    void parserBoundMatchesTheDocument();
};

void TestJsonLimits::depth_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("scalar") << QByteArray("42") << 0;
    QTest::newRow("flat") << QByteArray(R"({"a":1})") << 1;
    QTest::newRow("nested") << QByteArray(R"([[{"a":[1]}]])") << 4;
    QTest::newRow("brackets in a string") << QByteArray(R"(["[[[[{{{{"])") << 1;
    QTest::newRow("escaped quote then bracket") << QByteArray(R"(["abcdefgh\"[[[[", [1]])") << 2;
    QTest::newRow("escaped backslash ends the string") << QByteArray(R"(["abcdefg\\", [[1]]])") << 3;
    QTest::newRow("unterminated string") << QByteArray(R"(["abcdefghijklmnop[[[[)") << 1;
    QTest::newRow("closing more than opened") << QByteArray("]]][[") << 2;
}

void TestJsonLimits::depth()
{
    QFETCH(QByteArray, text);
    QFETCH(int, expected);
    QCOMPARE(jsonNestingDepth(std::string_view(text.constData(), text.size())), std::size_t(expected));
}

void TestJsonLimits::stopsAboveTheLimit()
{
    const std::string deep(100000, '[');
    QCOMPARE(jsonNestingDepth(deep), kMaxJsonDepth + 1);
    QCOMPARE(jsonNestingDepth(deep, 3), std::size_t(4));
}

void TestJsonLimits::matchesTheParser()
{
    std::mt19937 rng(0xD0C);
    for (int i = 0; i < 3000; ++i) {
        const json document = randomDocument(rng, 0);
        QCOMPARE(jsonNestingDepth(document.dump(), 1000), domDepth(document));
    }
}

void TestJsonLimits::parserBoundsTheDepth_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<bool>("tooDeep");
    const auto nested = [](std::size_t depth) {
        return QByteArray(static_cast<int>(depth), '[') + QByteArray(static_cast<int>(depth), ']');
    };
    const int limit = static_cast<int>(kMaxJsonDepth);
    QTest::newRow("at the limit") << nested(kMaxJsonDepth) << limit << true << false;
    QTest::newRow("one above") << nested(kMaxJsonDepth + 1) << limit << false << true;
    QTest::newRow("100,000 open, never closed") << QByteArray(100000, '[') << limit << false << true;
    QTest::newRow("objects count as arrays do") << QByteArray(R"({"a":{"b":[1]}})") << 2 << false << true;
    QTest::newRow("brackets in a string do not count") << QByteArray(R"(["[[[[{{{{"])") << 1 << true << false;
    QTest::newRow("a scalar at depth zero") << QByteArray("42") << 0 << true << false;
    QTest::newRow("not JSON, shallow") << QByteArray("[1,]") << limit << false << false;
    QTest::newRow("not JSON after too deep") << QByteArray("[[[[x") << 2 << false << true;
}

// core::parseJson bounds the nesting while it reads: refused and said so above the bound.
void TestJsonLimits::parserBoundsTheDepth()
{
    QFETCH(QByteArray, text);
    QFETCH(int, maxDepth);
    QFETCH(bool, accepted);
    QFETCH(bool, tooDeep);
    bool deep = !tooDeep;  // must be overwritten
    const auto document = parseJson(std::string_view(text.constData(), text.size()),
                                    static_cast<std::size_t>(maxDepth), &deep);
    QCOMPARE(document.has_value(), accepted);
    QCOMPARE(deep, tooDeep);
}

// For every bound, a valid document is refused as too deep exactly when nlohmann's document is
// deeper than the bound, and read whole otherwise.
void TestJsonLimits::parserBoundMatchesTheDocument()
{
    std::mt19937 rng(0xDE9);
    for (int i = 0; i < 2000; ++i) {
        const json document = randomDocument(rng, 0);
        const std::string text = document.dump();
        const std::size_t depth = domDepth(document);
        for (std::size_t bound = 0; bound <= 11; ++bound) {
            bool deep = false;
            const auto parsed = parseJson(text, bound, &deep);
            QCOMPARE(deep, depth > bound);
            QCOMPARE(parsed.has_value(), depth <= bound);
            if (parsed)
                QVERIFY(*parsed == document);
        }
    }
}

QTEST_APPLESS_MAIN(TestJsonLimits)
#include "tst_jsonlimits.moc"
