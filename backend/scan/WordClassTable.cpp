#include "WordClassTable.h"

namespace bulkhead::scan {

namespace {

template<typename F>
void forEachWord(std::string_view words, F &&f)
{
    std::size_t start = 0;
    while (start < words.size()) {
        std::size_t end = words.find(' ', start);
        if (end == std::string_view::npos)
            end = words.size();
        if (end > start)
            f(words.substr(start, end - start));
        start = end + 1;
    }
}

} // namespace

WordClassTable::WordClassTable(std::span<const WordClassList> lists)
{
    std::size_t words = 0;
    for (const auto &list : lists)
        forEachWord(list.words, [&](std::string_view) { ++words; });
    std::size_t slots = 64;
    while (slots < 4 * words)
        slots *= 2;
    m_slots.resize(slots);
    m_mask = slots - 1;
    for (const auto &list : lists)
        forEachWord(list.words, [&](std::string_view word) {
            const std::uint32_t hash = wordHash(word);
            std::size_t i = slotOf(hash);
            while (!m_slots[i].word.empty() && m_slots[i].word != word)
                i = (i + 1) & m_mask;
            m_slots[i].word = word;
            m_slots[i].hash = hash;
            m_slots[i].classes |= list.classes;
        });
}

std::uint32_t WordClassTable::classes(std::string_view word, std::uint32_t hash) const noexcept
{
    for (std::size_t i = slotOf(hash); !m_slots[i].word.empty(); i = (i + 1) & m_mask)
        if (m_slots[i].hash == hash && m_slots[i].word == word)
            return m_slots[i].classes;
    return 0;
}

std::uint32_t WordClassTable::wordHash(std::string_view word) noexcept
{
    std::uint32_t h = 2166136261u;
    for (const char c : word)
        h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

} // namespace bulkhead::scan
