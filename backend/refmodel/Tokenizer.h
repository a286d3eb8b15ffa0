#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace bulkhead::refmodel {

using TokenId = std::uint32_t;

// The simulator's tokenizer: deterministic, dependency-free and close enough to a real one
// in count (about one token per short word). A token is a run of letters, digits, '_' and
// non-ASCII bytes (at most kMaxTokenBytes, never split inside a UTF-8 sequence) or a single
// ASCII punctuation character; whitespace belongs to the token after it. The id is a hash of
// the piece, whitespace included, so equal text gives equal ids, and only equal text does.
class Tokenizer final
{
public:
    static constexpr std::size_t kMaxTokenBytes = 12;

    // Each piece is one token with the whitespace before it; trailing whitespace joins the
    // last piece, so the pieces concatenate back to the text (a blank text has no pieces).
    static std::vector<std::string_view> pieces(std::string_view text);
    static std::vector<TokenId> encode(std::string_view text);
    static std::size_t count(std::string_view text);
    static TokenId id(std::string_view piece) noexcept;
};

} // namespace bulkhead::refmodel
