#include "core/JsonParse.h"

#include <QtTest>

#include <random>

using namespace bulkhead::core;
using nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

// nlohmann's own answer: the document, or nothing where it refuses.
std::optional<json> reference(std::string_view text)
{
    json document = json::parse(text, nullptr, false);
    if (document.is_discarded())
        return std::nullopt;
    return document;
}

// Equal as documents and in every value's type (5 unsigned is not 5 signed, nor 5.0).
bool sameDocument(const json &a, const json &b)
{
    if (a.type() != b.type())
        return false;
    if (a.is_object()) {
        if (a.size() != b.size())
            return false;
        for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt)
            if (it.key() != jt.key() || !sameDocument(it.value(), jt.value()))
                return false;
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!sameDocument(a[i], b[i]))
                return false;
        return true;
    }
    if (a.is_number_float())  // bit for bit: -0.0 and 0.0 differ here
        return std::signbit(a.get<double>()) == std::signbit(b.get<double>()) && a.get<double>() == b.get<double>();
    return a == b;
}

QString describe(const std::optional<json> &document)
{
    return document ? QString::fromStdString(document->dump(-1, ' ', true, json::error_handler_t::replace)) : "refused";
}

// The one difference, on purpose: nlohmann takes a NUL byte outside a string for the end of
// the input and accepts what came before it ("{}\0anything"); a raw NUL is never valid JSON,
// so parseJson refuses every text that holds one.
bool agrees(std::string_view text)
{
    if (text.find('\0') != std::string_view::npos)
        return !parseJson(text).has_value();
    const auto expected = reference(text);
    const auto actual = parseJson(text);
    if (expected.has_value() != actual.has_value())
        return false;
    return !expected || sameDocument(*expected, *actual);
}

std::string randomValueText(std::mt19937 &rng, int depth)
{
    static const std::vector<std::string> atoms{
        "0", "-0", "7", "-7", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "18446744073709551616", "1.5", "-2.5e-3", "1E+2",
        "0.1", "1e308", "1e-320", "1e-400", "-1e-400", "true", "false", "null",
        R"("")", R"("plain")", R"("esc \" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u0000")", R"("\ud83d\ude00")",
        "\"caf\xc3\xa9\"", "\"\xf0\x9f\x98\x80\"",
    };
    const int kind = std::uniform_int_distribution<int>(0, depth > 4 ? 0 : 2)(rng);
    if (kind == 0)
        return atoms[std::uniform_int_distribution<std::size_t>(0, atoms.size() - 1)(rng)];
    std::string text(1, kind == 1 ? '[' : '{');
    for (int i = std::uniform_int_distribution<int>(0, 4)(rng); i > 0; --i) {
        if (text.size() > 1)
            text += std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? " , " : ",";
        if (kind == 2)  // keys repeat often: the later value must win, as in nlohmann
            text += "\"k" + std::to_string(std::uniform_int_distribution<int>(0, 3)(rng)) + "\":";
        text += randomValueText(rng, depth + 1);
    }
    return text + (kind == 1 ? ']' : '}');
}

// A valid text broken in one of the ways a hostile peer would: a byte changed, cut short, one
// of the refused forms spliced in.
std::string mutate(std::mt19937 &rng, std::string text)
{
    static const std::vector<std::string> splices{
        "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", R"(\ud800)", R"(\udc00)",
        R"(\u12)", "\x01", "/*c*/", "//c\n", ",", "01", "1.", ".5", "+1", "NaN", "Infinity", "tru",
        "\"", "\\", "}", "]", " ", "\xEF\xBB\xBF", "\t", "\r\n", "1e400", std::string(1, '\0'),
    };
    if (text.empty())
        return text;
    std::uniform_int_distribution<std::size_t> position(0, text.size() - 1);
    switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
    case 0: text[position(rng)] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)); break;
    case 1: text.resize(position(rng)); break;
    default: text.insert(position(rng), splices[std::uniform_int_distribution<std::size_t>(0, splices.size() - 1)(rng)]);
    }
    return text;
}

} // namespace

class TestJsonParse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsNlohmann_data();
    void sameAsNlohmann();
    void randomDocumentsAgree();
    void brokenDocumentsAgree();
    void laterDuplicateKeyWins();
    void releaseEmptiesTheDocument();
    void releaseLeavesDeepNestingToNlohmann();
};

void TestJsonParse::sameAsNlohmann_data()
{
    QTest::addColumn<std::string>("text");
    QTest::newRow("chat chunk") << std::string(
        R"({"id":"c-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" hi"},"finish_reason":null}]})");
    QTest::newRow("unsigned and signed") << std::string("[0,-0,5,-5,18446744073709551615,-9223372036854775808]");
    QTest::newRow("beyond 64 bits becomes a float") << std::string("[18446744073709551616,-9223372036854775809]");
    QTest::newRow("floats") << std::string("[0.1,1e308,2.2250738585072014e-308,4.9e-324,1e-400,-1e-400,1E+2,-0.0]");
    QTest::newRow("float overflow refused") << std::string("[1e400]");
    QTest::newRow("escapes") << std::string(R"(["\" \\ \/ \b \f \n \r \t \u0000 \u00e9 \ud83d\ude00"])");
    QTest::newRow("lone high surrogate") << std::string(R"(["\ud800"])");
    QTest::newRow("lone low surrogate") << std::string(R"(["\udc00x"])");
    QTest::newRow("invalid UTF-8") << std::string("[\"\xff\"]");
    QTest::newRow("overlong UTF-8") << std::string("[\"\xc0\xaf\"]");
    QTest::newRow("UTF-8 surrogate") << std::string("[\"\xed\xa0\x80\"]");
    QTest::newRow("above U+10FFFF") << std::string("[\"\xf4\x90\x80\x80\"]");
    QTest::newRow("raw control character") << std::string("[\"\x01\"]");
    QTest::newRow("byte-order mark") << std::string("\xEF\xBB\xBF{\"a\":1}");
    QTest::newRow("comment") << std::string("{/*x*/\"a\":1}");
    QTest::newRow("trailing comma") << std::string("[1,]");
    QTest::newRow("two documents") << std::string("{} {}");
    QTest::newRow("trailing space") << std::string("{} \n\t");
    QTest::newRow("leading zero") << std::string("[01]");
    QTest::newRow("empty") << std::string("");
    QTest::newRow("only space") << std::string("  ");
    QTest::newRow("scalar") << std::string("42");
    QTest::newRow("NaN") << std::string("[NaN]");
    QTest::newRow("NUL after the document") << std::string("{}\0{\"a\":1}", 9);
}

void TestJsonParse::sameAsNlohmann()
{
    QFETCH(std::string, text);
    QVERIFY2(agrees(text), qPrintable(describe(reference(text)) + " vs " + describe(parseJson(text))));
}

void TestJsonParse::randomDocumentsAgree()
{
    std::mt19937 rng(0xB0057);
    for (int i = 0; i < 3000; ++i) {
        const std::string text = randomValueText(rng, 0);
        QVERIFY2(parseJson(text).has_value(), text.c_str());
        QVERIFY2(agrees(text), text.c_str());
    }
}

void TestJsonParse::brokenDocumentsAgree()
{
    std::mt19937 rng(0xBAD);
    int refused = 0;
    for (int i = 0; i < 6000; ++i) {
        const std::string text = mutate(rng, randomValueText(rng, 0));
        refused += !reference(text).has_value();
        QVERIFY2(agrees(text), QByteArray::fromStdString(text).toPercentEncoding().constData());
    }
    QVERIFY(refused > 1000);  // the mutations did reach the refusals
}

void TestJsonParse::laterDuplicateKeyWins()
{
    const auto document = parseJson(R"({"content":"clean","content":"second"})");
    QVERIFY(document.has_value());
    QCOMPARE((*document)["content"].get<std::string>(), std::string("second"));
}

void TestJsonParse::releaseEmptiesTheDocument()
{
    auto document = parseJson(R"({"id":"c-1","choices":[{"delta":{"content":"a long enough text to own a buffer"}},[[]],{}]})");
    QVERIFY(document.has_value());
    releaseJson(*document);
    QVERIFY(document->is_object());
    QVERIFY(document->empty());

    nlohmann::json list = nlohmann::json::array({1, "two", nlohmann::json::object({{"three", {3}}})});
    releaseJson(list);
    QVERIFY(list.is_array());
    QVERIFY(list.empty());

    nlohmann::json text = "a scalar stays as it is";
    releaseJson(text);
    QCOMPARE(text.get<std::string>(), std::string("a scalar stays as it is"));
}

void TestJsonParse::releaseLeavesDeepNestingToNlohmann()
{
    // Far deeper than the parser allows (a document built in code): the release stops at the
    // parser's bound and nlohmann's iterative destructor frees the rest, with no deep recursion.
    constexpr int kDepth = 200'000;
    nlohmann::json document = nlohmann::json::array();
    nlohmann::json *innermost = &document;
    for (int i = 0; i < kDepth; ++i)
        innermost = &innermost->emplace_back(nlohmann::json::array());
    innermost->push_back("bottom");
    releaseJson(document);
    QVERIFY(document.is_array());
    QVERIFY(document.empty());
}

QTEST_APPLESS_MAIN(TestJsonParse)
#include "tst_jsonparse.moc"
