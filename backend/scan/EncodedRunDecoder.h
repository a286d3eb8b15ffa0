#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace bulkhead::scan {

// Finds base64 (standard or URL alphabet) and hex runs in a byte stream and decodes them as
// they arrive, so an encoded leak is scanned like plain text. A run is decoded once it reaches
// kMinRun characters ("plausible length": shorter runs are ordinary words); the decision is
// made on the run's first kMinRun characters, which the decoder keeps itself (candidate()), so
// the caller may release a candidate it has judged harmless. All hex digits -> hex, otherwise
// base64. A "0x" prefix is skipped.
// Known gaps: runs misaligned by glued-on characters, separated hex ("62 68 2d"), and nested
// encodings are not decoded.
class EncodedRunDecoder final
{
public:
    static constexpr std::uint32_t kMinRun = 16;
    enum class Mode : std::uint8_t { Idle, Candidate, Base64, Hex };

    // decoded(byte, sourceOffset) for each decoded byte; runEnd(offset) when a decoded run ends.
    template<typename Decoded, typename RunEnd>
    void feed(unsigned char byte, std::uint32_t offset, Decoded &&decoded, RunEnd &&runEnd)
    {
        const int value = base64Value(byte);
        if (value < 0) {
            end(offset, decoded, runEnd);
            return;
        }
        switch (m_mode) {
        case Mode::Idle:
            startCandidate(byte, offset);
            return;
        case Mode::Candidate:
            if (m_runLen == 1 && (byte == 'x' || byte == 'X') && m_firstIsZero) {
                m_runLen = 0;  // "0x" prefix: the hex starts after it
                m_runStart = offset + 1;
                m_allHex = true;
                return;
            }
            if (m_runLen == 0) {
                startCandidate(byte, offset);
                return;
            }
            m_candidate[m_runLen++] = static_cast<char>(byte);
            m_allHex = m_allHex && isHex(byte);
            if (m_runLen == kMinRun) {
                m_mode = m_allHex ? Mode::Hex : Mode::Base64;
                m_acc = 0;
                m_accCount = 0;
                for (std::uint32_t i = 0; i < kMinRun; ++i)
                    decode(static_cast<unsigned char>(m_candidate[i]), m_runStart + i, decoded);
            }
            return;
        case Mode::Hex:
            if (!isHex(byte)) {
                end(offset, decoded, runEnd);
                startCandidate(byte, offset);
                return;
            }
            [[fallthrough]];
        case Mode::Base64:
            ++m_runLen;
            decode(byte, offset, decoded);
            return;
        }
    }

    template<typename Decoded, typename RunEnd>
    void finish(std::uint32_t offset, Decoded &&decoded, RunEnd &&runEnd)
    {
        end(offset, decoded, runEnd);
    }

    Mode mode() const noexcept { return m_mode; }
    bool decoding() const noexcept { return m_mode == Mode::Base64 || m_mode == Mode::Hex; }
    // Source bytes per decoded unit, used to map a decoded match's end back to the source.
    std::uint32_t groupBytes() const noexcept { return m_mode == Mode::Hex ? 2 : 4; }
    // While decoding: the earliest source offset a not-yet-decoded byte depends on (a partial
    // group); UINT32_MAX when none. A candidate's hold is the caller's decision (candidate()).
    std::uint32_t heldFrom() const noexcept
    {
        if (decoding() && m_accCount > 0)
            return m_groupStart;
        return std::numeric_limits<std::uint32_t>::max();
    }
    std::uint32_t runStart() const noexcept { return m_runStart; }
    // A run shorter than kMinRun so far (it starts at runStart()): what it would decode to if
    // it grew is the caller's to judge. Empty unless mode() is Candidate.
    std::string_view candidate() const noexcept
    {
        return m_mode == Mode::Candidate ? std::string_view(m_candidate, m_runLen) : std::string_view();
    }
    bool candidateAllHex() const noexcept { return m_allHex; }

    static int base64Value(unsigned char c) noexcept
    {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+' || c == '-')
            return 62;
        if (c == '/' || c == '_')
            return 63;
        return -1;
    }
    static bool isHex(unsigned char c) noexcept
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    static int hexValue(unsigned char c) noexcept
    {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

private:

    void startCandidate(unsigned char byte, std::uint32_t offset)
    {
        m_mode = Mode::Candidate;
        m_runStart = offset;
        m_candidate[0] = static_cast<char>(byte);
        m_runLen = 1;
        m_allHex = isHex(byte);
        m_firstIsZero = byte == '0';
    }

    template<typename Decoded>
    void decode(unsigned char c, std::uint32_t offset, Decoded &decoded)
    {
        if (m_accCount == 0)
            m_groupStart = offset;
        if (m_mode == Mode::Hex) {
            m_acc = (m_acc << 4) | static_cast<std::uint32_t>(hexValue(c));
            if (++m_accCount == 2) {
                decoded(static_cast<unsigned char>(m_acc & 0xFF), m_groupStart);
                m_acc = 0;
                m_accCount = 0;
            }
            return;
        }
        m_acc = (m_acc << 6) | static_cast<std::uint32_t>(base64Value(c));
        if (++m_accCount == 4) {
            decoded(static_cast<unsigned char>((m_acc >> 16) & 0xFF), m_groupStart);
            decoded(static_cast<unsigned char>((m_acc >> 8) & 0xFF), m_groupStart);
            decoded(static_cast<unsigned char>(m_acc & 0xFF), m_groupStart);
            m_acc = 0;
            m_accCount = 0;
        }
    }

    template<typename Decoded, typename RunEnd>
    void end(std::uint32_t offset, Decoded &decoded, RunEnd &runEnd)
    {
        if (decoding()) {
            if (m_mode == Mode::Base64 && m_accCount >= 2) {
                // Unpadded tail: 2 characters carry 1 byte, 3 carry 2.
                if (m_accCount == 2) {
                    decoded(static_cast<unsigned char>((m_acc >> 4) & 0xFF), m_groupStart);
                } else {
                    decoded(static_cast<unsigned char>((m_acc >> 10) & 0xFF), m_groupStart);
                    decoded(static_cast<unsigned char>((m_acc >> 2) & 0xFF), m_groupStart);
                }
            }
            runEnd(offset);
        }
        m_mode = Mode::Idle;
        m_runLen = 0;
        m_acc = 0;
        m_accCount = 0;
    }

    std::uint32_t m_runStart = 0;
    std::uint32_t m_runLen = 0;
    std::uint32_t m_groupStart = 0;
    std::uint32_t m_acc = 0;
    std::uint8_t m_accCount = 0;
    Mode m_mode = Mode::Idle;
    char m_candidate[kMinRun] = {};
    bool m_allHex = false;
    bool m_firstIsZero = false;
};

} // namespace bulkhead::scan
