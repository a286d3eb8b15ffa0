#pragma once

#include "TextFolding.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

inline constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

constexpr std::uint64_t fnvByte(std::uint64_t hash, unsigned char byte) noexcept
{
    return (hash ^ byte) * kFnvPrime;
}

// A completed word of the word channel: its hash and where it came from in the source.
struct WordEvent
{
    std::uint64_t hash = 0;
    std::uint32_t start = 0;  // source offset of its first character
    std::uint32_t end = 0;    // source offset just past it (the separator that ended it)
};

// What one normalisation step produced. Every output byte carries the source offset of the
// code point it came from, so a match in normalised text maps back to the bytes to hold back,
// redact or block.
struct NormalisedText
{
    // Alnum channel: word characters only, everything else dropped. "b.h-c a\u200Bn" -> "bhcan".
    std::string alnum;
    std::vector<std::uint32_t> alnumOffsets;
    // Word channel: words separated by exactly one space, with a space before the first and
    // after the last, so " piano " only matches the whole word. Runs of three or more
    // single-letter words are joined ("p i a n o" -> "piano").
    std::string words;
    std::vector<std::uint32_t> wordOffsets;
    std::vector<WordEvent> wordEvents;

    void clear()
    {
        alnum.clear();
        alnumOffsets.clear();
        words.clear();
        wordOffsets.clear();
        wordEvents.clear();
    }
};

// Streaming normaliser behind every scanner: UTF-8 decoding, folding (TextFolding.h), the two
// channels and word hashing. Its state is a few dozen bytes whatever the input, and the same
// code normalises the protected material at build time and the response at scan time, so both
// sides always agree.
class TextNormaliser final
{
public:
    // Which outputs to fill. WordsOnly fills NormalisedText::words alone (no alnum channel, no
    // offsets, no word events): what a whole-text pattern match needs, at half the cost.
    enum class Outputs : std::uint8_t { All, WordsOnly };
    explicit TextNormaliser(Outputs outputs = Outputs::All) noexcept : m_all(outputs == Outputs::All) {}

    // Feeds bytes whose source offsets are firstOffset, firstOffset + 1, ...
    void feed(std::string_view bytes, std::uint32_t firstOffset, NormalisedText &out);
    // Feeds one byte at an arbitrary source offset (decoded runs map many bytes to one offset).
    void feedByte(unsigned char byte, std::uint32_t offset, NormalisedText &out);
    // Ends a word at `offset` as if a separator had been seen there.
    void separate(std::uint32_t offset, NormalisedText &out);
    // Ends the input: flushes partial code points, the current word and any spaced-letter run.
    void finish(std::uint32_t endOffset, NormalisedText &out);

    // The earliest source offset whose output has not been emitted yet (a partial UTF-8
    // sequence, a single letter that may start a spaced-out run); UINT32_MAX when none.
    std::uint32_t earliestPending() const noexcept;
    // Only the partial UTF-8 sequence of earliestPending(); UINT32_MAX when none.
    std::uint32_t pendingSequence() const noexcept;
    // The single letters not yet written to the word channel (they may begin a spaced-out run),
    // in order, at most 3; the alnum channel already has them. Returns how many.
    std::size_t deferredLetters(char (&letters)[3]) const noexcept;

    std::uint64_t alnumPosition() const noexcept { return m_alnumPos; }
    std::uint64_t wordPosition() const noexcept { return m_wordPos; }

private:
    void onCodePoint(char32_t cp, std::uint32_t offset, NormalisedText &out);
    void onFolded(const FoldedCodePoint &f, std::uint32_t offset, NormalisedText &out);
    // ' and U+2019 separate like any punctuation, but m, s, t or d right after one that follows
    // a word (and no run of single letters) is a contraction's ending.
    void onApostrophe(std::uint32_t offset, NormalisedText &out);
    void startIfNeeded(NormalisedText &out);
    void emitWordBytes(const char *bytes, std::size_t n, std::uint32_t offset, NormalisedText &out);
    void emitSpace(NormalisedText &out);
    // One letter as a word of its own: the letter, a space and its word event.
    void emitSingleLetterWord(char letter, std::uint32_t start, std::uint32_t end, NormalisedText &out);
    void endWord(std::uint32_t endOffset, NormalisedText &out);
    void endSpacedRun(NormalisedText &out);

    Utf8Decoder m_utf8;
    std::uint64_t m_alnumPos = 0;
    std::uint64_t m_wordPos = 0;
    std::uint64_t m_curHash = kFnvOffset;
    std::uint64_t m_joinHash = kFnvOffset;
    std::uint32_t m_curLen = 0;
    std::uint32_t m_curStart = 0;
    std::uint32_t m_lastEmitOffset = 0;
    std::uint32_t m_joinStart = 0;
    std::uint32_t m_joinEnd = 0;
    std::uint32_t m_singleOffset[2] = {0, 0};
    std::uint32_t m_singleEnd[2] = {0, 0};
    char m_single[2] = {0, 0};
    char m_curFirst = 0;
    std::uint8_t m_singles = 0;
    bool m_curDeferred = false;
    bool m_curContraction = false;   // the current word is a contraction's one-letter ending
    bool m_afterApostrophe = false;  // the last separator was an apostrophe ending a word
    bool m_joining = false;
    bool m_started = false;
    bool m_all = true;
};

// Whole-text helpers for build time and the ingress scanner.
std::string normaliseAlnum(std::string_view text);
std::string normaliseWords(std::string_view text);  // " w1 w2 ... "
std::vector<WordEvent> normalisedWords(std::string_view text);

} // namespace bulkhead::scan
