// The one file of the training support with the checkout's path compiled in, kept apart so the
// rest compiles the same in every checkout (and the compilation cache serves it).
#include "InjectionCorpus.h"

namespace bulkhead::scan::tools {

std::filesystem::path InjectionCorpus::defaultBenignPrompts()
{
    return std::filesystem::path(BULKHEAD_SCAN_TOOLS_DIR) / "benign_prompts.txt";
}

} // namespace bulkhead::scan::tools
