#include "AuditWriter.h"

#include "AuditStorage.h"
#include "crypto/SecureBytes.h"
#include "core/Error.h"
#include "store/ConnectionPool.h"
#include "store/StoreErrors.h"

#include <algorithm>
#include <optional>
#include <pqxx/pqxx>
#include <set>

namespace bulkhead::audit {
namespace {

using core::Error;
using core::ErrorCode;

// Up to this many records, a batch of several known control-plane tenants is one statement
// (audit_append_batch); a larger one is a transaction with a statement per tenant. The one
// statement saves a round trip per tenant, but PostgreSQL spends about 10 us more per record
// inside it: faster at 14 records a batch, slower at about 240 (figures in backend/audit/README.md).
constexpr std::size_t kOneStatementRecords = 64;

void deliver(const AuditWriter::Callback &done, const AppendResult *result,
             std::exception_ptr error) noexcept
{
    try {
        done(result, std::move(error));
    } catch (...) {
        // A caller's callback must not take the writer thread down with it.
    }
}

} // namespace

AuditWriter::AuditWriter(store::ConnectionPool &pool, CheckpointSigner signer,
                         AuditWriterOptions options)
    : m_pool(pool), m_signer(std::move(signer)), m_options(std::move(options))
{
    if (m_options.maxBatch == 0 || m_options.checkpointEvery == 0 || m_options.maxPending == 0)
        throw Error(ErrorCode::InvalidArgument, "audit writer limits must be positive",
                    "options");
    m_thread = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

std::future<AppendResult> AuditWriter::append(AuditRecord record)
{
    auto promise = std::make_shared<std::promise<AppendResult>>();
    auto future = promise->get_future();
    append(std::move(record), [promise](const AppendResult *result, std::exception_ptr error) {
        if (error)
            promise->set_exception(std::move(error));
        else
            promise->set_value(*result);
    });
    return future;
}

void AuditWriter::append(AuditRecord record, Callback done)
{
    validateRecord(record);
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            throw Error(ErrorCode::Unavailable, "the audit writer is shutting down");
        if (m_queue.size() >= m_options.maxPending)
            throw Error(ErrorCode::Unavailable, "the audit log is falling behind");
        if (const auto held = m_held.find(record.tenantId); held != m_held.end()) {
            held->second.push_back({std::move(record), std::move(done)});
            return;  // written once the tenant's log is back (whilePaused)
        }
        m_queue.push_back({std::move(record), std::move(done)});
    }
    m_wake.notify_one();
}

void AuditWriter::whilePaused(const std::string &tenantId, const std::function<void()> &work)
{
    {
        std::unique_lock lock(m_mutex);
        if (m_stopping)
            throw Error(ErrorCode::Unavailable, "the audit writer is shutting down");
        if (m_held.contains(tenantId))
            throw Error(ErrorCode::Conflict, "the tenant's audit log is already paused");
        auto &held = m_held[tenantId];
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            if (it->record.tenantId == tenantId) {
                held.push_back(std::move(*it));
                it = m_queue.erase(it);
            } else {
                ++it;
            }
        }
        m_forget.insert(tenantId);
        // The iteration in progress may still write the tenant's records or checkpoint: let it end.
        const auto started = m_iterationsStarted;
        m_iterationEnded.wait(lock, [&] { return m_iterationsFinished >= started; });
    }
    const auto resume = [&] {
        {
            std::lock_guard lock(m_mutex);
            auto held = std::move(m_held[tenantId]);
            m_held.erase(tenantId);
            m_forget.insert(tenantId);
            for (auto &p : held)
                m_queue.push_back(std::move(p));
        }
        m_wake.notify_one();
    };
    try {
        work();
    } catch (...) {
        resume();
        throw;
    }
    resume();
}

std::future<void> AuditWriter::flushCheckpoints()
{
    std::promise<void> promise;
    auto future = promise.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_flushRequests.push_back(std::move(promise));
    }
    m_wake.notify_one();
    return future;
}

AuditWriterStats AuditWriter::stats() const noexcept
{
    return {m_transactions.load(), m_records.load(), m_checkpoints.load(), m_failed.load()};
}

std::int64_t AuditWriter::nowUs() const
{
    if (m_options.clockUs)
        return m_options.clockUs();
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void AuditWriter::run()
{
    // Wake at least this often to write checkpoints that are due by time alone.
    const auto tick = std::max<std::chrono::milliseconds>(
        std::chrono::milliseconds(10), m_options.checkpointInterval / 4);
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait_for(lock, tick, [this] {
            return m_stopping || !m_queue.empty() || !m_flushRequests.empty();
        });
        if (!m_queue.empty() && m_options.groupCommit && m_options.batchDelay.count() > 0 &&
            !m_stopping) {
            // Let concurrent requests join this batch: that is the whole point of group commit.
            m_wake.wait_for(lock, m_options.batchDelay, [this] {
                return m_stopping || m_queue.size() >= m_options.maxBatch;
            });
        }
        const std::size_t take =
            std::min(m_queue.size(), m_options.groupCommit ? m_options.maxBatch : std::size_t{1});
        std::vector<Pending> batch;
        batch.reserve(take);
        for (std::size_t i = 0; i < take; ++i) {
            batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        auto flushes = std::move(m_flushRequests);
        m_flushRequests.clear();
        const bool stopping = m_stopping && m_queue.empty();
        auto forget = std::move(m_forget);
        m_forget.clear();
        ++m_iterationsStarted;
        lock.unlock();

        for (const auto &tenantId : forget)
            m_tenants.erase(tenantId);
        if (!batch.empty())
            writeBatch(batch);
        if (!flushes.empty() || stopping) {
            try {
                writeDueCheckpoints(true);
                for (auto &p : flushes)
                    p.set_value();
            } catch (...) {
                for (auto &p : flushes)
                    p.set_exception(std::current_exception());
            }
        } else {
            try {
                writeDueCheckpoints(false);
            } catch (...) {
                // Retried on the next tick; records stay durable meanwhile.
            }
        }
        lock.lock();
        ++m_iterationsFinished;
        m_iterationEnded.notify_all();
        if (stopping && m_queue.empty() && m_flushRequests.empty()) {
            auto held = std::move(m_held);
            m_held.clear();
            lock.unlock();
            const auto error = std::make_exception_ptr(Error(ErrorCode::Unavailable, "the audit writer stopped"));
            for (auto &[tenant, records] : held)
                for (auto &p : records)
                    deliver(p.done, nullptr, error);
            return;
        }
    }
}

AuditLocation AuditWriter::locationOf(const std::string &tenantId) const
{
    return m_options.placement.locate ? m_options.placement.locate(tenantId) : AuditLocation{};
}

void AuditWriter::withConnection(const AuditLocation &location, const std::function<void(pqxx::connection &)> &work)
{
    if (location.inControlPlane() || !m_options.placement.connect)
        m_pool.run([&](pqxx::connection &connection) { work(connection); });
    else
        m_options.placement.connect(location, work);
}

void AuditWriter::writeBatch(std::vector<Pending> &batch)
{
    // Tenants in a fixed (sorted) order, so two daemons locking overlapping tenant sets in one
    // transaction each always lock in the same order and cannot deadlock. One transaction per
    // database: the control plane's (Tier 1 and 2) and each Tier 3 tenant's own.
    std::map<std::string, std::vector<Pending *>> byTenant;
    for (auto &p : batch)
        byTenant[p.record.tenantId].push_back(&p);
    const RecordCipher *cipher = m_options.placement.cipher.seal ? &m_options.placement.cipher : nullptr;

    std::vector<AppendResult> results(batch.size());
    std::vector<Checkpoint> newCheckpoints;
    std::set<std::string> committed;  // tenants whose database group committed
    // Committed, but no synchronous standby confirmed it (requireSynchronousStandby): failed,
    // and not written again.
    std::set<std::string> unconfirmed;
    std::exception_ptr failed;
    try {
        std::map<std::string, std::vector<std::pair<std::string, AuditLocation>>> byDatabase;
        for (const auto &entry : byTenant) {
            auto location = locationOf(entry.first);
            byDatabase[location.connectionKey].emplace_back(entry.first, std::move(location));
        }
        // One tenant's items appended to its cached tree, with the checkpoint then due signed.
        struct Prepared
        {
            std::vector<storage::NewRecord> rows;
            std::optional<Checkpoint> due;
        };
        const auto prepareTenant = [&](const std::string &tenantId, TenantState &state) {
            Prepared prepared;
            prepared.rows.reserve(byTenant[tenantId].size());
            for (auto *item : byTenant[tenantId]) {
                item->record.sequence = state.tree.size();
                auto canonical = canonicalJson(item->record);
                auto leaf = leafHash(crypto::asBytes(canonical));
                results[static_cast<std::size_t>(item - batch.data())] = {tenantId, item->record.sequence, leaf};
                state.tree.append(leaf);
                prepared.rows.push_back({&item->record, std::move(canonical), std::move(leaf)});
            }
            const auto now = nowUs();
            if (state.tree.size() - state.checkpointedSize >= m_options.checkpointEvery ||
                now - state.checkpointedAtUs >=
                    std::chrono::duration_cast<std::chrono::microseconds>(m_options.checkpointInterval).count()) {
                prepared.due = Checkpoint{tenantId, state.tree.size(), state.tree.root(), now, {}, {}};
                signCheckpoint(*prepared.due, m_signer);
            }
            return prepared;
        };
        // ... and written in one statement that scopes and locks by itself (AuditStorage.h); false
        // when another daemon appended first (nothing written; the statement's scope and lock remain).
        const auto appendTenant = [&](pqxx::transaction_base &tx, const std::string &tenantId,
                                      const AuditLocation &location, TenantState &state,
                                      std::vector<Checkpoint> &groupCheckpoints) {
            auto prepared = prepareTenant(tenantId, state);
            if (!storage::appendRecords(tx, tenantId, location, prepared.rows,
                                        prepared.due ? &*prepared.due : nullptr,
                                        location.sealed ? cipher : nullptr))
                return false;
            if (prepared.due)
                groupCheckpoints.push_back(std::move(*prepared.due));
            return true;
        };
        // Known control-plane tenants, several of them, in ONE statement in autocommit: the batch
        // commits in one round trip instead of BEGIN, an append each and COMMIT. What it wrote is
        // durable at once, whatever becomes of the rest: those tenants count as committed here.
        // Returns the tenants another daemon appended to first, their trees dropped.
        const auto appendKnownTenants = [&](pqxx::connection &connection,
                                            const std::vector<std::pair<std::string, AuditLocation>> &tenants) {
            std::vector<Prepared> prepared;
            prepared.reserve(tenants.size());  // stable: the appends point into it
            std::vector<storage::TenantAppend> appends;
            for (const auto &[tenantId, location] : tenants) {
                prepared.push_back(prepareTenant(tenantId, m_tenants.at(tenantId)));
                appends.push_back({tenantId, &location, &prepared.back().rows,
                                   prepared.back().due ? &*prepared.back().due : nullptr});
            }
            pqxx::nontransaction autocommit(connection);
            const auto behind = storage::appendRecordsOfTenants(autocommit, appends, cipher);
            std::vector<std::pair<std::string, AuditLocation>> rest;
            for (std::size_t i = 0; i < tenants.size(); ++i) {
                const auto &tenantId = tenants[i].first;
                if (behind.contains(tenantId)) {
                    m_tenants.erase(tenantId);
                    rest.push_back(tenants[i]);
                    continue;
                }
                committed.insert(tenantId);
                if (prepared[i].due)
                    newCheckpoints.push_back(std::move(*prepared[i].due));
            }
            return rest;
        };
        const auto recordsOf = [&](const std::vector<std::pair<std::string, AuditLocation>> &tenants) {
            std::size_t records = 0;
            for (const auto &entry : tenants)
                records += byTenant[entry.first].size();
            return records;
        };
        // A database's share of the batch in one transaction, tenants in the sorted order above.
        const auto writeGroup = [&](pqxx::connection &connection,
                                    std::vector<std::pair<std::string, AuditLocation>> tenants,
                                    std::vector<Checkpoint> &groupCheckpoints) {
            groupCheckpoints.clear();
            const bool allKnownInControlPlane =
                std::all_of(tenants.begin(), tenants.end(), [&](const auto &entry) {
                    return entry.second.inControlPlane() && m_tenants.contains(entry.first);
                });
            if (allKnownInControlPlane && !m_options.requireSynchronousStandby) {
                if (tenants.size() == 1) {
                    // The common case at low load, one tenant: its statement in autocommit is the
                    // whole transaction, one round trip to a durable commit.
                    const auto &[tenantId, location] = tenants.front();
                    pqxx::nontransaction autocommit(connection);
                    if (appendTenant(autocommit, tenantId, location, m_tenants.at(tenantId), groupCheckpoints))
                        return false;
                    m_tenants.erase(tenantId); // another daemon appended first: read its chain below
                } else if (recordsOf(tenants) <= kOneStatementRecords) {
                    tenants = appendKnownTenants(connection, tenants);
                    if (tenants.empty())
                        return false;
                }
            }
            // The stored chain, read under the tenant's scope and writer lock. In the control
            // plane the role is given back after it: public's append is called as the writer's
            // login (a tenant's role need not see public); a placement's is found through the
            // scope.
            const auto readChain = [&](pqxx::work &tx, const std::string &tenantId,
                                       const AuditLocation &location) {
                storage::scopeAndLockTenant(tx, tenantId, location);
                auto read = loadTenant(tx, tenantId);
                if (location.inControlPlane())
                    storage::leaveTenantRole(tx);
                return read;
            };
            pqxx::work tx(connection);
            for (const auto &[tenantId, location] : tenants) {
                // A known control-plane tenant's append scopes and locks by itself.
                auto found = m_tenants.find(tenantId);
                if (found == m_tenants.end())
                    found = readChain(tx, tenantId, location);
                else if (!location.inControlPlane())
                    storage::scopeAndLockTenant(tx, tenantId, location);
                if (!appendTenant(tx, tenantId, location, found->second, groupCheckpoints)) {
                    found = readChain(tx, tenantId, location); // another daemon appended since
                    if (!appendTenant(tx, tenantId, location, found->second, groupCheckpoints))
                        throw Error(ErrorCode::Internal,
                                    "the audit log of " + tenantId + " moved under its writer lock");
                }
            }
            if (m_options.requireSynchronousStandby)
                store::auditlog::requireSynchronousStandby(tx);
            tx.commit();
            if (!m_options.requireSynchronousStandby)
                return false;
            // A commit already waiting when the standby was dropped returns unconfirmed: then the
            // records stay in the chain, never acknowledged.
            pqxx::nontransaction check(connection);
            return !store::auditlog::waitsForSynchronousStandby(check);
        };
        for (const auto &[database, tenants] : byDatabase) {
            std::vector<Checkpoint> groupCheckpoints;
            bool unconfirmedGroup = false;
            store::translateStoreErrors("write audit records", [&] {
                withConnection(tenants.front().second, [&](pqxx::connection &connection) {
                    try {
                        unconfirmedGroup = writeGroup(connection, tenants, groupCheckpoints);
                    } catch (const pqxx::undefined_function &) {
                        // A placement made before the append function: add it, and go again.
                        if (tenants.front().second.inControlPlane())
                            throw; // the control plane has it from its migrations
                        for (const auto &entry : tenants)
                            m_tenants.erase(entry.first); // their trees hold leaves never written
                        pqxx::work install(connection);
                        storage::installAppend(install, tenants.front().second);
                        install.commit();
                        unconfirmedGroup = writeGroup(connection, tenants, groupCheckpoints);
                    }
                });
            });
            for (auto &c : groupCheckpoints)
                newCheckpoints.push_back(std::move(c));
            for (const auto &entry : tenants)
                (unconfirmedGroup ? unconfirmed : committed).insert(entry.first);
        }
    } catch (...) {
        ++m_failed;
        failed = std::current_exception();
    }
    for (const auto &c : newCheckpoints) {
        auto &state = m_tenants[c.tenantId];
        state.checkpointedSize = c.treeSize;
        state.checkpointedAtUs = c.timeUs;
    }
    m_checkpoints += newCheckpoints.size();
    if (!committed.empty() || !unconfirmed.empty())
        ++m_transactions;
    // What committed is durable and answered as such; the rest failed with the batch.
    std::map<std::string, std::vector<Pending>> uncommitted;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (committed.contains(batch[i].record.tenantId)) {
            ++m_records;
            deliver(batch[i].done, &results[i], nullptr);
        } else if (unconfirmed.contains(batch[i].record.tenantId)) {
            ++m_records;
            deliver(batch[i].done, nullptr,
                    std::make_exception_ptr(Error(ErrorCode::Unavailable,
                                                  "the audit record committed without a synchronous "
                                                  "standby's confirmation: not acknowledged")));
        } else {
            uncommitted[batch[i].record.tenantId].push_back(std::move(batch[i]));
        }
    }
    for (const auto &entry : uncommitted) {
        // Its cached tree may hold leaves that never committed; its log may have moved under us
        // (another daemon changed the tier): both are looked up again.
        m_tenants.erase(entry.first);
        if (m_options.placement.forget)
            m_options.placement.forget(entry.first);
    }
    if (uncommitted.size() > 1) {
        // One tenant's failure (its database unreachable, a record refused) must not fail the
        // others it shared the batch with: each goes again alone, and only the failing one fails.
        for (auto &entry : uncommitted)
            writeBatch(entry.second);
        return;
    }
    if (!failed)
        failed = std::make_exception_ptr(Error(ErrorCode::Internal, "audit records were not written"));
    for (auto &entry : uncommitted)
        for (auto &p : entry.second)
            deliver(p.done, nullptr, failed);
}

std::map<std::string, AuditWriter::TenantState>::iterator AuditWriter::loadTenant(pqxx::transaction_base &tx,
                                                                                const std::string &tenantId)
{
    const auto next = store::auditlog::nextSequence(tx, tenantId);
    TenantState state;
    for (auto &h : store::auditlog::leafHashes(tx, tenantId))
        state.tree.append(std::move(h));
    if (state.tree.size() != next)
        throw Error(ErrorCode::Internal, "audit sequence of " + tenantId + " has gaps");
    const auto existing = storage::checkpoints(tx, tenantId);
    state.checkpointedSize = existing.empty() ? 0 : existing.back().treeSize;
    state.checkpointedAtUs = nowUs();
    return m_tenants.insert_or_assign(tenantId, std::move(state)).first;
}

void AuditWriter::writeDueCheckpoints(bool all)
{
    const auto now = nowUs();
    const auto interval =
        std::chrono::duration_cast<std::chrono::microseconds>(m_options.checkpointInterval)
            .count();
    std::vector<Checkpoint> due;
    for (auto &[tenantId, state] : m_tenants) {
        if (state.tree.size() == state.checkpointedSize)
            continue;
        if (!all && now - state.checkpointedAtUs < interval)
            continue;
        Checkpoint c{tenantId, state.tree.size(), state.tree.root(), now, {}, {}};
        signCheckpoint(c, m_signer);
        due.push_back(std::move(c));
    }
    if (due.empty())
        return;
    try {
        std::map<std::string, std::vector<std::pair<const Checkpoint *, AuditLocation>>> byDatabase;
        for (const auto &c : due) {
            auto location = locationOf(c.tenantId);
            byDatabase[location.connectionKey].emplace_back(&c, std::move(location));
        }
        for (const auto &[database, group] : byDatabase)
            store::translateStoreErrors("write audit checkpoints", [&] {
                withConnection(group.front().second, [&](pqxx::connection &connection) {
                    pqxx::work tx(connection);
                    for (const auto &[c, location] : group) {
                        storage::scopeAndLockTenant(tx, c->tenantId, location);
                        // Another daemon may have appended meanwhile: only sign what is still the
                        // tenant's whole log, else leave it to the next batch (which reloads).
                        if (store::auditlog::nextSequence(tx, c->tenantId) != c->treeSize)
                            continue;
                        storage::insertCheckpoint(tx, *c);
                    }
                    tx.commit();
                });
            });
    } catch (...) {
        ++m_failed;
        for (const auto &c : due)
            m_tenants.erase(c.tenantId);
        throw;
    }
    ++m_transactions;
    for (const auto &c : due) {
        auto &state = m_tenants[c.tenantId];
        state.checkpointedSize = c.treeSize;
        state.checkpointedAtUs = c.timeUs;
    }
    m_checkpoints += due.size();
}

} // namespace bulkhead::audit
