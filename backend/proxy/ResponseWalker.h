#pragma once

#include "scan/EgressFinding.h"
#include "scan/EgressPolicy.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {
class EgressScanner;
class EgressStream;
}

namespace bulkhead::proxy {

// An upstream answer Bulkhead cannot vouch for: not JSON, nested past the limit, or a shape the
// walker does not accept (choices that are not objects, usage that is not a count, ...). The
// client gets a JSON 502 (`upstream_invalid_response`) or, mid-stream, an error event.
class UpstreamShapeError final : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Parses one upstream JSON text (a whole answer or one SSE event) as hostile input: the nesting
// depth is checked before parsing (nothing recursive ever sees an untrusted depth) and anything
// but a JSON object is refused. Throws UpstreamShapeError.
nlohmann::json parseUpstreamObject(std::string_view text);

// Token counts an upstream reported (usage); absent counts stay 0.
struct UsageCounts
{
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
};

struct WalkOutput
{
    std::vector<nlohmann::json> objects;  // what may reach the client, in order
    bool blocked = false;                 // a blocking finding: send nothing of this step
    std::vector<scan::EgressFinding> findings;
};

// The one egress walker: every text-bearing field of every choice of an upstream answer goes
// through an EgressStream of its own, for the requesting tenant, whether the answer arrives
// whole or as stream chunks. Channels (per choice index, so n > 1 is covered):
//   message|delta: content (string or text parts), reasoning_content, reasoning, refusal,
//                  tool_calls[i].function.name|arguments, function_call.name|arguments
//   choice: text (legacy completions)
//   logprobs.content[] and logprobs.refusal[]: each entry's token, and each rank of its
//                  top_logprobs, scanned as running text; an entry is released only once all
//                  the text it carries is released, and a redaction that touches it replaces
//                  its token (bytes recomputed, alternatives removed). Legacy parallel-array
//                  logprobs ({tokens, token_logprobs, ...}) are replaced by null.
// Every other string anywhere in the answer (ids, model names, unknown fields, their keys) is
// scanned whole where it stands: a redaction replaces the value, a hit in a key blocks. Nothing
// is forwarded unscanned. Streamed text is held back while it may still begin a match; on a
// block nothing of the held window, nor of the chunk that completed the match, is released.
class ResponseWalker final
{
public:
    enum class Mode { Whole, Stream };

    ResponseWalker(std::shared_ptr<const scan::EgressScanner> scanner, std::string tenantId,
                   scan::EgressPolicy policy, Mode mode);
    ~ResponseWalker();
    ResponseWalker(const ResponseWalker &) = delete;
    ResponseWalker &operator=(const ResponseWalker &) = delete;

    // Whole: the complete answer, rewritten (one object). Stream: one chunk object; zero or one
    // objects come out (a chunk whose text is all held back is not forwarded). Throws
    // UpstreamShapeError for shapes it does not accept.
    WalkOutput walk(nlohmann::json object);
    // End of a stream: what is still held back, as chunk objects framed like the last chunk.
    WalkOutput finish();

    bool blocked() const noexcept { return m_blocked; }
    const UsageCounts &usage() const noexcept { return m_usage; }

private:
    struct Choice;
    struct EntryChannel;
    Choice &choice(int index);
    void walkChoice(nlohmann::json &choice, int position, WalkOutput &out);
    void feedText(Choice &state, const std::string &key, nlohmann::json &value, WalkOutput &out);
    void feedEntries(Choice &state, const std::string &key, nlohmann::json &entries, WalkOutput &out);
    nlohmann::json releasedEntries(EntryChannel &channel, bool all);
    void flushChoice(Choice &state, nlohmann::json &target, WalkOutput &out);
    void scanScalars(nlohmann::json &node, WalkOutput &out);
    void noteUsage(const nlohmann::json &usage);
    void keepTemplate(const nlohmann::json &object);
    void take(std::vector<scan::EgressFinding> &&findings, bool blocked, WalkOutput &out);
    scan::EgressStream open() const;

    std::shared_ptr<const scan::EgressScanner> m_scanner;
    std::string m_tenantId;
    scan::EgressPolicy m_policy;
    Mode m_mode;
    std::map<int, std::unique_ptr<Choice>> m_choices;
    nlohmann::json m_template;  // the last chunk's top-level fields, to frame flushed text
    std::string m_cleanScalars; // the last scalar text scanned without a finding (scanScalars)
    UsageCounts m_usage;
    bool m_blocked = false;
};

} // namespace bulkhead::proxy
