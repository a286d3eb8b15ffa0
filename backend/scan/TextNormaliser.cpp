#include "TextNormaliser.h"

#include <algorithm>
#include <limits>

namespace bulkhead::scan {

void TextNormaliser::feed(std::string_view bytes, std::uint32_t firstOffset, NormalisedText &out)
{
    startIfNeeded(out);
    const auto &ascii = asciiFoldTable();
    std::uint32_t offset = firstOffset;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        // ASCII fast path: most responses are mostly ASCII, and most of their bytes continue a
        // word already started, which needs only the appends that onFolded() would make.
        if (byte < 0x80 && !m_utf8.midSequence()) {
            const FoldedCodePoint &f = ascii[byte];
            if (f.cls == FoldClass::WordChar && m_curLen > 0 && !m_curDeferred) {
                const auto folded = static_cast<char>(f.cp);
                if (m_all) {
                    out.alnum.push_back(folded);
                    out.alnumOffsets.push_back(offset);
                    out.wordOffsets.push_back(offset);
                }
                m_curHash = fnvByte(m_curHash, static_cast<unsigned char>(folded));
                ++m_alnumPos;
                out.words.push_back(folded);
                ++m_wordPos;
                m_lastEmitOffset = offset;
                ++m_curLen;
            } else if (byte == '\'') {
                onApostrophe(offset, out);
            } else {
                onFolded(f, offset, out);
            }
        } else
            m_utf8.feed(byte, offset,
                        [&](char32_t cp, std::uint32_t at) { onCodePoint(cp, at, out); });
        ++offset;
    }
}

void TextNormaliser::feedByte(unsigned char byte, std::uint32_t offset, NormalisedText &out)
{
    startIfNeeded(out);
    m_utf8.feed(byte, offset, [&](char32_t cp, std::uint32_t at) { onCodePoint(cp, at, out); });
}

void TextNormaliser::separate(std::uint32_t offset, NormalisedText &out)
{
    startIfNeeded(out);
    m_utf8.finish([&](char32_t cp, std::uint32_t at) { onCodePoint(cp, at, out); });
    endWord(offset, out);
    m_afterApostrophe = false;
}

void TextNormaliser::finish(std::uint32_t endOffset, NormalisedText &out)
{
    separate(endOffset, out);
    endSpacedRun(out);
}

std::uint32_t TextNormaliser::earliestPending() const noexcept
{
    std::uint32_t earliest = std::numeric_limits<std::uint32_t>::max();
    if (m_utf8.midSequence())
        earliest = std::min(earliest, m_utf8.sequenceStart());
    if (m_curDeferred)
        earliest = std::min(earliest, m_curStart);
    if (m_singles > 0)
        earliest = std::min(earliest, m_singleOffset[0]);
    return earliest;
}

std::uint32_t TextNormaliser::pendingSequence() const noexcept
{
    return m_utf8.midSequence() ? m_utf8.sequenceStart() : std::numeric_limits<std::uint32_t>::max();
}

std::size_t TextNormaliser::deferredLetters(char (&letters)[3]) const noexcept
{
    std::size_t n = 0;
    for (int i = 0; i < m_singles; ++i)
        letters[n++] = m_single[i];
    if (m_curDeferred)
        letters[n++] = m_curFirst;
    return n;
}

void TextNormaliser::startIfNeeded(NormalisedText &out)
{
    if (m_started)
        return;
    m_started = true;
    emitSpace(out);
}

void TextNormaliser::onCodePoint(char32_t cp, std::uint32_t offset, NormalisedText &out)
{
    if (cp == U'\u2019')
        onApostrophe(offset, out);
    else
        onFolded(foldCodePoint(cp), offset, out);
}

void TextNormaliser::onApostrophe(std::uint32_t offset, NormalisedText &out)
{
    const bool afterWord = m_curLen > 0;
    // A letter between two apostrophes is one of a run spelled out with them ("p'i'a'n'o").
    m_curContraction = false;
    endWord(offset, out);
    m_afterApostrophe = afterWord;
}

void TextNormaliser::onFolded(const FoldedCodePoint &f, std::uint32_t offset, NormalisedText &out)
{
    switch (f.cls) {
    case FoldClass::Ignore:
        return;
    case FoldClass::Separator:
        endWord(offset, out);
        m_afterApostrophe = false;
        return;
    case FoldClass::IsolatedWord: {
        endWord(offset, out);
        m_afterApostrophe = false;
        endSpacedRun(out);
        std::string bytes;
        appendUtf8(bytes, f.cp);
        if (m_all) {
            out.alnum += bytes;
            out.alnumOffsets.insert(out.alnumOffsets.end(), bytes.size(), offset);
        }
        m_alnumPos += bytes.size();
        std::uint64_t hash = kFnvOffset;
        for (const char b : bytes)
            hash = fnvByte(hash, static_cast<unsigned char>(b));
        emitWordBytes(bytes.data(), bytes.size(), offset, out);
        emitSpace(out);
        if (m_all)
            out.wordEvents.push_back({hash, offset, offset + 1});
        return;
    }
    case FoldClass::WordChar:
        break;
    }
    char bytes[4];
    std::size_t n = 0;
    if (f.cp < 0x80) {
        bytes[n++] = static_cast<char>(f.cp);
    } else {
        std::string tmp;
        appendUtf8(tmp, f.cp);
        n = tmp.size();
        std::copy(tmp.begin(), tmp.end(), bytes);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (m_all) {
            out.alnum.push_back(bytes[i]);
            out.alnumOffsets.push_back(offset);
        }
        m_curHash = fnvByte(m_curHash, static_cast<unsigned char>(bytes[i]));
    }
    m_alnumPos += n;
    if (m_curLen == 0) {
        m_curStart = offset;
        m_curLen = 1;
        // The endings English contracts to one letter ("I'm", "it's", "don't", "I'd"), unless
        // letters before it are already a run ("c'a't", "s'e'c'r'e't").
        m_curContraction = m_afterApostrophe && !m_joining && m_singles < 2 && n == 1
                           && (bytes[0] == 'm' || bytes[0] == 's' || bytes[0] == 't' || bytes[0] == 'd');
        m_afterApostrophe = false;
        // A single ASCII letter may be one of a spaced-out run: wait for the next one.
        if (n == 1) {
            m_curDeferred = true;
            m_curFirst = bytes[0];
            return;
        }
        endSpacedRun(out);
        emitWordBytes(bytes, n, offset, out);
        return;
    }
    if (m_curDeferred) {
        m_curDeferred = false;
        endSpacedRun(out);
        emitWordBytes(&m_curFirst, 1, m_curStart, out);
    }
    emitWordBytes(bytes, n, offset, out);
    ++m_curLen;
}

void TextNormaliser::emitWordBytes(const char *bytes, std::size_t n, std::uint32_t offset,
                                   NormalisedText &out)
{
    if (n == 1)
        out.words.push_back(bytes[0]);
    else
        out.words.append(bytes, n);
    if (m_all)
        out.wordOffsets.insert(out.wordOffsets.end(), n, offset);
    m_wordPos += n;
    m_lastEmitOffset = offset;
}

void TextNormaliser::emitSingleLetterWord(char letter, std::uint32_t start, std::uint32_t end, NormalisedText &out)
{
    emitWordBytes(&letter, 1, start, out);
    emitSpace(out);
    if (m_all)
        out.wordEvents.push_back({fnvByte(kFnvOffset, static_cast<unsigned char>(letter)), start, end});
}

void TextNormaliser::emitSpace(NormalisedText &out)
{
    // A space carries the offset of the character before it: offsets stay monotonic and a
    // match that starts with the space holds back no more than that character.
    out.words.push_back(' ');
    if (m_all)
        out.wordOffsets.push_back(m_lastEmitOffset);
    ++m_wordPos;
}

void TextNormaliser::endWord(std::uint32_t endOffset, NormalisedText &out)
{
    if (m_curLen == 0)
        return;
    if (m_curDeferred) {
        const char c = m_curFirst;
        if (m_curContraction) {
            // The "m" of "I'm", the "s" of "it's": a word's ending, never one of a spaced-out
            // run, so "I'm a" stays three words instead of being read as "ima".
            endSpacedRun(out);
            emitSingleLetterWord(c, m_curStart, endOffset, out);
        } else if (m_joining) {
            emitWordBytes(&c, 1, m_curStart, out);
            m_joinHash = fnvByte(m_joinHash, static_cast<unsigned char>(c));
            m_joinEnd = endOffset;
        } else if (m_singles < 2) {
            m_single[m_singles] = c;
            m_singleOffset[m_singles] = m_curStart;
            m_singleEnd[m_singles] = endOffset;
            ++m_singles;
        } else {
            // Third single letter in a row: letters spaced apart, read them as one word.
            m_joining = true;
            m_joinHash = kFnvOffset;
            m_joinStart = m_singleOffset[0];
            for (int i = 0; i < 2; ++i) {
                emitWordBytes(&m_single[i], 1, m_singleOffset[i], out);
                m_joinHash = fnvByte(m_joinHash, static_cast<unsigned char>(m_single[i]));
            }
            emitWordBytes(&c, 1, m_curStart, out);
            m_joinHash = fnvByte(m_joinHash, static_cast<unsigned char>(c));
            m_joinEnd = endOffset;
            m_singles = 0;
        }
    } else {
        emitSpace(out);
        if (m_all)
            out.wordEvents.push_back({m_curHash, m_curStart, endOffset});
    }
    m_curLen = 0;
    m_curDeferred = false;
    m_curContraction = false;
    m_curHash = kFnvOffset;
}

void TextNormaliser::endSpacedRun(NormalisedText &out)
{
    if (m_joining) {
        emitSpace(out);
        if (m_all)
            out.wordEvents.push_back({m_joinHash, m_joinStart, m_joinEnd});
        m_joining = false;
    } else {
        for (int i = 0; i < m_singles; ++i)
            emitSingleLetterWord(m_single[i], m_singleOffset[i], m_singleEnd[i], out);
    }
    m_singles = 0;
}

namespace {

NormalisedText normaliseAll(std::string_view text, TextNormaliser::Outputs outputs = TextNormaliser::Outputs::All)
{
    NormalisedText out;
    if (outputs == TextNormaliser::Outputs::WordsOnly)
        out.words.reserve(text.size() + 2);  // the usual size: one allocation for most texts
    TextNormaliser normaliser(outputs);
    normaliser.feed(text, 0, out);
    normaliser.finish(static_cast<std::uint32_t>(text.size()), out);
    return out;
}

} // namespace

std::string normaliseAlnum(std::string_view text)
{
    return normaliseAll(text).alnum;
}

std::string normaliseWords(std::string_view text)
{
    return normaliseAll(text, TextNormaliser::Outputs::WordsOnly).words;
}

std::vector<WordEvent> normalisedWords(std::string_view text)
{
    return normaliseAll(text).wordEvents;
}

} // namespace bulkhead::scan
