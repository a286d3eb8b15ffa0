#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace bulkhead::store {

// The unprivileged account a PostgreSQL server runs as when Bulkhead itself runs as root.
// PostgreSQL refuses to run as root, and a database server should never hold root anyway, so
// every initdb/pg_ctl call from a root process drops to one of these first.
struct ServerAccount
{
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups; // supplementary groups, looked up before fork()

    // Looks the account up in the user database; InvalidArgument if it does not exist or is
    // uid 0 (that would defeat the point).
    static ServerAccount lookup(const std::string &name);

    // The configured account, or the default: `postgres` when it exists, else `nobody`.
    static ServerAccount resolve(const std::string &configured);

    // True when this account can read, write and enter `directory`, every parent included.
    // Checked in a child process that has really switched to the account, so ACLs, group
    // membership and 0700 parents count exactly as they will for the server.
    bool canAccess(const std::filesystem::path &directory) const;
};

// The name of `uid` from the user database, or the number when it has none.
std::string accountNameOf(uid_t uid);

} // namespace bulkhead::store
