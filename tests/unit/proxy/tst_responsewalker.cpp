// The one egress walker: every output channel of an upstream answer, whole and streamed, under
// each egress action. A hostile upstream puts another tenant's canary into one channel at a time.
#include "proxy/ResponseWalker.h"
#include "proxy/SseResponseFilter.h"
#include "scan/EgressScannerHolder.h"
#include "scan/ProtectedMaterial.h"
#include "support/ClientView.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <map>

using namespace bulkhead;
using nlohmann::json;
using proxy::ResponseWalker;

namespace {

const std::string kCanaryA = "bh-canary-0123456789abcdef0123456789abcdef";
const std::string kCanaryB = "bh-canary-fedcba9876543210fedcba9876543210";
const std::string kLeak = "Sure, the code is " + kCanaryA + " as asked.";

// The answer text split into tokens of four bytes (what logprobs carry).
json logprobEntries(const std::string &text, bool asAlternatives)
{
    json entries = json::array();
    for (std::size_t at = 0; at < text.size(); at += 4) {
        const std::string piece = text.substr(at, 4);
        if (asAlternatives)
            entries.push_back({{"token", "x"}, {"logprob", -0.1}, {"bytes", {120}},
                               {"top_logprobs", json::array({{{"token", "x"}, {"logprob", -0.1}},
                                                             {{"token", piece}, {"logprob", -2.0}}})}});
        else
            entries.push_back({{"token", piece}, {"logprob", -0.1}, {"bytes", json::array()}, {"top_logprobs", json::array()}});
    }
    return entries;
}

// One choice (or top-level member) carrying `text` in `channel`; `container` is message or delta.
json choiceWith(const std::string &channel, const std::string &text, const char *container, int index = 0)
{
    json c{{"index", index}, {container, {{"role", "assistant"}}}, {"finish_reason", nullptr}};
    json &m = c[container];
    if (channel == "content" || channel == "second_choice")
        m["content"] = text;
    else if (channel == "content_parts")
        m["content"] = json::array({{{"type", "text"}, {"text", text}}});
    else if (channel == "reasoning_content" || channel == "reasoning" || channel == "refusal")
        m[channel] = text;
    else if (channel == "tool_call_arguments")
        m["tool_calls"] = json::array({{{"index", 0}, {"id", "call_1"}, {"type", "function"},
                                        {"function", {{"name", "lookup"}, {"arguments", text}}}}});
    else if (channel == "tool_call_name")
        m["tool_calls"] = json::array({{{"index", 0}, {"id", "call_1"}, {"type", "function"},
                                        {"function", {{"name", text}, {"arguments", "{}"}}}}});
    else if (channel == "function_call")
        m["function_call"] = {{"name", "f"}, {"arguments", text}};
    else if (channel == "logprobs")
        c["logprobs"] = {{"content", logprobEntries(text, false)}};
    else if (channel == "top_logprobs")
        c["logprobs"] = {{"content", logprobEntries(text, true)}};
    else if (channel == "legacy_text")
        c["text"] = text;
    return c;
}

json wholeAnswer(const std::string &channel, const std::string &text)
{
    json answer{{"id", "chatcmpl-1"}, {"object", "chat.completion"}, {"model", "m"},
                {"usage", {{"prompt_tokens", 3}, {"completion_tokens", 5}}}};
    answer["choices"] = json::array({choiceWith(channel == "second_choice" || channel == "extra_field" ? "content" : channel,
                                                channel == "second_choice" || channel == "extra_field" ? "Hello." : text,
                                                "message")});
    if (channel == "second_choice")
        answer["choices"].push_back(choiceWith("content", text, "message", 1));
    if (channel == "extra_field")
        answer["x_debug"] = {{"trace", text}};
    return answer;
}

// The same answer as SSE events, the text cut in the middle of the canary.
std::string streamedAnswer(const std::string &channel, const std::string &text)
{
    const std::size_t cut = text.find("bh-canary") != std::string::npos ? text.find("bh-canary") + 14 : text.size() / 2;
    std::string sse;
    auto event = [&](json choice, json extra = json::object()) {
        json chunk{{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"model", "m"}};
        chunk["choices"] = json::array({std::move(choice)});
        for (const auto &[k, v] : extra.items())
            chunk[k] = v;
        sse += "data: " + chunk.dump() + "\n\n";
    };
    if (channel == "extra_field") {
        event(choiceWith("content", "Hello.", "delta"), {{"x_debug", {{"trace", text}}}});
    } else if (channel == "logprobs" || channel == "top_logprobs") {
        // Entries of four bytes, split across the two chunks on an entry boundary.
        const std::size_t entryCut = cut / 4 * 4;
        event(choiceWith(channel, text.substr(0, entryCut), "delta"));
        event(choiceWith(channel, text.substr(entryCut), "delta"));
    } else {
        const int index = channel == "second_choice" ? 1 : 0;
        const std::string ch = channel == "second_choice" ? "content" : channel;
        event(choiceWith(ch, text.substr(0, cut), "delta", index));
        event(choiceWith(ch, text.substr(cut), "delta", index));
    }
    json last = choiceWith("content", "", "delta");
    last["finish_reason"] = "stop";
    event(last);
    if (channel == "second_choice") {
        json second = choiceWith("content", "", "delta", 1);
        second["finish_reason"] = "stop";
        event(second);
    }
    sse += "data: [DONE]\n\n";
    return sse;
}

const char *const kChannels[] = {"content", "content_parts", "reasoning_content", "reasoning", "refusal",
                                 "tool_call_arguments", "tool_call_name", "function_call", "logprobs",
                                 "top_logprobs", "second_choice", "extra_field", "legacy_text"};

} // namespace

class TestResponseWalker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyChannel_data();
    void everyChannel();
    void benignAnswerPassesUnchanged();
    void blockReleasesNothingOfTheHeldWindow();
    void hostileShapesAreRefused_data();
    void hostileShapesAreRefused();
    void deeplyNestedAnswerIsRefusedWithoutRecursion();
    void unscannableStreamEventEndsTheStream();
    void usageIsCounted();
    void framingIsScannedWheneverItChanges();

private:
    std::shared_ptr<const scan::EgressScanner> m_scanner;
    scan::EgressScannerHolder m_holder;
};

void TestResponseWalker::initTestCase()
{
    scan::ProtectedMaterial material;
    material.version = 1;
    material.tenants.push_back({"alpha", {kCanaryA}, "You are Alpha's helper.", {}, {}});
    material.tenants.push_back({"bravo", {kCanaryB}, "You are Bravo's helper.", {}, {}});
    m_scanner = m_holder.rebuild(material);
}

void TestResponseWalker::everyChannel_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("action");
    for (const char *channel : kChannels)
        for (const bool stream : {false, true})
            // (Legacy completions stream the same `text` field; covered whole.)
            if (!stream || std::string_view(channel) != "legacy_text")
            for (const auto action : {scan::EgressAction::Block, scan::EgressAction::Redact, scan::EgressAction::Flag}) {
                const auto name = QStringLiteral("%1/%2/%3")
                                      .arg(QLatin1String(channel), stream ? QStringLiteral("stream") : QStringLiteral("whole"),
                                           QLatin1String(scan::toString(action).data()));
                QTest::newRow(qPrintable(name)) << QString::fromLatin1(channel) << stream << static_cast<int>(action);
            }
}

// The conformance table: channel x streamed/whole x block/redact/flag.
void TestResponseWalker::everyChannel()
{
    QFETCH(QString, channel);
    QFETCH(bool, stream);
    QFETCH(int, action);
    const auto egress = static_cast<scan::EgressAction>(action);
    scan::EgressPolicy policy;
    policy.crossTenant = egress;
    const std::string ch = channel.toStdString();

    std::map<std::string, std::string> seen;
    bool blocked = false;
    std::vector<scan::EgressFinding> findings;
    if (!stream) {
        ResponseWalker walker(m_scanner, "bravo", policy, ResponseWalker::Mode::Whole);
        auto out = walker.walk(wholeAnswer(ch, kLeak));
        blocked = out.blocked;
        findings = out.findings;
        for (const auto &object : out.objects)
            testsupport::addToClientView(object, "", seen);
    } else {
        ResponseWalker walker(m_scanner, "bravo", policy, ResponseWalker::Mode::Stream);
        proxy::SseResponseFilter filter(walker);
        const std::string sse = streamedAnswer(ch, kLeak);
        std::string delivered;
        for (std::size_t at = 0; at < sse.size(); at += 29) {  // network chunks cut events too
            auto out = filter.feed(std::string_view(sse).substr(at, 29));
            delivered += out.bytes;
            findings.insert(findings.end(), out.findings.begin(), out.findings.end());
            QVERIFY(!out.invalid);
            if (out.blocked) {
                blocked = true;
                break;
            }
        }
        seen = testsupport::clientView(delivered);
    }
    const bool foundAlpha = std::any_of(findings.begin(), findings.end(), [](const auto &f) {
        return f.ownerTenantId == "alpha" && f.kind == scan::LeakKind::Canary;
    });
    QVERIFY2(foundAlpha, "the canary must be found in this channel");
    switch (egress) {
    case scan::EgressAction::Block:
        QVERIFY(blocked);
        QVERIFY(!testsupport::clientReads(seen, kCanaryA.substr(0, 12)));
        break;
    case scan::EgressAction::Redact:
        QVERIFY(!blocked);
        QVERIFY(!testsupport::clientReads(seen, kCanaryA));
        QVERIFY(!testsupport::clientReads(seen, kCanaryA.substr(14)));
        QVERIFY(testsupport::clientReads(seen, std::string(scan::kRedactionMarker)));
        break;
    case scan::EgressAction::Flag:
        QVERIFY(!blocked);
        // Flagged text reaches the client as the upstream wrote it.
        QVERIFY(testsupport::clientReads(seen, kCanaryA));
        break;
    }
}

void TestResponseWalker::benignAnswerPassesUnchanged()
{
    ResponseWalker whole(m_scanner, "bravo", {}, ResponseWalker::Mode::Whole);
    const auto answer = wholeAnswer("content", "The weather is mild today.");
    auto out = whole.walk(answer);
    QVERIFY(!out.blocked);
    QVERIFY(out.findings.empty());
    QCOMPARE(out.objects.size(), std::size_t(1));
    QCOMPARE(out.objects[0], answer);

    ResponseWalker streamed(m_scanner, "bravo", {}, ResponseWalker::Mode::Stream);
    proxy::SseResponseFilter filter(streamed);
    auto events = filter.feed(streamedAnswer("content", "The weather is mild today, and tomorrow too."));
    QVERIFY(events.done);
    QCOMPARE(testsupport::clientView(events.bytes)[".choices[0].delta.content"], std::string("The weather is mild today, and tomorrow too."));
}

// No oracle: on a block, nothing of the text held back while the match could still form is
// released, so a requester cannot learn how far a guess matched.
void TestResponseWalker::blockReleasesNothingOfTheHeldWindow()
{
    ResponseWalker walker(m_scanner, "bravo", {}, ResponseWalker::Mode::Stream);
    proxy::SseResponseFilter filter(walker);
    std::string delivered;
    bool blocked = false;
    const std::string text = "Intro text that is long enough to be released early. " + kCanaryA + " tail";
    const auto sse = streamedAnswer("content", text);
    for (std::size_t at = 0; at < sse.size() && !blocked; at += 7) {
        auto out = filter.feed(std::string_view(sse).substr(at, 7));
        delivered += out.bytes;
        blocked = out.blocked;
    }
    QVERIFY(blocked);
    const auto content = testsupport::clientView(delivered)[".choices[0].delta.content"];
    QVERIFY2(!content.empty(), "text well before the match is released");
    QVERIFY2(content.find("bh-") == std::string::npos, content.c_str());
    QVERIFY(std::string("Intro text that is long enough to be released early. ").starts_with(content));
}

void TestResponseWalker::hostileShapesAreRefused_data()
{
    QTest::addColumn<QString>("answer");
    QTest::newRow("usage text") << QStringLiteral(R"({"choices":[],"usage":{"prompt_tokens":"many"}})");
    QTest::newRow("usage negative") << QStringLiteral(R"({"choices":[],"usage":{"completion_tokens":-4}})");
    QTest::newRow("choices object") << QStringLiteral(R"({"choices":{"0":{"message":{"content":"x"}}}})");
    QTest::newRow("choice string") << QStringLiteral(R"({"choices":["hello"]})");
    QTest::newRow("index huge") << QStringLiteral(R"({"choices":[{"index":100000,"message":{"content":"x"}}]})");
    QTest::newRow("content number") << QStringLiteral(R"({"choices":[{"message":{"content":42}}]})");
    QTest::newRow("tool_calls object") << QStringLiteral(R"({"choices":[{"message":{"tool_calls":{"a":1}}}]})");
    QTest::newRow("logprob token number") << QStringLiteral(R"({"choices":[{"logprobs":{"content":[{"token":7}]}}]})");
    QTest::newRow("array answer") << QStringLiteral(R"([{"choices":[]}])");
    QTest::newRow("not json") << QStringLiteral("<html>bad gateway</html>");
}

void TestResponseWalker::hostileShapesAreRefused()
{
    QFETCH(QString, answer);
    ResponseWalker walker(m_scanner, "bravo", {}, ResponseWalker::Mode::Whole);
    QVERIFY_THROWS_EXCEPTION(proxy::UpstreamShapeError, walker.walk(proxy::parseUpstreamObject(answer.toStdString())));
}

void TestResponseWalker::deeplyNestedAnswerIsRefusedWithoutRecursion()
{
    const std::string deep = "{\"choices\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    QVERIFY_THROWS_EXCEPTION(proxy::UpstreamShapeError, proxy::parseUpstreamObject(deep));
    // Streamed: the event is refused and the stream ends, nothing forwarded.
    ResponseWalker walker(m_scanner, "bravo", {}, ResponseWalker::Mode::Stream);
    proxy::SseResponseFilter filter(walker, 8 * 1024 * 1024);
    auto out = filter.feed("data: " + deep + "\n\n");
    QVERIFY(out.invalid);
    QVERIFY(out.bytes.empty());
}

void TestResponseWalker::unscannableStreamEventEndsTheStream()
{
    ResponseWalker walker(m_scanner, "bravo", {}, ResponseWalker::Mode::Stream);
    proxy::SseResponseFilter filter(walker);
    auto out = filter.feed("data: {\"choices\":[{\"delta\":{\"content\":\"fine\"}}]}\n\ndata: not json " + kCanaryA + "\n\n");
    QVERIFY(out.invalid);
    QVERIFY(out.bytes.find("bh-canary") == std::string::npos);
    // Nothing after the end.
    QVERIFY(filter.feed("data: {\"choices\":[{\"delta\":{\"content\":\"more\"}}]}\n\n").bytes.empty());
}

void TestResponseWalker::usageIsCounted()
{
    ResponseWalker walker(m_scanner, "bravo", {}, ResponseWalker::Mode::Whole);
    (void)walker.walk(wholeAnswer("content", "Hi."));
    QCOMPARE(walker.usage().promptTokens, 3);
    QCOMPARE(walker.usage().completionTokens, 5);
}

// Chunks repeat their framing (id, model, object), and a framing found clean is not scanned
// again; one that changes is, and one with a finding is scanned in every chunk that carries it.
void TestResponseWalker::framingIsScannedWheneverItChanges()
{
    const auto chunk = [](const std::string &model, const std::string &text) {
        json c{{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"model", model}};
        c["choices"] = json::array({choiceWith("content", text, "delta")});
        return "data: " + c.dump() + "\n\n";
    };
    const auto alphaFindings = [](const std::vector<scan::EgressFinding> &findings) {
        return std::count_if(findings.begin(), findings.end(),
                             [](const auto &f) { return f.ownerTenantId == "alpha"; });
    };
    scan::EgressPolicy flag;
    flag.crossTenant = scan::EgressAction::Flag;
    ResponseWalker flagged(m_scanner, "bravo", flag, ResponseWalker::Mode::Stream);
    proxy::SseResponseFilter flagFilter(flagged);
    QCOMPARE(alphaFindings(flagFilter.feed(chunk("m", "One. ") + chunk("m", "Two. ")).findings), 0);
    QCOMPARE(alphaFindings(flagFilter.feed(chunk(kCanaryA, "Three. ")).findings), 1);
    QCOMPARE(alphaFindings(flagFilter.feed(chunk(kCanaryA, "Four. ")).findings), 1);
    QCOMPARE(alphaFindings(flagFilter.feed(chunk("m", "Five. ")).findings), 0);

    ResponseWalker blocking(m_scanner, "bravo", {}, ResponseWalker::Mode::Stream);
    proxy::SseResponseFilter blockFilter(blocking);
    QVERIFY(!blockFilter.feed(chunk("m", "One. ") + chunk("m", "Two. ")).blocked);
    const auto out = blockFilter.feed(chunk(kCanaryB.substr(0, 3) + kCanaryA, "Three. "));
    QVERIFY(out.blocked);
    QVERIFY(!testsupport::clientReads(testsupport::clientView(out.bytes), kCanaryA.substr(0, 12)));
}

QTEST_GUILESS_MAIN(TestResponseWalker)
#include "tst_responsewalker.moc"
