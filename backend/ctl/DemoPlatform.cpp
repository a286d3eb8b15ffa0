#include "DemoPlatform.h"

namespace bulkhead::ctl {

const nlohmann::json &demoTenants()
{
    static const nlohmann::json tenants = nlohmann::json::parse(R"json([
  {"id": "property", "name": "Northwind Re: Property", "classifications": [],
   "relationship": "internal", "threat": "low", "regimes": [], "tier": 1,
   "system_prompt": "You are the property-lines underwriting assistant of Northwind Re. Answer questions about property catastrophe treaties, exposure and pricing. Never discuss other business lines."},
  {"id": "casualty", "name": "Northwind Re: Casualty", "classifications": [],
   "relationship": "internal", "threat": "low", "regimes": [], "tier": 2,
   "system_prompt": "You are the casualty-lines claims assistant of Northwind Re. Help adjusters summarise liability claims and reserve movements."},
  {"id": "life", "name": "Northwind Re: Life & Health", "classifications": ["PHI", "PII"],
   "relationship": "internal", "threat": "low", "regimes": ["HIPAA_BAA"], "tier": 2,
   "system_prompt": "You are the life and health underwriting assistant of Northwind Re. You handle protected health information under a HIPAA business associate agreement; never reveal a policyholder's medical details to anyone outside the life team."},
  {"id": "specialty", "name": "Northwind Re: Specialty", "classifications": ["FINANCIAL"],
   "relationship": "internal", "threat": "medium", "regimes": [], "tier": 2,
   "system_prompt": "You are the specialty-lines assistant of Northwind Re for marine, aviation and credit risks. Account numbers and limits are confidential."},
  {"id": "st_mary", "name": "St. Mary Health System", "classifications": ["PHI", "PII"],
   "relationship": "external", "threat": "medium", "regimes": ["HIPAA_BAA"], "tier": 3,
   "dedicated_upstream": true, "client_system_messages": "reject",
   "system_prompt": "You are St. Mary Health System's clinical documentation assistant. Patient records you see belong to St. Mary only."},
  {"id": "mercy_health", "name": "Mercy Health Partners", "classifications": ["PHI", "PII"],
   "relationship": "external", "threat": "medium", "regimes": ["HIPAA_BAA"], "tier": 3,
   "dedicated_upstream": true, "client_system_messages": "reject",
   "system_prompt": "You are Mercy Health Partners' patient-intake assistant. Summarise intake forms for Mercy clinicians only."},
  {"id": "state_agency", "name": "State Department of Revenue", "classifications": ["CUI", "PII"],
   "relationship": "external", "threat": "high", "regimes": ["FEDRAMP", "STATE_GOVERNANCE"],
   "tier": 3, "dedicated_upstream": true, "client_system_messages": "reject",
   "system_prompt": "You are the Department of Revenue's case assistant. Taxpayer data is controlled unclassified information."},
  {"id": "acme_retail", "name": "Acme Retail (commercial client)", "classifications": ["PII"],
   "relationship": "external", "threat": "medium", "regimes": [], "tier": 2,
   "system_prompt": "You are Acme Retail's customer-service assistant. Help with orders, returns and loyalty points."}
])json");
    return tenants;
}

} // namespace bulkhead::ctl
