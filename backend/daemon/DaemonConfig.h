#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::daemon {

// Every setting of bulkheadd. The same keys work in the config file (`key = value`) and as
// flags (`--key value` or `--key=value`); flags override the file. See the README.
struct DaemonConfig
{
    std::string listen = "127.0.0.1:8080";  // data plane and admin API
    std::string tlsCert;                    // PEM files; both set = HTTPS listener
    std::string tlsKey;
    // libpq DSNs of the control plane: `database` is the login every request is served as, and
    // must be bound by row-level security (store/DatabaseLogin.h); `databaseOwner` owns the
    // schema, applies migrations and provisions placements (empty: `database` does).
    std::string database;
    std::string databaseOwner;
    // Serve even though `database` can bypass RLS: a warning on every start and in /readyz.
    bool allowRlsBypass = false;
    // High availability: commit an audit record only on a primary with a synchronous standby
    // (else the request fails closed, 503): nothing acknowledged is lost to a failover.
    bool requireSynchronousStandby = false;
    std::string upstreamUrl;  // the platform's shared default upstream (OpenAI-compatible)
    std::string upstreamCaFile;  // extra CA for upstream TLS (system CAs are always trusted)
    std::string upstreamApiKeyFile;  // bearer key for the default upstream (0600 file)
    std::string adminTokenFile;  // first start: write a platform-admin token here (0600)
    std::string portFile;        // write the bound port here once listening (for launchers)
    // Ed25519 seed that signs audit checkpoints (a 0600 file, created on first start). Empty:
    // an ephemeral key per process (checkpoints then verify only while it runs).
    std::string auditKeyFile;
    // Where the master key (and, without audit-key-file, the signing key) lives: "keychain"
    // (the OS keychain through QtKeychain, entry `keychainEntry`) or "file" (`keyFile`, a 0600
    // file created on first start). No fallback between them: unavailable means no start.
    std::string keyProvider = "keychain";
    std::string keyFile;
    std::string keychainEntry = "master-key";
    // Document and query embeddings: "builtin" (deterministic, in process) or "upstream" (the
    // tenant's upstream /embeddings with `embeddingModel`, asked for 384 dimensions; Tier 3
    // tenants use their dedicated upstream, so their text never reaches a shared one).
    std::string embeddings = "builtin";
    std::string embeddingModel = "text-embedding-3-small";
    // Audit durability: "acknowledged" (default) commits each record before the response ends;
    // "strict" also commits an intent record (reason "intent") before the upstream sees the
    // request, so a crash mid-call still leaves a trace of what was sent.
    bool auditIntent = false;
    // Apply every tenant's audit retention period this often (0: only on request).
    std::chrono::seconds retentionSweep{3600};
    // A full probe run over every tenant this often (0: only when asked).
    std::chrono::seconds probeSchedule{0};
    // The I/O threads share one io_context, and bulkheadd shares the machine with its audit
    // writer, the kernel's network work and often PostgreSQL: half the cores (at least one). On
    // two cores one thread served as many requests as two, sooner (tests/bench/README.md).
    unsigned threads = std::max(1u, std::thread::hardware_concurrency() / 2);
    unsigned dbPoolSize = 4;
    // bulkheadd instances sharing the control plane: each enforces limit / instances.
    unsigned instances = 1;
    std::chrono::milliseconds statementTimeout{30'000};  // every database statement
    std::string metricsTokenFile;  // bearer that may read per-tenant metrics (0600 file)
    std::size_t maxBodyBytes = 4 * 1024 * 1024;
    std::size_t maxHeaderBytes = 16 * 1024;
    std::size_t maxConnections = 4096;
    std::chrono::milliseconds headerTimeout{10'000};
    std::chrono::milliseconds requestTimeout{300'000};
    std::chrono::milliseconds idleTimeout{60'000};
    std::chrono::milliseconds upstreamConnectTimeout{5'000};
    std::chrono::milliseconds upstreamReadTimeout{120'000};
    // Kept-alive connections per upstream origin. Below the concurrency the daemon sees, every
    // answer beyond it closes its connection and a later call opens a new one (TCP set-up on
    // both sides, a socket in TIME_WAIT).
    std::size_t upstreamIdleConnections = 256;
    std::chrono::milliseconds policyRefresh{1'000};
    std::chrono::milliseconds shutdownGrace{20'000};
    bool cacheSalt = true;  // off only to demonstrate what the salt prevents
    // What a user prompt scored as a likely injection gets: "flag" (audit and metrics only)
    // or "block" (refused with content_blocked). Flag by default: probes and red teams must
    // reach the egress scanner, which is the barrier that stops the leak itself.
    std::string ingressAction = "flag";
};

struct ConfigParseResult
{
    DaemonConfig config;
    bool showHelp = false;
    bool showVersion = false;
    bool showOpenApi = false;  // print the API description (resources/openapi.json) and exit
};

// Parses `--config FILE` (if given) and then the flags. Throws core::Error(InvalidArgument)
// naming the key for unknown keys and bad values.
ConfigParseResult parseDaemonConfig(const std::vector<std::string> &args);

std::string daemonUsage();

} // namespace bulkhead::daemon
