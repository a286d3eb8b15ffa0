#include "ServerAccount.h"

#include "core/Error.h"

#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;

bool lookupPasswd(const std::string &name, passwd &entry, std::vector<char> &buffer)
{
    buffer.resize(16384);
    passwd *found = nullptr;
    while (true) {
        const int rc = getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
        if (rc == ERANGE && buffer.size() < (1u << 20)) {
            buffer.resize(buffer.size() * 2);
            continue;
        }
        return rc == 0 && found != nullptr;
    }
}

} // namespace

ServerAccount ServerAccount::lookup(const std::string &name)
{
    passwd entry{};
    std::vector<char> buffer;
    if (name.empty() || !lookupPasswd(name, entry, buffer))
        throw Error(ErrorCode::InvalidArgument,
                    "the account \"" + name + "\" to run PostgreSQL as does not exist", "run_as");
    if (entry.pw_uid == 0)
        throw Error(ErrorCode::InvalidArgument,
                    "refusing to run PostgreSQL as \"" + name + "\": it has uid 0 (root)",
                    "run_as");
    ServerAccount account;
    account.name = name;
    account.uid = entry.pw_uid;
    account.gid = entry.pw_gid;
    // getgrouplist() is not async-signal-safe, so the list is built here, before any fork().
    int count = 32;
    std::vector<gid_t> groups(static_cast<std::size_t>(count));
    while (getgrouplist(name.c_str(), entry.pw_gid, groups.data(), &count) < 0) {
        groups.resize(static_cast<std::size_t>(count) + 32);
        count = static_cast<int>(groups.size());
    }
    groups.resize(static_cast<std::size_t>(count));
    account.groups = std::move(groups);
    return account;
}

ServerAccount ServerAccount::resolve(const std::string &configured)
{
    if (!configured.empty())
        return lookup(configured);
    passwd entry{};
    std::vector<char> buffer;
    return lookup(lookupPasswd("postgres", entry, buffer) ? "postgres" : "nobody");
}

bool ServerAccount::canAccess(const std::filesystem::path &directory) const
{
    const std::string path = directory.string();
    const pid_t pid = fork();
    if (pid < 0)
        throw Error(ErrorCode::Unavailable, "fork failed while checking folder access");
    if (pid == 0) {
        // Child: only async-signal-safe calls until _exit().
        if (setgroups(groups.size(), groups.data()) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
            _exit(2);
        _exit(access(path.c_str(), R_OK | W_OK | X_OK) == 0 ? 0 : 1);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string accountNameOf(uid_t uid)
{
    passwd entry{};
    passwd *found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found)
        return entry.pw_name;
    return "uid " + std::to_string(uid);
}

} // namespace bulkhead::store
