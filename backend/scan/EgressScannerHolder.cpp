#include "EgressScannerHolder.h"

namespace bulkhead::scan {

EgressScannerHolder::EgressScannerHolder()
    : m_current(EgressScanner::build(ProtectedMaterial{}))
{
}

std::shared_ptr<const EgressScanner> EgressScannerHolder::current() const
{
    return m_current.load(std::memory_order_acquire);
}

bool EgressScannerHolder::publish(std::shared_ptr<const EgressScanner> scanner)
{
    if (!scanner)
        return false;
    auto expected = m_current.load(std::memory_order_acquire);
    do {
        if (expected && expected->version() > scanner->version())
            return false;
    } while (!m_current.compare_exchange_weak(expected, scanner, std::memory_order_acq_rel,
                                              std::memory_order_acquire));
    return true;
}

std::shared_ptr<const EgressScanner> EgressScannerHolder::rebuild(const ProtectedMaterial &material,
                                                                  const EgressOptions &options)
{
    auto scanner = EgressScanner::build(material, options);
    publish(scanner);
    return scanner;
}

EgressStream EgressScannerHolder::openStream(std::string_view tenantId,
                                             const EgressPolicy &policy) const
{
    return EgressStream(current(), tenantId, policy);
}

} // namespace bulkhead::scan
