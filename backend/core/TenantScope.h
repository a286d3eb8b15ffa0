#pragma once

#include <string>

namespace bulkhead::core {

// The one validated tenant every tenant-scoped store call requires (documents, retrieval, audit
// reads and verification): there is no unscoped entry point, so a query cannot forget its
// tenant predicate. Constructed only from a valid tenant id (throws core::Error(InvalidArgument)
// otherwise); the daemon builds it from the authenticated principal, never from a request
// parameter alone.
class TenantScope final
{
public:
    explicit TenantScope(std::string tenantId);
    const std::string &tenantId() const noexcept { return m_tenantId; }

private:
    std::string m_tenantId;
};

} // namespace bulkhead::core
