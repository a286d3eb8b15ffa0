#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace bulkhead::core {

// What nlohmann::json::parse(text) gives (strict: one value, no comments, UTF-8 checked, a
// leading byte-order mark skipped), or nullopt where it would refuse; the same document with the
// same value types (non-negative integers unsigned, floats read correctly rounded, a float that
// overflows refused, duplicate keys: the last one wins). Read with Boost.JSON's parser, about
// three times faster on the request and answer sizes of the data path; the document is built as
// nlohmann's, which every stage after it uses. tst_jsonparse holds the two to the same result.
// One difference, on purpose: nlohmann takes a NUL byte outside a string for the end of the input
// and accepts what came before it; a raw NUL is never valid JSON, and this refuses it.
// Callers check the nesting depth first (core::jsonNestingDepth).
std::optional<nlohmann::json> parseJson(std::string_view text);

} // namespace bulkhead::core
