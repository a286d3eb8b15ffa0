#include "ProbeRunRepository.h"

#include "StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::store {
namespace {

constexpr const char *kRunColumns =
    "id, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), status, request::text, "
    "coalesce(summary::text, 'null'), coalesce(error, '')";

ProbeRunRepository::Run runFromRow(const pqxx::row &r)
{
    return {r[0].as<std::string>(),
            r[1].as<std::string>(),
            r[2].is_null() ? std::nullopt : std::optional(r[2].as<std::string>()),
            r[3].as<std::string>(),
            r[4].as<std::string>(),
            r[5].as<std::string>(),
            r[6].as<std::string>()};
}

void insertResult(pqxx::transaction_base &tx, const std::string &runId, const ProbeRunRepository::Result &r)
{
    tx.exec_params("INSERT INTO probe_results (run_id, attacker, victim, layer, outcome, detail) "
                   "VALUES ($1, $2, $3, $4, $5, $6::jsonb)",
                   runId, r.attacker, r.victim, r.layer, r.outcome, r.detailJson);
}

} // namespace

void ProbeRunRepository::start(const std::string &runId, const std::string &requestJson)
{
    translateStoreErrors("record probe run", [&] {
        pqxx::work tx(m_connection);
        tx.exec_params("INSERT INTO probe_runs (id, status, request) VALUES ($1, 'running', $2::jsonb)", runId,
                       requestJson);
        tx.commit();
    });
}

void ProbeRunRepository::addResult(const std::string &runId, const Result &result)
{
    translateStoreErrors("record probe result", [&] {
        pqxx::work tx(m_connection);
        insertResult(tx, runId, result);
        tx.commit();
    });
}

void ProbeRunRepository::finish(const std::string &runId, const std::vector<Result> &lateResults,
                                const std::string &status, const std::string &summaryJson, const std::string &error)
{
    translateStoreErrors("finish probe run", [&] {
        pqxx::work tx(m_connection);
        for (const auto &r : lateResults)
            insertResult(tx, runId, r);
        tx.exec_params("UPDATE probe_runs SET finished_at = now(), status = $2, summary = $3::jsonb, "
                       "error = NULLIF($4, '') WHERE id = $1",
                       runId, status, summaryJson, error);
        tx.commit();
    });
}

std::optional<ProbeRunRepository::Run> ProbeRunRepository::find(const std::string &runId)
{
    return translateStoreErrors("read probe run", [&]() -> std::optional<Run> {
        pqxx::read_transaction tx(m_connection);
        const auto rows =
            tx.exec_params(std::string("SELECT ") + kRunColumns + " FROM probe_runs WHERE id = $1", runId);
        if (rows.empty())
            return std::nullopt;
        return runFromRow(rows[0]);
    });
}

std::vector<ProbeRunRepository::Run> ProbeRunRepository::recent(std::size_t limit,
                                                                const std::optional<std::string> &since)
{
    return translateStoreErrors("list probe runs", [&] {
        pqxx::read_transaction tx(m_connection);
        std::vector<Run> out;
        for (const auto &row : tx.exec_params(std::string("SELECT ") + kRunColumns +
                                                  " FROM probe_runs WHERE ($1::timestamptz IS NULL OR "
                                                  "started_at >= $1::timestamptz) "
                                                  "ORDER BY started_at DESC, id LIMIT $2",
                                              since, static_cast<long long>(limit)))
            out.push_back(runFromRow(row));
        return out;
    });
}

std::vector<ProbeRunRepository::Result> ProbeRunRepository::results(const std::string &runId,
                                                                    const std::optional<std::string> &tenant)
{
    return translateStoreErrors("read probe results", [&] {
        pqxx::read_transaction tx(m_connection);
        std::vector<Result> out;
        for (const auto &row : tx.exec_params("SELECT attacker, victim, layer, outcome, detail::text "
                                              "FROM probe_results WHERE run_id = $1 AND "
                                              "($2::text IS NULL OR attacker = $2 OR victim = $2) "
                                              "ORDER BY layer, victim, attacker",
                                              runId, tenant))
            out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                           row[3].as<std::string>(), row[4].as<std::string>()});
        return out;
    });
}

} // namespace bulkhead::store
