#include "EgressStream.h"

#include "EgressScanner.h"
#include "EncodedRunDecoder.h"
#include "TextNormaliser.h"
#include "core/Error.h"

#include <hs.h>

#include <algorithm>
#include <array>
#include <bit>
#include <limits>

namespace bulkhead::scan {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kSliceBytes = 64 * 1024;  // bounds the per-thread offset buffers
constexpr std::uint32_t kMaxSecretTail = 64;    // key body bytes redacted after a prefix
constexpr std::size_t kCandidates = 8;          // prompts tracked per stream for shingles
constexpr std::uint32_t kWindowWords = 8;       // >= EgressOptions::shingleWords

struct RawMatch
{
    unsigned id;
    std::uint64_t to;
};

struct SliceBuffers
{
    NormalisedText text;
    NormalisedText decoded;
    NormalisedText probe;
    std::vector<RawMatch> matches;
};

SliceBuffers &sliceBuffers()
{
    thread_local SliceBuffers buffers;
    return buffers;
}

int onMatch(unsigned id, unsigned long long, unsigned long long to, unsigned, void *ctx)
{
    static_cast<std::vector<RawMatch> *>(ctx)->push_back({id, to});
    return 0;
}

bool isBase64Url(unsigned char c)
{
    return EncodedRunDecoder::base64Value(c) >= 0;
}

struct Ring
{
    std::uint32_t *data = nullptr;
    std::uint32_t mask = 0;  // size - 1; data == nullptr when the database is empty

    std::uint32_t size() const { return data ? mask + 1 : 0; }
};

struct Redaction
{
    std::uint32_t start = 0;
    std::uint32_t end = 0;
};

} // namespace

struct EgressStream::State
{
    struct Channel
    {
        TextNormaliser norm;
        hs_stream_t *alnum = nullptr;
        hs_stream_t *word = nullptr;
        Ring alnumRing;
        Ring wordRing;
        std::array<std::uint64_t, kWindowWords> hashes{};
        std::array<std::uint32_t, kWindowWords> starts{};
        std::array<std::uint32_t, kWindowWords> ends{};
        std::uint32_t words = 0;
        // How much of each channel's end may still begin a pattern (PrefixAutomaton).
        PrefixAutomaton::State alnumState = PrefixAutomaton::kRoot;
        PrefixAutomaton::State wordState = PrefixAutomaton::kRoot;
        ScanChannel id = ScanChannel::Text;
    };
    // A copy of the decoded channel's normaliser and automata, fed what a candidate run would
    // decode to if it grew into a run.
    struct Probe
    {
        TextNormaliser norm;
        PrefixAutomaton::State alnum = PrefixAutomaton::kRoot;
        PrefixAutomaton::State word = PrefixAutomaton::kRoot;
        bool complete = false;     // a whole pattern is in it
        bool shingleStart = false;  // a word in it begins some shingle
        // Source offsets of the channel bytes it made (a candidate decodes to at most 12 bytes,
        // each folded to at most 4), so a pattern prefix in it maps back to the group it began in.
        std::array<std::uint32_t, 64> alnumAt{};
        std::array<std::uint32_t, 64> wordAt{};
        std::uint32_t alnumCount = 0;
        std::uint32_t wordCount = 0;
    };
    struct Candidate
    {
        std::uint64_t mask = 0;  // shingle positions seen, modulo 64: a bounded distinct count
        std::uint32_t tenant = kNone;
        std::uint32_t firstStart = 0;
        bool reported = false;
    };

    std::shared_ptr<const EgressScanner> scanner;
    EgressPolicy policy;
    std::uint32_t requester = EgressScanner::kNoTenant;
    Channel text;
    Channel decoded;
    EncodedRunDecoder runs;
    std::string pending;  // received, not yet released
    std::uint32_t base = 0;  // offset of pending[0]
    std::vector<Redaction> redactions;
    Redaction tail;  // a secret's key body still being redacted
    bool tailActive = false;
    std::array<Candidate, kCandidates> candidates{};
    std::unique_ptr<std::uint32_t[]> rings;
    std::size_t ringWords = 0;
    std::uint32_t blockAt = kNone;
    bool blocked = false;
    bool finished = false;
    EgressHoldStats stats;

    std::uint32_t consumed() const { return base + static_cast<std::uint32_t>(pending.size()); }

    // --- matching ------------------------------------------------------------------------
    struct SliceView
    {
        Channel *channel;
        bool word;
        std::uint64_t startPos;
        const std::vector<std::uint32_t> *offsets;
    };

    std::uint32_t lookup(const SliceView &v, std::uint64_t pos) const
    {
        if (pos >= v.startPos && pos - v.startPos < v.offsets->size())
            return (*v.offsets)[pos - v.startPos];
        const Ring &r = v.word ? v.channel->wordRing : v.channel->alnumRing;
        if (pos < v.startPos && v.startPos - pos <= r.size())
            return r.data[pos & r.mask];
        return base;  // fell out of the window: the match began in released text
    }

    std::uint32_t endOf(const Channel &c, std::uint32_t lastOffset) const
    {
        std::uint32_t len = 1;
        if (c.id != ScanChannel::Text)
            len = runs.groupBytes();
        else if (lastOffset >= base && lastOffset < consumed())
            len = utf8SequenceLength(static_cast<unsigned char>(pending[lastOffset - base]));
        return std::min(lastOffset + len, consumed());
    }

    void act(EgressChunkResult &result, EgressFinding finding, std::uint32_t start, std::uint32_t end,
             bool secretTail)
    {
        for (const auto &f : result.findings)
            if (f.ownerTenantId == finding.ownerTenantId && f.kind == finding.kind
                && f.offset == finding.offset && f.detail == finding.detail)
                return;
        start = std::max(start, base);
        end = std::max(end, start);
        finding.offset = start;
        finding.length = end - start;
        if (finding.action == EgressAction::Block) {
            blockAt = std::min(blockAt, start);
        } else if (finding.action == EgressAction::Redact) {
            if (secretTail && !tailActive) {
                tail = {start, end};
                tailActive = true;
            } else {
                redactions.push_back({start, end});
            }
        }
        result.findings.push_back(std::move(finding));
    }

    void onLiteral(EgressChunkResult &result, const SliceView &v, const RawMatch &m)
    {
        const EgressScanner &s = *scanner;
        const auto &pattern = v.word ? s.m_wordPatterns.at(m.id) : s.m_alnumPatterns.at(m.id);
        // Word-channel patterns carry a boundary space at each end.
        const std::uint64_t first = v.word ? m.to - pattern.length + 1 : m.to - pattern.length;
        const std::uint64_t last = v.word ? m.to - 2 : m.to - 1;
        const std::uint32_t start = lookup(v, first);
        const std::uint32_t end = endOf(*v.channel, lookup(v, last));
        for (std::uint32_t i = 0; i < pattern.ownerCount; ++i) {
            const auto &o = s.m_owners[pattern.firstOwner + i];
            EgressFinding f;
            f.channel = v.channel->id;
            const bool self = o.tenant == requester && o.tenant != EgressScanner::kNoTenant;
            using M = EgressScanner::Material;
            if (o.material == M::SecretFormat) {
                f.kind = LeakKind::SecretFormat;
                f.action = policy.secretFormat;
                f.detail = "format " + s.m_formatNames.at(o.index);
            } else if (self) {
                if (o.material == M::DocumentCanary || !policy.detectSelfLeak)
                    continue;  // a tenant's own documents may be quoted back to it
                f.kind = LeakKind::SelfSystemPrompt;
                f.action = policy.selfLeak;
            } else {
                if (!o.crossTenant)
                    continue;
                f.kind = o.material == M::Canary           ? LeakKind::Canary
                         : o.material == M::DocumentCanary ? LeakKind::DocumentCanary
                                                           : LeakKind::SystemPromptFingerprint;
                f.action = policy.crossTenant;
            }
            if (o.material != M::SecretFormat) {
                f.ownerTenantId = s.m_tenantIds.at(o.tenant);
                f.detail = (o.material == M::Canary           ? "canary["
                            : o.material == M::DocumentCanary ? "document_canary["
                                                              : "term[")
                           + std::to_string(o.index) + "]";
            }
            const bool secretTail = o.material == M::SecretFormat && v.channel->id == ScanChannel::Text;
            act(result, std::move(f), start, end, secretTail);
        }
    }

    void onWords(EgressChunkResult &result, Channel &c, const std::vector<WordEvent> &events)
    {
        const EgressScanner &s = *scanner;
        const std::uint32_t k = s.m_options.shingleWords;
        for (const auto &e : events) {
            const std::uint32_t slot = c.words % kWindowWords;
            c.hashes[slot] = e.hash;
            c.starts[slot] = e.start;
            c.ends[slot] = e.end;
            ++c.words;
            if (c.words < k || s.m_shingleTable.empty())
                continue;
            const std::uint64_t h = shingleHash(c.hashes.data(), kWindowWords, slot, k);
            const std::uint32_t start = c.starts[(c.words - k) % kWindowWords];
            s.forEachShingleOwner(h, [&](const EgressScanner::ShingleEntry &entry) {
                const bool self = entry.tenant == requester;
                if (self && !policy.detectSelfLeak)
                    return;
                Candidate *cand = nullptr;
                for (auto &x : candidates)
                    if (x.tenant == entry.tenant)
                        cand = &x;
                if (!cand) {
                    cand = &candidates[0];
                    for (auto &x : candidates)
                        if (x.tenant == kNone
                            || (!x.reported && std::popcount(x.mask) < std::popcount(cand->mask)))
                            cand = &x;
                    *cand = Candidate{0, entry.tenant, start, false};
                }
                cand->mask |= std::uint64_t(1) << (entry.position & 63);
                const auto threshold = std::min<std::uint32_t>(
                    s.m_options.minShingles, std::max<std::uint32_t>(1, s.m_tenantShingles[entry.tenant]));
                const auto seen = static_cast<std::uint32_t>(std::popcount(cand->mask));
                if (seen < threshold)
                    return;
                const EgressAction action = self ? policy.selfLeak : policy.crossTenant;
                if (cand->reported) {
                    if (action == EgressAction::Redact)
                        redactions.push_back({std::max(start, base), std::max(e.end, base)});
                    return;
                }
                cand->reported = true;
                EgressFinding f;
                f.ownerTenantId = s.m_tenantIds.at(entry.tenant);
                f.kind = self ? LeakKind::SelfSystemPrompt : LeakKind::SystemPromptFingerprint;
                f.action = action;
                f.channel = c.id;
                f.detail = "shingles " + std::to_string(seen) + "/"
                           + std::to_string(s.m_tenantShingles[entry.tenant]);
                act(result, std::move(f), std::max(cand->firstStart, base), e.end, false);
            });
        }
    }

    // --- hold-back ---------------------------------------------------------------------------
    // Only text that may still become part of a match is held: the channel suffix that begins
    // some pattern (automaton depth), the last words while they may still begin a shingle, a
    // candidate run that could decode to protected text, and what the normaliser has not
    // emitted yet. Everything before the earliest of these is final and released.

    // Where the longest suffix of a channel that begins a pattern starts in the source.
    std::uint32_t prefixHold(const Channel &c, bool word) const
    {
        const Ring &r = word ? c.wordRing : c.alnumRing;
        const PrefixAutomaton &a = word ? scanner->m_wordPrefixes : scanner->m_alnumPrefixes;
        std::uint32_t d = a.depth(word ? c.wordState : c.alnumState);
        // Word patterns begin with a boundary space; the match (and the hold) starts after it.
        if (word)
            d = d > 0 ? d - 1 : 0;
        if (!r.data || d == 0)
            return kNone;
        const std::uint64_t n = word ? c.norm.wordPosition() : c.norm.alnumPosition();
        return r.data[(n - d) & r.mask];
    }

    // The longest run of the last words (at most shingleWords - 1) that begins some shingle:
    // the shingle that crosses a prompt's threshold may start there, so its words stay until it
    // is complete or can no longer be one.
    std::uint32_t shingleHold(const Channel &c) const
    {
        const EgressScanner &s = *scanner;
        if (c.words == 0 || s.m_shinglePrefixes.empty())
            return kNone;
        const std::uint32_t most = std::min(c.words, s.m_options.shingleWords - 1);
        const std::uint32_t last = (c.words - 1) % kWindowWords;
        for (std::uint32_t j = most; j > 0; --j)
            if (std::binary_search(s.m_shinglePrefixes.begin(), s.m_shinglePrefixes.end(),
                                   shingleHash(c.hashes.data(), kWindowWords, last, j)))
                return c.starts[(c.words - j) % kWindowWords];
        return kNone;
    }

    // What a normaliser has not emitted yet and may still matter: a partial UTF-8 sequence (it
    // may become a look-alike of any letter), and single letters not yet on the word channel
    // (a spaced-out run) only if, joined to the word channel's end or as words of their own,
    // they would begin some word pattern. The alnum channel already has those letters, so its
    // automaton judges them; a word that begins a shingle is judged once complete.
    std::uint32_t unsettledHold(const TextNormaliser &norm, PrefixAutomaton::State word) const
    {
        std::uint32_t hold = norm.pendingSequence();
        char letters[3];
        const std::size_t n = norm.deferredLetters(letters);
        if (n == 0)
            return hold;
        const PrefixAutomaton &w = scanner->m_wordPrefixes;
        const PrefixAutomaton::State afterSpace = w.step(PrefixAutomaton::kRoot, ' ');
        PrefixAutomaton::State joined = word;
        for (std::size_t i = 0; i < n; ++i) {
            // Depth 2 or more: a suffix from a boundary space on begins a word pattern.
            joined = w.step(joined, static_cast<unsigned char>(letters[i]));
            if (w.depth(joined) > 1 || w.depth(w.step(afterSpace, static_cast<unsigned char>(letters[i]))) > 1)
                return std::min(hold, norm.earliestPending());
        }
        return hold;
    }

    std::uint32_t channelHold(const Channel &c) const
    {
        return std::min({unsettledHold(c.norm, c.wordState), prefixHold(c, false), prefixHold(c, true),
                         shingleHold(c)});
    }

    void probeByte(Probe &p, unsigned char byte, std::uint32_t at) const
    {
        const EgressScanner &s = *scanner;
        auto &out = sliceBuffers().probe;
        out.clear();
        p.norm.feedByte(byte, at, out);
        for (std::size_t i = 0; i < out.alnum.size(); ++i) {
            p.alnum = s.m_alnumPrefixes.step(p.alnum, static_cast<unsigned char>(out.alnum[i]));
            p.complete = p.complete || s.m_alnumPrefixes.accepts(p.alnum);
            p.alnumAt[p.alnumCount++ % p.alnumAt.size()] = out.alnumOffsets[i];
        }
        for (std::size_t i = 0; i < out.words.size(); ++i) {
            p.word = s.m_wordPrefixes.step(p.word, static_cast<unsigned char>(out.words[i]));
            p.complete = p.complete || s.m_wordPrefixes.accepts(p.word);
            p.wordAt[p.wordCount++ % p.wordAt.size()] = out.wordOffsets[i];
        }
        for (const auto &e : out.wordEvents)
            p.shingleStart = p.shingleStart
                             || std::binary_search(s.m_shinglePrefixes.begin(), s.m_shinglePrefixes.end(),
                                                   shingleHash(&e.hash, 1, 0, 1));
    }

    // Where what a probe was fed may still begin protected text: the source offset (a group
    // start) of the earliest byte that matters, `start` if it reaches back before the probe,
    // kNone if nothing does.
    std::uint32_t probeHold(const Probe &p, std::uint32_t start) const
    {
        if (p.complete || p.shingleStart)
            return start;
        auto live = [&](std::uint32_t depth, const std::array<std::uint32_t, 64> &at,
                        std::uint32_t count) -> std::uint32_t {
            if (depth == 0)
                return kNone;
            if (depth > count || depth > at.size())
                return start;
            return std::max(start, at[(count - depth) % at.size()]);
        };
        const std::uint32_t wordDepth = scanner->m_wordPrefixes.depth(p.word);
        const std::uint32_t unsettled = unsettledHold(p.norm, p.word);
        return std::min({unsettled == kNone ? kNone : std::max(start, unsettled),
                         live(scanner->m_alnumPrefixes.depth(p.alnum), p.alnumAt, p.alnumCount),
                         live(wordDepth > 1 ? wordDepth - 1 : 0, p.wordAt, p.wordCount)});
    }

    // A candidate run (not yet kMinRun characters) is held only if what it would decode to, read
    // as base64 (and as hex while all hex) from its start, could be or begin protected text.
    // The last byte may be only partly known: every completion of it is tried, and if one
    // matters the group it comes from is held.
    std::uint32_t speculate(std::string_view run, bool hex) const
    {
        const std::uint32_t start = runs.runStart();
        const std::uint32_t bits = hex ? 4 : 6;
        const std::uint32_t group = hex ? 2 : 4;
        Probe p{decoded.norm, decoded.alnumState, decoded.wordState};
        std::uint32_t acc = 0;
        std::uint32_t have = 0;
        for (std::size_t i = 0; i < run.size(); ++i) {
            const auto c = static_cast<unsigned char>(run[i]);
            const int v = hex ? EncodedRunDecoder::hexValue(c) : EncodedRunDecoder::base64Value(c);
            acc = (acc << bits) | static_cast<std::uint32_t>(v);
            have += bits;
            if (have >= 8) {
                have -= 8;
                probeByte(p, static_cast<unsigned char>((acc >> have) & 0xFF),
                          start + static_cast<std::uint32_t>(i / group * group));
                acc &= (1u << have) - 1;
            }
        }
        std::uint32_t hold = probeHold(p, start);
        if (have == 0)
            return hold;
        const auto groupStart = start + static_cast<std::uint32_t>(run.size() / group * group);
        const std::uint32_t unknown = 8 - have;
        for (std::uint32_t x = 0; x < (1u << unknown) && hold > groupStart; ++x) {
            Probe q = p;
            probeByte(q, static_cast<unsigned char>(((acc << unknown) | x) & 0xFF), groupStart);
            hold = std::min(hold, probeHold(q, start));
        }
        return hold;
    }

    std::uint32_t candidateHold() const
    {
        const std::string_view run = runs.candidate();
        if (run.empty())
            return kNone;
        std::uint32_t hold = speculate(run, false);
        if (runs.candidateAllHex())
            hold = std::min(hold, speculate(run, true));
        return hold;
    }

    std::uint32_t releaseBoundary(bool final) const
    {
        const std::uint32_t end = consumed();
        std::uint32_t b = end;
        if (!final && policy.holdsBack()) {
            b = std::min(b, channelHold(text));
            b = std::min(b, runs.heldFrom());
            b = std::min(b, candidateHold());
            if (runs.decoding())
                b = std::min(b, std::max(channelHold(decoded), runs.runStart()));
            if (tailActive)
                b = std::min(b, tail.start);
            if (end - std::min(b, end) > kMaxHoldBytes)
                b = end - static_cast<std::uint32_t>(kMaxHoldBytes);
        }
        b = std::clamp(b, base, end);
        while (b > base && b < end && (static_cast<unsigned char>(pending[b - base]) & 0xC0) == 0x80)
            --b;
        for (const auto &r : redactions)
            if (r.start < b && r.end > b)
                b = std::max(base, r.start);
        return b;
    }

    void extendTail(bool final)
    {
        if (!tailActive)
            return;
        const std::uint32_t end = consumed();
        while (tail.end < end && tail.end - tail.start < kMaxSecretTail + 16
               && isBase64Url(static_cast<unsigned char>(pending[tail.end - base])))
            ++tail.end;
        if (final || tail.end < end || tail.end - tail.start >= kMaxSecretTail + 16) {
            redactions.push_back(tail);
            tailActive = false;
        }
    }

    void release(EgressChunkResult &result, std::uint32_t b)
    {
        std::sort(redactions.begin(), redactions.end(),
                  [](const Redaction &x, const Redaction &y) { return x.start < y.start; });
        std::uint32_t pos = base;
        bool inRedaction = false;
        std::vector<Redaction> keep;
        for (const auto &r : redactions) {
            if (r.start >= b) {
                keep.push_back(r);
                continue;
            }
            const std::uint32_t rEnd = std::min(r.end, b);
            if (r.start > pos || (r.start == pos && !inRedaction)) {
                result.release.append(pending, pos - base, r.start - pos);
                result.release.append(kRedactionMarker);
                pos = rEnd;
            } else {
                pos = std::max(pos, rEnd);
            }
            inRedaction = true;
        }
        if (b > pos)
            result.release.append(pending, pos - base, b - pos);
        redactions = std::move(keep);
        pending.erase(0, b - base);
        base = b;
        if (pending.capacity() > 4096 && pending.size() < pending.capacity() / 4)
            pending.shrink_to_fit();
    }

    // --- one slice ---------------------------------------------------------------------------
    void scanStream(hs_stream_t *stream, const HyperscanDatabase &db, const std::string &data,
                    std::vector<RawMatch> &matches)
    {
        if (!stream || data.empty())
            return;
        if (hs_scan_stream(stream, data.data(), static_cast<unsigned>(data.size()), 0,
                           threadScratch(db), onMatch, &matches)
            != HS_SUCCESS)
            throw core::Error(core::ErrorCode::Internal, "Hyperscan stream scan failed");
    }

    void closeStream(hs_stream_t *&stream, const HyperscanDatabase &db, std::vector<RawMatch> &matches)
    {
        if (!stream)
            return;
        hs_close_stream(stream, threadScratch(db), onMatch, &matches);
        stream = nullptr;
    }

    void scanChannel(EgressChunkResult &result, Channel &c, const NormalisedText &out,
                     std::uint64_t alnumStart, std::uint64_t wordStart, bool final)
    {
        auto &matches = sliceBuffers().matches;
        const SliceView alnumView{&c, false, alnumStart, &out.alnumOffsets};
        const SliceView wordView{&c, true, wordStart, &out.wordOffsets};
        const EgressScanner &s = *scanner;
        matches.clear();
        scanStream(c.alnum, s.m_alnumDb, out.alnum, matches);
        if (final)
            closeStream(c.alnum, s.m_alnumDb, matches);
        for (const auto &m : matches)
            onLiteral(result, alnumView, m);
        matches.clear();
        scanStream(c.word, s.m_wordDb, out.words, matches);
        if (final)
            closeStream(c.word, s.m_wordDb, matches);
        for (const auto &m : matches)
            onLiteral(result, wordView, m);
        onWords(result, c, out.wordEvents);
        if (policy.holdsBack() && !final) {  // the automata bound the hold-back of a stream that goes on
            for (const char ch : out.alnum)
                c.alnumState = s.m_alnumPrefixes.step(c.alnumState, static_cast<unsigned char>(ch));
            for (const char ch : out.words)
                c.wordState = s.m_wordPrefixes.step(c.wordState, static_cast<unsigned char>(ch));
        }
        remember(c.alnumRing, alnumStart, out.alnumOffsets);
        remember(c.wordRing, wordStart, out.wordOffsets);
    }

    static void remember(Ring &r, std::uint64_t startPos, const std::vector<std::uint32_t> &offsets)
    {
        if (!r.data)
            return;
        const std::size_t from = offsets.size() > r.size() ? offsets.size() - r.size() : 0;
        for (std::size_t i = from; i < offsets.size(); ++i)
            r.data[(startPos + i) & r.mask] = offsets[i];
    }

    void process(EgressChunkResult &result, std::string_view slice, bool final)
    {
        auto &buf = sliceBuffers();
        buf.text.clear();
        buf.decoded.clear();
        const std::uint64_t tA = text.norm.alnumPosition(), tW = text.norm.wordPosition();
        const std::uint64_t dA = decoded.norm.alnumPosition(), dW = decoded.norm.wordPosition();
        const std::uint32_t sliceBase = consumed();
        pending.append(slice);
        text.norm.feed(slice, sliceBase, buf.text);
        auto onDecoded = [&](unsigned char b, std::uint32_t at) {
            decoded.id = runs.mode() == EncodedRunDecoder::Mode::Hex ? ScanChannel::Hex
                                                                     : ScanChannel::Base64;
            decoded.norm.feedByte(b, at, buf.decoded);
        };
        auto onRunEnd = [&](std::uint32_t at) { decoded.norm.separate(at, buf.decoded); };
        for (std::size_t i = 0; i < slice.size(); ++i)
            runs.feed(static_cast<unsigned char>(slice[i]), sliceBase + static_cast<std::uint32_t>(i),
                      onDecoded, onRunEnd);
        if (final) {
            text.norm.finish(consumed(), buf.text);
            runs.finish(consumed(), onDecoded, onRunEnd);
            decoded.norm.finish(consumed(), buf.decoded);
        }
        scanChannel(result, text, buf.text, tA, tW, final);
        scanChannel(result, decoded, buf.decoded, dA, dW, final);
        extendTail(final);
        const std::uint32_t b = blockAt != kNone ? std::clamp(blockAt, base, consumed())
                                                 : releaseBoundary(final);
        release(result, b);
        if (blockAt != kNone) {
            blocked = true;
            result.blocked = true;
            pending.clear();
        }
    }
};

EgressStream::EgressStream(std::shared_ptr<const EgressScanner> scanner,
                           std::string_view requestingTenant, const EgressPolicy &policy)
    : m_state(std::make_unique<State>())
{
    if (!scanner)
        throw core::Error(core::ErrorCode::InvalidArgument, "no egress scanner", "scanner");
    State &st = *m_state;
    st.scanner = std::move(scanner);
    st.policy = policy;
    st.requester = st.scanner->tenantIndex(requestingTenant);
    st.decoded.id = ScanChannel::Base64;
    const EgressScanner &s = *st.scanner;
    auto ringSize = [](std::uint32_t window) -> std::uint32_t {
        return window == 0 ? 0 : std::bit_ceil(window + 1);
    };
    const std::uint32_t ra = s.m_alnumDb ? ringSize(s.m_alnumWindow) : 0;
    const std::uint32_t rw = s.m_wordDb ? ringSize(s.m_wordWindow) : 0;
    st.ringWords = 2 * (std::size_t(ra) + rw);
    if (st.ringWords > 0)
        st.rings = std::make_unique<std::uint32_t[]>(st.ringWords);
    std::uint32_t *p = st.rings.get();
    for (State::Channel *c : {&st.text, &st.decoded}) {
        if (ra) {
            c->alnumRing = {p, ra - 1};
            p += ra;
        }
        if (rw) {
            c->wordRing = {p, rw - 1};
            p += rw;
        }
        if (s.m_alnumDb && hs_open_stream(s.m_alnumDb.get(), 0, &c->alnum) != HS_SUCCESS)
            throw core::Error(core::ErrorCode::Internal, "cannot open a Hyperscan stream");
        if (s.m_wordDb && hs_open_stream(s.m_wordDb.get(), 0, &c->word) != HS_SUCCESS)
            throw core::Error(core::ErrorCode::Internal, "cannot open a Hyperscan stream");
    }
}

EgressStream::~EgressStream()
{
    if (!m_state)
        return;
    for (State::Channel *c : {&m_state->text, &m_state->decoded}) {
        if (c->alnum)
            hs_close_stream(c->alnum, nullptr, nullptr, nullptr);
        if (c->word)
            hs_close_stream(c->word, nullptr, nullptr, nullptr);
    }
}

EgressStream::EgressStream(EgressStream &&) noexcept = default;
EgressStream &EgressStream::operator=(EgressStream &&) noexcept = default;

EgressChunkResult EgressStream::feed(std::string_view chunk)
{
    return feedSlices(chunk, false);
}

EgressChunkResult EgressStream::feedLast(std::string_view chunk)
{
    return feedSlices(chunk, true);
}

EgressChunkResult EgressStream::feedSlices(std::string_view chunk, bool last)
{
    EgressChunkResult result;
    State &st = *m_state;
    if (st.blocked || st.finished) {
        result.blocked = st.blocked;
        return result;
    }
    if (chunk.size() > std::numeric_limits<std::uint32_t>::max() - 1 - st.consumed())
        throw core::Error(core::ErrorCode::InvalidArgument, "response larger than 4 GiB", "chunk");
    do {
        const std::string_view slice = chunk.substr(0, kSliceBytes);
        chunk.remove_prefix(slice.size());
        st.process(result, slice, last && chunk.empty());
    } while (!chunk.empty() && !st.blocked);
    if (last)
        st.finished = true;
    ++st.stats.feeds;
    if (!st.pending.empty()) {
        ++st.stats.feedsHeld;
        st.stats.heldBytesSum += st.pending.size();
        st.stats.maxHeldBytes = std::max(st.stats.maxHeldBytes, st.pending.size());
    }
    return result;
}

EgressChunkResult EgressStream::finish()
{
    EgressChunkResult result;
    State &st = *m_state;
    if (st.blocked || st.finished) {
        result.blocked = st.blocked;
        return result;
    }
    st.process(result, {}, true);
    st.finished = true;
    return result;
}

bool EgressStream::blocked() const noexcept { return m_state->blocked; }
bool EgressStream::finished() const noexcept { return m_state->finished; }
std::uint64_t EgressStream::bytesIn() const noexcept { return m_state->consumed(); }
std::size_t EgressStream::heldBytes() const noexcept { return m_state->pending.size(); }
const EgressHoldStats &EgressStream::holdStats() const noexcept { return m_state->stats; }

const std::shared_ptr<const EgressScanner> &EgressStream::scanner() const noexcept
{
    return m_state->scanner;
}

std::size_t EgressStream::stateBytes() const noexcept
{
    const State &st = *m_state;
    std::size_t bytes = sizeof(EgressStream) + sizeof(State) + st.ringWords * sizeof(std::uint32_t)
                        + st.redactions.capacity() * sizeof(Redaction);
    if (st.pending.capacity() > 15)  // beyond the small-string buffer inside State
        bytes += st.pending.capacity() + 1;
    return bytes;
}

std::size_t EgressStream::hyperscanStateBytes() const noexcept
{
    const State &st = *m_state;
    std::size_t bytes = 0;
    for (const State::Channel *c : {&st.text, &st.decoded}) {
        if (c->alnum)
            bytes += st.scanner->m_alnumDb.streamStateBytes();
        if (c->word)
            bytes += st.scanner->m_wordDb.streamStateBytes();
    }
    return bytes;
}

} // namespace bulkhead::scan
