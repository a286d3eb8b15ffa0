#pragma once

#include <cstdint>
#include <string_view>

namespace bulkhead::scan {

// Word classes of what an instruction to a model is made of, language-level rather than any
// one attack's wording: who is addressed ("you", "assistant"), what is overridden ("ignore",
// "previous", "instructions"), what is asked to come out ("reveal", "password", "conversation"),
// where it goes ("send", "url"), role reassignment ("pretend", "persona"), urgency, negation and
// actions an agent can take. English plus the commonest German, French and Spanish forms, so an
// override in another language is still an override. The classifier learns from these classes,
// from their co-occurrence within a few words and from the class of a sentence's opening verb;
// that generalises to phrasings never seen, where word and n-gram features only recall.
enum IntentClass : std::uint32_t {
    kIntentYou = 1u << 0,        // second person: the text addresses its reader
    kIntentModel = 1u << 1,      // ai, assistant, model, bot, system
    kIntentOverride = 1u << 2,   // ignore, disregard, forget, bypass, stop
    kIntentPrior = 1u << 3,      // previous, above, earlier, original
    kIntentDirective = 1u << 4,  // instructions, prompt, rules, task
    kIntentReveal = 1u << 5,     // reveal, print, repeat, show, output
    kIntentContext = 1u << 6,    // conversation, sentences, text, verbatim
    kIntentSecret = 1u << 7,     // password, secret, key, credentials
    kIntentExfil = 1u << 8,      // send, forward, email, url, http
    kIntentRole = 1u << 9,       // act, pretend, persona, unrestricted, mode
    kIntentNew = 1u << 10,       // new, instead, now, only, following
    kIntentSafety = 1u << 11,    // restrictions, filters, safety, ethical
    kIntentUrgent = 1u << 12,    // important, urgent, attention, must
    kIntentNegation = 1u << 13,  // not, no, never, without
    kIntentAction = 1u << 14,    // delete, transfer, grant, schedule, install
    kIntentFirst = 1u << 15,     // first person: i, me, my
    kIntentFiller = 1u << 16,    // please, just, now, so: skipped when finding a sentence's verb
    kIntentTask = 1u << 17,      // write, find, summarize: a request's generic verb, skipped like
                                 // filler, so the verb that says what is wanted stands for it
};
constexpr std::uint32_t kIntentClassCount = 18;

// The classes of one folded (lower-case) word; 0 for most words.
std::uint32_t intentClasses(std::string_view word) noexcept;
// The same, for a caller that already has the word's 32-bit FNV-1a hash (the classifier's word
// loop): no second hash over the word.
std::uint32_t intentClasses(std::string_view word, std::uint32_t fnv1a) noexcept;
std::uint32_t intentFnv1a(std::string_view word) noexcept;

} // namespace bulkhead::scan
