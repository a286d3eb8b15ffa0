#pragma once

#include "EgressPolicy.h"
#include "EgressScanner.h"
#include "EgressStream.h"

#include <atomic>
#include <memory>
#include <string_view>

namespace bulkhead::scan {

// The current egress scanner, swapped atomically when tenants change. A rebuild compiles the
// new scanner off to the side and then publishes it in one atomic store: requests that start
// afterwards get the new one, streams in flight keep the one they opened with (their
// shared_ptr keeps it alive until they finish).
class EgressScannerHolder final
{
public:
    // Starts with a scanner for Bulkhead's secret formats only (no tenants yet).
    EgressScannerHolder();

    std::shared_ptr<const EgressScanner> current() const;

    // Publishes `scanner` unless the holder already has a newer version (two rebuilds racing
    // must not let the older material win). Returns whether it was published.
    bool publish(std::shared_ptr<const EgressScanner> scanner);

    // Builds from `material` and publishes. Throws core::Error if the build fails, in which
    // case the current scanner stays in place (old-or-new, never none).
    std::shared_ptr<const EgressScanner> rebuild(const ProtectedMaterial &material,
                                                 const EgressOptions &options = {});

    // A stream on the current scanner for one response of `tenantId`.
    EgressStream openStream(std::string_view tenantId, const EgressPolicy &policy = {}) const;

private:
    std::atomic<std::shared_ptr<const EgressScanner>> m_current;
};

} // namespace bulkhead::scan
