#pragma once

#include <pqxx/connection_base>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::store {

// The probe runs and their pair results (`probe_runs`, `probe_results`, migration 5). JSON
// columns travel as text; the caller parses them. Every call throws core::Error only.
class ProbeRunRepository final
{
public:
    explicit ProbeRunRepository(pqxx::connection_base &connection) : m_connection(connection) {}

    struct Result
    {
        std::string attacker;
        std::string victim;
        std::string layer;
        std::string outcome;     // pass, fail, error
        std::string detailJson;  // an object
    };
    struct Run
    {
        std::string id;
        std::string startedAt;                  // RFC 3339, UTC
        std::optional<std::string> finishedAt;  // none while running
        std::string status;
        std::string requestJson;
        std::string summaryJson;  // "null" while running
        std::string error;        // empty unless the run failed to complete
    };

    void start(const std::string &runId, const std::string &requestJson);
    void addResult(const std::string &runId, const Result &result);
    // Results that could not be stored as they came, then the run's end, in one transaction.
    void finish(const std::string &runId, const std::vector<Result> &lateResults, const std::string &status,
                const std::string &summaryJson, const std::string &error);

    std::optional<Run> find(const std::string &runId);
    // Newest first; `since` (RFC 3339) keeps runs started at or after it.
    std::vector<Run> recent(std::size_t limit, const std::optional<std::string> &since = std::nullopt);
    // By layer, victim, attacker. With `tenant`, only the pairs it is part of: a tenant's reader
    // never even reads the others.
    std::vector<Result> results(const std::string &runId, const std::optional<std::string> &tenant);

private:
    pqxx::connection_base &m_connection;
};

} // namespace bulkhead::store
