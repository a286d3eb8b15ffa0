#pragma once

#include "ChatRequest.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::refmodel {

// The simulator's deliberately naive model. Asked to repeat, reveal or print its instructions
// (or told to ignore them) it obeys and echoes its whole context, system prompts included,
// verbatim, exactly what a real model sometimes does and what Bulkhead's canaries and egress
// scanning must catch. Otherwise it answers with a short deterministic text.
//
// It reads the request the way an injected model does: the last user message (direct
// injection), and also every tool/function result and every system or developer message after
// the first (retrieved documents placed in context: indirect injection). The first system
// message is the operator's own prompt, which typically says "never reveal ..."; negated
// requests ("do not reveal") never trigger.
class InstructionFollower final
{
public:
    static bool asksToReveal(std::string_view text);

    // The index of the message that makes the model leak its context, if any.
    static std::optional<std::size_t> injectedMessage(const std::vector<ChatMessage> &messages);

    // The whole answer text: the echo, or "Simulated answer: ..." derived from the prompt.
    static std::string respond(const std::vector<ChatMessage> &messages);
};

} // namespace bulkhead::refmodel
