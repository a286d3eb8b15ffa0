#include "Tokenizer.h"

namespace bulkhead::refmodel {
namespace {

bool isSpace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isWordByte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c >= 0x80;
}

bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

} // namespace

std::vector<std::string_view> Tokenizer::pieces(std::string_view text)
{
    std::vector<std::string_view> out;
    out.reserve(text.size() / 4 + 1);
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const std::size_t start = i;
        while (i < n && isSpace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i == n) {
            // Trailing whitespace: part of the last token, or no token at all.
            if (!out.empty())
                out.back() = std::string_view(out.back().data(), out.back().size() + (i - start));
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (isWordByte(c)) {
            const std::size_t wordStart = i;
            ++i;
            while (i < n && isWordByte(static_cast<unsigned char>(text[i]))) {
                if (i - wordStart >= kMaxTokenBytes &&
                    !isContinuation(static_cast<unsigned char>(text[i])))
                    break;
                ++i;
            }
        } else {
            ++i;  // one punctuation character
        }
        out.push_back(text.substr(start, i - start));
    }
    return out;
}

std::vector<TokenId> Tokenizer::encode(std::string_view text)
{
    const auto split = pieces(text);
    std::vector<TokenId> ids;
    ids.reserve(split.size());
    for (const auto piece : split)
        ids.push_back(id(piece));
    return ids;
}

std::size_t Tokenizer::count(std::string_view text)
{
    return pieces(text).size();
}

TokenId Tokenizer::id(std::string_view piece) noexcept
{
    // FNV-1a, 32 bits: a stand-in for a vocabulary lookup.
    std::uint32_t hash = 2166136261u;
    for (const char c : piece) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619u;
    }
    return hash;
}

} // namespace bulkhead::refmodel
