#include "PolicyRules.h"

// The isolation rules of DESIGN.md ("Policy engine") as data. Change a rule by adding a new
// version of it (bump "version" on the rule and on the set) so evidence produced under the old
// rules stays explainable.
namespace bulkhead::core {

std::string_view builtinRulesJson() noexcept
{
    return R"json({
  "id": "bulkhead-isolation",
  "version": "2026.11.1",
  "rules": [
    {
      "id": "R1-mixed-classifications",
      "version": 1,
      "tier": 2,
      "title": "Different data classifications share the platform",
      "rationale": "Tenants whose data classification sets differ must not share a namespace: a single missing tenant predicate would expose regulated data to a tenant not entitled to it. Each needs its own schema, database role and encryption key (Tier 2) so a second, independent barrier holds.",
      "source": "NIST SP 800-53 SC-4; DESIGN.md rule 1",
      "peers": {"classifications_differ": true}
    },
    {
      "id": "R2-external-or-adversarial",
      "version": 1,
      "tier": 2,
      "title": "External client or elevated adversarial threat",
      "rationale": "An external client, or any tenant facing medium or high adversarial threat, must be assumed to probe its neighbours (prompt injection, crafted retrieval). Namespace isolation alone is one misconfiguration away from a breach; Tier 2 adds per-tenant roles and keys.",
      "source": "OWASP LLM01, LLM08; DESIGN.md rule 2",
      "subject": {"any": [{"relationship": "external"}, {"threat_at_least": "medium"}]}
    },
    {
      "id": "R2-external-regulated-or-high-threat",
      "version": 1,
      "tier": 3,
      "title": "External client with its own regulatory posture, or high threat",
      "rationale": "An external client that carries its own regulatory obligations, or any tenant under high adversarial threat, needs infrastructure of its own (database, upstream endpoint, no cross-tenant batching): its assurance cannot depend on controls shared with others.",
      "source": "DESIGN.md rule 2",
      "subject": {"any": [{"all": [{"relationship": "external"}, {"any_regime": true}]},
                          {"threat_at_least": "high"}]}
    },
    {
      "id": "R3-fedramp-separation",
      "version": 1,
      "tier": 3,
      "title": "FedRAMP data beside commercial tenants",
      "rationale": "FedRAMP and public-sector data may not share infrastructure with commercial tenants. A FEDRAMP tenant on a platform with any tenant outside FEDRAMP must run on dedicated infrastructure.",
      "source": "FedRAMP; NIST SP 800-53 SC-4, SC-7; DESIGN.md rule 3",
      "subject": {"regime": "FEDRAMP"},
      "peers": {"not": {"regime": "FEDRAMP"}}
    },
    {
      "id": "R4-external-phi-shared-platform",
      "version": 1,
      "tier": 3,
      "title": "External client's PHI on a shared platform",
      "rationale": "An external client holding PHI is its own HIPAA covered entity (for example one of two hospital systems). While any other tenant shares the platform, its PHI must live on dedicated infrastructure so one covered entity's data can never reach another's.",
      "source": "HIPAA Security Rule 164.312; DESIGN.md rule 4",
      "subject": {"all": [{"relationship": "external"}, {"classification": "PHI"}]},
      "peers": {"always": true}
    }
  ]
})json";
}

} // namespace bulkhead::core
