#pragma once

#include <string>

namespace bulkhead::audit {

// The tenant whose log a reader or verifier may touch. The audit API has no call without one:
// a query cannot forget its tenant predicate because there is nothing to call without it.
// Constructed only from a valid tenant id (throws core::Error(InvalidArgument) otherwise); the
// daemon builds it from the authenticated principal, never from a request parameter alone.
class TenantScope final
{
public:
    explicit TenantScope(std::string tenantId);
    const std::string &tenantId() const noexcept { return m_tenantId; }

private:
    std::string m_tenantId;
};

} // namespace bulkhead::audit
