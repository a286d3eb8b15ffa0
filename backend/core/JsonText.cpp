#include "JsonText.h"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace bulkhead::core {
namespace {

using nlohmann::json;

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// Whether any byte of w is zero (exact for "any", the usual bit trick).
constexpr bool anyZeroByte(std::uint64_t w) noexcept
{
    return ((w - kOnes) & ~w & kHighs) != 0;
}

// Whether an 8-byte word holds a byte that is not printed as it is: below 0x20, 0x7F or above
// (adding one sets the high bit, or it was set), '"' or '\\'. Exact for "any".
bool needsCare(std::uint64_t w) noexcept
{
    const bool control = ((w - 0x2020202020202020ULL) & ~w & kHighs) != 0;
    const bool high = ((w | (w + kOnes)) & kHighs) != 0;
    return control || high || anyZeroByte(w ^ (0x22 * kOnes)) || anyZeroByte(w ^ (0x5C * kOnes));
}

// The length of the prefix of `text` that is printed as it is.
std::size_t plainPrefix(std::string_view text) noexcept
{
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, text.data() + i, 8);
        if (needsCare(w))
            break;
    }
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
            break;
    }
    return i;
}

// nlohmann's escape of one ASCII byte that is not printed as it is (0x7F is printed as it is
// unless ensureAscii).
void appendEscaped(std::string &out, unsigned char c, bool ensureAscii)
{
    switch (c) {
    case '"': out.append("\\\""); return;
    case '\\': out.append("\\\\"); return;
    case '\b': out.append("\\b"); return;
    case '\f': out.append("\\f"); return;
    case '\n': out.append("\\n"); return;
    case '\r': out.append("\\r"); return;
    case '\t': out.append("\\t"); return;
    default: break;
    }
    if (c == 0x7F && !ensureAscii) {
        out.push_back(static_cast<char>(c));
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
    out.append(escape, sizeof escape);
}

// Appends `text` as a string literal if it is all ASCII; false (and `out` as it was) if it is not,
// so that nlohmann prints it (UTF-8 validation, ensureAscii's \u escapes, invalid bytes).
bool appendAsciiLiteral(std::string &out, std::string_view text, bool ensureAscii)
{
    const std::size_t before = out.size();
    out.push_back('"');
    while (!text.empty()) {
        const std::size_t plain = plainPrefix(text);
        out.append(text.data(), plain);
        text.remove_prefix(plain);
        if (text.empty())
            break;
        const auto c = static_cast<unsigned char>(text.front());
        if (c >= 0x80) {
            out.resize(before);
            return false;
        }
        appendEscaped(out, c, ensureAscii);
        text.remove_prefix(1);
    }
    out.push_back('"');
    return true;
}

void appendNlohmann(std::string &out, const json &value, const JsonTextOptions &options)
{
    out += value.dump(-1, ' ', options.ensureAscii, options.invalidUtf8);
}

template<typename Integer>
void appendInteger(std::string &out, Integer value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

void appendStringNode(std::string &out, const json &node, const JsonTextOptions &options)
{
    if (!appendAsciiLiteral(out, node.get_ref<const json::string_t &>(), options.ensureAscii))
        appendNlohmann(out, node, options);
}

} // namespace

void appendJsonString(std::string &out, std::string_view text, const JsonTextOptions &options)
{
    if (!appendAsciiLiteral(out, text, options.ensureAscii))
        appendNlohmann(out, json(std::string(text)), options);
}

void appendJsonText(std::string &out, const json &value, const JsonTextOptions &options)
{
    switch (value.type()) {
    case json::value_t::object: {
        out.push_back('{');
        bool first = true;
        for (const auto &[key, member] : value.get_ref<const json::object_t &>()) {
            if (!first)
                out.push_back(',');
            first = false;
            appendJsonString(out, key, options);
            out.push_back(':');
            appendJsonText(out, member, options);
        }
        out.push_back('}');
        return;
    }
    case json::value_t::array: {
        out.push_back('[');
        bool first = true;
        for (const auto &element : value.get_ref<const json::array_t &>()) {
            if (!first)
                out.push_back(',');
            first = false;
            appendJsonText(out, element, options);
        }
        out.push_back(']');
        return;
    }
    case json::value_t::string:
        appendStringNode(out, value, options);
        return;
    case json::value_t::boolean:
        out.append(value.get<bool>() ? "true" : "false");
        return;
    case json::value_t::null:
        out.append("null");
        return;
    case json::value_t::number_integer:
        appendInteger(out, value.get<json::number_integer_t>());
        return;
    case json::value_t::number_unsigned:
        appendInteger(out, value.get<json::number_unsigned_t>());
        return;
    case json::value_t::number_float:
    case json::value_t::binary:
    case json::value_t::discarded:
        appendNlohmann(out, value, options);
        return;
    }
    appendNlohmann(out, value, options);
}

std::string jsonText(const json &value, const JsonTextOptions &options)
{
    std::string out;
    appendJsonText(out, value, options);
    return out;
}

} // namespace bulkhead::core
