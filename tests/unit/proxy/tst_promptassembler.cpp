#include "protocol/ApiError.h"
#include "proxy/CacheIsolation.h"
#include "proxy/PromptAssembler.h"

#include <QtTest>

using namespace bulkhead;
using nlohmann::json;

namespace {

proxy::TenantRuntime makeTenant(const std::string &id, const std::string &prompt,
                                std::uint8_t keyByte)
{
    proxy::TenantRuntime t;
    t.tenant.id = id;
    t.tenant.name = id;
    t.systemPrompt = prompt;
    t.canary = "bh-canary-" + std::string(32, static_cast<char>('a' + keyByte % 6));
    std::vector<std::uint8_t> key(32, keyByte);
    t.cacheSaltKey = std::make_shared<const crypto::SecureBytes>(key);
    proxy::deriveCacheKeys(t);  // as the policy snapshot does
    return t;
}

json chat(json messages)
{
    return {{"model", "m"}, {"messages", std::move(messages)}};
}

} // namespace

class TestPromptAssembler final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenantPromptAndCanaryComeFirst();
    void clientSaltIsReplaced();
    void saltIsStablePerTenantAndDiffersAcrossTenants();
    void rotationChangesSalt();
    void clientSystemMessagesAppendedOrRejected();
    void missingSaltKeyFailsClosed();
    void malformedRequests_data();
    void malformedRequests();
};

void TestPromptAssembler::tenantPromptAndCanaryComeFirst()
{
    const auto a = makeTenant("alpha", "You are Alpha's assistant.", 1);
    const auto out = proxy::assembleChat(chat({{{"role", "user"}, {"content", "hi"}}}), a);
    const auto &messages = out.upstreamBody["messages"];
    QCOMPARE(messages.size(), std::size_t{2});
    QCOMPARE(messages[0]["role"].get<std::string>(), std::string("system"));
    const auto system = messages[0]["content"].get<std::string>();
    QVERIFY(system.starts_with("You are Alpha's assistant."));
    QVERIFY(system.find(a.canary) != std::string::npos);
    QCOMPARE(messages[1]["content"].get<std::string>(), std::string("hi"));
    QCOMPARE(out.model, std::string("m"));
    QVERIFY(!out.stream);
}

void TestPromptAssembler::clientSaltIsReplaced()
{
    const auto a = makeTenant("alpha", "p", 1);
    const auto b = makeTenant("bravo", "p", 2);
    auto body = chat({{{"role", "user"}, {"content", "x"}}});
    body["cache_salt"] = proxy::cacheSaltFor(b);  // a client copying another tenant's salt
    body["prompt_cache_key"] = "shared";
    body["stream"] = true;
    const auto out = proxy::assembleChat(body, a);
    QCOMPARE(out.upstreamBody["cache_salt"].get<std::string>(), proxy::cacheSaltFor(a));
    QCOMPARE(out.upstreamBody["prompt_cache_key"].get<std::string>(), proxy::promptCacheKeyFor(a));
    QVERIFY(out.stream);
    proxy::AssembleOptions noSalt;
    noSalt.applyCacheSalt = false;
    const auto unsalted = proxy::assembleChat(body, a, noSalt);
    QVERIFY(!unsalted.upstreamBody.contains("cache_salt"));
    QVERIFY(!unsalted.upstreamBody.contains("prompt_cache_key"));
}

void TestPromptAssembler::saltIsStablePerTenantAndDiffersAcrossTenants()
{
    const auto a = makeTenant("alpha", "p", 1);
    const auto a2 = makeTenant("alpha", "other prompt", 1);
    const auto b = makeTenant("bravo", "p", 1);  // same key bytes, different tenant id
    const auto c = makeTenant("alpha", "p", 3);  // same id, different secret
    QCOMPARE(proxy::cacheSaltFor(a), proxy::cacheSaltFor(a2));
    QVERIFY(proxy::cacheSaltFor(a) != proxy::cacheSaltFor(b));
    QVERIFY(proxy::cacheSaltFor(a) != proxy::cacheSaltFor(c));
    QVERIFY(proxy::promptCacheKeyFor(a) != proxy::promptCacheKeyFor(b));
    QCOMPARE(proxy::cacheSaltFor(a).size(), std::size_t{43});
}

void TestPromptAssembler::rotationChangesSalt()
{
    auto a = makeTenant("alpha", "p", 1);
    const auto before = proxy::cacheSaltFor(a);
    a.cacheSaltEpoch = 2;
    QVERIFY(proxy::cacheSaltFor(a) != before);
}

void TestPromptAssembler::clientSystemMessagesAppendedOrRejected()
{
    auto a = makeTenant("alpha", "Tenant prompt", 1);
    const auto body = chat({{{"role", "system"}, {"content", "client system"}},
                            {{"role", "user"}, {"content", "q"}}});
    const auto out = proxy::assembleChat(body, a);
    const auto &messages = out.upstreamBody["messages"];
    QCOMPARE(messages.size(), std::size_t{3});
    QVERIFY(messages[0]["content"].get<std::string>().starts_with("Tenant prompt"));
    QCOMPARE(messages[1]["content"].get<std::string>(), std::string("client system"));

    a.clientSystemPolicy = proxy::ClientSystemPolicy::Reject;
    try {
        proxy::assembleChat(body, a);
        QFAIL("client system message accepted");
    } catch (const protocol::ApiException &e) {
        QVERIFY(e.error().code == protocol::ApiErrorCode::SystemMessageRejected);
        QCOMPARE(e.error().param, std::string("messages[0].role"));
        QCOMPARE(e.error().httpStatus(), 400);
    }
    const auto developer = chat({{{"role", "developer"}, {"content", "x"}}});
    QVERIFY_THROWS_EXCEPTION(protocol::ApiException, proxy::assembleChat(developer, a));
}

void TestPromptAssembler::missingSaltKeyFailsClosed()
{
    auto a = makeTenant("alpha", "p", 1);
    a.cacheSaltKey.reset();
    proxy::deriveCacheKeys(a);  // a snapshot of a tenant without a key
    QVERIFY(!a.cacheKeys);
    QVERIFY_THROWS_EXCEPTION(core::Error,
                             proxy::assembleChat(chat({{{"role", "user"}, {"content", "x"}}}), a));
}

void TestPromptAssembler::malformedRequests_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("not an object") << "[]" << "body";
    QTest::newRow("no model") << R"({"messages":[{"role":"user","content":"x"}]})" << "model";
    QTest::newRow("model not string") << R"({"model":1,"messages":[{"role":"user","content":"x"}]})"
                                      << "model";
    QTest::newRow("no messages") << R"({"model":"m"})" << "messages";
    QTest::newRow("empty messages") << R"({"model":"m","messages":[]})" << "messages";
    QTest::newRow("bad role") << R"({"model":"m","messages":[{"role":"root","content":"x"}]})"
                              << "messages[0].role";
    QTest::newRow("missing content") << R"({"model":"m","messages":[{"role":"user"}]})"
                                     << "messages[0].content";
    QTest::newRow("numeric content") << R"({"model":"m","messages":[{"role":"user","content":5}]})"
                                     << "messages[0].content";
    QTest::newRow("bad part") << R"({"model":"m","messages":[{"role":"user","content":[1]}]})"
                              << "messages[0].content[0]";
    QTest::newRow("stream not bool")
        << R"({"model":"m","stream":"yes","messages":[{"role":"user","content":"x"}]})"
        << "stream";
}

void TestPromptAssembler::malformedRequests()
{
    QFETCH(QString, body);
    QFETCH(QString, param);
    const auto a = makeTenant("alpha", "p", 1);
    try {
        proxy::assembleChat(json::parse(body.toStdString()), a);
        QFAIL("accepted a malformed request");
    } catch (const protocol::ApiException &e) {
        QVERIFY(e.error().code == protocol::ApiErrorCode::InvalidRequest);
        QCOMPARE(QString::fromStdString(e.error().param), param);
        const auto wire = e.error().toJson();
        QCOMPARE(wire["error"]["code"].get<std::string>(), std::string("invalid_request"));
        QCOMPARE(wire["error"]["type"].get<std::string>(), std::string("invalid_request_error"));
    }
}

QTEST_APPLESS_MAIN(TestPromptAssembler)
#include "tst_promptassembler.moc"
