#include "RefModelService.h"

#include "HostileAnswer.h"

#include "ChatRequest.h"
#include "InstructionFollower.h"
#include "Tokenizer.h"

#include "core/Error.h"
#include "core/JsonLimits.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstring>

namespace bulkhead::refmodel {
namespace {

namespace asio = boost::asio;
namespace http = net::http;
using nlohmann::json;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kSimulatorHeader = "X-Bulkhead-Simulator";
constexpr std::string_view kOwner = "bulkhead-refmodel (simulator)";
// Without a token delay, events are written in batches of this many so a long answer is a few
// writes rather than hundreds.
constexpr std::size_t kEventsPerWrite = 16;

asio::awaitable<void> sleepFor(std::chrono::microseconds duration)
{
    if (duration.count() <= 0)
        co_return;
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    // A cancelled sleep (the client left) ends the handler at its next write.
    (void)co_await timer.async_wait(kTuple);
}

std::string dump(const json &value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string hex(std::uint64_t value)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4)
        out[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
    return out;
}

std::uint64_t fnv1a(std::string_view text)
{
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string base64(const std::vector<float> &values)
{
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // OpenAI's base64 embeddings are little-endian float32.
    std::string bytes(values.size() * 4, '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &values[i], 4);
        for (int b = 0; b < 4; ++b)
            bytes[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((bits >> (8 * b)) & 0xFF);
    }
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (const auto rest = bytes.size() - i; rest > 0) {
        std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2)
            n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

json usageJson(std::size_t prompt, std::size_t completion, std::size_t cached)
{
    return {{"prompt_tokens", prompt},
            {"completion_tokens", completion},
            {"total_tokens", prompt + completion},
            {"prompt_tokens_details", {{"cached_tokens", cached}}}};
}

// What every completion object and chunk repeats.
struct CompletionMeta
{
    std::string id;
    std::int64_t created;
    std::string model;
    bool includeUsage;
};

// The JSON is built outside the coroutines: GCC 12 mishandles braced JSON literals that live
// across a suspension point.
std::string completionBody(const CompletionMeta &meta, const std::string &content,
                           const std::string &finishReason, const json &usage)
{
    const json body = {{"id", meta.id},
                       {"object", "chat.completion"},
                       {"created", meta.created},
                       {"model", meta.model},
                       {"system_fingerprint", "bulkhead-refmodel-simulator"},
                       {"choices",
                        json::array({{{"index", 0},
                                      {"message", {{"role", "assistant"}, {"content", content}}},
                                      {"logprobs", nullptr},
                                      {"finish_reason", finishReason}}})},
                       {"usage", usage}};
    return dump(body);
}

std::string chunkEvent(const CompletionMeta &meta, json delta, json finishReason)
{
    json event = {{"id", meta.id},
                  {"object", "chat.completion.chunk"},
                  {"created", meta.created},
                  {"model", meta.model},
                  {"system_fingerprint", "bulkhead-refmodel-simulator"},
                  {"choices",
                   json::array({{{"index", 0},
                                 {"delta", std::move(delta)},
                                 {"logprobs", nullptr},
                                 {"finish_reason", std::move(finishReason)}}})}};
    if (meta.includeUsage)
        event["usage"] = nullptr;  // as OpenAI does on every chunk but the usage chunk
    return "data: " + dump(event) + "\n\n";
}

std::string roleEvent(const CompletionMeta &meta)
{
    return chunkEvent(meta, {{"role", "assistant"}, {"content", ""}}, nullptr);
}

std::string contentEvent(const CompletionMeta &meta, std::string_view piece)
{
    return chunkEvent(meta, {{"content", piece}}, nullptr);
}

// The finish chunk, the usage chunk when asked for, and the terminator.
std::string finalEvents(const CompletionMeta &meta, const std::string &finishReason,
                        const json &usage)
{
    std::string out = chunkEvent(meta, json::object(), finishReason);
    if (meta.includeUsage) {
        const json event = {{"id", meta.id},
                            {"object", "chat.completion.chunk"},
                            {"created", meta.created},
                            {"model", meta.model},
                            {"choices", json::array()},
                            {"usage", usage}};
        out += "data: " + dump(event) + "\n\n";
    }
    out += "data: [DONE]\n\n";
    return out;
}

struct ParsedBody
{
    json value;
    std::optional<std::string> error;
};

ParsedBody parseBody(const std::string &body)
{
    ParsedBody parsed;
    if (core::jsonNestingDepth(body) > core::kMaxJsonDepth) {
        parsed.error = "JSON nested deeper than " + std::to_string(core::kMaxJsonDepth);
        return parsed;
    }
    parsed.value = json::parse(body, nullptr, false);
    if (parsed.value.is_discarded())
        parsed.error = "the body is not valid JSON";
    return parsed;
}

// Parses a chat request; on failure returns the error code and message for the client (a
// coroutine may not co_await inside a catch block, so the exception ends here).
std::optional<std::pair<std::string_view, std::string>> parseChat(const std::string &body,
                                                                   ChatRequest &chat)
{
    const auto parsed = parseBody(body);
    if (parsed.error)
        return std::pair<std::string_view, std::string>{"invalid_json", *parsed.error};
    try {
        chat = ChatRequest::fromJson(parsed.value);
    } catch (const core::Error &e) {
        return std::pair<std::string_view, std::string>{"invalid_request", e.what()};
    }
    return std::nullopt;
}

} // namespace

RefModelService::RefModelService(RefModelOptions options)
    : m_options(std::move(options)),
      m_cache(m_options.cacheBlocks, m_options.blockSize, m_options.ignoreCacheSalt),
      m_embedder(m_options.embeddingDimensions)
{
}

net::Handler RefModelService::handler()
{
    return [this](net::Request &request, net::ResponseWriter &writer) {
        return handle(request, writer);
    };
}

std::int64_t RefModelService::now() const
{
    if (m_options.clock)
        return m_options.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

asio::awaitable<void> RefModelService::sendJson(net::ResponseWriter &writer, http::status status,
                                                std::string body)
{
    auto response = net::makeResponse(status, std::move(body));
    response.set(kSimulatorHeader, "true");
    (void)co_await writer.send(std::move(response));
}

asio::awaitable<void> RefModelService::sendError(net::ResponseWriter &writer, http::status status,
                                                 std::string_view type, std::string_view code,
                                                 std::string_view message)
{
    return sendJson(writer, status, net::errorBody(type, code, message));
}

asio::awaitable<void> RefModelService::handle(net::Request &request, net::ResponseWriter &writer)
{
    std::string_view path(request.target().data(), request.target().size());
    path = path.substr(0, path.find('?'));
    const auto method = request.method();
    const auto only = [&](http::verb allowed) { return method == allowed; };

    if (path == "/health") {
        if (!only(http::verb::get) && method != http::verb::head)
            co_return co_await sendError(writer, http::status::method_not_allowed,
                                         "invalid_request_error", "method_not_allowed",
                                         "use GET /health");
        // (Braced JSON literals stay out of co_await expressions: GCC 12 miscompiles
        // initializer lists that live across a suspension.)
        const json health = {{"status", "ok"}, {"simulator", true}};
        co_return co_await sendJson(writer, http::status::ok, dump(health));
    }
    if (path == "/v1/models" || path.starts_with("/v1/models/")) {
        if (!only(http::verb::get))
            co_return co_await sendError(writer, http::status::method_not_allowed,
                                         "invalid_request_error", "method_not_allowed",
                                         "use GET");
        const json model = {{"id", m_options.modelName},
                            {"object", "model"},
                            {"created", 0},
                            {"owned_by", kOwner}};
        if (path == "/v1/models") {
            const json list = {{"object", "list"}, {"data", json::array({model})}};
            co_return co_await sendJson(writer, http::status::ok, dump(list));
        }
        if (path.substr(std::string_view("/v1/models/").size()) != m_options.modelName)
            co_return co_await sendError(writer, http::status::not_found, "not_found_error",
                                         "model_not_found", "no such model");
        co_return co_await sendJson(writer, http::status::ok, dump(model));
    }
    if (path == "/v1/chat/completions" || path == "/v1/embeddings") {
        if (!only(http::verb::post))
            co_return co_await sendError(writer, http::status::method_not_allowed,
                                         "invalid_request_error", "method_not_allowed",
                                         "use POST");
        if (path == "/v1/chat/completions")
            co_return co_await chatCompletions(request, writer);
        co_return co_await embeddings(request, writer);
    }
    co_await sendError(writer, http::status::not_found, "not_found_error", "route_not_found",
                       "the simulator has no route " + std::string(path));
}

asio::awaitable<void> RefModelService::chatCompletions(net::Request &request,
                                                       net::ResponseWriter &writer)
{
    ChatRequest chat;
    if (const auto error = parseChat(request.body(), chat))
        co_return co_await sendError(writer, http::status::bad_request, "invalid_request_error",
                                     error->first, error->second);

    // Prefill: only the tokens the cache does not hold cost time.
    const std::string prompt = chat.promptText();
    const auto tokens = Tokenizer::encode(prompt);
    const bool saltIgnored = m_options.ignoreCacheSalt || m_options.hostile;
    const std::size_t cached = m_cache.lookupAndInsert(tokens, saltIgnored ? "" : chat.cacheSalt.value_or(""));
    co_await sleepFor(m_options.prefillPerToken * static_cast<long>(tokens.size() - cached));

    if (m_options.hostile && !chat.messages.empty())
        if (const auto hostile = parseHostileRequest(chat.messages.back().content))
            co_return co_await hostileAnswer(*hostile, chat, writer);

    // Decode.
    const std::string answer = InstructionFollower::respond(chat.messages);
    auto pieces = Tokenizer::pieces(answer);
    const std::size_t limit = chat.maxTokens.value_or(m_options.defaultMaxTokens);
    const bool truncated = pieces.size() > limit;
    if (truncated)
        pieces.resize(limit);
    const std::string finishReason = truncated ? "length" : "stop";
    const std::string model = chat.model.empty() ? m_options.modelName : chat.model;
    const std::string id = "chatcmpl-" + hex(fnv1a(prompt)) + "-" + std::to_string(++m_sequence);
    const std::int64_t created = now();
    const json usage = usageJson(tokens.size(), pieces.size(), cached);

    const CompletionMeta meta{id, created, model, chat.includeUsage};

    if (!chat.stream) {
        std::string content;
        for (const auto piece : pieces)
            content += piece;
        co_await sleepFor(m_options.tokenDelay * static_cast<long>(pieces.size()));
        co_return co_await sendJson(writer, http::status::ok,
                                    completionBody(meta, content, finishReason, usage));
    }

    net::ResponseHeader header;
    header.result(http::status::ok);
    header.set(http::field::content_type, "text/event-stream");
    header.set(http::field::cache_control, "no-cache");
    header.set(kSimulatorHeader, "true");
    if (co_await writer.beginStream(std::move(header)))
        co_return;

    std::string pending = roleEvent(meta);
    const bool paced = m_options.tokenDelay.count() > 0;
    std::size_t batched = 1;
    for (const auto piece : pieces) {
        pending += contentEvent(meta, piece);
        if (paced || ++batched >= kEventsPerWrite) {
            if (co_await writer.writeChunk(pending))
                co_return;
            pending.clear();
            batched = 0;
            co_await sleepFor(m_options.tokenDelay);
        }
    }
    pending += finalEvents(meta, finishReason, usage);
    if (co_await writer.writeChunk(pending))
        co_return;
    (void)co_await writer.endStream();
}

asio::awaitable<void> RefModelService::hostileAnswer(const HostileRequest &hostile, const ChatRequest &chat,
                                                    net::ResponseWriter &writer)
{
    const std::string id = "chatcmpl-hostile-" + std::to_string(++m_sequence);
    const std::string model = chat.model.empty() ? m_options.modelName : chat.model;
    if (!chat.stream)
        co_return co_await sendJson(writer, http::status::ok, dump(hostileCompletion(hostile, id, now(), model)));
    net::ResponseHeader header;
    header.result(http::status::ok);
    header.set(http::field::content_type, "text/event-stream");
    header.set(kSimulatorHeader, "true");
    if (co_await writer.beginStream(std::move(header)))
        co_return;
    for (const auto &chunk : hostileChunks(hostile, id, now(), model))
        if (co_await writer.writeChunk("data: " + dump(chunk) + "\n\n"))  // one write per chunk
            co_return;
    if (co_await writer.writeChunk("data: [DONE]\n\n"))
        co_return;
    (void)co_await writer.endStream();
}

asio::awaitable<void> RefModelService::embeddings(net::Request &request,
                                                  net::ResponseWriter &writer)
{
    const auto parsed = parseBody(request.body());
    if (parsed.error)
        co_return co_await sendError(writer, http::status::bad_request, "invalid_request_error",
                                     "invalid_json", *parsed.error);
    const auto &body = parsed.value;
    const auto invalid = [&](std::string_view message) {
        return sendError(writer, http::status::bad_request, "invalid_request_error",
                         "invalid_request", message);
    };
    if (!body.is_object())
        co_return co_await invalid("the body must be a JSON object");

    std::vector<std::string> inputs;
    const auto input = body.find("input");
    if (input == body.end())
        co_return co_await invalid("input is required");
    if (input->is_string()) {
        inputs.push_back(input->get<std::string>());
    } else if (input->is_array() && !input->empty()) {
        for (const auto &item : *input) {
            if (!item.is_string())
                co_return co_await invalid(
                    "input must be a string or an array of strings (the simulator does not "
                    "take token arrays)");
            inputs.push_back(item.get<std::string>());
        }
    } else {
        co_return co_await invalid("input must be a string or a non-empty array of strings");
    }

    std::size_t dimensions = m_embedder.dimensions();
    if (const auto requested = body.find("dimensions");
        requested != body.end() && !requested->is_null()) {
        if (!requested->is_number_integer() || requested->get<long long>() < 1 ||
            requested->get<long long>() > static_cast<long long>(Embedder::kMaxDimensions))
            co_return co_await invalid("dimensions must be an integer from 1 to " +
                                       std::to_string(Embedder::kMaxDimensions));
        dimensions = static_cast<std::size_t>(requested->get<long long>());
    }
    bool asBase64 = false;
    if (const auto format = body.find("encoding_format");
        format != body.end() && !format->is_null()) {
        if (*format == "base64")
            asBase64 = true;
        else if (*format != "float")
            co_return co_await invalid("encoding_format must be \"float\" or \"base64\"");
    }
    std::string model = m_options.modelName;
    if (const auto name = body.find("model"); name != body.end() && name->is_string())
        model = name->get<std::string>();

    const Embedder embedder(dimensions);
    json data = json::array();
    std::size_t promptTokens = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        promptTokens += Tokenizer::count(inputs[i]);
        const auto vector = embedder.embed(inputs[i]);
        json item = {{"object", "embedding"}, {"index", i}};
        if (asBase64)
            item["embedding"] = base64(vector);
        else
            item["embedding"] = vector;
        data.push_back(std::move(item));
    }
    const json response = {{"object", "list"},
                           {"data", std::move(data)},
                           {"model", model},
                           {"usage", {{"prompt_tokens", promptTokens}, {"total_tokens", promptTokens}}}};
    co_await sendJson(writer, http::status::ok, dump(response));
}

} // namespace bulkhead::refmodel
