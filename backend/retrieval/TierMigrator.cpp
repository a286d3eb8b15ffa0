#include "TierMigrator.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "store/DocumentRepository.h"
#include "store/PlacementRepository.h"
#include "store/StoreErrors.h"
#include "store/TenantKeyring.h"

namespace bulkhead::retrieval {
namespace {

using core::Error;
using core::ErrorCode;

std::vector<std::uint8_t> asBytes(std::string_view text)
{
    return {text.begin(), text.end()};
}

std::string fromSecure(const crypto::SecureBytes &bytes)
{
    const auto view = bytes.view();
    return std::string(view.begin(), view.end());
}

} // namespace

TierMigrator::TierMigrator(DocumentStore &documents, PlacementDirectory &placements, store::TenantKeyring &keys)
    : m_documents(documents), m_placements(placements), m_keys(keys)
{
}

void TierMigrator::record(const MigrationProgress &p)
{
    store::translateStoreErrors("record migration progress", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository(tx).recordMigration(p);
            tx.commit();
        });
    });
}

std::optional<MigrationProgress> TierMigrator::status(const TenantScope &scope)
{
    return store::translateStoreErrors("read migration progress", [&] {
        return m_placements.controlPlane().run([&](pqxx::connection &c) -> std::optional<MigrationProgress> {
            pqxx::read_transaction tx(c);
            const auto row = store::PlacementRepository(tx).findMigration(scope.tenantId());
            if (!row)
                return std::nullopt;
            return row;
        });
    });
}

std::vector<std::string> TierMigrator::documentIds(const Placement &p)
{
    std::vector<std::string> ids;
    m_placements.run(p, p.role, p.tenantId, [&](pqxx::transaction_base &w) {
        ids = store::DocumentRepository(w, p.schema).ids(p.tenantId);
    });
    return ids;
}

TierMigrator::Document TierMigrator::readDocument(const Placement &p, const std::string &id)
{
    Document d;
    d.id = id;
    std::optional<std::string> metadataSealed;
    std::vector<std::optional<std::string>> sealed;
    m_placements.run(p, p.role, p.tenantId, [&](pqxx::transaction_base &w) {
        store::DocumentRepository documents(w, p.schema);
        const store::DocumentRow head = documents.document(p.tenantId, id);
        d.contentSha256 = head.contentSha256;
        d.metadata = head.metadataPlain.value_or("{}");
        metadataSealed = head.metadataSealedHex;
        for (const auto &chunk : documents.chunks(p.tenantId, id)) {
            d.texts.push_back(chunk.textPlain.value_or(""));
            sealed.push_back(chunk.textSealedHex);
            d.embeddings.push_back(chunk.embedding);
        }
    });
    // Opened outside the transaction: the keyring may need a connection of its own.
    const auto open = [&](const std::string &hex, const std::string &binding) {
        return fromSecure(m_keys.open(p.tenantId, kDocumentsKeyPurpose, crypto::fromHex(hex), binding));
    };
    if (metadataSealed)
        d.metadata = open(*metadataSealed, id + "/metadata");
    for (std::size_t i = 0; i < sealed.size(); ++i)
        if (sealed[i])
            d.texts[i] = open(*sealed[i], id + "/" + std::to_string(i));
    return d;
}

TierMigrator::SealedDocument TierMigrator::seal(const Placement &p, const Document &d)
{
    SealedDocument sealed;
    sealed.texts.resize(d.texts.size());
    if (!p.sealed())
        return sealed;
    for (std::size_t i = 0; i < d.texts.size(); ++i)
        sealed.texts[i] = crypto::toHex(m_keys.seal(p.tenantId, kDocumentsKeyPurpose, asBytes(d.texts[i]),
                                                    d.id + "/" + std::to_string(i)));
    sealed.metadata = crypto::toHex(m_keys.seal(p.tenantId, kDocumentsKeyPurpose, asBytes(d.metadata), d.id + "/metadata"));
    return sealed;
}

void TierMigrator::insertDocument(pqxx::transaction_base &w, const Placement &p, const Document &d,
                                  const SealedDocument &sealed)
{
    store::DocumentRepository documents(w, p.schema);
    documents.insert(store::DocumentRow{
        p.tenantId, d.id, static_cast<int>(d.texts.size()), d.contentSha256,
        p.sealed() ? std::optional<std::string>() : std::optional(d.metadata), sealed.metadata});
    for (std::size_t i = 0; i < d.texts.size(); ++i)
        documents.insert(
            store::ChunkRow{p.tenantId, d.id, static_cast<int>(i),
                            p.sealed() ? std::optional<std::string>() : std::optional(d.texts[i]),
                            sealed.texts[i], d.embeddings[i]});
}

bool TierMigrator::replaceIfPresent(pqxx::transaction_base &w, const Placement &p, const Document &d,
                                    const SealedDocument &sealed)
{
    if (!store::DocumentRepository(w, p.schema).removeForRewrite(p.tenantId, d.id))
        return false;
    insertDocument(w, p, d, sealed);
    return true;
}

void TierMigrator::writeDocument(const Placement &p, const Document &d)
{
    const SealedDocument sealed = seal(p, d);
    m_placements.run(p, p.role, p.tenantId, [&](pqxx::transaction_base &w) { insertDocument(w, p, d, sealed); });
}

void TierMigrator::clear(const Placement &p)
{
    m_placements.run(p, p.role, p.tenantId, [&](pqxx::transaction_base &w) {
        store::DocumentRepository(w, p.schema).removeAll(p.tenantId);
    });
}

void TierMigrator::rollBack(MigrationProgress &progress, const std::string &reason)
{
    try {
        clear(m_placements.placementFor(progress.tenantId, progress.toTier));
    } catch (const std::exception &) {
        // Never provisioned, or unreachable now: the next migration clears the target first.
    }
    store::translateStoreErrors("roll back the migration", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository placements(tx);
            placements.lock(progress.tenantId, store::PlacementRepository::Lock::Exclusive);
            placements.markActive(progress.tenantId);
            tx.commit();
        });
    });
    progress.phase = "rolled_back";
    progress.error = reason.substr(0, 300);
    record(progress);
}

MigrationProgress TierMigrator::migrate(const TenantScope &scope, int toTier, const Observer &observer)
{
    if (toTier < 1 || toTier > 3)
        throw Error(ErrorCode::InvalidArgument, "tier must be 1, 2 or 3", "tier");
    const std::string &tenant = scope.tenantId();
    MigrationProgress progress{tenant, 0, toTier, "copying", 0, 0, {}};
    // 1. Mark the placement migrating, under the exclusive lock (waits for in-flight requests).
    bool nothingToMove = false;
    store::translateStoreErrors("start the migration", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository placements(tx);
            placements.lock(tenant, store::PlacementRepository::Lock::Exclusive);
            const auto current = placements.findTierAndState(tenant);
            if (!current || current->tier == toTier) {
                // No documents yet (the next one lands at the new tier) or already there.
                placements.insertIfAbsent(tenant, toTier);
                progress.fromTier = current ? current->tier : toTier;
                nothingToMove = true;
                tx.commit();
                return;
            }
            if (current->state == "migrating")
                throw Error(ErrorCode::Conflict, "a migration of this tenant is already running",
                            "migration_in_progress");
            progress.fromTier = current->tier;
            placements.markMigrating(tenant);
            tx.commit();
        });
    });
    if (nothingToMove) {
        m_placements.provision(m_placements.placementFor(tenant, toTier));
        progress.phase = "done";
        record(progress);
        return progress;
    }
    const Placement source = m_placements.placementFor(tenant, progress.fromTier);
    const Placement target = m_placements.placementFor(tenant, toTier);
    record(progress);
    // 2. Copy and verify; any failure rolls back to the source, which stayed live.
    try {
        m_placements.provision(target);
        clear(target);
        const auto ids = documentIds(source);
        progress.total = static_cast<int>(ids.size());
        record(progress);
        if (observer)
            observer(progress);
        for (const auto &id : ids) {
            const Document document = readDocument(source, id);
            if (contentHash(document.texts) != document.contentSha256)
                throw Error(ErrorCode::Internal, "document " + id + " does not match its content hash in the source");
            writeDocument(target, document);
            ++progress.moved;
            record(progress);
            if (observer)
                observer(progress);
        }
        const auto copied = documentIds(target);
        if (copied != ids)
            throw Error(ErrorCode::Internal, "the target holds " + std::to_string(copied.size()) +
                                                 " documents, the source " + std::to_string(ids.size()));
        for (const auto &id : copied) {
            const Document check = readDocument(target, id);
            if (contentHash(check.texts) != check.contentSha256)
                throw Error(ErrorCode::Internal, "document " + id + " failed verification in the target");
        }
    } catch (const std::exception &e) {
        rollBack(progress, e.what());
        throw Error(ErrorCode::Unavailable, "the migration was rolled back: " + progress.error);
    }
    // 3. Switch between requests, then wipe the old placement.
    store::translateStoreErrors("switch the placement", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository placements(tx);
            placements.lock(tenant, store::PlacementRepository::Lock::Exclusive);
            placements.switchTier(tenant, toTier);
            placements.markMigrationSwitched(tenant, progress.moved, progress.total);
            tx.commit();
        });
    });
    progress.phase = "switched";
    if (observer)
        observer(progress);
    clear(source);  // the documents; the schema or database stays: it may hold the audit log
    progress.phase = "done";
    record(progress);
    if (observer)
        observer(progress);
    return progress;
}

std::vector<MigrationProgress> TierMigrator::recover()
{
    std::vector<MigrationProgress> interrupted = store::translateStoreErrors("read migrations", [&] {
        return m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            return store::PlacementRepository(tx).interruptedMigrations();
        });
    });
    for (auto &p : interrupted) {
        if (p.phase == "copying") {
            rollBack(p, "interrupted while copying; rolled back to tier " + std::to_string(p.fromTier));
        } else {
            clear(m_placements.placementFor(p.tenantId, p.fromTier));
            p.phase = "done";
            record(p);
        }
    }
    return interrupted;
}

std::vector<std::string> TierMigrator::documentsSealedUnder(pqxx::transaction_base &controlPlaneTx,
                                                            const Placement &p, const std::string &keyId)
{
    std::vector<std::string> ids;
    m_placements.runWithin(controlPlaneTx, p, p.role, p.tenantId, [&](pqxx::transaction_base &w) {
        ids = store::DocumentRepository(w, p.schema).sealedUnder(p.tenantId, keyId);
    });
    return ids;
}

int TierMigrator::resealAndRetire(const TenantScope &scope, const std::string &retiringKeyId)
{
    using Lock = DocumentStore::PlacementLock;
    const std::string &tenant = scope.tenantId();
    const auto stillAt = [](const std::optional<DocumentStore::Current> &current, const Placement &p) {
        if (!current || current->migrating || current->placement.tier != p.tier)
            throw Error(ErrorCode::Conflict, "the tenant's documents are being migrated to another tier",
                        "migration_in_progress");
    };
    // Taken exclusively, the lock waits out uploads that found the old key still active; every
    // later upload finds it retired from use and seals again (DocumentStore::add), so this scan
    // sees every document that will ever name the old key.
    std::optional<Placement> placement;
    std::vector<std::string> pending;
    store::translateStoreErrors("re-encrypt the tenant's documents", [&] {
        m_documents.withPlacement(tenant, [&](pqxx::work &tx, const std::optional<DocumentStore::Current> &current) {
            if (!current || !current->placement.sealed())
                return;
            stillAt(current, current->placement);
            placement = current->placement;
            pending = documentsSealedUnder(tx, *placement, retiringKeyId);
        }, Lock::Exclusive);
    });
    int rewritten = 0;
    for (const auto &id : pending) {
        const Placement &p = *placement;
        Document document;
        try {
            document = readDocument(p, id);
        } catch (const pqxx::unexpected_rows &) {
            continue;  // deleted since the scan
        }
        if (contentHash(document.texts) != document.contentSha256)
            throw Error(ErrorCode::Internal, "document " + id + " does not match its content hash");
        const SealedDocument sealed = seal(p, document);  // outside the lock: keys may load
        m_documents.withPlacement(tenant, [&](pqxx::work &tx, const std::optional<DocumentStore::Current> &current) {
            stillAt(current, p);
            m_placements.runWithin(tx, p, p.role, tenant, [&](pqxx::transaction_base &w) {
                rewritten += replaceIfPresent(w, p, document, sealed);
            });
        }, Lock::Exclusive);
    }
    m_keys.retireDataKey(tenant, retiringKeyId);
    return rewritten;
}

} // namespace bulkhead::retrieval
