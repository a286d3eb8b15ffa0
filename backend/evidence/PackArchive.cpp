#include "PackArchive.h"

#include "core/Error.h"

#include <zip.h>

#include <memory>
#include <set>

namespace bulkhead::evidence {
namespace {

[[noreturn]] void zipFailure(const std::string &what, zip_error_t *error)
{
    const std::string reason = error ? zip_error_strerror(error) : "unknown";
    throw core::Error(core::ErrorCode::Internal, "evidence pack: " + what + ": " + reason);
}

struct ArchiveCloser
{
    void operator()(zip_t *archive) const noexcept { zip_discard(archive); }
};
struct FileCloser
{
    void operator()(zip_file_t *file) const noexcept { zip_fclose(file); }
};
struct SourceFreer
{
    void operator()(zip_source_t *source) const noexcept { zip_source_free(source); }
};

// The bytes libzip wrote into an in-memory source.
std::string drain(zip_source_t *source)
{
    if (zip_source_open(source) < 0)
        zipFailure("open the written archive", zip_source_error(source));
    std::string out;
    char buffer[64 * 1024];
    for (;;) {
        const zip_int64_t n = zip_source_read(source, buffer, sizeof buffer);
        if (n < 0) {
            zip_source_close(source);
            zipFailure("read the written archive", zip_source_error(source));
        }
        if (n == 0)
            break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    zip_source_close(source);
    return out;
}

ArchiveContents refuse(std::string file, std::string code, std::string message)
{
    ArchiveContents out;
    out.problem = ArchiveProblem{std::move(file), std::move(code), std::move(message)};
    return out;
}

} // namespace

bool isSafeMemberName(std::string_view name) noexcept
{
    if (name.empty() || name.size() > 100 || name.front() == '.')
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

std::string writeZip(const std::vector<ArchiveMember> &members, std::int64_t modifiedAt)
{
    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_source_t, SourceFreer> target(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!target)
        zipFailure("create a buffer", &error);
    zip_t *raw = zip_open_from_source(target.get(), ZIP_TRUNCATE, &error);
    if (!raw)
        zipFailure("start the archive", &error);
    std::unique_ptr<zip_t, ArchiveCloser> archive(raw);
    zip_source_keep(target.get());  // the archive releases its reference on close; we read it after
    for (const auto &member : members) {
        if (!isSafeMemberName(member.name))
            throw core::Error(core::ErrorCode::Internal, "evidence pack: unsafe member name " + member.name);
        // The data must outlive zip_close (it is read then): `members` does.
        zip_source_t *data = zip_source_buffer(archive.get(), member.bytes.data(), member.bytes.size(), 0);
        if (!data)
            zipFailure("add " + member.name, zip_get_error(archive.get()));
        const zip_int64_t index = zip_file_add(archive.get(), member.name.c_str(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            zipFailure("add " + member.name, zip_get_error(archive.get()));
        }
        zip_file_set_mtime(archive.get(), static_cast<zip_uint64_t>(index), static_cast<time_t>(modifiedAt), 0);
        // A regular file, 0644, whatever the unpacking user's umask.
        zip_file_set_external_attributes(archive.get(), static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                         static_cast<zip_uint32_t>(0100644) << 16);
    }
    if (zip_close(archive.get()) < 0)
        zipFailure("finish the archive", zip_get_error(archive.get()));
    (void)archive.release();  // closed: nothing left to discard
    return drain(target.get());
}

ArchiveContents readZip(std::string_view zip, const ArchiveLimits &limits)
{
    if (zip.size() > limits.maxArchiveBytes)
        return refuse("", "archive_too_large", "the archive is larger than " +
                                                  std::to_string(limits.maxArchiveBytes) + " bytes");
    // libzip opens an empty buffer as a new, empty archive: a pack is never that.
    if (zip.size() < 22)
        return refuse("", "unreadable_zip", "not a ZIP archive (shorter than an end-of-archive record)");
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
    if (!source)
        return refuse("", "unreadable_zip", zip_error_strerror(&error));
    zip_t *raw = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (!raw) {
        zip_source_free(source);
        // libzip indexes names while it reads the central directory and stops at a repeated one.
        if (zip_error_code_zip(&error) == ZIP_ER_EXISTS)
            return refuse("", "duplicate_name", "a member name appears more than once");
        return refuse("", "unreadable_zip", std::string("not a readable ZIP archive: ") + zip_error_strerror(&error));
    }
    std::unique_ptr<zip_t, ArchiveCloser> archive(raw);  // owns the source from here

    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    if (count < 0 || static_cast<zip_uint64_t>(count) > limits.maxMembers)
        return refuse("", "too_many_members", "the archive holds more than " + std::to_string(limits.maxMembers) +
                                                  " members");
    // Pass 1: everything the central directory claims, before inflating a single byte.
    std::set<std::string> seen;
    std::size_t declaredTotal = 0;
    std::vector<zip_stat_t> stats(static_cast<std::size_t>(count));
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
        zip_stat_t &st = stats[i];
        zip_stat_init(&st);
        // Raw names: what is in the archive, not a guess at its encoding.
        if (zip_stat_index(archive.get(), i, ZIP_FL_ENC_RAW, &st) < 0 || !(st.valid & ZIP_STAT_NAME))
            return refuse("", "unreadable_zip", "member " + std::to_string(i) + " has no readable entry");
        const std::string name = st.name;
        if (!isSafeMemberName(name))
            return refuse(name, "unsafe_name", "member name \"" + name + "\" is not a plain file name");
        if (!seen.insert(name).second)
            return refuse(name, "duplicate_name", name + " appears more than once");
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            return refuse(name, "encrypted_member", name + " is encrypted");
        if (!(st.valid & ZIP_STAT_COMP_METHOD) ||
            (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE))
            return refuse(name, "unsupported_compression", name + " uses a compression method other than store or deflate");
        if (!(st.valid & ZIP_STAT_SIZE) || st.size > limits.maxMemberBytes)
            return refuse(name, "member_too_large", name + " declares more than " +
                                                        std::to_string(limits.maxMemberBytes) + " bytes");
        declaredTotal += static_cast<std::size_t>(st.size);
        if (declaredTotal > limits.maxTotalBytes)
            return refuse(name, "archive_too_large", "the members declare more than " +
                                                         std::to_string(limits.maxTotalBytes) + " bytes together");
    }
    // Pass 2: inflate, never past what each member declared (+1 byte to notice a lie).
    ArchiveContents out;
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
        const zip_stat_t &st = stats[i];
        const std::string name = st.name;
        std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive.get(), i, 0));
        if (!file)
            return refuse(name, "unreadable_member", name + " cannot be opened: " +
                                                         zip_strerror(archive.get()));
        std::string bytes;
        bytes.resize(static_cast<std::size_t>(st.size) + 1);
        std::size_t got = 0;
        while (got < bytes.size()) {
            const zip_int64_t n = zip_fread(file.get(), bytes.data() + got, bytes.size() - got);
            if (n < 0)
                return refuse(name, "unreadable_member", name + " is corrupt: " + zip_file_strerror(file.get()));
            if (n == 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        if (got != st.size)
            return refuse(name, "size_mismatch", name + " inflates to a size other than it declares");
        bytes.resize(got);
        out.members.push_back({name, std::move(bytes)});
    }
    return out;
}

} // namespace bulkhead::evidence
