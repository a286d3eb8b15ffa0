#pragma once

#include "DocumentWindows.h"
#include "HyperscanDatabase.h"
#include "IngressPolicy.h"
#include "InjectionModel.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

struct IngressReason
{
    std::string id;  // a pattern id from resources/injection_patterns.txt, or "classifier"
    double weight = 0;
};

// A span of the input that scored at or above the flag threshold: for a document the window
// (merged with overlapping ones) holding the instruction, for a prompt the whole prompt.
// Offsets are bytes of the text as given.
struct IngressFinding
{
    std::string kind;  // "injection"
    std::size_t start = 0;
    std::size_t end = 0;
    double score = 0;
};

struct IngressResult
{
    double score = 0;            // in [0,1]: classifier and pattern hits combined; for documents
                                 // the highest-scoring window (or the whole, when short)
    double classifierScore = 0;  // the calibrated classifier alone, same windows
    IngressVerdict verdict = IngressVerdict::Allow;
    std::vector<IngressReason> reasons;    // pattern hits, then "classifier"
    std::vector<IngressFinding> findings;  // where: empty when the verdict is allow
};

// The retrieval path's decision for a set of retrieved chunks: keep the clean ones, quarantine
// only those whose scan says block (drop). results[i] belongs to chunk i.
struct ChunkScreening
{
    std::vector<std::size_t> kept;
    std::vector<std::size_t> quarantined;
    std::vector<IngressResult> results;
};

// A compiled pattern from the pattern database.
struct IngressPattern
{
    std::string id;
    double weight = 0;
    bool prompt = true;
    bool document = true;
    // Matched on the text as written (case folded), not on the word channel: chat-template
    // markup ("[INST]", "<<SYS>>", "<|im_start|>") is punctuation the word channel drops, and
    // without it "sys" is Python's module. Scope "markup" for both kinds, "document-markup"
    // for retrieved documents only (an e-mail address, which the word channel splits up).
    bool markup = false;
    // A test of the text's form, written in code rather than as an expression (scope "form",
    // prompts only; the expression names the test): what no regular expression over words can
    // say, such as a request followed by an optimised adversarial suffix.
    bool form = false;
    std::string expression;
};

// Parses resources/injection_patterns.txt's format. Throws core::Error naming the line.
std::vector<IngressPattern> parseIngressPatterns(std::string_view text);

// The ingress scanner: Hyperscan over the normalised word channel (and over decoded base64 and
// hex runs), markup patterns over the text as written, plus the linear classifier of the
// input's kind. Immutable and thread-safe; share it.
class IngressScanner final
{
public:
    static std::shared_ptr<const IngressScanner> create(std::vector<IngressPattern> patterns,
                                                        IngressModels models);
    // The patterns and models compiled into the library; built once.
    static std::shared_ptr<const IngressScanner> builtin();

    // A user prompt: score, reasons, and allow / flag / block.
    IngressResult scanPrompt(std::string_view text, const IngressPolicy &policy = {}) const;
    // A retrieved document (indirect injection): allow / flag / block (= drop it). Scored
    // window by window (DocumentWindows.h) and as a whole when short; findings name the
    // windows that scored at or above the flag threshold.
    IngressResult scanDocument(std::string_view text, const IngressPolicy &policy = {}) const;
    // Retrieved chunks, each scanned as a document: which to keep and which to quarantine.
    ChunkScreening screenChunks(std::span<const std::string_view> chunks,
                                const IngressPolicy &policy = {}) const;

    // Pattern hits (indices into patterns()), and the combined score the verdict is based on
    // (classify() of a document is its highest span score), for evaluation and calibration.
    // The combination: 1 - (1 - classifier) * prod(1 - share * pattern weight), share 1 for
    // prompts and kDocumentPatternShare for documents.
    std::vector<std::size_t> matchPatterns(std::string_view text, bool document) const;
    double classify(std::string_view text, bool document) const;
    // What the classifier sees for one prompt or window: its features with the pattern hits
    // as cues (the same shape for both models). The trainer uses this so training and scanning
    // cannot drift apart. Without `formTests`, a prompt's form-test hits are left out: the
    // document model trains on prompts too, and never sees a form test fire.
    SparseFeatures features(std::string_view text, bool document, bool formTests = true) const;
    // Whether a form test fires on the prompt (no expression is matched: cheap).
    bool formTestHolds(std::string_view prompt) const;
    // The spans a document is scored over: its windows, plus the whole when short.
    static std::vector<TextSpan> documentSpans(std::string_view text);
    // Documents longer than this are scanned only up to it (hostile input stays bounded).
    static constexpr std::size_t kMaxScanBytes = 4 * 1024 * 1024;
    // How much of its weight a pattern hit adds in a retrieved document. Documents quote
    // trigger phrases in benign text ("ignore the previous draft", "the new instructions are
    // attached"); there a hit is mostly the classifier's cue, weighed against the rest of the
    // window (in leave-one-source-out evaluation the full weight tripled the false positives on
    // left-out document sources, none at all lost a tenth of the detections).
    static constexpr double kDocumentPatternShare = 0.25;
    // A pattern written for documents alone (scope document or document-markup: an
    // instruction to the AI reading the page, a change to its answer, a send to an address) is
    // no phrase benign text quotes, and counts this share of its weight there. In
    // leave-one-source-out evaluation, a half against a quarter: pooled documents 0.69 to 0.82
    // at the same false-positive rate (0.039), benign code and documentation flagged no more.
    static constexpr double kDocumentOnlyPatternShare = 0.5;
    // The share of a pattern's weight a hit adds to a prompt's or a document's score.
    static double patternShare(const IngressPattern &pattern, bool document) noexcept
    {
        return !document ? 1.0 : pattern.prompt ? kDocumentPatternShare : kDocumentOnlyPatternShare;
    }
    // Documents up to this size are also scored whole.
    static constexpr std::size_t kWholeDocumentBytes = 2048;

    const std::vector<IngressPattern> &patterns() const noexcept { return m_patterns; }
    const IngressModels &models() const noexcept { return m_models; }

private:
    IngressScanner() = default;
    struct Scored
    {
        double score = 0;       // combined
        double classifier = 0;  // calibrated classifier alone
        std::vector<std::size_t> patterns;
    };
    Scored scoreSpan(std::string_view text, bool document) const;

    std::vector<IngressPattern> m_patterns;
    IngressModels m_models;
    HyperscanDatabase m_db;              // word-channel patterns, ids into m_wordPatterns
    HyperscanDatabase m_markupDb;        // markup patterns, ids into m_markupPatterns
    std::vector<std::size_t> m_wordPatterns, m_markupPatterns;  // database id -> m_patterns index
    std::vector<std::size_t> m_formPatterns;                    // m_patterns indices of form tests
};

} // namespace bulkhead::scan
