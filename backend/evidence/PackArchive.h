#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::evidence {

struct ArchiveMember
{
    std::string name;
    std::string bytes;
};

// What a reader accepts before it trusts anything a ZIP says about itself. A pack is a dozen
// small files; these bounds are far above that and far below what hurts the machine.
struct ArchiveLimits
{
    std::size_t maxArchiveBytes = 512u << 20;
    std::size_t maxMembers = 64;
    std::size_t maxMemberBytes = 128u << 20;  // uncompressed, per member
    std::size_t maxTotalBytes = 256u << 20;   // uncompressed, all members
};

// Why a ZIP was refused, naming the member when one is to blame.
struct ArchiveProblem
{
    std::string file;  // the member's name, or "" for the archive as a whole
    std::string code;  // unreadable_zip, too_many_members, unsafe_name, duplicate_name,
                       // encrypted_member, unsupported_compression, member_too_large,
                       // archive_too_large, unreadable_member, size_mismatch
    std::string message;
};

struct ArchiveContents
{
    std::vector<ArchiveMember> members;  // in archive order
    std::optional<ArchiveProblem> problem;
};

// A member name a pack may hold: a plain file name, [A-Za-z0-9._-], 1..100 characters, not
// starting with a dot. No directories, so no path can climb out of where it is unpacked.
bool isSafeMemberName(std::string_view name) noexcept;

// A deflated ZIP of `members` (in this order, names checked with isSafeMemberName), every entry
// stamped with `modifiedAt` (unix seconds). Throws core::Error(Internal) if libzip fails.
std::string writeZip(const std::vector<ArchiveMember> &members, std::int64_t modifiedAt);

// Reads every member of a ZIP held in memory, trusting nothing it declares: entry count, names,
// duplicates, encryption and compression method are checked before any byte is inflated; sizes
// are capped both as declared and as actually inflated (a member that inflates past what it
// declared is refused, whatever it said); CRCs are checked by libzip.
ArchiveContents readZip(std::string_view zip, const ArchiveLimits &limits = {});

} // namespace bulkhead::evidence
