// The Responses API (`POST /v1/responses`) at the edges of the chat pipeline: the request's
// input items become chat messages, and the scanned chat answer becomes a response object, or
// the Responses event sequence when streamed. Stateless on purpose: nothing is stored, so
// `previous_response_id`, conversations and background runs are refused rather than emulated
// (kept state would hold tenant content outside its audited record).
#include "ClientDialect.h"
#include "ResponseItems.h"
#include "core/JsonText.h"

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

namespace bulkhead::proxy {
namespace {

using nlohmann::json;

std::int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string at(const std::string &path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

const std::string &requiredString(const json &object, const char *key, const std::string &path)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        refuseField(path + "." + key, "is required and must be a string");
    return it->get_ref<const std::string &>();
}

// A Responses content part as a chat content part.
json chatPart(const json &part, const std::string &path)
{
    if (!part.is_object() || !part.contains("type") || !part["type"].is_string())
        refuseField(path, "each content part must be an object with a string \"type\"");
    const std::string &type = part["type"].get_ref<const std::string &>();
    if (type == "input_text" || type == "output_text" || type == "text")
        return {{"type", "text"}, {"text", requiredString(part, "text", path)}};
    if (type == "refusal")
        return {{"type", "text"}, {"text", requiredString(part, "refusal", path)}};
    if (type == "input_image") {
        const auto url = part.find("image_url");
        if (url == part.end() || !url->is_string())
            refuseField(path + ".image_url", "an image by URL or data URL only (file ids are provider state)");
        json image{{"url", *url}};
        if (part.contains("detail") && part["detail"].is_string())
            image["detail"] = part["detail"];
        return {{"type", "image_url"}, {"image_url", std::move(image)}};
    }
    refuseField(path + ".type", type + " is not served by this gateway (text and images only)");
}

// Text of a tool's output: a string, or the text of its parts.
std::string toolOutput(const json &output, const std::string &path)
{
    if (output.is_string())
        return output.get<std::string>();
    if (!output.is_array())
        refuseField(path, "must be a string or an array of content parts");
    std::string text;
    for (std::size_t i = 0; i < output.size(); ++i) {
        const json part = chatPart(output[i], at(path, i));
        if (part["type"] != "text")
            refuseField(at(path, i), "a tool's output is text only here");
        text += part["text"].get_ref<const std::string &>();
    }
    return text;
}

json chatMessage(const json &item, const std::string &path)
{
    const std::string &role = requiredString(item, "role", path);
    if (role != "user" && role != "assistant" && role != "system" && role != "developer")
        refuseField(path + ".role", "must be one of user, assistant, system or developer");
    const auto content = item.find("content");
    if (content == item.end() || !(content->is_string() || content->is_array()))
        refuseField(path + ".content", "is required and must be a string or an array of content parts");
    if (content->is_string())
        return {{"role", role}, {"content", *content}};
    json parts = json::array();
    for (std::size_t i = 0; i < content->size(); ++i)
        parts.push_back(chatPart((*content)[i], at(path + ".content", i)));
    if (role == "assistant") {  // earlier answers as plain text: every upstream takes that
        std::string text;
        for (const auto &part : parts)
            text += part.value("text", std::string());
        return {{"role", role}, {"content", std::move(text)}};
    }
    return {{"role", role}, {"content", std::move(parts)}};
}

// Resolves an `item_reference` to the item this tenant was sent (nullopt: not held here).
using ItemRecall = std::function<std::optional<json>(const std::string &id)>;

json chatMessages(const json &input, const json &instructions, const ItemRecall &recall)
{
    json messages = json::array();
    if (instructions.is_string() && !instructions.get_ref<const std::string &>().empty())
        messages.push_back({{"role", "system"}, {"content", instructions}});
    else if (!instructions.is_null() && !instructions.is_string())
        refuseField("instructions", "must be a string");
    if (input.is_string()) {
        messages.push_back({{"role", "user"}, {"content", input}});
        return messages;
    }
    if (!input.is_array() || input.empty())
        refuseField("input", "is required: a string or a non-empty array of input items");
    for (std::size_t i = 0; i < input.size(); ++i) {
        const std::string path = at("input", i);
        if (!input[i].is_object())
            refuseField(path, "each input item must be an object");
        std::optional<json> referenced;
        if (input[i].value("type", json()) == json("item_reference")) {
            referenced = recall(requiredString(input[i], "id", path));
            if (!referenced)
                refuseField(path + ".id", "not an item this gateway still holds for this tenant (items are kept an "
                                          "hour by the instance that answered): send the item itself, or set "
                                          "store: false in the client");
        }
        const json &item = referenced ? *referenced : input[i];
        const std::string type = item.contains("type") && item["type"].is_string() ? item["type"].get<std::string>()
                                 : item.contains("role")                           ? std::string("message")
                                                                                   : std::string();
        if (type == "message") {
            messages.push_back(chatMessage(item, path));
        } else if (type == "function_call") {
            json call{{"id", requiredString(item, "call_id", path)},
                      {"type", "function"},
                      {"function",
                       {{"name", requiredString(item, "name", path)},
                        {"arguments", requiredString(item, "arguments", path)}}}};
            // Consecutive calls are one assistant turn with parallel tool calls.
            if (!messages.empty() && messages.back().contains("tool_calls"))
                messages.back()["tool_calls"].push_back(std::move(call));
            else
                messages.push_back({{"role", "assistant"}, {"content", nullptr}, {"tool_calls", json::array({call})}});
        } else if (type == "function_call_output") {
            const auto output = item.find("output");
            if (output == item.end())
                refuseField(path + ".output", "is required");
            messages.push_back({{"role", "tool"},
                                {"tool_call_id", requiredString(item, "call_id", path)},
                                {"content", toolOutput(*output, path + ".output")}});
        } else if (type == "reasoning") {
            // An earlier answer's reasoning: provider state the upstream cannot take back.
        } else {
            refuseField(path + ".type", (type.empty() ? std::string("(none)") : type) +
                                            " is not served by this gateway (messages, function calls, their "
                                            "outputs and references to earlier items)");
        }
    }
    return messages;
}

json chatTools(const json &tools)
{
    if (!tools.is_array())
        refuseField("tools", "must be an array");
    json chat = json::array();
    for (std::size_t i = 0; i < tools.size(); ++i) {
        const json &tool = tools[i];
        const std::string path = at("tools", i);
        if (!tool.is_object() || tool.value("type", std::string()) != "function")
            refuseField(path + ".type", "only function tools are served by this gateway");
        json function{{"name", requiredString(tool, "name", path)}};
        for (const char *field : {"description", "parameters", "strict"})
            if (tool.contains(field) && !tool[field].is_null())
                function[field] = tool[field];
        chat.push_back({{"type", "function"}, {"function", std::move(function)}});
    }
    return chat;
}

json chatToolChoice(const json &choice)
{
    if (choice.is_string())
        return choice;
    if (choice.is_object() && choice.value("type", std::string()) == "function")
        return {{"type", "function"}, {"function", {{"name", requiredString(choice, "name", "tool_choice")}}}};
    refuseField("tool_choice", "auto, none, required or {type: function, name}");
}

json chatResponseFormat(const json &text)
{
    if (!text.is_object())
        refuseField("text", "must be an object");
    const json format = text.value("format", json());
    if (format.is_null())
        return nullptr;
    const std::string type = format.is_object() ? format.value("type", std::string()) : std::string();
    if (type == "text")
        return nullptr;
    if (type == "json_object")
        return {{"type", "json_object"}};
    if (type == "json_schema") {
        json schema{{"name", requiredString(format, "name", "text.format")}};
        for (const char *field : {"schema", "strict", "description"})
            if (format.contains(field) && !format[field].is_null())
                schema[field] = format[field];
        return {{"type", "json_schema"}, {"json_schema", std::move(schema)}};
    }
    refuseField("text.format.type", "text, json_object or json_schema");
}

json usageOf(const json &chatUsage)
{
    if (!chatUsage.is_object())
        return nullptr;
    auto count = [](const json &object, const char *key) -> std::int64_t {
        return object.is_object() && object.contains(key) && object[key].is_number_integer()
                   ? object[key].get<std::int64_t>()
                   : 0;
    };
    const std::int64_t input = count(chatUsage, "prompt_tokens");
    const std::int64_t output = count(chatUsage, "completion_tokens");
    return {{"input_tokens", input},
            {"input_tokens_details", {{"cached_tokens", count(chatUsage.value("prompt_tokens_details", json()), "cached_tokens")}}},
            {"output_tokens", output},
            {"output_tokens_details",
             {{"reasoning_tokens", count(chatUsage.value("completion_tokens_details", json()), "reasoning_tokens")}}},
            {"total_tokens", input + output}};
}

std::string stringField(const json &object, const char *key)
{
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>()
                                                                                 : std::string();
}

// The first choice (the Responses API has one answer per request).
const json &firstChoice(const json &chat)
{
    static const json none = json::object();
    if (chat.contains("choices") && chat["choices"].is_array())
        for (const auto &choice : chat["choices"])
            if (choice.is_object() && choice.value("index", json(0)) == json(0))
                return choice;
    return none;
}

// What the request asked for, echoed in every response object as the API does.
struct Echo
{
    json instructions = nullptr;
    json maxOutputTokens = nullptr;
    json temperature = nullptr;
    json topP = nullptr;
    json tools = json::array();
    json toolChoice = "auto";
    json parallelToolCalls = true;
    json text = {{"format", {{"type", "text"}}}};
    json reasoningEffort = nullptr;
    std::string model;
};

struct Outcome
{
    std::string status = "completed";
    json incomplete = nullptr;
};

Outcome outcomeOf(const std::string &finishReason)
{
    if (finishReason == "length")
        return {"incomplete", {{"reason", "max_output_tokens"}}};
    if (finishReason == "content_filter")
        return {"incomplete", {{"reason", "content_filter"}}};
    return {};
}

json responseObject(const Echo &echo, const std::string &id, std::int64_t created, const std::string &model,
                    const std::string &status, json output, json incomplete, json usage)
{
    return {{"id", id},
            {"object", "response"},
            {"created_at", created},
            {"status", status},
            {"error", nullptr},
            {"incomplete_details", std::move(incomplete)},
            {"instructions", echo.instructions},
            {"max_output_tokens", echo.maxOutputTokens},
            {"model", model.empty() ? echo.model : model},
            {"output", std::move(output)},
            {"parallel_tool_calls", echo.parallelToolCalls},
            {"previous_response_id", nullptr},
            {"reasoning", {{"effort", echo.reasoningEffort}, {"summary", nullptr}}},
            {"store", false},
            {"temperature", echo.temperature},
            {"text", echo.text},
            {"tool_choice", echo.toolChoice},
            {"tools", echo.tools},
            {"top_p", echo.topP},
            {"truncation", "disabled"},
            {"usage", std::move(usage)},
            {"metadata", json::object()}};
}

json messageItem(const std::string &id, const std::string &status, json content)
{
    return {{"type", "message"}, {"id", id}, {"status", status}, {"role", "assistant"}, {"content", std::move(content)}};
}

json textPart(std::string text)
{
    return {{"type", "output_text"}, {"text", std::move(text)}, {"annotations", json::array()}, {"logprobs", json::array()}};
}

json functionCallItem(const std::string &id, const std::string &callId, const std::string &name,
                      const std::string &arguments, const std::string &status)
{
    return {{"type", "function_call"}, {"id", id},           {"call_id", callId},
            {"name", name},            {"arguments", arguments}, {"status", status}};
}

json reasoningItem(const std::string &id, json summary)
{
    return {{"type", "reasoning"}, {"id", id}, {"summary", std::move(summary)}};
}

// The streamed answer as the Responses event sequence: response.created and in_progress, then
// each output item opened, filled by deltas and closed in turn (reasoning summary, message text
// or refusal, function calls), and response.completed (or incomplete) with the whole object.
class ResponsesStream final : public StreamTranslator
{
public:
    ResponsesStream(Echo echo, std::string requestId, std::function<void(const json &)> remember)
        : m_echo(std::move(echo)), m_requestId(std::move(requestId)), m_created(nowSeconds()),
          m_remember(std::move(remember))
    {
    }

    std::string event(const json &chunk) override
    {
        std::string out = begin(stringField(chunk, "model"));
        if (chunk.contains("usage") && chunk["usage"].is_object())
            m_usage = usageOf(chunk["usage"]);
        const json &choice = firstChoice(chunk);
        const json delta = choice.value("delta", json::object());
        if (!delta.is_object())
            return out;
        std::string reasoning = stringField(delta, "reasoning_content");
        if (reasoning.empty())
            reasoning = stringField(delta, "reasoning");
        if (!reasoning.empty())
            out += reasoningDelta(reasoning);
        if (const std::string text = chatText(delta.value("content", json())); !text.empty())
            out += messageDelta(Part::Text, text);
        if (const std::string refusal = stringField(delta, "refusal"); !refusal.empty())
            out += messageDelta(Part::Refusal, refusal);
        if (delta.contains("tool_calls") && delta["tool_calls"].is_array())
            for (const auto &call : delta["tool_calls"])
                if (call.is_object())
                    out += functionDelta(call.value("index", json(0)).is_number_integer() ? call["index"].get<int>() : 0,
                                         stringField(call, "id"), call.value("function", json::object()));
        if (delta.contains("function_call") && delta["function_call"].is_object())
            out += functionDelta(-1, std::string(), delta["function_call"]);
        if (const std::string finish = stringField(choice, "finish_reason"); !finish.empty())
            m_finishReason = finish;
        return out;
    }

    std::string end() override
    {
        std::string out = begin(std::string());
        out += closeItem();
        const Outcome outcome = outcomeOf(m_finishReason);
        const char *type = outcome.status == "completed" ? "response.completed" : "response.incomplete";
        out += emit(type, {{"response", snapshot(outcome.status, outcome.incomplete)}});
        // Only a stream that ended as answered leaves its items for later references.
        if (m_remember)
            for (const int index : m_closed)
                m_remember(m_output[static_cast<std::size_t>(index)]);
        return out;
    }

    std::string failure(const protocol::ApiError &error) override
    {
        const std::string code(protocol::apiErrorInfo(error.code).code);
        std::string out = begin(std::string());
        out += emit("error", {{"code", code}, {"message", error.message}, {"param", nullptr}});
        json failed = snapshot("failed", nullptr);
        failed["error"] = {{"code", code}, {"message", error.message}};
        out += emit("response.failed", {{"response", std::move(failed)}});
        return out;
    }

private:
    enum class Part { Text, Refusal };
    enum class Open { None, Reasoning, Message, Function };

    // response.created and in_progress, once, before anything else.
    std::string begin(std::string model)
    {
        if (m_started)
            return {};
        m_started = true;
        m_model = std::move(model);
        std::string out = emit("response.created", {{"response", snapshot("in_progress", nullptr)}});
        out += emit("response.in_progress", {{"response", snapshot("in_progress", nullptr)}});
        return out;
    }

    std::string emit(const char *type, json fields)
    {
        fields["type"] = type;
        fields["sequence_number"] = m_sequence++;
        std::string event = std::string("event: ") + type + "\ndata: ";
        core::appendJsonText(event, fields);
        event += "\n\n";
        return event;
    }

    json snapshot(const std::string &status, json incomplete) const
    {
        return responseObject(m_echo, "resp_" + m_requestId, m_created, m_model, status, m_output,
                              std::move(incomplete), status == "in_progress" ? json(nullptr) : m_usage);
    }

    std::string nextId(const char *prefix) { return prefix + m_requestId + "_" + std::to_string(m_items++); }
    int outputIndex() const { return static_cast<int>(m_output.size()); }

    std::string openItem(Open kind, json item)
    {
        std::string out = closeItem();
        m_open = kind;
        m_item = std::move(item);
        out += emit("response.output_item.added", {{"output_index", outputIndex()}, {"item", m_item}});
        return out;
    }

    std::string reasoningDelta(const std::string &text)
    {
        std::string out;
        if (m_open != Open::Reasoning) {
            out += openItem(Open::Reasoning, reasoningItem(nextId("rs_"), json::array()));
            out += emit("response.reasoning_summary_part.added",
                        {{"item_id", m_item["id"]}, {"output_index", outputIndex()}, {"summary_index", 0},
                         {"part", {{"type", "summary_text"}, {"text", ""}}}});
        }
        m_text += text;
        out += emit("response.reasoning_summary_text.delta",
                    {{"item_id", m_item["id"]}, {"output_index", outputIndex()}, {"summary_index", 0}, {"delta", text}});
        return out;
    }

    std::string messageDelta(Part part, const std::string &text)
    {
        std::string out;
        if (m_open != Open::Message)
            out += openItem(Open::Message, messageItem(nextId("msg_"), "in_progress", json::array()));
        if (!m_partOpen || m_part != part) {
            out += closePart();
            m_part = part;
            m_partOpen = true;
            out += emit("response.content_part.added",
                        {{"item_id", m_item["id"]}, {"output_index", outputIndex()},
                         {"content_index", m_item["content"].size()}, {"part", emptyPart(part)}});
        }
        m_text += text;
        json fields{{"item_id", m_item["id"]}, {"output_index", outputIndex()},
                    {"content_index", m_item["content"].size()}, {"delta", text}};
        if (part == Part::Text)
            fields["logprobs"] = json::array();
        out += emit(part == Part::Text ? "response.output_text.delta" : "response.refusal.delta", std::move(fields));
        return out;
    }

    std::string functionDelta(int index, const std::string &callId, const json &function)
    {
        std::string out;
        if (m_open != Open::Function || m_functionIndex != index) {
            const std::string itemId = nextId("fc_");
            out += openItem(Open::Function,
                            functionCallItem(itemId, callId.empty() ? "call_" + itemId.substr(3) : callId,
                                             stringField(function, "name"), "", "in_progress"));
            m_functionIndex = index;
        } else if (const std::string name = stringField(function, "name"); !name.empty()) {
            m_item["name"] = m_item["name"].get<std::string>() + name;  // a name sent in pieces
        }
        if (const std::string arguments = stringField(function, "arguments"); !arguments.empty()) {
            m_text += arguments;
            out += emit("response.function_call_arguments.delta",
                        {{"item_id", m_item["id"]}, {"output_index", outputIndex()}, {"delta", arguments}});
        }
        return out;
    }

    static json emptyPart(Part part)
    {
        return part == Part::Text ? textPart("") : json{{"type", "refusal"}, {"refusal", ""}};
    }

    std::string closePart()
    {
        if (!m_partOpen)
            return {};
        m_partOpen = false;
        json part = emptyPart(m_part);
        part[m_part == Part::Text ? "text" : "refusal"] = std::move(m_text);
        m_text.clear();
        const auto contentIndex = m_item["content"].size();
        json done{{"item_id", m_item["id"]}, {"output_index", outputIndex()}, {"content_index", contentIndex}};
        std::string out;
        if (m_part == Part::Text) {
            done["text"] = part["text"];
            done["logprobs"] = json::array();
            out += emit("response.output_text.done", done);
        } else {
            done["refusal"] = part["refusal"];
            out += emit("response.refusal.done", done);
        }
        out += emit("response.content_part.done", {{"item_id", m_item["id"]}, {"output_index", outputIndex()},
                                                   {"content_index", contentIndex}, {"part", part}});
        m_item["content"].push_back(std::move(part));
        return out;
    }

    std::string closeItem()
    {
        std::string out;
        switch (m_open) {
        case Open::None:
            return out;
        case Open::Reasoning:
            out += emit("response.reasoning_summary_text.done", {{"item_id", m_item["id"]}, {"output_index", outputIndex()},
                                                                 {"summary_index", 0}, {"text", m_text}});
            m_item["summary"].push_back({{"type", "summary_text"}, {"text", m_text}});
            out += emit("response.reasoning_summary_part.done",
                        {{"item_id", m_item["id"]}, {"output_index", outputIndex()}, {"summary_index", 0},
                         {"part", m_item["summary"].back()}});
            break;
        case Open::Message:
            out += closePart();
            m_item["status"] = "completed";
            break;
        case Open::Function:
            m_item["arguments"] = m_text;
            m_item["status"] = "completed";
            out += emit("response.function_call_arguments.done",
                        {{"item_id", m_item["id"]}, {"output_index", outputIndex()}, {"arguments", m_text}});
            break;
        }
        m_text.clear();
        out += emit("response.output_item.done", {{"output_index", outputIndex()}, {"item", m_item}});
        m_output.push_back(std::move(m_item));
        m_closed.push_back(outputIndex() - 1);
        m_item = json();
        m_open = Open::None;
        return out;
    }

    Echo m_echo;
    std::string m_requestId;
    std::int64_t m_created;
    std::function<void(const json &)> m_remember;
    std::vector<int> m_closed;  // output indexes of closed items
    std::string m_model;
    bool m_started = false;
    std::int64_t m_sequence = 0;
    int m_items = 0;
    json m_output = json::array();
    json m_usage = nullptr;
    std::string m_finishReason;
    Open m_open = Open::None;
    json m_item;
    std::string m_text;  // the open item's (or content part's) text so far
    bool m_partOpen = false;
    Part m_part = Part::Text;
    int m_functionIndex = 0;
};

class ResponsesDialect final : public ClientDialect
{
public:
    explicit ResponsesDialect(ResponseItems *items) : m_items(items) {}

    std::string_view route() const noexcept override { return "/v1/responses"; }

    json chatRequest(json body, const std::string &tenant) override
    {
        m_tenant = tenant;
        for (const char *stateful : {"previous_response_id", "conversation", "prompt"})
            if (body.contains(stateful) && !body[stateful].is_null())
                refuseField(stateful, "not served: this gateway stores no responses, conversations or prompts");
        if (body.value("background", json(false)) == json(true))
            refuseField("background", "not served: this gateway stores no responses");
        const ItemRecall recall = [this](const std::string &id) -> std::optional<json> {
            return m_items ? m_items->recall(m_tenant, id) : std::nullopt;
        };
        json chat{{"messages", chatMessages(body.value("input", json()), body.value("instructions", json()), recall)}};
        if (body.contains("model")) {
            chat["model"] = body["model"];
            if (body["model"].is_string())
                m_echo.model = body["model"].get<std::string>();
        }
        m_echo.instructions = body.value("instructions", json());
        if (body.contains("max_output_tokens") && !body["max_output_tokens"].is_null()) {
            chat["max_tokens"] = body["max_output_tokens"];
            m_echo.maxOutputTokens = body["max_output_tokens"];
        }
        if (body.contains("temperature")) {
            chat["temperature"] = body["temperature"];
            m_echo.temperature = body["temperature"];
        }
        if (body.contains("top_p")) {
            chat["top_p"] = body["top_p"];
            m_echo.topP = body["top_p"];
        }
        if (body.contains("tools") && !body["tools"].is_null()) {
            chat["tools"] = chatTools(body["tools"]);
            m_echo.tools = body["tools"];
        }
        if (body.contains("tool_choice") && !body["tool_choice"].is_null()) {
            chat["tool_choice"] = chatToolChoice(body["tool_choice"]);
            m_echo.toolChoice = body["tool_choice"];
        }
        if (body.contains("parallel_tool_calls") && !body["parallel_tool_calls"].is_null()) {
            chat["parallel_tool_calls"] = body["parallel_tool_calls"];
            m_echo.parallelToolCalls = body["parallel_tool_calls"];
        }
        if (body.contains("text") && !body["text"].is_null()) {
            if (json format = chatResponseFormat(body["text"]); !format.is_null())
                chat["response_format"] = std::move(format);
            m_echo.text = body["text"];
        }
        if (body.contains("reasoning") && body["reasoning"].is_object() && body["reasoning"].contains("effort")) {
            chat["reasoning_effort"] = body["reasoning"]["effort"];
            m_echo.reasoningEffort = body["reasoning"]["effort"];
        }
        for (const char *same : {"user", "bulkhead"})  // (bulkhead: retrieval from the tenant's corpus)
            if (body.contains(same))
                chat[same] = body[same];
        if (body.value("stream", json(false)) == json(true)) {
            chat["stream"] = true;
            chat["stream_options"] = {{"include_usage", true}};  // for response.completed's usage
        }
        // store, include, metadata, truncation, service_tier and the like shape nothing the
        // upstream does for this request: not forwarded (the response says store: false).
        return chat;
    }

    json answer(json chat, std::string_view requestId) const override
    {
        const std::string id(requestId);
        const json &choice = firstChoice(chat);
        const json message = choice.value("message", json::object());
        json output = json::array();
        std::string reasoning = stringField(message, "reasoning_content");
        if (reasoning.empty())
            reasoning = stringField(message, "reasoning");
        if (!reasoning.empty())
            output.push_back(reasoningItem("rs_" + id, json::array({{{"type", "summary_text"}, {"text", reasoning}}})));
        json content = json::array();
        if (const std::string text = message.is_object() ? chatText(message.value("content", json())) : std::string();
            !text.empty())
            content.push_back(textPart(text));
        if (const std::string refusal = stringField(message, "refusal"); !refusal.empty())
            content.push_back({{"type", "refusal"}, {"refusal", refusal}});
        json calls = json::array();
        if (message.is_object() && message.contains("tool_calls") && message["tool_calls"].is_array())
            calls = message["tool_calls"];
        if (message.is_object() && message.contains("function_call") && message["function_call"].is_object())
            calls.push_back({{"function", message["function_call"]}});
        if (!content.empty() || calls.empty())
            output.push_back(messageItem("msg_" + id, "completed", content.empty() ? json::array({textPart("")}) : content));
        for (std::size_t i = 0; i < calls.size(); ++i) {
            const json function = calls[i].is_object() ? calls[i].value("function", json::object()) : json::object();
            const std::string itemId = "fc_" + id + "_" + std::to_string(i);
            const std::string callId = stringField(calls[i], "id");
            output.push_back(functionCallItem(itemId, callId.empty() ? "call_" + id + "_" + std::to_string(i) : callId,
                                              stringField(function, "name"), stringField(function, "arguments"),
                                              "completed"));
        }
        const Outcome outcome = outcomeOf(stringField(choice, "finish_reason"));
        const json created = chat.value("created", json());
        if (m_items)
            for (const auto &item : output)
                m_items->remember(m_tenant, item);
        return responseObject(m_echo, "resp_" + id, created.is_number_integer() ? created.get<std::int64_t>() : nowSeconds(),
                              stringField(chat, "model"), outcome.status, std::move(output), outcome.incomplete,
                              usageOf(chat.value("usage", json())));
    }

    std::unique_ptr<StreamTranslator> stream(std::string_view requestId) const override
    {
        std::function<void(const json &)> remember;
        if (m_items)
            remember = [items = m_items, tenant = m_tenant](const json &item) { items->remember(tenant, item); };
        return std::make_unique<ResponsesStream>(m_echo, std::string(requestId), std::move(remember));
    }

private:
    Echo m_echo;
    ResponseItems *m_items;
    std::string m_tenant;
};

} // namespace

std::unique_ptr<ClientDialect> makeResponsesDialect(ResponseItems *items)
{
    return std::make_unique<ResponsesDialect>(items);
}

} // namespace bulkhead::proxy
