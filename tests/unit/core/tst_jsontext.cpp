#include "core/JsonText.h"

#include <QtTest>

#include <random>

using namespace bulkhead::core;
using nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

// nlohmann's own text, or the exception's id when it refuses (strict, invalid UTF-8).
std::string reference(const json &value, const JsonTextOptions &options)
{
    try {
        return value.dump(-1, ' ', options.ensureAscii, options.invalidUtf8);
    } catch (const json::exception &e) {
        return "refused " + std::to_string(e.id);
    }
}

std::string fast(const json &value, const JsonTextOptions &options)
{
    try {
        return jsonText(value, options);
    } catch (const json::exception &e) {
        return "refused " + std::to_string(e.id);
    }
}

const std::vector<JsonTextOptions> &allOptions()
{
    using H = json::error_handler_t;
    static const std::vector<JsonTextOptions> options{
        {false, H::replace}, {true, H::replace}, {false, H::strict}, {true, H::strict}, {false, H::ignore}, {true, H::ignore},
    };
    return options;
}

// A string from a small alphabet that has every class the shortcut must send to nlohmann,
// in runs long enough to cross its 8-byte words at every alignment.
std::string randomText(std::mt19937 &rng)
{
    static const std::vector<std::string> pieces{
        "a", "Z", "0", " ", "~", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r", "\x01", std::string(1, '\0'), "\x1f", "\x7f",
        "\xc3\xa9", "\xe2\x80\x8b", "\xf0\x9f\x98\x80", "\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf",
    };
    std::uniform_int_distribution<std::size_t> length(0, 40);
    std::uniform_int_distribution<int> plain(0, 3);
    std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
    std::string text;
    for (std::size_t i = length(rng); i > 0; --i)
        text += plain(rng) != 0 ? std::string(1, static_cast<char>('a' + i % 26)) : pieces[piece(rng)];
    return text;
}

json randomValue(std::mt19937 &rng, int depth)
{
    std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
    switch (kind(rng)) {
    case 0: return nullptr;
    case 1: return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    case 2: return std::uniform_int_distribution<std::int64_t>(INT64_MIN, INT64_MAX)(rng);
    case 3: return std::uniform_int_distribution<std::uint64_t>(0, UINT64_MAX)(rng);
    case 4: return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 5: return randomText(rng);
    case 6: {
        json array = json::array();
        for (int i = std::uniform_int_distribution<int>(0, 4)(rng); i > 0; --i)
            array.push_back(randomValue(rng, depth + 1));
        return array;
    }
    default: {
        json object = json::object();
        for (int i = std::uniform_int_distribution<int>(0, 4)(rng); i > 0; --i)
            object[randomText(rng)] = randomValue(rng, depth + 1);
        return object;
    }
    }
}

} // namespace

class TestJsonText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameBytesAsNlohmann_data();
    void sameBytesAsNlohmann();
    void randomDocumentsMatch();
    void stringLiteralMatches();
    void appendsWithoutClearing();
};

void TestJsonText::sameBytesAsNlohmann_data()
{
    QTest::addColumn<std::string>("text");
    QTest::newRow("chat answer") << std::string(
        R"({"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"content":"Hello there","role":"assistant"}}],)"
        R"("created":1796589166,"id":"chatcmpl-1","model":"m","object":"chat.completion","usage":{"total_tokens":83}})");
    QTest::newRow("empty containers") << std::string(R"({"a":[],"b":{},"c":""})");
    QTest::newRow("escapes") << std::string(R"(["quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007 del \u007f"])");
    QTest::newRow("escaped key") << std::string(R"({"k\"ey\n":1,"plain":2})");
    QTest::newRow("non-ASCII") << std::string(R"(["caf\u00e9 \u200b \ud83d\ude00 na\u00efve"])");
    QTest::newRow("numbers") << std::string(R"([0,-1,9223372036854775807,-9223372036854775808,18446744073709551615,0.1,-2.5e-7,1e300,3.0])");
    QTest::newRow("literals") << std::string(R"([true,false,null])");
    QTest::newRow("exactly eight bytes") << std::string(R"(["abcdefgh","abcdefg\"","\"bcdefgh","abcdefghi\\"])");
    QTest::newRow("nested") << std::string(R"({"a":{"b":{"c":[1,[2,[3,{"d":"e"}]]]}}})");
}

void TestJsonText::sameBytesAsNlohmann()
{
    QFETCH(std::string, text);
    const json value = json::parse(text);
    for (const auto &options : allOptions())
        QCOMPARE(fast(value, options), reference(value, options));
}

void TestJsonText::randomDocumentsMatch()
{
    // Invalid UTF-8 is in the alphabet: strict must refuse where nlohmann refuses, replace and
    // ignore must print what nlohmann prints.
    std::mt19937 rng(0x5EED);
    int refused = 0;
    for (int i = 0; i < 3000; ++i) {
        const json value = randomValue(rng, 0);
        for (const auto &options : allOptions()) {
            const auto expected = reference(value, options);
            refused += expected.starts_with("refused");
            QCOMPARE(fast(value, options), expected);
        }
    }
    QVERIFY(refused > 0);  // the alphabet did reach the refusal
}

void TestJsonText::stringLiteralMatches()
{
    std::mt19937 rng(0xC0FFEE);
    for (int i = 0; i < 3000; ++i) {
        const std::string text = randomText(rng);
        for (const auto &options : allOptions()) {
            std::string out;
            try {
                appendJsonString(out, text, options);
            } catch (const json::exception &e) {
                out = "refused " + std::to_string(e.id);
            }
            QCOMPARE(out, reference(json(text), options));
        }
    }
}

void TestJsonText::appendsWithoutClearing()
{
    std::string out = "data: ";
    appendJsonText(out, json::parse(R"({"a":[1,"b"]})"));
    QCOMPARE(out, std::string(R"(data: {"a":[1,"b"]})"));
}

QTEST_APPLESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
