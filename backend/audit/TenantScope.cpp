#include "TenantScope.h"

#include "core/TenantValidation.h"

namespace bulkhead::audit {

TenantScope::TenantScope(std::string tenantId) : m_tenantId(std::move(tenantId))
{
    core::validateTenantId(m_tenantId, "tenant");
}

} // namespace bulkhead::audit
