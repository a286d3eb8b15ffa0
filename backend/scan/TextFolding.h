#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace bulkhead::scan {

// What one code point contributes to the normalised text.
enum class FoldClass : std::uint8_t {
    Ignore,        // invisible (zero-width, joiners, soft hyphen, combining marks): dropped
                   // without breaking a word, so "can\u200Bary" still reads "canary"
    Separator,     // whitespace, punctuation, symbols, emoji: ends a word
    WordChar,      // part of a word; `cp` is the folded code point (ASCII where a look-alike exists)
    IsolatedWord,  // CJK ideographs and kana: each one is a word of its own
};

struct FoldedCodePoint
{
    FoldClass cls = FoldClass::Separator;
    char32_t cp = 0;
};

// NFKC-ish folding aimed at defeating cheap obfuscation rather than at linguistic accuracy:
// ASCII lower case, fullwidth forms, mathematical and enclosed alphanumerics, regional
// indicators, small capitals, Latin diacritics, Cyrillic and Greek look-alikes and Unicode tag
// characters all fold to the ASCII letter a reader sees. A pure function with no tables to load.
FoldedCodePoint foldCodePoint(char32_t cp) noexcept;
// foldCodePoint() of every ASCII code point, computed once: the per-byte fast path of the
// normalisers, where the text is mostly ASCII.
const std::array<FoldedCodePoint, 128> &asciiFoldTable() noexcept;

// Streaming UTF-8 decoder: bytes in, code points out, across any chunk boundary. Invalid or
// truncated sequences become U+FFFD (a separator), never an error: the scanner must keep going
// on whatever an upstream model emits.
class Utf8Decoder final
{
public:
    // Feeds one byte at `offset`. Calls emit(cp, startOffset) for every completed code point
    // (at most two: a broken sequence's U+FFFD, then the byte that broke it).
    template<typename Emit>
    void feed(unsigned char byte, std::uint32_t offset, Emit &&emit)
    {
        if (m_need != 0) {
            if ((byte & 0xC0) == 0x80) {
                m_acc = (m_acc << 6) | (byte & 0x3F);
                if (--m_need == 0) {
                    const bool bad = m_acc < m_min || (m_acc >= 0xD800 && m_acc <= 0xDFFF)
                                     || m_acc > 0x10FFFF;
                    emit(bad ? char32_t(0xFFFD) : char32_t(m_acc), m_start);
                }
                return;
            }
            m_need = 0;
            emit(char32_t(0xFFFD), m_start);
        }
        if (byte < 0x80) {
            emit(char32_t(byte), offset);
        } else if (byte >= 0xC2 && byte <= 0xDF) {
            start(byte & 0x1F, 1, 0x80, offset);
        } else if (byte >= 0xE0 && byte <= 0xEF) {
            start(byte & 0x0F, 2, 0x800, offset);
        } else if (byte >= 0xF0 && byte <= 0xF4) {
            start(byte & 0x07, 3, 0x10000, offset);
        } else {
            emit(char32_t(0xFFFD), offset);
        }
    }

    // Ends the input: a truncated sequence becomes U+FFFD.
    template<typename Emit>
    void finish(Emit &&emit)
    {
        if (m_need != 0) {
            m_need = 0;
            emit(char32_t(0xFFFD), m_start);
        }
    }

    bool midSequence() const noexcept { return m_need != 0; }
    std::uint32_t sequenceStart() const noexcept { return m_start; }
    void reset() noexcept { m_need = 0; }

private:
    void start(std::uint32_t bits, std::uint8_t need, std::uint32_t min, std::uint32_t offset)
    {
        m_acc = bits;
        m_need = need;
        m_min = min;
        m_start = offset;
    }

    std::uint32_t m_acc = 0;
    std::uint32_t m_min = 0;
    std::uint32_t m_start = 0;
    std::uint8_t m_need = 0;
};

void appendUtf8(std::string &out, char32_t cp);

// Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes).
inline std::uint32_t utf8SequenceLength(unsigned char lead) noexcept
{
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    return 1;
}

} // namespace bulkhead::scan
