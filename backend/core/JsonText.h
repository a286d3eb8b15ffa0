#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace bulkhead::core {

struct JsonTextOptions
{
    bool ensureAscii = false;  // escape every non-ASCII character as \uXXXX
    nlohmann::json::error_handler_t invalidUtf8 = nlohmann::json::error_handler_t::replace;
};

// Exactly the bytes of nlohmann's compact dump(-1, ' ', ensureAscii, invalidUtf8), written
// faster: an ASCII string is copied eight bytes at a time between its escapes, integers are
// printed with std::to_chars, and the rest (any string with a non-ASCII byte, so UTF-8
// validation and its \u escapes; floating point) is handed to nlohmann itself. The hot path
// prints every request and answer this way; nlohmann stays the one definition of the text.
void appendJsonText(std::string &out, const nlohmann::json &value, const JsonTextOptions &options = {});
std::string jsonText(const nlohmann::json &value, const JsonTextOptions &options = {});

// One JSON string literal (quotes included) of `text`, as nlohmann would print it.
void appendJsonString(std::string &out, std::string_view text, const JsonTextOptions &options = {});

} // namespace bulkhead::core
