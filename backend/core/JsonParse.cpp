#include "JsonParse.h"

#include <boost/json/basic_parser_impl.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace bulkhead::core {
namespace {

using nlohmann::json;
namespace bj = boost::json;

// Builds nlohmann's document from the parser's events, the way nlohmann's own parser does.
class DocumentBuilder
{
public:
    static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();

    json &document() noexcept { return m_document; }

    bool on_document_begin(bj::error_code &) { return true; }
    bool on_document_end(bj::error_code &) { return true; }
    bool on_array_begin(bj::error_code &) { return open(json::array()); }
    bool on_array_end(std::size_t, bj::error_code &) { return close(); }
    bool on_object_begin(bj::error_code &) { return open(json::object()); }
    bool on_object_end(std::size_t, bj::error_code &) { return close(); }
    bool on_string_part(bj::string_view s, std::size_t, bj::error_code &) { return append(m_text, s); }
    bool on_string(bj::string_view s, std::size_t, bj::error_code &)
    {
        append(m_text, s);
        *slot() = std::move(m_text);
        m_text.clear();
        return true;
    }
    bool on_key_part(bj::string_view s, std::size_t, bj::error_code &) { return append(m_key, s); }
    bool on_key(bj::string_view s, std::size_t, bj::error_code &) { return append(m_key, s); }
    bool on_number_part(bj::string_view s, bj::error_code &) { return append(m_number, s); }
    bool on_int64(std::int64_t value, bj::string_view s, bj::error_code &)
    {
        // nlohmann keeps a number written without a minus sign unsigned ("-0" stays signed).
        const bool minus = (m_number.empty() ? s.starts_with('-') : m_number.front() == '-');
        m_number.clear();
        if (minus)
            *slot() = value;
        else
            *slot() = static_cast<std::uint64_t>(value);
        return true;
    }
    bool on_uint64(std::uint64_t value, bj::string_view, bj::error_code &)
    {
        m_number.clear();
        *slot() = value;
        return true;
    }
    bool on_double(double, bj::string_view s, bj::error_code &ec)
    {
        // Read again from the text, correctly rounded like the strtod nlohmann uses (and without
        // its locale): Boost 1.81's own conversion may differ in the last bit.
        append(m_number, s);
        double value = 0;
        const char *first = m_number.data();
        const char *last = first + m_number.size();
        const auto [end, error] = std::from_chars(first, last, value);
        bool ok = end == last && (error == std::errc() || error == std::errc::result_out_of_range);
        if (error == std::errc::result_out_of_range) {
            // Too small: strtod's zero, signed; too large: nlohmann refuses the overflow.
            const auto exponent = m_number.find_first_of("eE");
            const bool tiny = exponent != std::string::npos && exponent + 1 < m_number.size()
                              && m_number[exponent + 1] == '-';
            ok = ok && tiny;
            value = m_number.front() == '-' ? -0.0 : 0.0;
        }
        m_number.clear();
        if (!ok || !std::isfinite(value)) {
            ec = bj::error::exponent_overflow;
            return false;
        }
        *slot() = value;
        return true;
    }
    bool on_bool(bool value, bj::error_code &)
    {
        *slot() = value;
        return true;
    }
    bool on_null(bj::error_code &)
    {
        *slot() = nullptr;
        return true;
    }
    // Comments are not allowed by the options; refuse them here too.
    bool on_comment_part(bj::string_view, bj::error_code &) { return false; }
    bool on_comment(bj::string_view, bj::error_code &) { return false; }

private:
    static bool append(std::string &to, bj::string_view s)
    {
        to.append(s.data(), s.size());
        return true;
    }

    // Where the next value goes: the document, the end of the open array, or the open object's
    // member named by the last key (a repeated key's later value replaces the earlier one).
    json *slot()
    {
        if (m_open.empty())
            return &m_document;
        json &container = *m_open.back();
        if (container.is_array())
            return &container.emplace_back();
        json *member = &container[std::move(m_key)];
        m_key.clear();  // moved from: empty it for the next key
        return member;
    }

    bool open(json container)
    {
        json *at = slot();
        *at = std::move(container);
        m_open.push_back(at);
        return true;
    }

    bool close()
    {
        m_open.pop_back();
        return true;
    }

    json m_document;
    std::vector<json *> m_open;
    std::string m_key;
    std::string m_text;
    std::string m_number;
};

} // namespace

std::optional<json> parseJson(std::string_view text, std::size_t maxDepth, bool *tooDeep)
{
    if (tooDeep)
        *tooDeep = false;
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);  // nlohmann skips a byte-order mark
    bj::parse_options options;
    options.max_depth = maxDepth;
    bj::basic_parser<DocumentBuilder> parser(options);
    bj::error_code error;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), error);
    if (error == bj::error::too_deep && tooDeep)
        *tooDeep = true;
    if (error || used != text.size() || !parser.done())
        return std::nullopt;
    return std::move(parser.handler().document());
}

namespace {

void releaseAt(json &node, std::size_t depth) noexcept
{
    if (depth > kMaxJsonDepth)
        return;
    if (node.is_object()) {
        auto &members = node.get_ref<json::object_t &>();
        for (auto &member : members)
            releaseAt(member.second, depth + 1);
        members.clear();
    } else if (node.is_array()) {
        auto &items = node.get_ref<json::array_t &>();
        for (auto &item : items)
            releaseAt(item, depth + 1);
        items.clear();
    }
}

} // namespace

void releaseJson(json &document) noexcept
{
    releaseAt(document, 0);
}

} // namespace bulkhead::core
