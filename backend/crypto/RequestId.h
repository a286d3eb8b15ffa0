#pragma once

#include <string>

namespace bulkhead::crypto {

// A request's id: 96 bits from OpenSSL's DRBG as 24 lower-case hex characters, the id the audit
// record, the X-Bulkhead-Request-Id header and the logs share.
//
// Drawn from a per-thread block of DRBG output refilled 4 KiB at a time: one RAND_bytes call
// per request cost a getpid() system call and the DRBG's locks (about 2 % of the daemon's CPU at
// concurrency 64). The block holds nothing secret (ids are public once issued), so it is not
// scrubbed; keys and salts come from randomBytes(), never from here. A child process forked
// after a block was drawn discards it, so parent and child never hand out the same ids.
// Throws core::Error(Internal) if the generator fails.
std::string newRequestId();

} // namespace bulkhead::crypto
