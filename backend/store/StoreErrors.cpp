#include "StoreErrors.h"

#include <exception>
#include <pqxx/except>
#include <string>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;

std::string firstLine(std::string_view text)
{
    const auto end = text.find('\n');
    std::string line(text.substr(0, end));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
        line.pop_back();
    return line;
}

std::string describe(std::string_view operation, std::string_view what)
{
    return std::string(operation) + ": " + firstLine(what);
}

// The server ended the session (class 08, an administrator's or a crash's shutdown, still
// starting) or now answers as a read-only standby (25006): the session cannot serve again.
bool sessionEndedBy(std::string_view sqlstate) noexcept
{
    return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
           sqlstate == "57P03" || sqlstate == "25006";
}

} // namespace

ErrorCode errorCodeForSqlState(std::string_view sqlstate) noexcept
{
    if (sqlstate.size() != 5)
        return ErrorCode::Internal;
    const std::string_view cls = sqlstate.substr(0, 2);
    if (sqlstate == "23505" || sqlstate == "23503")
        return ErrorCode::Conflict;
    if (sqlstate == "23514" || sqlstate == "23502" || cls == "22")
        return ErrorCode::InvalidArgument;
    if (sqlstate == "40001" || sqlstate == "40P01")
        return ErrorCode::Retry;
    if (sessionEndedBy(sqlstate) || cls == "53")
        return ErrorCode::Unavailable;
    return ErrorCode::Internal;
}

bool connectionOutlivesError() noexcept
{
    try {
        throw;
    } catch (const pqxx::broken_connection &) {
        return false;
    } catch (const pqxx::in_doubt_error &) {
        return false;  // the commit's fate is unknown: so is the session's
    } catch (const pqxx::statement_completion_unknown &) {
        return false;
    } catch (const pqxx::sql_error &e) {
        return !sessionEndedBy(e.sqlstate());
    } catch (...) {
        return true;
    }
}

void rethrowAsStoreError(std::string_view operation)
{
    try {
        throw;
    } catch (const Error &) {
        throw;
    } catch (const pqxx::sql_error &e) {
        throw Error(errorCodeForSqlState(e.sqlstate()), describe(operation, e.what()));
    } catch (const pqxx::broken_connection &e) {
        throw Error(ErrorCode::Unavailable, describe(operation, e.what()));
    } catch (const pqxx::in_doubt_error &e) {
        throw Error(
            ErrorCode::Unavailable,
            describe(operation, std::string("the outcome of the commit is unknown: ") + e.what()));
    } catch (const pqxx::statement_completion_unknown &e) {
        throw Error(ErrorCode::Unavailable,
                    describe(operation,
                             std::string("the outcome of the statement is unknown: ") + e.what()));
    } catch (const pqxx::transaction_rollback &e) {
        // libpqxx 6 carries no SQLSTATE on these; serialization_failure (40001) and
        // deadlock_detected (40P01) are the subclasses, all of them safe to retry.
        throw Error(ErrorCode::Retry, describe(operation, e.what()));
    } catch (const std::exception &e) {
        throw Error(ErrorCode::Internal, describe(operation, e.what()));
    } catch (...) {
        throw Error(ErrorCode::Internal, std::string(operation) + ": unknown exception");
    }
}

} // namespace bulkhead::store
