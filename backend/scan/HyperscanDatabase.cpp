#include "HyperscanDatabase.h"

#include "core/Error.h"

#include <hs.h>

#include <algorithm>
#include <array>
#include <atomic>

namespace bulkhead::scan {
namespace {

using core::Error;
using core::ErrorCode;

std::uint64_t nextId()
{
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

unsigned hsMode(HyperscanDatabase::Mode mode)
{
    return mode == HyperscanDatabase::Mode::Stream ? HS_MODE_STREAM : HS_MODE_BLOCK;
}

[[noreturn]] void throwCompileError(hs_compile_error_t *error, const char *what)
{
    std::string message = std::string(what) + ": "
                          + (error && error->message ? error->message : "unknown error");
    if (error && error->expression >= 0)
        message += " (pattern " + std::to_string(error->expression) + ")";
    hs_free_compile_error(error);
    throw Error(ErrorCode::Internal, message, "patterns");
}

struct ThreadScratch
{
    hs_scratch_t *scratch = nullptr;
    std::array<std::uint64_t, 8> seen{};
    std::size_t next = 0;

    ~ThreadScratch()
    {
        if (scratch)
            hs_free_scratch(scratch);
    }

    void fit(const HyperscanDatabase &db)
    {
        if (!db || std::find(seen.begin(), seen.end(), db.id()) != seen.end())
            return;
        if (hs_alloc_scratch(db.get(), &scratch) != HS_SUCCESS)
            throw Error(ErrorCode::Internal, "cannot allocate Hyperscan scratch");
        seen[next++ % seen.size()] = db.id();
    }
};

} // namespace

void HyperscanDatabase::Free::operator()(hs_database *db) const noexcept
{
    hs_free_database(db);
}

HyperscanDatabase HyperscanDatabase::literals(const std::vector<std::string> &patterns, Mode mode)
{
    HyperscanDatabase out;
    if (patterns.empty())
        return out;
    std::vector<const char *> exprs;
    std::vector<std::size_t> lens;
    std::vector<unsigned> ids;
    std::vector<unsigned> flags(patterns.size(), 0);
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        exprs.push_back(patterns[i].data());
        lens.push_back(patterns[i].size());
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t *db = nullptr;
    hs_compile_error_t *error = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                             static_cast<unsigned>(patterns.size()), hsMode(mode), nullptr, &db,
                             &error)
        != HS_SUCCESS)
        throwCompileError(error, "cannot compile literal patterns");
    out.m_db.reset(db, Free{});
    out.m_id = nextId();
    return out;
}

HyperscanDatabase HyperscanDatabase::regexes(const std::vector<std::string> &patterns,
                                             const std::vector<unsigned> &flags, Mode mode)
{
    HyperscanDatabase out;
    if (patterns.empty())
        return out;
    std::vector<const char *> exprs;
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        exprs.push_back(patterns[i].c_str());
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t *db = nullptr;
    hs_compile_error_t *error = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(patterns.size()), hsMode(mode), nullptr, &db, &error)
        != HS_SUCCESS)
        throwCompileError(error, "cannot compile regular expressions");
    out.m_db.reset(db, Free{});
    out.m_id = nextId();
    return out;
}

std::size_t HyperscanDatabase::streamStateBytes() const
{
    std::size_t size = 0;
    if (m_db && hs_stream_size(m_db.get(), &size) != HS_SUCCESS)
        return 0;
    return size;
}

std::size_t HyperscanDatabase::databaseBytes() const
{
    std::size_t size = 0;
    if (m_db && hs_database_size(m_db.get(), &size) != HS_SUCCESS)
        return 0;
    return size;
}

hs_scratch *threadScratch(const HyperscanDatabase &a, const HyperscanDatabase *b)
{
    thread_local ThreadScratch scratch;
    scratch.fit(a);
    if (b)
        scratch.fit(*b);
    return scratch.scratch;
}

} // namespace bulkhead::scan
