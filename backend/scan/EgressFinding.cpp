// Wire names of the egress enums (EgressPolicy.h, EgressFinding.h): part of the audit and CLI
// contract, never rename a value.
#include "EgressFinding.h"
#include "EgressPolicy.h"

#include <array>
#include <utility>

namespace bulkhead::scan {
namespace {

constexpr std::array kActions{std::pair{EgressAction::Flag, std::string_view("flag")},
                              std::pair{EgressAction::Redact, std::string_view("redact")},
                              std::pair{EgressAction::Block, std::string_view("block")}};
constexpr std::array kKinds{
    std::pair{LeakKind::Canary, std::string_view("canary")},
    std::pair{LeakKind::SystemPromptFingerprint, std::string_view("system_prompt_fingerprint")},
    std::pair{LeakKind::DocumentCanary, std::string_view("document_canary")},
    std::pair{LeakKind::SecretFormat, std::string_view("secret_format")},
    std::pair{LeakKind::SelfSystemPrompt, std::string_view("self_system_prompt")}};

} // namespace

std::string_view toString(EgressAction action) noexcept
{
    for (const auto &[value, name] : kActions)
        if (value == action)
            return name;
    return "flag";
}

std::optional<EgressAction> parseEgressAction(std::string_view text) noexcept
{
    for (const auto &[value, name] : kActions)
        if (name == text)
            return value;
    return std::nullopt;
}

std::string_view toString(LeakKind kind) noexcept
{
    for (const auto &[value, name] : kKinds)
        if (value == kind)
            return name;
    return "canary";
}

std::optional<LeakKind> parseLeakKind(std::string_view text) noexcept
{
    for (const auto &[value, name] : kKinds)
        if (name == text)
            return value;
    return std::nullopt;
}

std::string_view toString(ScanChannel channel) noexcept
{
    switch (channel) {
    case ScanChannel::Text:
        return "text";
    case ScanChannel::Base64:
        return "base64";
    case ScanChannel::Hex:
        return "hex";
    }
    return "text";
}

} // namespace bulkhead::scan
