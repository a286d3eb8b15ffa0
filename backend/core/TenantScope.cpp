#include "TenantScope.h"

#include "TenantValidation.h"

namespace bulkhead::core {

TenantScope::TenantScope(std::string tenantId) : m_tenantId(std::move(tenantId))
{
    core::validateTenantId(m_tenantId, "tenant");
}

} // namespace bulkhead::core
