#include "ResponseWalker.h"

#include "core/JsonLimits.h"
#include "scan/EgressScanner.h"
#include "scan/EgressStream.h"
#include "core/JsonParse.h"

#include <algorithm>
#include <deque>

namespace bulkhead::proxy {

using namespace std::string_view_literals;

namespace {

using nlohmann::json;

// What each stream chunk carries for itself, and what is not copied into the framing.
bool isPerChunk(std::string_view key) noexcept
{
    return key == "choices"sv || key == "usage"sv;
}

// The members every chunk of a stream repeats; a chunk with any other member is forwarded.
bool isFraming(std::string_view key) noexcept
{
    return key == "id"sv || key == "object"sv || key == "created"sv || key == "model"sv ||
           key == "system_fingerprint"sv || key == "service_tier"sv;
}

// More choices than this in one answer is not a completion Bulkhead forwards (n is capped).
constexpr int kMaxChoiceIndex = 128;

[[noreturn]] void badShape(const std::string &what)
{
    throw UpstreamShapeError("the upstream answer has an unexpected shape: " + what);
}

// Text fields of a message or delta, each a channel of its own.
constexpr std::string_view kTextFields[] = {"content", "reasoning_content", "reasoning", "refusal"};

bool isTextField(std::string_view key)
{
    return std::find(std::begin(kTextFields), std::end(kTextFields), key) != std::end(kTextFields);
}

// Strings (and object keys) collected from the parts of an answer that are not running text;
// scanned in one pass per step.
struct Scalars
{
    std::vector<json *> values;
    std::vector<const std::string *> keys;  // the object's own keys, not copies
};

void collect(json &node, Scalars &into)
{
    if (node.is_string()) {
        into.values.push_back(&node);
    } else if (node.is_object()) {
        for (auto &[key, value] : node.get_ref<json::object_t &>()) {
            into.keys.push_back(&key);
            collect(value, into);
        }
    } else if (node.is_array()) {
        for (auto &item : node)
            collect(item, into);
    }
}

// Appends `text` to the string at `slot` (or to the last text part of a parts array).
void appendText(json &slot, const std::string &text)
{
    if (slot.is_string()) {
        slot.get_ref<std::string &>() += text;
        return;
    }
    if (slot.is_array()) {
        for (auto it = slot.rbegin(); it != slot.rend(); ++it)
            if (it->is_object() && it->contains("text") && (*it)["text"].is_string()) {
                (*it)["text"].get_ref<std::string &>() += text;
                return;
            }
        slot.push_back({{"type", "text"}, {"text", text}});
        return;
    }
    slot = text;
}

json bytesOf(const std::string &text)
{
    json out = json::array();
    for (const char c : text)
        out.push_back(static_cast<unsigned char>(c));
    return out;
}

} // namespace

json parseUpstreamObject(std::string_view text)
{
    bool tooDeep = false;
    auto doc = core::parseJson(text, core::kMaxJsonDepth, &tooDeep);
    if (tooDeep)
        throw UpstreamShapeError("the upstream answer is nested deeper than " +
                                 std::to_string(core::kMaxJsonDepth) + " levels");
    if (!doc)
        throw UpstreamShapeError("the upstream answer is not JSON");
    if (!doc->is_object())
        throw UpstreamShapeError("the upstream answer is not a JSON object");
    return std::move(*doc);
}

// One logprobs list (content or refusal) of one choice.
struct ResponseWalker::EntryChannel
{
    struct Span
    {
        scan::EgressStream *stream;
        std::uint64_t start;
        std::uint64_t end;
    };
    struct Pending
    {
        json entry;
        std::vector<Span> spans;
        bool redacted = false;
    };
    explicit EntryChannel(scan::EgressStream tokenStream) : tokens(std::move(tokenStream)) {}
    scan::EgressStream tokens;
    std::map<std::size_t, scan::EgressStream> ranks;  // top_logprobs alternative r, as text
    std::deque<Pending> pending;
    bool finished = false;

    void markRedactions(const scan::EgressStream &stream, const std::vector<scan::EgressFinding> &findings)
    {
        for (const auto &f : findings) {
            if (f.action != scan::EgressAction::Redact)
                continue;
            for (auto &p : pending)
                for (const auto &s : p.spans)
                    if (s.stream == &stream && s.start < f.offset + f.length && f.offset < s.end)
                        p.redacted = true;
        }
    }
};

struct ResponseWalker::Choice
{
    std::map<std::string, scan::EgressStream> text;  // channel key -> stream
    bool contentParts = false;  // content arrived as a parts array: held text goes out as a part
    std::map<std::string, std::unique_ptr<EntryChannel>> entries;
    bool finished = false;
};

ResponseWalker::ResponseWalker(std::shared_ptr<const scan::EgressScanner> scanner, std::string tenantId,
                               scan::EgressPolicy policy, Mode mode)
    : m_scanner(std::move(scanner)), m_tenantId(std::move(tenantId)), m_policy(policy), m_mode(mode)
{
}

ResponseWalker::~ResponseWalker() = default;

scan::EgressStream ResponseWalker::open() const
{
    return scan::EgressStream(m_scanner, m_tenantId, m_policy);
}

ResponseWalker::Choice &ResponseWalker::choice(int index)
{
    auto &slot = m_choices[index];
    if (!slot)
        slot = std::make_unique<Choice>();
    return *slot;
}

void ResponseWalker::take(std::vector<scan::EgressFinding> &&findings, bool blocked, WalkOutput &out)
{
    out.findings.insert(out.findings.end(), std::make_move_iterator(findings.begin()),
                        std::make_move_iterator(findings.end()));
    if (blocked)
        m_blocked = out.blocked = true;
}

void ResponseWalker::feedText(Choice &state, const std::string &key, json &value, WalkOutput &out)
{
    if (value.is_null())
        return;
    if (!value.is_string())
        badShape(key + " must be a string");
    auto it = state.text.find(key);
    if (it == state.text.end())
        it = state.text.emplace(key, open()).first;
    auto result = it->second.feed(value.get_ref<const std::string &>());
    take(std::move(result.findings), result.blocked, out);
    value = std::move(result.release);
}

void ResponseWalker::feedEntries(Choice &state, const std::string &key, json &entries, WalkOutput &out)
{
    if (entries.is_null())
        return;
    if (!entries.is_array())
        badShape("logprobs." + key + " must be an array");
    auto &slot = state.entries[key];
    if (!slot)
        slot = std::make_unique<EntryChannel>(open());
    EntryChannel &channel = *slot;
    auto feedInto = [&](scan::EgressStream &stream, const std::string &text, EntryChannel::Pending &p) {
        const std::uint64_t start = stream.bytesIn();
        auto result = stream.feed(text);
        p.spans.push_back({&stream, start, stream.bytesIn()});
        channel.markRedactions(stream, result.findings);
        take(std::move(result.findings), result.blocked, out);
    };
    for (auto &entry : entries) {
        if (!entry.is_object() || !entry.contains("token") || !entry["token"].is_string())
            badShape("each logprobs entry needs a string token");
        // Entries are rebuilt from their known members: nothing else rides along unscanned.
        json kept{{"token", entry["token"]}};
        for (const char *member : {"logprob", "bytes"})
            if (const auto it = entry.find(member); it != entry.end()) {
                if (!it->is_number() && !it->is_array() && !it->is_null())
                    badShape(std::string("logprobs entry ") + member + " must be a number or list");
                kept[member] = *it;
            }
        channel.pending.push_back({json(), {}, false});
        auto &p = channel.pending.back();
        feedInto(channel.tokens, entry["token"].get<std::string>(), p);
        if (const auto top = entry.find("top_logprobs"); top != entry.end() && !top->is_null()) {
            if (!top->is_array())
                badShape("top_logprobs must be an array");
            json alternatives = json::array();
            for (std::size_t rank = 0; rank < top->size(); ++rank) {
                const auto &alternative = (*top)[rank];
                if (!alternative.is_object() || !alternative.contains("token") || !alternative["token"].is_string())
                    badShape("each top_logprobs entry needs a string token");
                auto stream = channel.ranks.find(rank);
                if (stream == channel.ranks.end())
                    stream = channel.ranks.emplace(rank, open()).first;
                feedInto(stream->second, alternative["token"].get<std::string>(), p);
                json alt{{"token", alternative["token"]}};
                for (const char *member : {"logprob", "bytes"})
                    if (const auto it = alternative.find(member); it != alternative.end() && (it->is_number() || it->is_array() || it->is_null()))
                        alt[member] = *it;
                alternatives.push_back(std::move(alt));
            }
            kept["top_logprobs"] = std::move(alternatives);
        }
        p.entry = std::move(kept);
        if (m_blocked)
            return;
    }
    entries = releasedEntries(channel, false);
}

json ResponseWalker::releasedEntries(EntryChannel &channel, bool all)
{
    json out = json::array();
    while (!channel.pending.empty()) {
        auto &p = channel.pending.front();
        const bool ready = all || std::all_of(p.spans.begin(), p.spans.end(), [](const auto &s) {
                               return s.end <= s.stream->bytesIn() - s.stream->heldBytes();
                           });
        if (!ready)
            break;
        json entry = std::move(p.entry);
        if (p.redacted) {
            entry["token"] = std::string(scan::kRedactionMarker);
            if (entry.contains("top_logprobs"))
                entry["top_logprobs"] = json::array();
        }
        // The bytes always spell the token as released: never a second, unscanned copy.
        if (entry.contains("bytes") && !entry["bytes"].is_null())
            entry["bytes"] = bytesOf(entry["token"].get<std::string>());
        if (entry.contains("top_logprobs") && entry["top_logprobs"].is_array())
            for (auto &alternative : entry["top_logprobs"])
                if (alternative.contains("bytes") && !alternative["bytes"].is_null())
                    alternative["bytes"] = bytesOf(alternative["token"].get<std::string>());
        out.push_back(std::move(entry));
        channel.pending.pop_front();
    }
    return out;
}

void ResponseWalker::walkChoice(json &choiceObject, int position, WalkOutput &out)
{
    if (!choiceObject.is_object())
        badShape("each choice must be an object");
    int index = position;
    if (const auto it = choiceObject.find("index"); it != choiceObject.end()) {
        if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() >= kMaxChoiceIndex)
            badShape("choice index must be an integer from 0 to " + std::to_string(kMaxChoiceIndex - 1));
        index = it->get<int>();
    }
    Choice &state = choice(index);
    const std::string_view container = m_mode == Mode::Whole ? "message"sv : "delta"sv;
    for (auto &[key, value] : choiceObject.get_ref<json::object_t &>()) {
        if (m_blocked)
            break;
        if (key == container) {
            if (value.is_null())
                continue;
            if (!value.is_object())
                badShape(std::string(container) + " must be an object");
            for (auto &[name, slot] : value.get_ref<json::object_t &>()) {
                if (m_blocked)
                    break;
                if (isTextField(name) && slot.is_array() && name == "content") {
                    state.contentParts = true;
                    for (auto &part : slot) {
                        if (!part.is_object())
                            badShape("content parts must be objects");
                        if (auto text = part.find("text"); text != part.end())
                            feedText(state, name, *text, out);
                    }
                } else if (isTextField(name)) {
                    feedText(state, name, slot, out);
                } else if (name == "tool_calls") {
                    if (slot.is_null())
                        continue;
                    if (!slot.is_array())
                        badShape("tool_calls must be an array");
                    for (std::size_t i = 0; i < slot.size(); ++i) {
                        auto &call = slot[i];
                        if (!call.is_object())
                            badShape("each tool call must be an object");
                        std::size_t callIndex = i;
                        if (const auto n = call.find("index"); n != call.end()) {
                            if (!n->is_number_integer() || n->get<long long>() < 0 || n->get<long long>() > 1024)
                                badShape("tool call index must be a small integer");
                            callIndex = n->get<std::size_t>();
                        }
                        if (auto function = call.find("function"); function != call.end() && !function->is_null()) {
                            if (!function->is_object())
                                badShape("tool call function must be an object");
                            for (const char *part : {"name", "arguments"})
                                if (auto text = function->find(part); text != function->end())
                                    feedText(state, "tool_calls/" + std::to_string(callIndex) + "/" + part, *text, out);
                        }
                    }
                } else if (name == "function_call") {
                    if (slot.is_null())
                        continue;
                    if (!slot.is_object())
                        badShape("function_call must be an object");
                    for (const char *part : {"name", "arguments"})
                        if (auto text = slot.find(part); text != slot.end())
                            feedText(state, std::string("function_call/") + part, *text, out);
                }
            }
        } else if (key == "text"sv) {
            feedText(state, "text", value, out);
        } else if (key == "logprobs"sv) {
            if (value.is_null())
                continue;
            if (!value.is_object())
                badShape("logprobs must be an object");
            if (value.contains("tokens")) {
                value = nullptr;  // the legacy parallel arrays are not forwarded
                continue;
            }
            for (const char *list : {"content", "refusal"})
                if (auto entries = value.find(list); entries != value.end())
                    feedEntries(state, list, *entries, out);
        }
    }
}

void ResponseWalker::scanScalars(json &node, WalkOutput &out)
{
    // Every chunk of a stream comes here: the lists keep their capacity from chunk to chunk.
    thread_local Scalars scalars;
    scalars.values.clear();
    scalars.keys.clear();
    // What the text channels and logprobs carry was fed to their own streams.
    const std::string_view container = m_mode == Mode::Whole ? "message"sv : "delta"sv;
    // The root is an object, and walkChoice refused any choice that is not one: their maps are
    // read directly, without nlohmann's type-checking iterators.
    for (auto &[rootKey, rootValue] : node.get_ref<json::object_t &>()) {
        if (rootKey == "usage"sv)
            continue;  // counts only, checked by noteUsage
        scalars.keys.push_back(&rootKey);
        if (rootKey != "choices"sv) {
            collect(rootValue, scalars);
            continue;
        }
        for (auto &c : rootValue) {
            for (auto &[fieldKey, fieldValue] : c.get_ref<json::object_t &>()) {
                scalars.keys.push_back(&fieldKey);
                if (fieldKey == "text"sv)
                    continue;
                if (fieldKey == "logprobs"sv && fieldValue.is_object()) {
                    for (auto l = fieldValue.begin(); l != fieldValue.end(); ++l) {
                        scalars.keys.push_back(&l.key());
                        if (l.key() == "content"sv || l.key() == "refusal"sv) {
                            for (auto &entry : l.value())
                                for (auto e = entry.begin(); e != entry.end(); ++e)
                                    scalars.keys.push_back(&e.key());
                        } else {
                            collect(l.value(), scalars);
                        }
                    }
                    continue;
                }
                if (fieldKey != container || !fieldValue.is_object()) {
                    collect(fieldValue, scalars);
                    continue;
                }
                for (auto &[memberKey, memberValue] : fieldValue.get_ref<json::object_t &>()) {
                    scalars.keys.push_back(&memberKey);
                    if (isTextField(memberKey)) {
                        if (memberValue.is_array())  // content parts: their types and extras
                            for (auto &part : memberValue)
                                for (auto p = part.begin(); p != part.end(); ++p) {
                                    scalars.keys.push_back(&p.key());
                                    if (p.key() != "text"sv)
                                        collect(p.value(), scalars);
                                }
                    } else if (memberKey == "tool_calls"sv && memberValue.is_array()) {
                        for (auto &call : memberValue)
                            for (auto p = call.begin(); p != call.end(); ++p) {
                                scalars.keys.push_back(&p.key());
                                if (p.key() != "function"sv) {
                                    collect(p.value(), scalars);
                                    continue;
                                }
                                for (auto f = p.value().begin(); f != p.value().end(); ++f) {
                                    scalars.keys.push_back(&f.key());
                                    if (f.key() != "name"sv && f.key() != "arguments"sv)
                                        collect(f.value(), scalars);
                                }
                            }
                    } else if (memberKey == "function_call"sv && memberValue.is_object()) {
                        for (auto f = memberValue.begin(); f != memberValue.end(); ++f) {
                            scalars.keys.push_back(&f.key());
                            if (f.key() != "name"sv && f.key() != "arguments"sv)
                                collect(f.value(), scalars);
                        }
                    } else {
                        collect(memberValue, scalars);
                    }
                }
            }
        }
    }
    // A stream's chunks repeat their framing (keys, id, model, object): the same text through the
    // same scanner finds the same, so a text found clean in the last chunk is not scanned again.
    // Compared piece by piece, so a repeat costs no copy.
    std::string_view clean = m_cleanScalars;
    const auto repeats = [&clean](std::string_view piece) {
        if (clean.size() <= piece.size() || !clean.starts_with(piece) || clean[piece.size()] != '\n')
            return false;
        clean.remove_prefix(piece.size() + 1);
        return true;
    };
    if (std::all_of(scalars.keys.begin(), scalars.keys.end(), [&](const std::string *key) { return repeats(*key); }) &&
        std::all_of(scalars.values.begin(), scalars.values.end(),
                    [&](const json *value) { return repeats(value->get_ref<const std::string &>()); }) &&
        clean.empty())
        return;
    // One pass: keys first, then values, each on its own line so no match spans two.
    std::string text;
    text.reserve(m_cleanScalars.size());
    for (const std::string *key : scalars.keys)
        text.append(*key).push_back('\n');
    const std::size_t keyBytes = text.size();
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (const json *value : scalars.values) {
        const auto &s = value->get_ref<const std::string &>();
        spans.emplace_back(text.size(), text.size() + s.size());
        text.append(s).push_back('\n');
    }
    auto stream = open();
    auto scanned = stream.feedLast(text);
    auto findings = std::move(scanned.findings);
    bool blocked = scanned.blocked;
    if (findings.empty() && !blocked)
        m_cleanScalars = std::move(text);
    for (const auto &f : findings) {
        if (f.action != scan::EgressAction::Redact)
            continue;
        if (f.offset < keyBytes) {
            blocked = true;  // a key cannot be redacted meaningfully: fail closed
            continue;
        }
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (spans[i].first < f.offset + f.length && f.offset < spans[i].second)
                *scalars.values[i] = std::string(scan::kRedactionMarker);
    }
    take(std::move(findings), blocked, out);
}

void ResponseWalker::noteUsage(const json &usage)
{
    if (usage.is_null())
        return;
    if (!usage.is_object())
        badShape("usage must be an object");
    // Counts and objects of counts, nothing else: usage is never text.
    auto check = [](const json &node, auto &self) -> void {
        for (const auto &[key, value] : node.items()) {
            if (value.is_object())
                self(value, self);
            else if (!value.is_number() && !value.is_null())
                badShape("usage." + key + " must be a number");
        }
    };
    check(usage, check);
    auto count = [&](const char *key) -> std::int64_t {
        const auto it = usage.find(key);
        if (it == usage.end() || it->is_null())
            return 0;
        if (!it->is_number_integer() || it->get<long long>() < 0)
            badShape(std::string("usage.") + key + " must be a whole number");
        return it->get<std::int64_t>();
    };
    m_usage.promptTokens = count("prompt_tokens");
    if (usage.contains("input_tokens"))
        m_usage.promptTokens = count("input_tokens");
    m_usage.completionTokens = count("completion_tokens");
    if (usage.contains("output_tokens"))
        m_usage.completionTokens = count("output_tokens");
}

void ResponseWalker::flushChoice(Choice &state, json &target, WalkOutput &out)
{
    if (state.finished)
        return;
    state.finished = true;
    const char *container = m_mode == Mode::Whole ? "message" : "delta";
    for (auto &[key, stream] : state.text) {
        auto result = stream.finish();
        take(std::move(result.findings), result.blocked, out);
        if (m_blocked)
            return;
        if (result.release.empty())
            continue;
        if (key == "text"sv) {
            appendText(target["text"], result.release);
            continue;
        }
        json &holder = target[container];
        if (!holder.is_object())
            holder = json::object();
        const auto slash = key.find('/');
        if (key == "content"sv && state.contentParts && !holder["content"].is_array()) {
            const std::string before = holder["content"].is_string() ? holder["content"].get<std::string>() : "";
            holder["content"] = json::array();
            if (!before.empty())
                holder["content"].push_back({{"type", "text"}, {"text", before}});
            appendText(holder["content"], result.release);
        } else if (slash == std::string::npos) {
            appendText(holder[key], result.release);
        } else if (key.starts_with("function_call/")) {
            appendText(holder["function_call"][key.substr(slash + 1)], result.release);
        } else {  // tool_calls/<i>/<part>
            const auto second = key.find('/', slash + 1);
            const std::size_t callIndex = std::stoul(key.substr(slash + 1, second - slash - 1));
            const std::string part = key.substr(second + 1);
            json &calls = holder["tool_calls"];
            if (!calls.is_array())
                calls = json::array();
            json *call = nullptr;
            for (std::size_t i = 0; i < calls.size(); ++i)
                if (m_mode == Mode::Whole ? i == callIndex : calls[i].value("index", -1) == static_cast<long>(callIndex))
                    call = &calls[i];
            if (!call) {
                calls.push_back({{"index", callIndex}, {"function", json::object()}});
                call = &calls.back();
            }
            appendText((*call)["function"][part], result.release);
        }
    }
    for (auto &[key, channel] : state.entries) {
        std::vector<scan::EgressStream *> streams{&channel->tokens};
        for (auto &[rank, s] : channel->ranks)
            streams.push_back(&s);
        for (scan::EgressStream *stream : streams) {
            auto result = stream->finish();
            channel->markRedactions(*stream, result.findings);
            take(std::move(result.findings), result.blocked, out);
        }
        if (m_blocked)
            return;
        json released = releasedEntries(*channel, true);
        if (released.empty())
            continue;
        json &lists = target["logprobs"];
        if (!lists.is_object())
            lists = json::object();
        json &list = lists[key];
        if (!list.is_array())
            list = json::array();
        for (auto &entry : released)
            list.push_back(std::move(entry));
    }
}

WalkOutput ResponseWalker::walk(json object)
{
    WalkOutput out;
    if (m_blocked)
        return out;
    if (!object.is_object())
        badShape("not a JSON object");
    if (const auto usage = object.find("usage"); usage != object.end())
        noteUsage(*usage);
    auto choices = object.find("choices");
    if (choices != object.end() && !choices->is_null() && !choices->is_array())
        badShape("choices must be an array");
    const bool hasChoices = choices != object.end() && choices->is_array();
    if (hasChoices)
        for (std::size_t i = 0; i < choices->size() && !m_blocked; ++i)
            walkChoice((*choices)[i], static_cast<int>(i), out);
    if (!m_blocked)
        scanScalars(object, out);
    if (m_blocked) {
        out.objects.clear();
        return out;
    }
    if (m_mode == Mode::Whole) {
        if (hasChoices)
            for (std::size_t i = 0; i < choices->size() && !m_blocked; ++i) {
                auto &c = (*choices)[i];
                flushChoice(choice(c.value("index", static_cast<int>(i))), c, out);
            }
        if (!m_blocked)
            out.objects.push_back(std::move(object));
        return out;
    }
    // Stream: a choice that finished releases what it held; a choice left with nothing to say
    // (all its text held back) is not forwarded, nor a chunk left without choices.
    keepTemplate(object);
    bool forward = !hasChoices || choices->empty() || (object.contains("usage") && !object["usage"].is_null());
    const auto &members = object.get_ref<const json::object_t &>();
    forward = forward || std::any_of(members.begin(), members.end(), [](const auto &member) {
                  return !isPerChunk(member.first) && !isFraming(member.first);  // beyond the framing
              });
    if (hasChoices) {
        // The choices that say something move to the front, in order; the rest are dropped.
        auto &items = choices->get_ref<json::array_t &>();
        std::size_t kept = 0;
        for (auto &c : items) {
            const bool finishing = c.contains("finish_reason") && !c["finish_reason"].is_null();
            if (finishing)
                flushChoice(choice(c.value("index", 0)), c, out);
            if (m_blocked) {
                out.objects.clear();
                return out;
            }
            bool says = finishing;
            if (const auto delta = c.find("delta"); delta != c.end() && delta->is_object())
                for (auto f = delta->begin(); f != delta->end(); ++f)
                    says = says || !(f.value().is_string() && f.value().get_ref<const std::string &>().empty());
            if (const auto l = c.find("logprobs"); l != c.end() && l->is_object())
                for (const char *list : {"content", "refusal"})
                    says = says || (l->contains(list) && (*l)[list].is_array() && !(*l)[list].empty());
            if (says) {
                if (&items[kept] != &c)
                    items[kept] = std::move(c);
                ++kept;
            }
        }
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(kept), items.end());
        forward = forward || kept > 0;
    }
    if (forward)
        out.objects.push_back(std::move(object));
    return out;
}

void ResponseWalker::keepTemplate(const json &object)
{
    // Every chunk of a stream repeats the same framing: copy it only when it changed. Both maps
    // are ordered by key, so they are compared side by side.
    const auto &members = object.get_ref<const json::object_t &>();
    if (m_template.is_object()) {
        const auto &kept = m_template.get_ref<const json::object_t &>();
        auto k = kept.begin();
        bool same = true;
        for (const auto &[key, value] : members) {
            if (isPerChunk(key))
                continue;
            same = k != kept.end() && k->first == key && k->second.type() == value.type() && k->second == value;
            if (!same)
                break;
            ++k;
        }
        if (same && k == kept.end())
            return;
    }
    m_template = json::object();
    for (const auto &[key, value] : members)
        if (!isPerChunk(key))
            m_template[key] = value;
}

WalkOutput ResponseWalker::finish()
{
    WalkOutput out;
    if (m_blocked)
        return out;
    json chunk = m_template.is_object() ? m_template : json::object();
    chunk["choices"] = json::array();
    for (auto &[index, state] : m_choices) {
        if (state->finished)
            continue;
        json c{{"index", index}, {m_mode == Mode::Whole ? "message" : "delta", json::object()}, {"finish_reason", nullptr}};
        flushChoice(*state, c, out);
        if (m_blocked) {
            out.objects.clear();
            return out;
        }
        const char *container = m_mode == Mode::Whole ? "message" : "delta";
        if (!c[container].empty() || c.contains("text") || c.contains("logprobs"))
            chunk["choices"].push_back(std::move(c));
    }
    if (!chunk["choices"].empty())
        out.objects.push_back(std::move(chunk));
    return out;
}

} // namespace bulkhead::proxy
