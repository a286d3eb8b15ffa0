#include "IntentLexicon.h"

#include <string>
#include <unordered_map>

namespace bulkhead::scan {
namespace {

struct Entry
{
    std::uint32_t classes;
    const char *words;  // space separated
};

// clang-format off
constexpr Entry kLexicon[] = {
    {kIntentYou, "you your yours yourself yourselves youre u ur du dich dir dein deine deinen deiner deines ihr euch tu te toi vous votre vos tus usted ustedes"},
    {kIntentModel, "ai assistant assistants model models chatbot bot gpt chatgpt llm llms agent system ki assistent modell modelo modele ia"},
    {kIntentOverride, "ignore ignoring ignored disregard disregarding forget forgetting forgot override overriding bypass skip neglect overlook abandon discard cancel cancelled canceled stop stopp vergiss vergessen ignoriere ignorieren ignoriert missachte olvida olvidar ignora ignorar oublie oubliez ignorez ignorer dimentica"},
    {kIntentPrior, "previous previously prior above earlier preceding before former original initial past aforementioned vorherigen vorherige vorherig vorher bisherigen bisherige obigen oben davor zuvor anteriores anterior precedentes precedent"},
    {kIntentDirective, "instructions instruction prompt prompts rules rule directions guidelines commands command orders task tasks directives directive constraints programming guidance anweisungen anweisung aufgaben aufgabe befehle regeln vorgaben instrucciones consignes"},
    {kIntentReveal, "reveal print repeat show output tell display leak disclose dump recite spell echo expose enumerate say zeige zeig sage sag verrate wiederhole gib nenne muestra repite revela dime affiche repete revele"},
    {kIntentContext, "conversation sentences sentence lines words text discourse chat messages message transcript context verbatim everything konversation gesprach gespraech unterhaltung"},
    {kIntentSecret, "password passwords secret secrets key keys passcode credentials credential token tokens hidden confidential private passwort kennwort geheim geheimnis contrasena clave ssn pin"},
    {kIntentExfil, "send forward email mail transfer post upload url http https www link visit click exfiltrate wire sende schicke envia envoyer"},
    {kIntentRole, "act pretend roleplay role persona character simulate become impersonate dan jailbreak jailbroken unrestricted unfiltered uncensored evil mode rolle fungieren"},
    {kIntentNew, "new instead now actual real updated following only neue neuen neues nun jetzt stattdessen nueva nuevo nouvelle nouvelles ahora maintenant"},
    {kIntentSafety, "restrictions restriction limitations filters filter safety censorship ethical ethics moral morals guidelines content boundaries limits einschrankungen richtlinien"},
    {kIntentUrgent, "important urgent attention note notice immediately mandatory required must wichtig achtung dringend urgente"},
    {kIntentNegation, "not no never dont without nicht kein keine nie ohne nunca ne pas sin"},
    {kIntentAction, "delete remove transfer grant change update create schedule invite buy purchase download install execute run move add book reset unlock approve share pay withdraw"},
    {kIntentFirst, "i me my im ich mir mich mein meine je moi yo"},
    {kIntentFiller, "please now just and so also kindly then ok okay bitte hey but first well actually"},
};
// clang-format on

const std::unordered_map<std::string_view, std::uint32_t> &lexicon()
{
    static const auto table = [] {
        std::unordered_map<std::string_view, std::uint32_t> t;
        for (const auto &e : kLexicon) {
            const std::string_view words(e.words);
            std::size_t start = 0;
            while (start < words.size()) {
                std::size_t end = words.find(' ', start);
                if (end == std::string_view::npos)
                    end = words.size();
                t[words.substr(start, end - start)] |= e.classes;
                start = end + 1;
            }
        }
        return t;
    }();
    return table;
}

} // namespace

std::uint32_t intentClasses(std::string_view word) noexcept
{
    if (word.size() > 16)
        return 0;
    const auto &t = lexicon();
    const auto it = t.find(word);
    return it == t.end() ? 0 : it->second;
}

} // namespace bulkhead::scan
