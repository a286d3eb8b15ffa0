#pragma once

#include "HyperscanDatabase.h"
#include "InjectionModel.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

// What the ingress scanner recommends. For retrieved documents Block means "drop the document".
enum class IngressVerdict : std::uint8_t { Allow, Flag, Block };
std::string_view toString(IngressVerdict verdict) noexcept;

struct IngressThresholds
{
    double flag = 0.5;
    double block = 0.9;
};

// Per-tenant ingress policy. The defaults were chosen on the held-out split (see
// tests/bench/eval_injection.cpp): false positives annoy users most, so blocking a user prompt
// needs a high score; a dropped document costs less, so documents drop earlier.
struct IngressPolicy
{
    IngressThresholds prompt{0.6, 0.9};
    IngressThresholds document{0.7, 0.9};
};

struct IngressReason
{
    std::string id;  // a pattern id from resources/injection_patterns.txt, or "classifier"
    double weight = 0;
};

struct IngressResult
{
    double score = 0;            // combined, in [0,1]
    double classifierScore = 0;  // the linear model alone (max over windows for documents)
    IngressVerdict verdict = IngressVerdict::Allow;
    std::vector<IngressReason> reasons;
};

// A compiled pattern from the pattern database.
struct IngressPattern
{
    std::string id;
    double weight = 0;
    bool prompt = true;
    bool document = true;
    std::string expression;
};

// Parses resources/injection_patterns.txt's format. Throws core::Error naming the line.
std::vector<IngressPattern> parseIngressPatterns(std::string_view text);

// The ingress scanner: Hyperscan over the normalised word channel (and over decoded base64 and
// hex runs) plus the linear classifier. Immutable and thread-safe; share it.
class IngressScanner final
{
public:
    static std::shared_ptr<const IngressScanner> create(std::vector<IngressPattern> patterns,
                                                        InjectionModel model);
    // The patterns and model compiled into the library; built once.
    static std::shared_ptr<const IngressScanner> builtin();

    // A user prompt: score, reasons, and allow / flag / block.
    IngressResult scanPrompt(std::string_view text, const IngressPolicy &policy = {}) const;
    // A retrieved document (indirect injection): allow / flag / block (= drop it). Long
    // documents are scored window by window so one planted paragraph is not diluted.
    IngressResult scanDocument(std::string_view text, const IngressPolicy &policy = {}) const;

    // The two halves separately, for evaluation.
    std::vector<std::size_t> matchPatterns(std::string_view text, bool document) const;
    double classify(std::string_view text, bool document) const;

    const std::vector<IngressPattern> &patterns() const noexcept { return m_patterns; }
    const InjectionModel &model() const noexcept { return m_model; }

private:
    IngressScanner() = default;
    IngressResult scan(std::string_view text, bool document, const IngressThresholds &t) const;

    std::vector<IngressPattern> m_patterns;
    InjectionModel m_model;
    HyperscanDatabase m_db;
};

} // namespace bulkhead::scan
