#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

// Word lists, each with a class bit, looked up by a word's FNV-1a hash: open addressing a few
// times larger than the lists, so most words cost one probe and a word is compared only when its
// hash matches. The intent lexicon and the setup grammar each keep one; the words are string
// literals and must outlive the table.
struct WordClassList
{
    std::uint32_t classes;
    const char *words;  // space separated
};

class WordClassTable
{
public:
    explicit WordClassTable(std::span<const WordClassList> lists);
    // The classes of `word` (0 for a word in no list), given its wordHash().
    std::uint32_t classes(std::string_view word, std::uint32_t hash) const noexcept;
    std::uint32_t classes(std::string_view word) const noexcept { return classes(word, wordHash(word)); }

    static std::uint32_t wordHash(std::string_view word) noexcept;  // 32-bit FNV-1a

private:
    struct Slot
    {
        std::string_view word;
        std::uint32_t hash = 0;
        std::uint32_t classes = 0;
    };
    std::size_t slotOf(std::uint32_t hash) const noexcept { return (hash ^ (hash >> 11)) & m_mask; }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
};

} // namespace bulkhead::scan
