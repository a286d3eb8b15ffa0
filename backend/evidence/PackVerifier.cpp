#include "PackVerifier.h"

#include "PackFormat.h"
#include "PackSignature.h"

#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"

#include <algorithm>
#include <map>
#include <set>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

VerifyReport failure(std::string file, std::string problem, std::string message)
{
    VerifyReport r;
    r.file = std::move(file);
    r.problem = std::move(problem);
    r.message = std::move(message);
    return r;
}

std::optional<json> parseJson(const std::string &bytes)
{
    auto doc = json::parse(bytes, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return std::nullopt;
    return doc;
}

std::string stringField(const json &doc, const char *key)
{
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string normaliseFingerprint(std::string text)
{
    if (text.starts_with("SHA256:") || text.starts_with("sha256:"))
        text = text.substr(7);
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return "SHA256:" + text;
}

bool isHex(const std::string &text, std::size_t size)
{
    return text.size() == size &&
           std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// manifest.sig against manifest.json. When the two disagree, the file blamed is the one that
// changed: a manifest whose hash no longer matches the one recorded at signing time, unless the
// signature still holds over the manifest (then the recorded hash is what was altered).
std::optional<VerifyReport> checkSignature(const std::string &manifest, const std::string &sigBytes,
                                           const VerifyOptions &options, std::string &fingerprint)
{
    const std::string sigName(kSignatureName), manifestName(kManifestName);
    const auto sig = parseJson(sigBytes);
    if (!sig)
        return failure(sigName, "bad_signature_file", sigName + " is not a JSON object");
    if (stringField(*sig, "format") != kPackFormat || stringField(*sig, "algorithm") != "Ed25519" ||
        stringField(*sig, "signed_file") != kManifestName)
        return failure(sigName, "bad_signature_file", sigName + " does not describe an Ed25519 signature of " + manifestName);
    const std::string keyHex = stringField(*sig, "public_key");
    const auto signature = base64Decode(stringField(*sig, "signature"));
    const std::string recordedHash = stringField(*sig, "manifest_sha256");
    if (!isHex(keyHex, 64) || !signature || signature->size() != crypto::Ed25519Key::kSignatureSize ||
        !isHex(recordedHash, 64))
        return failure(sigName, "bad_signature_file", sigName + " has a malformed key, signature or manifest hash");
    const auto key = crypto::fromHex(keyHex);
    fingerprint = crypto::ed25519Fingerprint(key);
    const auto pemKey = rawKeyFromPem(stringField(*sig, "public_key_pem"));
    if (!pemKey || *pemKey != key || stringField(*sig, "fingerprint") != fingerprint)
        return failure(sigName, "bad_signature_file",
                       sigName + ": its public key, PEM key and fingerprint do not agree");
    if (options.expectedFingerprint && normaliseFingerprint(*options.expectedFingerprint) != fingerprint)
        return failure(sigName, "untrusted_key",
                       sigName + " is signed by " + fingerprint + ", not by the expected key " +
                           normaliseFingerprint(*options.expectedFingerprint));
    const bool valid = crypto::ed25519Verify(key, crypto::asBytes(manifest), *signature);
    const bool hashMatches = crypto::toHex(crypto::sha256(manifest)) == recordedHash;
    if (valid && hashMatches)
        return std::nullopt;
    if (!hashMatches && !valid)
        return failure(manifestName, "bad_signature",
                       manifestName + " was changed after it was signed (the signature in " + sigName +
                           " does not verify)");
    return failure(sigName, "bad_signature", sigName + " was altered: its signature or recorded hash does not match " +
                                                 manifestName);
}

} // namespace

json VerifyReport::toJson() const
{
    json out{{"ok", ok}, {"files", files}};
    if (!fingerprint.empty())
        out["fingerprint"] = fingerprint;
    if (!generatedAt.empty())
        out["generated_at"] = generatedAt;
    if (!scope.is_null())
        out["scope"] = scope;
    if (!ok)
        out["error"] = {{"file", file}, {"problem", problem}, {"message", message}};
    return out;
}

VerifyReport verifyPack(std::string_view zip, const VerifyOptions &options)
{
    const auto contents = readZip(zip, options.limits);
    if (contents.problem)
        return failure(contents.problem->file, contents.problem->code, contents.problem->message);
    std::map<std::string, const std::string *> members;
    for (const auto &m : contents.members)
        members[m.name] = &m.bytes;

    const std::string manifestName(kManifestName), sigName(kSignatureName);
    for (const auto &name : {manifestName, sigName})
        if (!members.contains(name))
            return failure(name, "missing_member", name + " is missing");
    std::string fingerprint;
    if (auto problem = checkSignature(*members[manifestName], *members[sigName], options, fingerprint))
        return *problem;

    // The manifest is authentic from here on; what it says is what the pack must hold.
    const auto manifest = parseJson(*members[manifestName]);
    if (!manifest || stringField(*manifest, "format") != kPackFormat || !manifest->contains("files") ||
        !(*manifest)["files"].is_array())
        return failure(manifestName, "bad_manifest", manifestName + " is not a v1 pack manifest");
    std::set<std::string> listed{manifestName, sigName};
    for (const auto &entry : (*manifest)["files"]) {
        const std::string name = entry.is_object() ? stringField(entry, "name") : std::string();
        const std::string hash = entry.is_object() ? stringField(entry, "sha256") : std::string();
        if (name.empty() || !isHex(hash, 64) || !entry.contains("size") || !entry["size"].is_number_unsigned() ||
            !listed.insert(name).second)
            return failure(manifestName, "bad_manifest", manifestName + " has a malformed or repeated file entry");
        const auto it = members.find(name);
        if (it == members.end())
            return failure(name, "missing_member", name + " is listed in the manifest but missing from the pack");
        if (it->second->size() != entry["size"].get<std::uint64_t>())
            return failure(name, "size_mismatch", name + " does not have the size the manifest records");
        if (crypto::toHex(crypto::sha256(*it->second)) != hash)
            return failure(name, "hash_mismatch", name + " does not match its SHA-256 in the manifest");
    }
    for (const auto &[name, bytes] : members)
        if (!listed.contains(name))
            return failure(name, "extra_member", name + " is in the pack but not in the signed manifest");
    for (const auto name : kContentMembers)
        if (!listed.contains(std::string(name)) &&
            std::find(std::begin(kMembersAddedLater), std::end(kMembersAddedLater), name) == std::end(kMembersAddedLater))
            return failure(std::string(name), "missing_member", std::string(name) + " is not in the manifest");

    VerifyReport report;
    report.ok = true;
    report.fingerprint = fingerprint;
    report.generatedAt = stringField(*manifest, "generated_at");
    report.scope = manifest->value("scope", json());
    report.files = members.size();
    report.message = "signature, " + std::to_string(members.size() - 2) + " member hashes and the member list verified";
    return report;
}

} // namespace bulkhead::evidence
