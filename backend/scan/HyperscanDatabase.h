#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace bulkhead::scan {

// One compiled Hyperscan database, immutable once built. Each gets a process-unique id so the
// per-thread scratch knows which databases it has already been sized for: ids, unlike
// addresses, are never reused after a database is freed.
class HyperscanDatabase final
{
public:
    enum class Mode { Block, Stream };

    HyperscanDatabase() = default;

    // Literal patterns (hs_compile_lit_multi); pattern id = index. Throws core::Error.
    static HyperscanDatabase literals(const std::vector<std::string> &patterns, Mode mode);
    // Regular expressions with per-pattern Hyperscan flags; pattern id = index.
    static HyperscanDatabase regexes(const std::vector<std::string> &patterns,
                                     const std::vector<unsigned> &flags, Mode mode);

    hs_database *get() const noexcept { return m_db.get(); }
    explicit operator bool() const noexcept { return m_db != nullptr; }
    std::uint64_t id() const noexcept { return m_id; }
    std::size_t streamStateBytes() const;
    std::size_t databaseBytes() const;

private:
    struct Free
    {
        void operator()(hs_database *db) const noexcept;
    };
    std::shared_ptr<hs_database> m_db;
    std::uint64_t m_id = 0;
};

// The calling thread's scratch, grown to fit every database passed. One scratch per thread,
// shared by every scanner and stream on it (scanning is never re-entrant on a thread).
hs_scratch *threadScratch(const HyperscanDatabase &a, const HyperscanDatabase *b = nullptr);

} // namespace bulkhead::scan
