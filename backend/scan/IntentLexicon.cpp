#include "IntentLexicon.h"

#include "WordClassTable.h"

namespace bulkhead::scan {
namespace {

// clang-format off
constexpr WordClassList kLexicon[] = {
    {kIntentYou, "you your yours yourself yourselves youre u ur du dich dir dein deine deinen deiner deines ihr euch tu te toi vous votre vos tus usted ustedes"},
    {kIntentModel, "ai assistant assistants model models chatbot bot gpt chatgpt llm llms agent system ki assistent modell modelo modele ia"},
    {kIntentOverride, "ignore ignoring ignored disregard disregarding forget forgetting forgot override overriding bypass skip neglect overlook abandon discard cancel cancelled canceled stop stopp vergiss vergessen ignoriere ignorieren ignoriert missachte olvida olvidar ignora ignorar oublie oubliez ignorez ignorer dimentica"},
    {kIntentPrior, "previous previously prior above earlier preceding before former original initial past aforementioned vorherigen vorherige vorherig vorher bisherigen bisherige obigen oben davor zuvor anteriores anterior precedentes precedent"},
    {kIntentDirective, "instructions instruction prompt prompts rules rule directions guidelines commands command orders task tasks directives directive constraints programming guidance anweisungen anweisung aufgaben aufgabe befehle regeln vorgaben instrucciones consignes objective objectives goal mission configuration setup policy policies"},
    {kIntentReveal, "reveal print repeat show output tell display leak disclose dump recite spell echo expose enumerate say zeige zeig sage sag verrate wiederhole gib nenne muestra repite revela dime affiche repete revele recall recount duplicate copy reproduce restate transcribe quote divulge share"},
    {kIntentContext, "conversation sentences sentence lines words text discourse chat messages message transcript context verbatim everything konversation gesprach gespraech unterhaltung dialogue dialog exchanges exchange history discussion thread"},
    {kIntentSecret, "password passwords secret secrets key keys passcode credentials credential token tokens hidden confidential private passwort kennwort geheim geheimnis contrasena clave ssn pin"},
    {kIntentExfil, "send forward email mail transfer post upload url http https www link visit click exfiltrate wire sende schicke envia envoyer"},
    {kIntentRole, "act pretend roleplay role persona character simulate become impersonate dan jailbreak jailbroken unrestricted unfiltered uncensored evil mode rolle fungieren"},
    {kIntentNew, "new instead now actual real updated following only neue neuen neues nun jetzt stattdessen nueva nuevo nouvelle nouvelles ahora maintenant"},
    {kIntentSafety, "restrictions restriction limitations filters filter safety censorship ethical ethics moral morals guidelines content boundaries limits einschrankungen richtlinien"},
    {kIntentUrgent, "important urgent attention note notice immediately mandatory required must wichtig achtung dringend urgente"},
    {kIntentNegation, "not no never dont without nicht kein keine nie ohne nunca ne pas sin"},
    {kIntentAction, "delete remove transfer grant change update create schedule invite buy purchase download install execute run move add book reset unlock approve share pay withdraw"},
    {kIntentFirst, "i me my im ich mir mich mein meine je moi yo"},
    {kIntentTask, "write tell give make list describe explain create generate provide find retrieve get fetch check look search compose draft summarize summarise translate answer reply respond call use open read go let keep set put take bring collect gather compile extract lookup sell pay order cancel forward submit sign enter type inform notify confirm verify contact message invite book reserve redirect post publish record save store edit modify rewrite append insert replace include mention recommend suggest promote convince persuade claim state begin start continue finish complete ensure schreibe erstelle finde sende escribe haz dame ecris fais donne"},
    {kIntentFiller, "please now just and so also kindly then ok okay bitte hey but first well actually"},
};
// clang-format on

const WordClassTable &lexicon()
{
    static const WordClassTable table(kLexicon);
    return table;
}

} // namespace

std::uint32_t intentFnv1a(std::string_view word) noexcept
{
    return WordClassTable::wordHash(word);
}

std::uint32_t intentClasses(std::string_view word, std::uint32_t fnv1a) noexcept
{
    return word.size() > 16 ? 0 : lexicon().classes(word, fnv1a);
}

std::uint32_t intentClasses(std::string_view word) noexcept
{
    return intentClasses(word, intentFnv1a(word));
}

} // namespace bulkhead::scan
