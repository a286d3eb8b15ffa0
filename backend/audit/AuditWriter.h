#pragma once

#include "AuditLocation.h"
#include "AuditRecord.h"
#include "Checkpoint.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace pqxx {
class transaction_base;
}

namespace bulkhead::store {
class ConnectionPool;
}

namespace bulkhead::audit {

struct AppendResult
{
    std::string tenantId;
    std::uint64_t sequence = 0;  // the record's leaf index in its tenant's tree
    Hash leafHash;
};

struct AuditWriterOptions
{
    // Group commit: a batch takes up to maxBatch queued records (all tenants) into ONE
    // transaction; the first record of a batch waits at most batchDelay for company. The default
    // 0 does not wait: records arriving while a transaction commits form the next batch by
    // themselves, so batches grow with load without adding latency at low load (bench_audit:
    // a 500 µs delay gave larger batches but lower throughput).
    bool groupCommit = true;  // false: one transaction per record (the benchmark's baseline)
    std::size_t maxBatch = 512;
    std::chrono::microseconds batchDelay{0};
    // Beyond this many queued records append() fails at once with Unavailable: the caller fails
    // the request closed instead of the daemon buffering without bound.
    std::size_t maxPending = 20000;
    // A tenant's tree is checkpointed when it grew by checkpointEvery records since its last
    // checkpoint, or when checkpointInterval passed with records not yet covered.
    std::uint64_t checkpointEvery = 256;
    std::chrono::milliseconds checkpointInterval{10000};
    // Unix microseconds for checkpoint timestamps; the system clock when empty.
    std::function<std::int64_t()> clockUs;
    // Where each tenant's log lives (AuditLocation.h); empty: everyone in the shared tables.
    AuditPlacement placement;
    // Commit a record only where a synchronous standby confirms it (high availability: a
    // record acknowledged by a primary running alone could be lost to the next failover).
    bool requireSynchronousStandby = false;
};

struct AuditWriterStats
{
    std::uint64_t transactions = 0;  // committed
    std::uint64_t records = 0;       // committed
    std::uint64_t checkpoints = 0;   // committed
    std::uint64_t failedTransactions = 0;
};

// The audit log's only writer path. append() hands a record to a background database thread;
// the returned future is fulfilled only after the transaction holding the record COMMITTED, so a
// request that waits for it before ending its response has a durable audit record. The thread
// batches records across requests and tenants into one transaction (group commit), assigns each
// tenant's next sequence number under a per-tenant advisory lock (several daemons may share the
// database), stores the RFC 6962 leaf hash and signs checkpoints in the same transaction.
//
// When the database fails, every record of the batch fails with core::Error (codes as in
// store/StoreErrors.h) and the writer forgets its cached trees, reloading them next time.
class AuditWriter final
{
public:
    using Callback = std::function<void(const AppendResult *result, std::exception_ptr error)>;

    AuditWriter(store::ConnectionPool &pool, CheckpointSigner signer,
                AuditWriterOptions options = {});
    // Drains the queue, writes final checkpoints (best effort) and stops the thread.
    ~AuditWriter();
    AuditWriter(const AuditWriter &) = delete;
    AuditWriter &operator=(const AuditWriter &) = delete;

    // Validates (throws core::Error(InvalidArgument) at once) and queues. `sequence` is ignored.
    std::future<AppendResult> append(AuditRecord record);
    // The same, with `done` called on the writer thread with a result or an error (exactly once).
    void append(AuditRecord record, Callback done);

    // Checkpoints every tenant with records not yet covered, now; the future fails with the
    // database error if that transaction does.
    std::future<void> flushCheckpoints();

    AuditWriterStats stats() const noexcept;
    std::vector<std::uint8_t> publicKey() const { return m_signer.publicKey(); }
    const CheckpointSigner &signer() const noexcept { return m_signer; }

    // Runs `work` on the caller's thread while this writer writes nothing of the tenant (a batch
    // in progress ends first): its records appended meanwhile are held, not failed, and go where
    // the placement then says once `work` returned or threw; the tenant's cached tree is dropped.
    // Moving a log (AuditRelocation.h) runs inside it, so no record of this daemon is in flight.
    void whilePaused(const std::string &tenantId, const std::function<void()> &work);

private:
    struct Pending
    {
        AuditRecord record;
        Callback done;
    };
    struct TenantState
    {
        MerkleTree tree;
        std::uint64_t checkpointedSize = 0;
        std::int64_t checkpointedAtUs = 0;
    };

    void run();
    void writeBatch(std::vector<Pending> &batch);
    // The tenant's chain as stored, read in `tx` under the tenant's writer lock (the caller
    // holds it): its leaves and last checkpoint, replacing what this writer had cached.
    std::map<std::string, TenantState>::iterator loadTenant(pqxx::transaction_base &tx,
                                                           const std::string &tenantId);
    AuditLocation locationOf(const std::string &tenantId) const;
    // Runs `work` on a connection to `location`'s database.
    void withConnection(const AuditLocation &location, const std::function<void(pqxx::connection &)> &work);
    void writeDueCheckpoints(bool all);
    std::int64_t nowUs() const;

    store::ConnectionPool &m_pool;
    const CheckpointSigner m_signer;
    const AuditWriterOptions m_options;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    std::map<std::string, std::deque<Pending>> m_held;  // records of paused tenants, in order
    std::set<std::string> m_forget;                     // cached trees to drop (writer thread)
    std::uint64_t m_iterationsStarted = 0;              // loop iterations that took work
    std::uint64_t m_iterationsFinished = 0;
    std::condition_variable m_iterationEnded;
    std::vector<std::promise<void>> m_flushRequests;
    bool m_stopping = false;

    // Owned by the writer thread only.
    std::map<std::string, TenantState> m_tenants;

    std::atomic<std::uint64_t> m_transactions{0};
    std::atomic<std::uint64_t> m_records{0};
    std::atomic<std::uint64_t> m_checkpoints{0};
    std::atomic<std::uint64_t> m_failed{0};

    std::thread m_thread;  // last: starts after everything it uses exists
};

} // namespace bulkhead::audit
