#pragma once

#include <span>
#include <string_view>

// The data files under resources/, compiled into the library by EmbedResources.cmake so the
// daemon and bulkheadctl need no files at run time.
namespace bulkhead::scan::resources {

std::string_view injectionPatterns();
// Empty when the model has not been trained yet (a fresh checkout before the first
// `ninja retrain-injection-model`); the ingress scanner then runs on patterns alone.
std::span<const unsigned char> injectionModel();

} // namespace bulkhead::scan::resources
