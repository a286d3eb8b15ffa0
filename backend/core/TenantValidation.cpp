#include "TenantValidation.h"

#include "Error.h"

namespace bulkhead::core {

bool isValidTenantId(std::string_view id) noexcept
{
    if (id.size() < 2 || id.size() > 31)
        return false;
    if (id.front() < 'a' || id.front() > 'z')
        return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

std::optional<std::size_t> utf8CodePointCount(std::string_view text) noexcept
{
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        char32_t cp = 0;
        if (lead < 0x80) {
            length = 1;
            cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            cp = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            cp = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            cp = lead & 0x07;
        } else {
            return std::nullopt;
        }
        if (i + length > text.size())
            return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            const auto cont = static_cast<unsigned char>(text[i + k]);
            if ((cont & 0xC0) != 0x80)
                return std::nullopt;
            cp = (cp << 6) | (cont & 0x3F);
        }
        static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return std::nullopt;
        i += length;
        ++count;
    }
    return count;
}

void validateTenantId(std::string_view id, const std::string &field)
{
    if (!isValidTenantId(id)) {
        throw Error(ErrorCode::InvalidArgument,
                    field + ": tenant id must match ^[a-z][a-z0-9_]{1,30}$ (2 to 31 characters: a "
                            "lower-case letter, then lower-case letters, digits or underscores)",
                    field);
    }
}

void validateTenantName(std::string_view name, const std::string &field)
{
    const auto count = utf8CodePointCount(name);
    if (!count)
        throw Error(ErrorCode::InvalidArgument, field + ": not valid UTF-8", field);
    if (*count == 0)
        throw Error(ErrorCode::InvalidArgument, field + ": must not be empty", field);
    if (*count > kMaxTenantNameCodePoints) {
        throw Error(ErrorCode::InvalidArgument,
                    field + ": at most " + std::to_string(kMaxTenantNameCodePoints) +
                        " characters allowed, got " + std::to_string(*count),
                    field);
    }
    // Control characters break every table, log line and terminal that shows a name.
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7F)
            throw Error(ErrorCode::InvalidArgument,
                        field + ": control characters are not allowed", field);
    }
    bool onlySpaces = true;
    for (char c : name)
        onlySpaces = onlySpaces && c == ' ';
    if (onlySpaces)
        throw Error(ErrorCode::InvalidArgument, field + ": must not be blank", field);
}

void validateTenant(const Tenant &tenant, const std::string &fieldPrefix)
{
    validateTenantId(tenant.id, fieldPrefix + "id");
    if (tenant.id == kPlatformAuditScope)
        throw Error(ErrorCode::InvalidArgument,
                    fieldPrefix + "id: \"platform\" is reserved for the platform's own audit chain",
                    fieldPrefix + "id");
    validateTenantName(tenant.name, fieldPrefix + "name");
}

} // namespace bulkhead::core
