#pragma once

// Shared by the audit DB tests: a migrated test database, a pool on it, a fixed signing key and
// record factories.
#include "audit/AuditRecord.h"
#include "audit/Checkpoint.h"
#include "store/ConnectionPool.h"
#include "store/Migrations.h"
#include "support/TestDatabase.h"

#include <memory>
#include <pqxx/pqxx>
#include <string>

namespace bulkhead::testsupport {

inline audit::CheckpointSigner testSigner(std::uint8_t fill = 0x42)
{
    return audit::CheckpointSigner::fromSeed(std::vector<std::uint8_t>(32, fill));
}

inline audit::AuditRecord makeRecord(const std::string &tenant, int n)
{
    audit::AuditRecord r;
    r.tenantId = tenant;
    r.recordedAtUs = 1'700'000'000'000'000 + std::int64_t{n} * 1000;
    r.requestId = tenant + "-req-" + std::to_string(n);
    r.principal = "key-" + tenant;
    r.route = n % 3 == 0 ? "/v1/embeddings" : "/v1/chat/completions";
    r.model = "model-" + std::to_string(n % 5);
    r.upstream = "local";
    r.promptTokens = n;
    r.completionTokens = 2 * n;
    r.decision = n % 4 == 0 ? audit::Decision::Blocked : audit::Decision::Allowed;
    if (r.decision == audit::Decision::Blocked) {
        r.reasons = {"egress_canary"};
        r.findings = {{"other", "canary"}};
    }
    r.documentIds = {"doc-" + std::to_string(n)};
    r.latencyMs = 10 + n % 7;
    return r;
}

// A fresh database with the control-plane schema, and a pool on it.
struct AuditDatabase
{
    TestDatabase database;
    std::unique_ptr<store::ConnectionPool> pool;

    explicit AuditDatabase(std::size_t poolSize = 2)
    {
        auto connection = database.connect();
        store::applyMigrations(*connection);
        pool = std::make_unique<store::ConnectionPool>(database.dsn(), poolSize);
    }

    // As the superuser the tests connect as: bypasses RLS; `exec` with triggers off tampers.
    void tamper(const std::string &sql) const
    {
        auto connection = database.connect();
        pqxx::work tx(*connection);
        tx.exec0("SET LOCAL session_replication_role = replica");
        tx.exec0(sql);
        tx.commit();
    }

    long long scalar(const std::string &sql) const
    {
        auto connection = database.connect();
        pqxx::read_transaction tx(*connection);
        return tx.exec1(sql)[0].as<long long>();
    }
};

} // namespace bulkhead::testsupport
