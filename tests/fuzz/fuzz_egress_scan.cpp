// Fuzzes the scanners' text handling: scan::TextNormaliser (UTF-8 decoding, folding, the alnum
// and word channels), the SSE delta reader, and an EgressStream for one of two tenants fed in
// pieces. Checks that streaming normalisation in pieces equals the whole-text helpers, that
// every output byte maps to a source offset inside the input, and that a stream in flag mode
// releases exactly what it was given.
#include "core/Error.h"
#include "scan/EgressScanner.h"
#include "scan/EgressStream.h"
#include "scan/TextNormaliser.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace {

using namespace bulkhead::scan;

const std::shared_ptr<const EgressScanner> &scanner()
{
    static const auto built = [] {
        ProtectedMaterial material;
        material.version = 1;
        material.tenants.push_back({"alpha",
                                    {"bh-canary-0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
                                    "You are Alpha Mutual's claims assistant. Never discuss the "
                                    "reinsurance treaty numbers or the fraud desk's open cases.",
                                    {"bh-canary-aa11bb22cc33dd44ee55ff6600778899"},
                                    {"Project Lighthouse"}});
        material.tenants.push_back({"beta",
                                    {"bh-canary-99887766554433221100ffeeddccbbaa"},
                                    "You summarise Beta Health's discharge notes for nurses.",
                                    {},
                                    {}});
        return EgressScanner::build(material);
    }();
    return built;
}

void checkNormaliser(std::string_view input, std::size_t chunk)
{
    NormalisedText streamed;
    TextNormaliser normaliser;
    for (std::size_t at = 0; at < input.size(); at += chunk)
        normaliser.feed(input.substr(at, chunk), static_cast<std::uint32_t>(at), streamed);
    normaliser.finish(static_cast<std::uint32_t>(input.size()), streamed);

    if (streamed.alnum.size() != streamed.alnumOffsets.size() ||
        streamed.words.size() != streamed.wordOffsets.size())
        __builtin_trap();
    for (const auto offset : streamed.alnumOffsets)
        if (offset > input.size())
            __builtin_trap();
    for (const auto offset : streamed.wordOffsets)
        if (offset > input.size())
            __builtin_trap();
    for (const auto &word : streamed.wordEvents)
        if (word.start > word.end || word.end > input.size())
            __builtin_trap();
    if (streamed.alnum != normaliseAlnum(input))
        __builtin_trap();
    if (streamed.words != normaliseWords(input))
        __builtin_trap();
}

void checkStream(std::string_view input, std::size_t chunk, std::uint8_t mode)
{
    EgressPolicy policy;
    const bool flagOnly = (mode & 3) == 0;
    if (flagOnly) {
        policy.crossTenant = EgressAction::Flag;
        policy.secretFormat = EgressAction::Flag;
        policy.selfLeak = EgressAction::Flag;
    } else if ((mode & 3) == 1) {
        policy.crossTenant = EgressAction::Redact;
        policy.selfLeak = EgressAction::Redact;
    }
    EgressStream stream(scanner(), (mode & 4) ? "alpha" : "beta", policy);
    std::string released;
    bool blocked = false;
    for (std::size_t at = 0; at < input.size() && !blocked; at += chunk) {
        auto result = stream.feed(input.substr(at, chunk));
        released += result.release;
        blocked = result.blocked;
    }
    if (!blocked) {
        auto result = stream.finish();
        released += result.release;
        blocked = result.blocked;
    }
    if (flagOnly && (blocked || released != input))
        __builtin_trap();
    if (stream.heldBytes() > 0 && stream.finished())
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::uint8_t mode = data[0];
    const std::size_t chunk = 1 + (mode >> 3) % 32;
    const std::string_view input(reinterpret_cast<const char *>(data + 1), size - 1);
    checkNormaliser(input, chunk);
    checkStream(input, chunk, mode);
    return 0;
}
