// Fuzzes the policy inventory reader (core::readInventory) and the policy engine behind
// `bulkheadctl policy evaluate`: every rejection must be a core::Error naming the field; any
// other exception escapes and is reported. What reads must evaluate without failing.
#include "core/Error.h"
#include "core/InventoryReader.h"
#include "core/PolicyEngine.h"
#include "core/PolicyRules.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    try {
        const auto tenants = bulkhead::core::readInventory(input);
        (void)bulkhead::core::evaluatePolicy(tenants);
    } catch (const bulkhead::core::Error &) {
        // A named, readable refusal (exit 2 in bulkheadctl).
    }
    return 0;
}
