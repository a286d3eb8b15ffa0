// The request shapes served through the chat pipeline: Responses API and legacy completions
// bodies become chat requests (or are refused naming the client's field), and scanned chat
// answers, whole and streamed, come back in the client's shape: the Responses event sequence is
// well-formed (sequence numbers, items opened, filled and closed in turn, the final object equal
// to what the deltas built).
#include "proxy/ClientDialect.h"
#include "proxy/ResponseItems.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <set>

using namespace bulkhead;
using nlohmann::json;

namespace {

std::string refusedField(proxy::ClientDialect &dialect, const json &body, const std::string &tenant = "alpha")
{
    try {
        dialect.chatRequest(body, tenant);
    } catch (const protocol::ApiException &e) {
        return e.error().code == protocol::ApiErrorCode::InvalidRequest ? e.error().param : "wrong code";
    }
    return {};
}

json chunk(json delta, json finish = nullptr)
{
    return {{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"created", 1700000000}, {"model", "m1"},
            {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish)}}})}};
}

// Parses `event: T\ndata: {...}\n\n` frames; checks each event's type matches its data.
std::vector<json> events(const std::string &sse)
{
    std::vector<json> out;
    for (std::size_t at = 0; (at = sse.find("event: ", at)) != std::string::npos;) {
        const auto lineEnd = sse.find('\n', at);
        const std::string type = sse.substr(at + 7, lineEnd - at - 7);
        const auto dataAt = sse.find("data: ", lineEnd);
        const auto end = sse.find("\n\n", dataAt);
        json data = json::parse(sse.substr(dataAt + 6, end - dataAt - 6));
        if (data.value("type", std::string()) != type)
            return {};
        out.push_back(std::move(data));
        at = end;
    }
    return out;
}

} // namespace

class TestClientDialect final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void responsesInputBecomesChatMessages();
    void responsesOptionsMapToChat();
    void responsesRefusesWhatItCannotServe_data();
    void responsesRefusesWhatItCannotServe();
    void responsesWholeAnswer();
    void responsesLengthIsIncomplete();
    void responsesStreamIsAWellFormedEventSequence();
    void responsesStreamFailureIsAnErrorEvent();
    void itemReferencesResolveOnlyForTheTenantTheyWereSentTo();
    void aStreamLeavesItsItemsOnlyWhenItEndsAnswered();
    void itemsExpireAndStayWithinTheirLimits();
    void completionsPromptBecomesAUserMessage();
    void completionsRefusesWhatItCannotServe_data();
    void completionsRefusesWhatItCannotServe();
    void completionsAnswerAndStream();
    void chatIsTheIdentity();
};

void TestClientDialect::responsesInputBecomesChatMessages()
{
    auto dialect = proxy::makeResponsesDialect();
    QCOMPARE(dialect->route(), std::string_view("/v1/responses"));
    json chat = dialect->chatRequest({{"model", "m1"}, {"input", "Hello"}, {"instructions", "Be brief."}}, "alpha");
    QCOMPARE(chat["model"], json("m1"));
    QCOMPARE(chat["messages"], json::parse(R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}])"));

    dialect = proxy::makeResponsesDialect();
    chat = dialect->chatRequest(json::parse(R"({"model":"m1","input":[
        {"role":"user","content":[{"type":"input_text","text":"What is the weather?"},
                                  {"type":"input_image","image_url":"https://example.test/a.png","detail":"low"}]},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me look."}]},
        {"type":"reasoning","id":"rs_1","summary":[]},
        {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Bern\"}"},
        {"type":"function_call","call_id":"call_2","name":"weather","arguments":"{\"city\":\"Graz\"}"},
        {"type":"function_call_output","call_id":"call_1","output":"12 C"},
        {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"9 C"}]}]})"), "alpha");
    const json &messages = chat["messages"];
    QCOMPARE(messages.size(), std::size_t{5});  // the reasoning item is provider state, left out
    QCOMPARE(messages[0]["content"][0], json::parse(R"({"type":"text","text":"What is the weather?"})"));
    QCOMPARE(messages[0]["content"][1]["image_url"]["url"], json("https://example.test/a.png"));
    QCOMPARE(messages[1], json::parse(R"({"role":"assistant","content":"Let me look."})"));
    QCOMPARE(messages[2]["tool_calls"].size(), std::size_t{2});  // parallel calls: one turn
    QCOMPARE(messages[2]["tool_calls"][1]["function"]["arguments"], json("{\"city\":\"Graz\"}"));
    QCOMPARE(messages[3], json::parse(R"({"role":"tool","tool_call_id":"call_1","content":"12 C"})"));
    QCOMPARE(messages[4]["content"], json("9 C"));
}

void TestClientDialect::responsesOptionsMapToChat()
{
    auto dialect = proxy::makeResponsesDialect();
    const json chat = dialect->chatRequest(json::parse(R"({"model":"m1","input":"hi","stream":true,
        "max_output_tokens":64,"temperature":0.2,"top_p":0.9,"store":true,"metadata":{"a":"b"},
        "include":["reasoning.encrypted_content"],"reasoning":{"effort":"low"},
        "tools":[{"type":"function","name":"weather","parameters":{"type":"object"},"strict":true}],
        "tool_choice":{"type":"function","name":"weather"},"parallel_tool_calls":false,
        "text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true}}})"), "alpha");
    QCOMPARE(chat["max_tokens"], json(64));
    QCOMPARE(chat["stream"], json(true));
    QCOMPARE(chat["stream_options"]["include_usage"], json(true));
    QCOMPARE(chat["reasoning_effort"], json("low"));
    QCOMPARE(chat["tools"][0], json::parse(R"({"type":"function","function":{"name":"weather","parameters":{"type":"object"},"strict":true}})"));
    QCOMPARE(chat["tool_choice"], json::parse(R"({"type":"function","function":{"name":"weather"}})"));
    QCOMPARE(chat["parallel_tool_calls"], json(false));
    QCOMPARE(chat["response_format"]["json_schema"]["name"], json("w"));
    for (const char *dropped : {"store", "metadata", "include", "input", "max_output_tokens", "text"})
        QVERIFY2(!chat.contains(dropped), dropped);
}

void TestClientDialect::responsesRefusesWhatItCannotServe_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no input") << R"({"model":"m"})" << "input";
    QTest::newRow("empty input") << R"({"model":"m","input":[]})" << "input";
    QTest::newRow("stored state") << R"({"model":"m","input":"hi","previous_response_id":"resp_1"})"
                                  << "previous_response_id";
    QTest::newRow("conversation") << R"({"model":"m","input":"hi","conversation":"conv_1"})" << "conversation";
    QTest::newRow("background") << R"({"model":"m","input":"hi","background":true})" << "background";
    QTest::newRow("built-in tool") << R"({"model":"m","input":"hi","tools":[{"type":"web_search"}]})" << "tools[0].type";
    QTest::newRow("unknown item type") << R"({"model":"m","input":[{"type":"computer_call_output","call_id":"x"}]})"
                                       << "input[0].type";
    QTest::newRow("reference to nothing held") << R"({"model":"m","input":[{"type":"item_reference","id":"msg_x"}]})"
                                               << "input[0].id";
    QTest::newRow("file part") << R"({"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]})"
                               << "input[0].content[0].type";
    QTest::newRow("image by file id") << R"({"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"f"}]}]})"
                                      << "input[0].content[0].image_url";
    QTest::newRow("bad role") << R"({"model":"m","input":[{"role":"tool","content":"x"}]})" << "input[0].role";
    QTest::newRow("call without id") << R"({"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]})"
                                     << "input[0].call_id";
    QTest::newRow("instructions not text") << R"({"model":"m","input":"hi","instructions":[1]})" << "instructions";
    QTest::newRow("unknown format") << R"({"model":"m","input":"hi","text":{"format":{"type":"grammar"}}})"
                                    << "text.format.type";
}

void TestClientDialect::responsesRefusesWhatItCannotServe()
{
    QFETCH(QString, body);
    QFETCH(QString, field);
    auto dialect = proxy::makeResponsesDialect();
    QCOMPARE(QString::fromStdString(refusedField(*dialect, json::parse(body.toStdString()))), field);
}

void TestClientDialect::responsesWholeAnswer()
{
    auto dialect = proxy::makeResponsesDialect();
    dialect->chatRequest({{"model", "asked"}, {"input", "hi"}, {"instructions", "Be brief."}}, "alpha");
    const json chat = json::parse(R"({"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"m1",
        "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"Checking.",
          "reasoning_content":"The user wants weather.",
          "tool_calls":[{"id":"call_7","type":"function","function":{"name":"weather","arguments":"{}"}}]}}],
        "usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16,
                 "prompt_tokens_details":{"cached_tokens":4}}})");
    const json response = dialect->answer(chat, "abc123");
    QCOMPARE(response["id"], json("resp_abc123"));
    QCOMPARE(response["object"], json("response"));
    QCOMPARE(response["status"], json("completed"));
    QCOMPARE(response["model"], json("m1"));
    QCOMPARE(response["instructions"], json("Be brief."));
    QCOMPARE(response["store"], json(false));
    const json &output = response["output"];
    QCOMPARE(output.size(), std::size_t{3});
    QCOMPARE(output[0]["type"], json("reasoning"));
    QCOMPARE(output[0]["summary"][0]["text"], json("The user wants weather."));
    QCOMPARE(output[1]["type"], json("message"));
    QCOMPARE(output[1]["content"][0]["type"], json("output_text"));
    QCOMPARE(output[1]["content"][0]["text"], json("Checking."));
    QCOMPARE(output[2]["type"], json("function_call"));
    QCOMPARE(output[2]["call_id"], json("call_7"));
    QCOMPARE(output[2]["name"], json("weather"));
    QCOMPARE(response["usage"]["input_tokens"], json(11));
    QCOMPARE(response["usage"]["input_tokens_details"]["cached_tokens"], json(4));
    QCOMPARE(response["usage"]["output_tokens"], json(5));
    QCOMPARE(response["usage"]["total_tokens"], json(16));

    // A refusal is a refusal part of the message.
    const json refused = dialect->answer(
        json::parse(R"({"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"No."}}]})"),
        "r2");
    QCOMPARE(refused["output"][0]["content"][0], json::parse(R"({"type":"refusal","refusal":"No."})"));
    QVERIFY(refused["usage"].is_null());  // the upstream reported none
}

void TestClientDialect::responsesLengthIsIncomplete()
{
    auto dialect = proxy::makeResponsesDialect();
    dialect->chatRequest({{"model", "m"}, {"input", "hi"}, {"max_output_tokens", 3}}, "alpha");
    const json response = dialect->answer(
        json::parse(R"({"choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"One two"}}]})"), "x");
    QCOMPARE(response["status"], json("incomplete"));
    QCOMPARE(response["incomplete_details"]["reason"], json("max_output_tokens"));
    QCOMPARE(response["max_output_tokens"], json(3));
}

void TestClientDialect::responsesStreamIsAWellFormedEventSequence()
{
    auto dialect = proxy::makeResponsesDialect();
    dialect->chatRequest({{"model", "m1"}, {"input", "hi"}, {"stream", true}}, "alpha");
    auto stream = dialect->stream("rid");
    std::string sse;
    sse += stream->event(chunk({{"role", "assistant"}, {"content", ""}}));
    sse += stream->event(chunk({{"reasoning_content", "Think"}}));
    sse += stream->event(chunk({{"reasoning_content", "ing."}}));
    sse += stream->event(chunk({{"content", "Hel"}}));
    sse += stream->event(chunk({{"content", "lo"}}));
    sse += stream->event(chunk({{"tool_calls", {{{"index", 0}, {"id", "call_1"}, {"function", {{"name", "f"}, {"arguments", "{\"a\""}}}}}}}));
    sse += stream->event(chunk({{"tool_calls", {{{"index", 0}, {"function", {{"arguments", ":1}"}}}}}}}));
    sse += stream->event(chunk(json::object(), "tool_calls"));
    sse += stream->event({{"id", "chatcmpl-1"}, {"choices", json::array()},
                          {"usage", {{"prompt_tokens", 3}, {"completion_tokens", 4}, {"total_tokens", 7}}}});
    sse += stream->end();
    const auto all = events(sse);
    QVERIFY2(!all.empty(), sse.c_str());
    for (std::size_t i = 0; i < all.size(); ++i)
        QCOMPARE(all[i]["sequence_number"].get<std::size_t>(), i);
    std::vector<std::string> types;
    for (const auto &e : all)
        types.push_back(e["type"]);
    const std::vector<std::string> expected{
        "response.created", "response.in_progress",
        "response.output_item.added", "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done",
        "response.completed"};
    QCOMPARE(types, expected);
    QCOMPARE(all[0]["response"]["id"], json("resp_rid"));
    QCOMPARE(all[0]["response"]["status"], json("in_progress"));
    QCOMPARE(all[13]["text"], json("Hello"));
    QCOMPARE(all[19]["arguments"], json("{\"a\":1}"));
    // Every delta names the item it belongs to, and that item was added before it.
    std::set<std::string> added;
    for (const auto &e : all) {
        if (e["type"] == "response.output_item.added")
            added.insert(e["item"]["id"].get<std::string>());
        if (e.contains("item_id"))
            QVERIFY(added.count(e["item_id"].get<std::string>()));
    }
    const json &final = all.back()["response"];
    QCOMPARE(final["status"], json("completed"));
    QCOMPARE(final["model"], json("m1"));
    QCOMPARE(final["output"].size(), std::size_t{3});
    QCOMPARE(final["output"][0]["summary"][0]["text"], json("Thinking."));
    QCOMPARE(final["output"][1]["content"][0]["text"], json("Hello"));
    QCOMPARE(final["output"][2]["call_id"], json("call_1"));
    QCOMPARE(final["output"][2]["arguments"], json("{\"a\":1}"));
    QCOMPARE(final["output"][2]["status"], json("completed"));
    QCOMPARE(final["usage"]["total_tokens"], json(7));
}

void TestClientDialect::responsesStreamFailureIsAnErrorEvent()
{
    auto dialect = proxy::makeResponsesDialect();
    dialect->chatRequest({{"model", "m1"}, {"input", "hi"}, {"stream", true}}, "alpha");
    auto stream = dialect->stream("rid");
    std::string sse = stream->event(chunk({{"content", "Hi"}}));
    sse += stream->failure({protocol::ApiErrorCode::ContentBlocked, "withheld", {}});
    const auto all = events(sse);
    QVERIFY2(all.size() >= 2, sse.c_str());
    QCOMPARE(all[all.size() - 2]["type"], json("error"));
    QCOMPARE(all[all.size() - 2]["code"], json("content_blocked"));
    QCOMPARE(all.back()["type"], json("response.failed"));
    QCOMPARE(all.back()["response"]["error"]["code"], json("content_blocked"));
    QVERIFY(sse.find("response.completed") == std::string::npos);
    // No event has a top-level "error" object except the error event itself (SDKs treat one as
    // a failed stream).
    for (std::size_t i = 0; i + 2 < all.size(); ++i)
        QVERIFY(!all[i].contains("error"));
}

// The Vercel AI SDK refers to earlier turns by item id (`item_reference`) unless told
// `store: false`: the items this instance sent to a tenant resolve for that tenant only.
void TestClientDialect::itemReferencesResolveOnlyForTheTenantTheyWereSentTo()
{
    proxy::ResponseItems items;
    auto first = proxy::makeResponsesDialect(&items);
    first->chatRequest({{"model", "m"}, {"input", "Weather in Bern?"}}, "alpha");
    const json answered = first->answer(json::parse(R"({"choices":[{"index":0,"finish_reason":"tool_calls",
        "message":{"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_9","type":"function",
        "function":{"name":"weather","arguments":"{\"city\":\"Bern\"}"}}]}}]})"), "r1");
    const std::string messageId = answered["output"][0]["id"];
    const std::string callId = answered["output"][1]["id"];
    const json followUp{{"model", "m"},
                        {"input", {{{"role", "user"}, {"content", "Weather in Bern?"}},
                                   {{"type", "item_reference"}, {"id", messageId}},
                                   {{"type", "item_reference"}, {"id", callId}},
                                   {{"type", "function_call_output"}, {"call_id", "call_9"}, {"output", "12 C"}}}}};
    auto second = proxy::makeResponsesDialect(&items);
    const json chat = second->chatRequest(followUp, "alpha");
    QCOMPARE(chat["messages"].size(), std::size_t{4});
    QCOMPARE(chat["messages"][1], json::parse(R"({"role":"assistant","content":"Checking."})"));
    QCOMPARE(chat["messages"][2]["tool_calls"][0]["id"], json("call_9"));
    QCOMPARE(chat["messages"][2]["tool_calls"][0]["function"]["arguments"], json("{\"city\":\"Bern\"}"));
    QCOMPARE(chat["messages"][3]["tool_call_id"], json("call_9"));
    // Another tenant cannot use alpha's item ids; nor can anyone without the store.
    auto other = proxy::makeResponsesDialect(&items);
    QCOMPARE(refusedField(*other, followUp, "bravo"), std::string("input[1].id"));
    try {
        other->chatRequest(followUp, "bravo");
        QFAIL("bravo resolved alpha's item");
    } catch (const protocol::ApiException &e) {
        QVERIFY(e.error().message.find("Checking") == std::string::npos);
    }
    auto stateless = proxy::makeResponsesDialect();
    QCOMPARE(refusedField(*stateless, followUp), std::string("input[1].id"));
}

void TestClientDialect::aStreamLeavesItsItemsOnlyWhenItEndsAnswered()
{
    proxy::ResponseItems items;
    auto answered = proxy::makeResponsesDialect(&items);
    answered->chatRequest({{"model", "m"}, {"input", "hi"}, {"stream", true}}, "alpha");
    auto stream = answered->stream("s1");
    stream->event(chunk({{"content", "Hello"}}));
    const auto sse = stream->end();
    const auto all = events(sse);
    QVERIFY(!all.empty());
    const std::string id = all.back()["response"]["output"][0]["id"];
    QCOMPARE((*items.recall("alpha", id))["content"][0]["text"], json("Hello"));

    auto blocked = proxy::makeResponsesDialect(&items);
    blocked->chatRequest({{"model", "m"}, {"input", "hi"}, {"stream", true}}, "alpha");
    auto cut = blocked->stream("s2");
    const auto before = events(cut->event(chunk({{"content", "Part one"}})) + cut->event(chunk({{"reasoning", "x"}})));
    std::string closedId;
    for (const auto &e : before)
        if (e["type"] == "response.output_item.done")
            closedId = e["item"]["id"];
    QVERIFY(!closedId.empty());  // an item was closed before the block
    cut->failure({protocol::ApiErrorCode::ContentBlocked, "withheld", {}});
    QVERIFY(!items.recall("alpha", closedId));  // a failed stream leaves nothing to refer to
}

void TestClientDialect::itemsExpireAndStayWithinTheirLimits()
{
    auto now = proxy::ResponseItems::Clock::time_point{};
    proxy::ResponseItems items({std::chrono::seconds(60), 2, 1024}, [&] { return now; });
    items.remember("alpha", {{"id", "a"}, {"text", "one"}});
    items.remember("alpha", {{"id", "b"}, {"text", "two"}});
    items.remember("alpha", {{"id", "c"}, {"text", "three"}});
    QVERIFY(!items.recall("alpha", "a"));  // over the count: the oldest went first
    QVERIFY(items.recall("alpha", "b"));
    QVERIFY(!items.recall("bravo", "b"));
    items.remember("alpha", {{"id", "big"}, {"text", std::string(2000, 'x')}});
    QVERIFY(!items.recall("alpha", "big"));  // larger than the tenant's allowance: not kept
    items.remember("alpha", {{"id", "half"}, {"text", std::string(600, 'x')}});
    QVERIFY(items.recall("alpha", "half"));
    QVERIFY(!items.recall("alpha", "b"));  // over the bytes: older ones made room
    now += std::chrono::seconds(61);
    QVERIFY(!items.recall("alpha", "half"));  // expired
    items.remember("alpha", {{"text", "no id"}});  // ignored, no crash

    // A tenant that stops calling does not keep its items: another tenant's call sweeps them.
    items.remember("alpha", {{"id", "late"}, {"text", "four"}});
    QVERIFY(items.bytesHeld() > 0);
    now += std::chrono::seconds(121);
    const json bravoItem = {{"id", "x"}, {"text", "five"}};
    items.remember("bravo", bravoItem);
    QCOMPARE(items.bytesHeld(), bravoItem.dump().size());  // alpha's expired item is gone
    now += std::chrono::seconds(61);
    QVERIFY(!items.recall("charlie", "x"));
    QCOMPARE(items.bytesHeld(), std::size_t(0));
}

void TestClientDialect::completionsPromptBecomesAUserMessage()
{
    auto dialect = proxy::makeCompletionsDialect();
    QCOMPARE(dialect->route(), std::string_view("/v1/completions"));
    const json chat = dialect->chatRequest(
        {{"model", "m"}, {"prompt", json::array({"Once upon"})}, {"max_tokens", 5}, {"stop", "\n"}, {"suffix", nullptr}}, "alpha");
    QCOMPARE(chat["messages"], json::parse(R"([{"role":"user","content":"Once upon"}])"));
    QCOMPARE(chat["max_tokens"], json(5));
    QCOMPARE(chat["stop"], json("\n"));
    QVERIFY(!chat.contains("prompt"));
}

void TestClientDialect::completionsRefusesWhatItCannotServe_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no prompt") << R"({"model":"m"})" << "prompt";
    QTest::newRow("token ids") << R"({"model":"m","prompt":[101,102]})" << "prompt";
    QTest::newRow("batch") << R"({"model":"m","prompt":["a","b"]})" << "prompt";
    QTest::newRow("echo") << R"({"model":"m","prompt":"a","echo":true})" << "echo";
    QTest::newRow("suffix") << R"({"model":"m","prompt":"a","suffix":"z"})" << "suffix";
    QTest::newRow("best_of") << R"({"model":"m","prompt":"a","best_of":3})" << "best_of";
    QTest::newRow("logprobs") << R"({"model":"m","prompt":"a","logprobs":2})" << "logprobs";
}

void TestClientDialect::completionsRefusesWhatItCannotServe()
{
    QFETCH(QString, body);
    QFETCH(QString, field);
    auto dialect = proxy::makeCompletionsDialect();
    QCOMPARE(QString::fromStdString(refusedField(*dialect, json::parse(body.toStdString()))), field);
}

void TestClientDialect::completionsAnswerAndStream()
{
    auto dialect = proxy::makeCompletionsDialect();
    const json whole = dialect->answer(
        json::parse(R"({"id":"chatcmpl-1","created":5,"model":"m1","choices":[{"index":0,"finish_reason":"stop",
                        "message":{"role":"assistant","content":"a time"}}],"usage":{"prompt_tokens":2,"completion_tokens":2,"total_tokens":4}})"),
        "rid");
    QCOMPARE(whole["id"], json("cmpl-rid"));
    QCOMPARE(whole["object"], json("text_completion"));
    QCOMPARE(whole["choices"][0]["text"], json("a time"));
    QCOMPARE(whole["choices"][0]["finish_reason"], json("stop"));
    QCOMPARE(whole["usage"]["total_tokens"], json(4));

    auto stream = dialect->stream("rid");
    QCOMPARE(stream->event(chunk({{"role", "assistant"}, {"content", ""}})), std::string());  // nothing to say
    const std::string piece = stream->event(chunk({{"content", "a ti"}}));
    QVERIFY(piece.starts_with("data: "));
    const json parsed = json::parse(piece.substr(6));
    QCOMPARE(parsed["object"], json("text_completion"));
    QCOMPARE(parsed["choices"][0]["text"], json("a ti"));
    QCOMPARE(stream->end(), std::string("data: [DONE]\n\n"));
}

void TestClientDialect::chatIsTheIdentity()
{
    auto dialect = proxy::makeChatDialect();
    const json body = json::parse(R"({"model":"m","messages":[{"role":"user","content":"hi"}],"foo":1})");
    QCOMPARE(dialect->chatRequest(body, "alpha"), body);
    QCOMPARE(dialect->answer(body, "x"), body);
    QCOMPARE(dialect->stream("x")->event(body), "data: " + body.dump() + "\n\n");
}

QTEST_GUILESS_MAIN(TestClientDialect)
#include "tst_clientdialect.moc"
