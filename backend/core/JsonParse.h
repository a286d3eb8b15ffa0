#pragma once

#include "JsonLimits.h"

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
//
// The nesting depth is bounded while reading: more than `maxDepth` arrays and objects inside one
// another is refused (with `tooDeep` set, when given) before the deeper value is built, so
// hostile nesting costs neither a second pass over the text nor a deep document; a text that is
// not JSON leaves `tooDeep` false unless its nesting exceeded the bound before the error.
std::optional<nlohmann::json> parseJson(std::string_view text, std::size_t maxDepth = kMaxJsonDepth,
                                        bool *tooDeep = nullptr);

// Empties `document` children first, leaving it an empty container (or as it was, if a scalar).
// nlohmann's destructor moves every descendant of a container onto a heap-allocated stack before
// freeing it, so that no nesting depth can overflow the call stack; a document read by parseJson
// is at most kMaxJsonDepth deep, and freeing it depth-first here skips that copy. Deeper parts (a
// document built otherwise) are left to nlohmann's destructor.
void releaseJson(nlohmann::json &document) noexcept;

} // namespace bulkhead::core
