// The last barrier: responses (whole and streamed) scanned for the requesting tenant.
#include "daemon/EgressGuard.h"
#include "scan/ProtectedMaterial.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace bulkhead;
using nlohmann::json;

namespace {

const std::string kCanaryA = "bh-canary-0123456789abcdef0123456789abcdef";
const std::string kCanaryB = "bh-canary-fedcba9876543210fedcba9876543210";

std::string chunk(const std::string &content, const char *finish = nullptr)
{
    json c{{"id", "c1"},
           {"object", "chat.completion.chunk"},
           {"model", "m"},
           {"choices",
            json::array({{{"index", 0},
                          {"delta", {{"content", content}}},
                          {"finish_reason", finish ? json(finish) : json()}}})}};
    return "data: " + c.dump() + "\n\n";
}

// The text a client would read from SSE bytes, and whether an error event arrived.
std::pair<std::string, bool> readStream(const std::string &sse)
{
    std::string text;
    bool error = false;
    std::size_t pos = 0;
    while ((pos = sse.find("data: ", pos)) != std::string::npos) {
        const auto end = sse.find("\n\n", pos);
        const auto payload = sse.substr(pos + 6, end - pos - 6);
        pos = end;
        if (payload == "[DONE]")
            continue;
        const auto doc = json::parse(payload);
        if (doc.contains("error")) {
            error = true;
            continue;
        }
        for (const auto &c : doc["choices"])
            if (c["delta"].contains("content"))
                text += c["delta"]["content"].get<std::string>();
    }
    return {text, error};
}

} // namespace

class TestEgressGuard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void benignStreamPassesUnchanged();
    void canarySplitAcrossEventsIsBlocked_data();
    void canarySplitAcrossEventsIsBlocked();
    void completionBlockedOrPassed();
    void garbageEventFailsClosed();

private:
    scan::EgressScannerHolder m_holder;
};

void TestEgressGuard::initTestCase()
{
    scan::ProtectedMaterial material;
    material.version = 1;
    material.tenants.push_back({"alpha", {kCanaryA}, "You are Alpha's helper.", {}, {}});
    material.tenants.push_back({"bravo", {kCanaryB}, "You are Bravo's helper.", {}, {}});
    m_holder.rebuild(material);
}

void TestEgressGuard::benignStreamPassesUnchanged()
{
    daemon::SseEgressFilter filter(m_holder, "alpha", {});
    const std::vector<std::string> pieces{"Hello", " there, ", "how can I ", "help today?"};
    std::string upstream;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        upstream += chunk(pieces[i], i + 1 == pieces.size() ? "stop" : nullptr);
    upstream += "data: [DONE]\n\n";
    std::string out;
    // Feed in awkward slices: SSE framing split anywhere.
    for (std::size_t i = 0; i < upstream.size(); i += 7) {
        const auto o = filter.feed(std::string_view(upstream).substr(i, 7));
        QVERIFY(!o.blocked);
        out += o.bytes;
    }
    out += filter.finish().bytes;
    const auto [text, error] = readStream(out);
    QCOMPARE(text, std::string("Hello there, how can I help today?"));
    QVERIFY(!error);
    QVERIFY(out.find("data: [DONE]") != std::string::npos);
    QVERIFY(out.find("\"finish_reason\":\"stop\"") != std::string::npos);
}

void TestEgressGuard::canarySplitAcrossEventsIsBlocked_data()
{
    QTest::addColumn<int>("split");
    for (int split : {1, 5, 10, 20, 30, 41})
        QTest::newRow(qPrintable(QString::number(split))) << split;
}

void TestEgressGuard::canarySplitAcrossEventsIsBlocked()
{
    QFETCH(int, split);
    daemon::SseEgressFilter filter(m_holder, "alpha", {});
    const std::string before = "Sure, the reference is ";
    const std::string upstream = chunk(before + kCanaryB.substr(0, split)) +
                                 chunk(kCanaryB.substr(split) + " and more text") +
                                 chunk(" after", "stop") + "data: [DONE]\n\n";
    std::string out;
    bool blocked = false;
    std::vector<scan::EgressFinding> findings;
    for (std::size_t i = 0; i < upstream.size() && !blocked; i += 13) {
        auto o = filter.feed(std::string_view(upstream).substr(i, 13));
        out += o.bytes;
        blocked = o.blocked;
        findings.insert(findings.end(), o.findings.begin(), o.findings.end());
    }
    QVERIFY(blocked);
    const auto [text, error] = readStream(out);
    QVERIFY(error);
    // Nothing from the match on reached the client, not even its first characters.
    QVERIFY2(text.find("bh-canary") == std::string::npos, text.c_str());
    QVERIFY(text.size() <= before.size());
    QVERIFY(out.find("[DONE]") == std::string::npos);
    QVERIFY(!findings.empty());
    QCOMPARE(findings.front().ownerTenantId, std::string("bravo"));
    // Later input is ignored.
    QVERIFY(filter.feed(chunk("more")).bytes.empty());
}

void TestEgressGuard::completionBlockedOrPassed()
{
    json body{{"id", "x"},
              {"object", "chat.completion"},
              {"choices", json::array({{{"index", 0},
                                        {"message", {{"role", "assistant"},
                                                     {"content", "fine answer"}}}}})}};
    auto ok = daemon::guardCompletion(m_holder, "alpha", {}, body.dump());
    QVERIFY(!ok.blocked);
    QCOMPARE(json::parse(ok.body)["choices"][0]["message"]["content"].get<std::string>(),
             std::string("fine answer"));

    body["choices"][0]["message"]["content"] = "leak: " + kCanaryB;
    auto leak = daemon::guardCompletion(m_holder, "alpha", {}, body.dump());
    QVERIFY(leak.blocked);
    QCOMPARE(leak.findings.front().ownerTenantId, std::string("bravo"));

    // The tenant's own canary is a self-leak: flagged by default, not blocked.
    body["choices"][0]["message"]["content"] = "mine: " + kCanaryA;
    auto self = daemon::guardCompletion(m_holder, "alpha", {}, body.dump());
    QVERIFY(!self.blocked);
    QVERIFY(!self.findings.empty());
    QCOMPARE(self.findings.front().ownerTenantId, std::string("alpha"));

    // A Bulkhead API key in a response is blocked for everyone.
    body["choices"][0]["message"]["content"] = "key bh_live_" + std::string(43, 'Q');
    QVERIFY(daemon::guardCompletion(m_holder, "alpha", {}, body.dump()).blocked);
    const auto blockedBody = json::parse(daemon::contentBlockedBody());
    QCOMPARE(blockedBody["error"]["code"].get<std::string>(), std::string("content_blocked"));
}

void TestEgressGuard::garbageEventFailsClosed()
{
    daemon::SseEgressFilter filter(m_holder, "alpha", {});
    const auto out = filter.feed("data: {not json\n\n");
    QVERIFY(out.blocked);
    QVERIFY(readStream(out.bytes).second);
}

QTEST_APPLESS_MAIN(TestEgressGuard)
#include "tst_egressguard.moc"
