#include "Daemon.h"

#include "AdminApi.h"
#include "audit/AuditWriter.h"
#include "audit/Checkpoint.h"
#include "ChangeListener.h"
#include "DataPlane.h"
#include "EgressGuard.h"
#include "EvidenceService.h"
#include "ProbeService.h"
#include "RetrievalService.h"
#include "crypto/KeyProvider.h"
#include "keys/KeychainKeyProvider.h"
#include "Metrics.h"
#include "PolicyStore.h"
#include "core/Error.h"
#include "core/JsonLimits.h"
#include "core/TenantValidation.h"
#include "crypto/SecureBytes.h"
#include "net/HttpClient.h"
#include "net/HttpServer.h"
#include "protocol/ApiError.h"
#include "scan/EgressScannerHolder.h"
#include "scan/ProtectedMaterial.h"
#include "store/ConnectionPool.h"
#include "store/ControlPlaneRepository.h"
#include "store/Database.h"
#include "store/Migrations.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>

namespace bulkhead::daemon {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;
using protocol::ApiError;
using protocol::ApiErrorCode;
using protocol::ApiException;
using Clock = std::chrono::steady_clock;

std::map<std::string, std::string> parseQuery(std::string_view query)
{
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty())
            out.emplace(std::string(pair.substr(0, eq)),
                        eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

ApiError upstreamFailure(const net::ClientError &error)
{
    switch (error.kind()) {
    case net::ClientErrorKind::Connect:
    case net::ClientErrorKind::Tls:
        return {ApiErrorCode::UpstreamUnavailable, "the upstream cannot be reached", {}};
    case net::ClientErrorKind::Timeout:
        return {ApiErrorCode::UpstreamTimeout, "the upstream did not answer in time", {}};
    default:
        return {ApiErrorCode::UpstreamError, "the upstream failed mid-exchange", {}};
    }
}

// An upstream's own error answer, summarised: its message may quote the request, so it is
// truncated, and its status class is kept so SDKs still see 4xx as the caller's problem.
std::pair<http::status, std::string> upstreamRejection(unsigned status, const std::string &body)
{
    std::string message = "the upstream answered HTTP " + std::to_string(status);
    const auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
        const auto text = parsed["error"].value("message", std::string());
        if (!text.empty())
            message += ": " + text.substr(0, 300);
    }
    const bool clientSide = status >= 400 && status < 500;
    json error{{"error",
                {{"type", "upstream_error"},
                 {"code", clientSide ? "upstream_rejected" : "upstream_error"},
                 {"message", message},
                 {"param", nullptr}}}};
    return {clientSide ? static_cast<http::status>(status) : http::status::bad_gateway,
            error.dump(-1, ' ', false, json::error_handler_t::replace)};
}

std::string isoNow()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

} // namespace

Daemon::Log jsonLinesLog()
{
    static std::mutex mutex;
    return [](std::string_view level, std::string_view event, std::string_view detail) {
        const json line{{"ts", isoNow()}, {"level", level}, {"event", event}, {"detail", detail}};
        std::lock_guard lock(mutex);
        std::cerr << line.dump(-1, ' ', false, json::error_handler_t::replace) << "\n"
                  << std::flush;
    };
}

class Daemon::Impl final
{
public:
    Impl(DaemonConfig config, Log log)
        : m_config(std::move(config)), m_log(log ? std::move(log) : jsonLinesLog()),
          m_dbThreads(m_config.dbPoolSize),
          m_pool(m_config.database, m_config.dbPoolSize),
          m_policy(m_pool, m_config.policyRefresh * 3 + std::chrono::milliseconds(2000)),
          m_admin(m_pool, m_policy), m_dataPlane(m_policy, m_config),
          m_server(serverOptions(), [this](net::Request &request, net::ResponseWriter &writer) {
              return handle(request, writer);
          })
    {
    }

    ~Impl()
    {
        m_stopping = true;
        if (m_changes)
            m_changes->stop();
        if (m_probes)
            m_probes->stop();
        if (m_evidence)
            m_evidence->stop();
        m_server.shutdown();
        m_server.wait();
        m_audit.reset();  // drains its queue while the pool still exists
        m_clients.clear();
        m_dbThreads.join();
    }

    void start()
    {
        m_policy.setSnapshotListener([this](const PolicySnapshot &snapshot) {
            rebuildEgressScanner(snapshot);
        });
        if (m_config.database.empty())
            throw core::Error(core::ErrorCode::InvalidArgument,
                              "database: bulkheadd needs the control plane's connection string "
                              "(--database)",
                              "database");
        if (!m_config.upstreamApiKeyFile.empty())
            loadUpstreamApiKey();
        {
            auto connection = store::openConnection(m_config.database);
            const auto applied = store::applyMigrations(*connection);
            for (const auto &m : applied)
                m_log("info", "migration_applied", std::to_string(m.version) + " " + m.name);
            bootstrapAdminToken(*connection);
        }
        if (!m_policy.refresh(true))
            throw core::Error(core::ErrorCode::Unavailable,
                              "cannot load the control plane: " + m_policy.lastError());
        openKeyProvider();
        m_retrieval = std::make_unique<RetrievalService>(m_pool, m_config.database,
                                                         m_keyProvider->loadOrCreateMasterKey());
        m_admin.setRetrievalService(m_retrieval.get());
        for (const auto &m : m_retrieval->recover())
            m_log("warning", "migration_recovered",
                  "tenant=" + m.tenantId + " tier " + std::to_string(m.fromTier) + "->" +
                      std::to_string(m.toTier) + ": " + m.phase);
        audit::AuditWriterOptions auditOptions;
        auditOptions.placement = m_retrieval->auditPlacement([this](const std::string &tenant) { return tierOf(tenant); });
        m_audit = std::make_unique<audit::AuditWriter>(m_pool, loadAuditSigner(), auditOptions);
        m_admin.setAuditPublicKey(m_auditPublicKey);
        m_changes = std::make_unique<ChangeListener>(
            m_config.database,
            [this] {
                asio::post(m_dbThreads, [this] {
                    if (!m_stopping)
                        m_policy.refresh();
                });
            },
            [this](const std::string &error) {
                m_log("warning", "change_listener", "LISTEN connection lost: " + error);
            });
        m_changes->start();
        m_probes = std::make_unique<ProbeService>(ProbeService::Dependencies{
            m_policy, m_pool, m_config, m_dataPlane, m_egress,
            [this](const proxy::TenantRuntime &t) { return egressPolicyFor(t); },
            [this](const std::string &caFile) -> net::HttpClient & { return clientFor(caFile); },
            m_server.ioContext().get_executor(), m_upstreamApiKey, m_retrieval.get(),
            [this](audit::AuditRecord record) { m_audit->append(std::move(record)).get(); }, &m_admin});
        m_admin.setProbeService(m_probes.get());
        // Evidence packs are signed with the same Ed25519 key as audit checkpoints.
        m_evidence = std::make_unique<EvidenceService>(
            EvidenceService::Dependencies{m_pool, m_retrieval.get(), m_auditPublicKey,
                                          [this](const std::string &tenant) { return m_retrieval->keys().evidence(tenant); },
                                          {}},
            crypto::Ed25519Key::fromSeed(m_signingKey->seed().view()));
        m_admin.setEvidenceService(m_evidence.get());
        m_server.start();
        if (!m_config.portFile.empty())
            writePortFile();
        asio::co_spawn(m_server.ioContext(), refreshLoop(), asio::detached);
        if (m_config.probeSchedule.count() > 0)
            asio::co_spawn(m_server.ioContext(), probeScheduleLoop(), asio::detached);
        if (m_config.retentionSweep.count() > 0)
            asio::co_spawn(m_server.ioContext(), retentionLoop(), asio::detached);
        m_log("info", "listening",
              m_config.listen + " -> port " + std::to_string(m_server.port()) +
                  (m_config.tlsCert.empty() ? " (http)" : " (https)"));
        if (!m_config.cacheSalt)
            m_log("warning", "cache_salt_disabled",
                  "per-tenant cache salting is OFF: tenants can share prefix-cache entries");
    }

    std::uint16_t port() const noexcept { return m_server.port(); }
    void shutdown()
    {
        m_stopping = true;
        if (m_probes)
            m_probes->requestStop();
        m_log("info", "shutdown", "draining in-flight requests");
        m_server.shutdown();
    }
    void wait() { m_server.wait(); }
    bool reload()
    {
        const bool ok = m_policy.refresh(true);
        m_log(ok ? "info" : "error", "policy_reload", ok ? std::string("reloaded") : m_policy.lastError());
        return ok;
    }

private:
    net::ServerOptions serverOptions() const
    {
        net::ServerOptions options;
        const auto hostPort = net::parseHostPort(m_config.listen);
        options.address = hostPort.host;
        options.port = hostPort.port;
        options.threads = m_config.threads;
        if (!m_config.tlsCert.empty())
            options.tls = net::TlsFiles{m_config.tlsCert, m_config.tlsKey};
        options.limits.maxHeaderBytes = m_config.maxHeaderBytes;
        options.limits.maxBodyBytes = m_config.maxBodyBytes;
        options.limits.maxConnections = m_config.maxConnections;
        options.limits.headerTimeout = m_config.headerTimeout;
        options.limits.bodyTimeout = m_config.requestTimeout;
        options.limits.idleTimeout = m_config.idleTimeout;
        options.limits.shutdownGrace = m_config.shutdownGrace;
        options.serverHeader = "bulkheadd";
        options.errorLog = [this](std::string_view what) { m_log("error", "http", what); };
        return options;
    }

    // Every tenant's canary and system prompt, compiled into one scanner before the snapshot
    // that introduces them is published.
    void rebuildEgressScanner(const PolicySnapshot &snapshot)
    {
        scan::ProtectedMaterial material;
        material.version = static_cast<std::uint64_t>(snapshot.version());
        for (const auto &[id, tenant] : snapshot.tenants()) {
            scan::TenantMaterial entry;
            entry.tenantId = id;
            if (!tenant->canary.empty())
                entry.canaries.push_back(tenant->canary);
            entry.systemPrompt = tenant->systemPrompt;
            material.tenants.push_back(std::move(entry));
        }
        m_egress.rebuild(material);
    }

    scan::EgressPolicy egressPolicyFor(const proxy::TenantRuntime &tenant) const
    {
        scan::EgressPolicy policy = m_egressPolicy;
        if (const auto action = scan::parseEgressAction(tenant.egressCrossTenant))
            policy.crossTenant = *action;
        if (tenant.egressSelfLeak == "off")
            policy.detectSelfLeak = false;
        else if (const auto self = scan::parseEgressAction(tenant.egressSelfLeak))
            policy.selfLeak = *self;
        return policy;
    }

    void recordFindings(const std::string &tenant, const std::vector<scan::EgressFinding> &findings)
    {
        for (const auto &f : findings) {
            const std::string kind(scan::toString(f.kind));
            if (f.action != scan::EgressAction::Flag)
                m_metrics.recordBlock(tenant, "egress_" + kind);
            // Whose material and what kind; never the material itself.
            m_log("warning", "egress_finding",
                  "tenant=" + tenant + " owner=" + (f.ownerTenantId.empty() ? "platform" : f.ownerTenantId) +
                      " kind=" + kind + " action=" + std::string(scan::toString(f.action)) +
                      " channel=" + std::string(scan::toString(f.channel)));
        }
    }

    // The platform's credential for its default upstream: read once, from a private file only.
    void loadUpstreamApiKey()
    {
        struct stat info{};
        const std::string &path = m_config.upstreamApiKeyFile;
        if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
            throw core::Error(core::ErrorCode::InvalidArgument,
                              "upstream-api-key-file: cannot read " + path, "upstream-api-key-file");
        if ((info.st_mode & 077) != 0 || info.st_uid != ::geteuid())
            throw core::Error(core::ErrorCode::InvalidArgument,
                              "upstream-api-key-file: " + path +
                                  " must be owned by this user with mode 0600",
                              "upstream-api-key-file");
        std::ifstream in(path);
        std::getline(in, m_upstreamApiKey);
        while (!m_upstreamApiKey.empty() && std::isspace(static_cast<unsigned char>(m_upstreamApiKey.back())))
            m_upstreamApiKey.pop_back();
    }

    // A tenant's chosen tier from the current policy (1 for an unknown tenant).
    int tierOf(const std::string &tenant) const
    {
        const auto snapshot = m_policy.current();
        const auto runtime = snapshot ? snapshot->tenant(tenant) : nullptr;
        return runtime ? static_cast<int>(runtime->tier()) : 1;
    }

    // The master key's home. Unavailable (keychain locked, no Secret Service, bad file) stops
    // the start with the provider's exact reason: there is no plaintext fallback.
    void openKeyProvider()
    {
        if (m_config.keyProvider == "file") {
            if (m_config.keyFile.empty())
                throw core::Error(core::ErrorCode::InvalidArgument,
                                  "key-file: key-provider=file needs the master key file's path", "key-file");
            m_keyProvider = std::make_unique<crypto::FileKeyProvider>(m_config.keyFile,
                                                                      crypto::FileKeyProvider::Create::IfMissing);
        } else {
            m_keyProvider = std::make_unique<keys::KeychainKeyProvider>(m_config.keychainEntry);
        }
        m_log("info", "key_provider", m_keyProvider->describe());
    }

    // The checkpoint signing key: a private file when configured (created with O_EXCL, 0600),
    // else the key provider's signing key (the OS keychain by default).
    audit::CheckpointSigner loadAuditSigner()
    {
        crypto::SecureBytes seed(32);
        const std::string &path = m_config.auditKeyFile;
        if (path.empty()) {
            seed = m_keyProvider->loadOrCreateSecret(crypto::kSigningKeySecretName, 32);
        } else {
            int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
            if (fd < 0) {
                seed = crypto::randomBytes(32);
                fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
                if (fd < 0 || ::write(fd, seed.data(), 32) != 32) {
                    if (fd >= 0)
                        ::close(fd);
                    throw core::Error(core::ErrorCode::Unavailable,
                                      "audit-key-file: cannot create " + path, "audit-key-file");
                }
                ::close(fd);
            } else {
                struct stat info{};
                const bool privateFile = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
                                         (info.st_mode & 077) == 0 && info.st_uid == ::geteuid();
                const bool complete = privateFile && ::read(fd, seed.data(), 32) == 32;
                ::close(fd);
                if (!complete)
                    throw core::Error(core::ErrorCode::InvalidArgument,
                                      "audit-key-file: " + path +
                                          " must be a 32-byte file owned by this user, mode 0600",
                                      "audit-key-file");
            }
        }
        auto signer = audit::CheckpointSigner::fromSeed(seed.view());
        m_auditPublicKey = signer.publicKey();
        m_signingKey.emplace(crypto::Ed25519Key::fromSeed(seed.view()));
        return signer;
    }

    // Appends `record` and resumes when its transaction has committed, without blocking an I/O
    // thread. False when the audit store failed: the caller must not acknowledge the request.
    asio::awaitable<bool> commitAudit(audit::AuditRecord record)
    {
        struct Completion
        {
            bool done = false;
            bool ok = false;
        };
        const auto executor = co_await asio::this_coro::executor;
        auto completion = std::make_shared<Completion>();
        auto timer = std::make_shared<asio::steady_timer>(executor, asio::steady_timer::time_point::max());
        try {
            m_audit->append(std::move(record),
                            [completion, timer](const audit::AppendResult *result, std::exception_ptr) {
                                const bool ok = result != nullptr;
                                asio::post(timer->get_executor(), [completion, timer, ok] {
                                    completion->ok = ok;
                                    completion->done = true;
                                    timer->cancel();
                                });
                            });
        } catch (const std::exception &e) {
            m_log("error", "audit_append_failed", e.what());
            co_return false;
        }
        // The completion is posted to this coroutine's own executor, so it cannot slip in
        // between this check and the wait.
        if (!completion->done)
            co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
        if (!completion->ok)
            m_log("error", "audit_append_failed", "the audit record could not be committed");
        co_return completion->ok;
    }

    audit::AuditRecord auditRecordFor(const ForwardPlan &plan, const net::Request &request)
    {
        audit::AuditRecord record;
        record.tenantId = plan.caller.tenant->tenant.id;
        record.recordedAtUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
        record.requestId = crypto::toHex(crypto::randomBytes(12).view());
        record.principal = plan.caller.keyId;
        record.route = "/v1/" + (plan.route == "chat" ? std::string("chat/completions") : plan.route);
        record.model = plan.model.substr(0, 200);  // parsed once, by the data plane
        record.upstream = plan.upstreamId;
        if (!request.body().empty())
            record.promptSha256 = crypto::toHex(crypto::sha256(request.body()));
        if (plan.injectionVerdict != "allow")
            record.reasons.push_back("ingress_" + plan.injectionVerdict);
        record.documentIds = plan.contextDocuments;
        return record;
    }

    static void noteFindings(audit::AuditRecord &record, const std::vector<scan::EgressFinding> &findings)
    {
        for (const auto &f : findings)
            record.findings.push_back(
                {f.ownerTenantId.empty() ? std::string("platform") : f.ownerTenantId,
                 std::string(scan::toString(f.kind))});
    }

    // The tenant opted in to content logging: the prompt as the client sent it and the response
    // as it was delivered (each capped), sealed with the tenant's audit-content key and bound to
    // the request id. Failing to seal fails the request closed, like a failed audit write.
    static constexpr std::size_t kMaxKeptContent = 256 * 1024;
    void keepContent(audit::AuditRecord &record, const std::string &prompt, const std::string &response)
    {
        const json content{{"prompt", prompt.substr(0, kMaxKeptContent)},
                           {"response", response.substr(0, kMaxKeptContent)}};
        const std::string plain = content.dump(-1, ' ', false, json::error_handler_t::replace);
        record.sealedContent = crypto::toHex(m_retrieval->keys().seal(
            record.tenantId, "audit-content", std::vector<std::uint8_t>(plain.begin(), plain.end()), record.requestId));
    }

    static void noteUsage(audit::AuditRecord &record, const std::string &body)
    {
        const auto doc = json::parse(body, nullptr, false);
        if (doc.is_object() && doc.contains("usage") && doc["usage"].is_object()) {
            record.promptTokens = std::max<std::int64_t>(0, doc["usage"].value("prompt_tokens", 0));
            record.completionTokens =
                std::max<std::int64_t>(0, doc["usage"].value("completion_tokens", 0));
        }
    }

    void writePortFile() const
    {
        const std::string temporary = m_config.portFile + ".tmp";
        {
            std::ofstream out(temporary, std::ios::trunc);
            out << m_server.port() << "\n";
        }
        std::rename(temporary.c_str(), m_config.portFile.c_str());  // readers never see half
    }

    void bootstrapAdminToken(pqxx::connection &connection)
    {
        store::ControlPlaneRepository plane(connection);
        if (plane.activeAdminTokenCount() > 0)
            return;
        if (m_config.adminTokenFile.empty()) {
            m_log("warning", "no_admin_token",
                  "no admin token exists; restart with --admin-token-file PATH to create one");
            return;
        }
        auto issued = plane.issueAdminToken(store::AdminRole::PlatformAdmin, std::nullopt,
                                            "bootstrap");
        const int fd = ::open(m_config.adminTokenFile.c_str(),
                              O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 || ::fchmod(fd, 0600) != 0 ||
            ::write(fd, issued.plaintext.data(), issued.plaintext.size()) !=
                static_cast<ssize_t>(issued.plaintext.size())) {
            if (fd >= 0)
                ::close(fd);
            plane.revokeAdminToken(issued.record.id);  // nobody can hold it: revoke
            throw core::Error(core::ErrorCode::Unavailable,
                              "cannot write the admin token file " + m_config.adminTokenFile);
        }
        ::close(fd);
        m_log("info", "admin_token_created",
              "platform-admin token " + issued.record.id + " written to " +
                  m_config.adminTokenFile);
    }

    // Scheduled probe runs: every tenant, every layer, kept in the history like any other run.
    asio::awaitable<void> probeScheduleLoop()
    {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        while (!m_stopping) {
            timer.expires_after(m_config.probeSchedule);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            if (m_stopping)
                break;
            const auto io = co_await asio::this_coro::executor;
            co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
            std::string outcome;
            try {
                outcome = "started " + m_probes->start(json{{"scheduled", true}});
            } catch (const std::exception &e) {
                outcome = std::string("skipped: ") + e.what();  // e.g. a run in progress
            }
            co_await asio::post(io, asio::use_awaitable);
            m_log("info", "probe_schedule", outcome);
        }
    }

    // Per-tenant audit retention, applied on a timer (and on request: POST /admin/v1/logs/prune).
    // Ticks every second so a shutdown never waits for the long period.
    asio::awaitable<void> retentionLoop()
    {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        auto next = Clock::now() + m_config.retentionSweep;
        while (!m_stopping) {
            timer.expires_after(std::chrono::seconds(1));
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            if (m_stopping)
                break;
            if (Clock::now() < next)
                continue;
            next = Clock::now() + m_config.retentionSweep;
            const auto io = co_await asio::this_coro::executor;
            co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
            std::vector<json> results;
            try {
                results = m_admin.applyAllRetention();
            } catch (const std::exception &e) {
                results.push_back({{"error", e.what()}});
            }
            co_await asio::post(io, asio::use_awaitable);
            for (const auto &r : results)
                m_log(r.contains("error") ? "error" : "info", "audit_retention", r.dump());
        }
    }

    asio::awaitable<void> refreshLoop()
    {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        bool wasAvailable = true;
        while (!m_stopping) {
            timer.expires_after(m_config.policyRefresh);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));  // woken by time or shutdown
            if (m_stopping)
                break;
            const auto io = co_await asio::this_coro::executor;
            co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
            const bool ok = m_policy.refresh();
            co_await asio::post(io, asio::use_awaitable);
            if (ok != wasAvailable)
                m_log(ok ? "info" : "error", ok ? "policy_store_recovered" : "policy_store_unavailable",
                      ok ? std::string("serving again") : m_policy.lastError());
            wasAvailable = ok;
            m_metrics.setPolicyAvailable(m_policy.available());
        }
    }

    net::HttpClient &clientFor(const std::string &caFile)
    {
        std::lock_guard lock(m_clientsMutex);
        auto &client = m_clients[caFile];
        if (!client) {
            net::ClientOptions options;
            options.connectTimeout = m_config.upstreamConnectTimeout;
            options.readTimeout = m_config.upstreamReadTimeout;
            options.caFile = caFile;
            options.userAgent = "bulkheadd/" BULKHEAD_VERSION;
            client = std::make_unique<net::HttpClient>(m_server.ioContext().get_executor(), options);
        }
        return *client;
    }

    asio::awaitable<void> sendApiError(net::ResponseWriter &writer, const ApiError &error)
    {
        co_await writer.send(net::makeResponse(static_cast<http::status>(error.httpStatus()),
                                               error.toBody()));
    }

    asio::awaitable<void> handle(net::Request &request, net::ResponseWriter &writer)
    {
        const auto started = Clock::now();
        const std::string_view target = request.target();
        const auto queryAt = target.find('?');
        const std::string path(target.substr(0, queryAt));
        std::string tenant;
        int tier = 0;
        std::string route = "other";
        int status = 200;
        std::optional<ApiError> failure;
        try {
            if (path.starts_with("/admin/v1/probes/runs/") && path.ends_with("/events") &&
                request.method() == http::verb::get) {
                route = "admin";
                status = co_await handleProbeEvents(request, writer, path);
            } else if (path.starts_with("/admin/")) {
                route = "admin";
                status = co_await handleAdmin(request, writer, path,
                                              queryAt == std::string_view::npos
                                                  ? std::string_view()
                                                  : target.substr(queryAt + 1));
            } else if (path == "/healthz") {
                route = "healthz";
                co_await writer.sendJson(http::status::ok, R"({"status":"ok"})");
            } else if (path == "/readyz") {
                route = "readyz";
                status = co_await handleReady(writer);
            } else if (path == "/metrics") {
                route = "metrics";
                co_await writer.send(net::makeResponse(http::status::ok,
                                                       m_metrics.renderPrometheus(),
                                                       "text/plain; version=0.0.4"));
            } else if (path == "/v1/documents" || path.starts_with("/v1/documents/") ||
                       path == "/v1/retrieve") {
                route = path == "/v1/retrieve" ? "retrieve" : "documents";
                status = co_await handleDocuments(request, writer, path, started, tenant, tier);
            } else if (path == "/v1/chat/completions" || path == "/v1/embeddings" ||
                       path == "/v1/models") {
                const bool isModels = path == "/v1/models";
                const auto expected = isModels ? http::verb::get : http::verb::post;
                if (request.method() != expected)
                    throw ApiException(ApiErrorCode::MethodNotAllowed,
                                       "use " + std::string(http::to_string(expected)) + " " + path);
                const auto authorization = request[http::field::authorization];
                std::vector<std::string> contextDocuments;
                // (No co_await inside ?: — GCC 12 destroys such temporaries twice.)
                std::string chatBody;
                if (path == "/v1/chat/completions")
                    chatBody = co_await withRetrievedContext(authorization, request.body(), contextDocuments);
                ForwardPlan plan =
                    isModels ? m_dataPlane.planModels(authorization)
                    : path == "/v1/embeddings"
                        ? m_dataPlane.planEmbeddings(authorization, request.body())
                        : m_dataPlane.planChat(authorization, chatBody);
                plan.contextDocuments = std::move(contextDocuments);
                tenant = plan.caller.tenant->tenant.id;
                tier = static_cast<int>(plan.caller.tenant->tier());
                route = plan.route;
                if (plan.injectionVerdict != "allow") {
                    m_metrics.recordBlock(tenant, "ingress_flag");
                    std::string reasons;
                    for (const auto &r : plan.injectionReasons)
                        reasons += (reasons.empty() ? "" : ",") + r;
                    m_log("warning", "ingress_finding",
                          "tenant=" + tenant + " verdict=" + plan.injectionVerdict +
                              " score=" + std::to_string(plan.injectionScore) + " reasons=" + reasons);
                }
                status = co_await forward(plan, request, writer, started);
            } else {
                throw ApiException(ApiErrorCode::RouteNotFound, "no such route: " + path);
            }
        } catch (const ApiException &e) {
            failure = e.error();
            if (!tenant.empty() || failure->httpStatus() == 401)
                m_metrics.recordBlock(tenant,
                                      std::string(protocol::apiErrorInfo(failure->code).code));
        } catch (const core::Error &e) {
            failure = ApiError::fromDomain(e);
            if (e.code() == core::ErrorCode::Internal)
                m_log("error", "internal", e.what());
        }
        // Coroutines cannot await inside a handler, so the answer is sent here.
        if (failure) {
            status = failure->httpStatus();
            if (writer.state() == net::ResponseWriter::State::Idle)
                co_await sendApiError(writer, *failure);
        }
        m_metrics.recordRequest(tenant, tier, route, status, Clock::now() - started);
    }

    asio::awaitable<int> handleAdmin(net::Request &request, net::ResponseWriter &writer,
                                     const std::string &path, std::string_view query)
    {
        AdminRequest admin;
        admin.method = std::string(request.method_string());
        admin.path = path;
        admin.query = parseQuery(query);
        admin.body = request.body();
        const auto authorization = request[http::field::authorization];
        if (authorization.size() > 7 && (authorization.starts_with("Bearer ") ||
                                         authorization.starts_with("bearer ")))
            admin.bearer = std::string(authorization.substr(7));
        admin.ifMatch = std::string(request[http::field::if_match]);
        // Blocking database work runs on the database threads, never on I/O threads.
        const auto io = co_await asio::this_coro::executor;
        co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
        const auto started = Clock::now();
        AdminResponse response = m_admin.handle(admin);
        co_await asio::post(io, asio::use_awaitable);
        // The platform chain: every authenticated admin action (any write, and every read across
        // tenants) is an audit record under the reserved "platform" scope, committed before the
        // answer, like a data-plane request.
        if (!response.principal.empty() && (admin.method != "GET" || response.crossTenantRead)) {
            audit::AuditRecord record;
            record.tenantId = std::string(core::kPlatformAuditScope);
            record.recordedAtUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
            record.requestId = crypto::toHex(crypto::randomBytes(12).view());
            record.principal = response.principal;
            record.route = (admin.method + " " + path).substr(0, 500);
            record.decision = response.status < 400 ? audit::Decision::Allowed : audit::Decision::Blocked;
            record.reasons.push_back("http_" + std::to_string(response.status));
            if (response.crossTenantRead)
                record.reasons.push_back("cross_tenant_read");
            if (!admin.body.empty())
                record.promptSha256 = crypto::toHex(crypto::sha256(admin.body));
            record.latencyMs =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
            if (!co_await commitAudit(std::move(record))) {
                const ApiError failure{ApiErrorCode::PolicyUnavailable,
                                       "the admin action's audit record could not be stored (the action "
                                       "may have been applied; check before retrying)",
                                       {}};
                co_await sendApiError(writer, failure);
                co_return failure.httpStatus();
            }
        }
        if (!response.contentType.empty()) {  // an evidence pack: bytes, not JSON
            co_await writer.send(net::makeResponse(static_cast<http::status>(response.status),
                                                   std::move(response.rawBody), response.contentType));
            co_return response.status;
        }
        co_await writer.sendJson(static_cast<http::status>(response.status),
                                 response.body.dump(-1, ' ', false, json::error_handler_t::replace));
        co_return response.status;
    }

    // GET /admin/v1/probes/runs/{id}/events: the run as server-sent events. Every result already
    // stored, then each new one as the run stores it (`event: result`), progress while it runs
    // (`event: progress`), and `event: done` with the summary. Access is the run's own: the same
    // admin call decides, so an auditor sees only pairs involving its tenant.
    asio::awaitable<int> handleProbeEvents(net::Request &request, net::ResponseWriter &writer, const std::string &path)
    {
        AdminRequest admin;
        admin.method = "GET";
        admin.path = path.substr(0, path.size() - std::string_view("/events").size());
        const auto authorization = request[http::field::authorization];
        if (authorization.size() > 7 && (authorization.starts_with("Bearer ") || authorization.starts_with("bearer ")))
            admin.bearer = std::string(authorization.substr(7));
        const auto io = co_await asio::this_coro::executor;
        auto fetch = [&]() -> asio::awaitable<AdminResponse> {
            co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
            AdminResponse response = m_admin.handle(admin);
            co_await asio::post(io, asio::use_awaitable);
            co_return response;
        };
        AdminResponse current = co_await fetch();
        if (current.status != 200) {
            co_await writer.sendJson(static_cast<http::status>(current.status),
                                     current.body.dump(-1, ' ', false, json::error_handler_t::replace));
            co_return current.status;
        }
        net::ResponseHeader header;
        header.result(http::status::ok);
        header.set(http::field::content_type, "text/event-stream");
        header.set(http::field::cache_control, "no-cache");
        header.set("X-Accel-Buffering", "no");
        if (co_await writer.beginStream(std::move(header)))
            co_return 499;
        std::set<std::string> sent;
        asio::steady_timer timer(io);
        for (;;) {
            std::string events;
            for (const auto &r : current.body.value("results", json::array())) {
                const std::string key = r.value("layer", "") + "|" + r.value("victim", "") + "|" + r.value("attacker", "");
                if (sent.insert(key).second)
                    events += "event: result\ndata: " + r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
            }
            const bool running = current.body.value("status", "") == "running";
            if (running && current.body.contains("progress"))
                events += "event: progress\ndata: " + current.body["progress"].dump() + "\n\n";
            if (!running)
                events += "event: done\ndata: " +
                          json{{"id", current.body.value("id", "")},
                               {"status", current.body.value("status", "")},
                               {"summary", current.body.value("summary", json())}}
                              .dump() +
                          "\n\n";
            if (!events.empty() && co_await writer.writeChunk(events))
                co_return 499;  // the client left
            if (!running || m_stopping)
                break;
            timer.expires_after(std::chrono::milliseconds(250));
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            current = co_await fetch();
            if (current.status != 200)
                break;
        }
        co_await writer.endStream();
        co_return 200;
    }

    // Embeddings for `texts`: the built-in embedder, or the caller's own upstream (the same
    // choice as its chat: a Tier 3 tenant's text goes only to its dedicated upstream).
    asio::awaitable<std::vector<std::vector<float>>> embed(const ForwardPlan &caller, std::vector<std::string> texts)
    {
        std::vector<std::vector<float>> out;
        if (m_config.embeddings != "upstream") {
            for (const auto &text : texts)
                out.push_back(m_retrieval->embed(text));
            co_return out;
        }
        const auto upstream = m_dataPlane.upstreamFor(*caller.snapshot, *caller.caller.tenant);
        const auto url = net::Url::parse(upstream.baseUrl).join("/embeddings");
        auto &client = clientFor(upstream.caFile);
        constexpr std::size_t kBatch = 128;
        for (std::size_t start = 0; start < texts.size(); start += kBatch) {
            const std::size_t end = std::min(texts.size(), start + kBatch);
            json body{{"model", m_config.embeddingModel},
                      {"input", std::vector<std::string>(texts.begin() + static_cast<std::ptrdiff_t>(start),
                                                         texts.begin() + static_cast<std::ptrdiff_t>(end))},
                      {"dimensions", retrieval::kEmbeddingDimensions}};
            auto request = net::makeRequest(http::verb::post, body.dump(-1, ' ', false, json::error_handler_t::strict));
            if (upstream.id == "default" && !m_upstreamApiKey.empty())
                request.set(http::field::authorization, "Bearer " + m_upstreamApiKey);
            std::optional<ApiError> failed;
            net::Response response;
            try {
                response = co_await client.send(url, std::move(request));
            } catch (const net::ClientError &e) {
                failed = upstreamFailure(e);
            }
            if (failed)
                throw ApiException(*failed);
            if (response.result_int() >= 400)
                throw ApiException(ApiErrorCode::UpstreamError,
                                   "the embedding upstream answered HTTP " + std::to_string(response.result_int()));
            const auto doc = json::parse(response.body(), nullptr, false);
            if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array() ||
                doc["data"].size() != end - start)
                throw ApiException(ApiErrorCode::UpstreamError, "the embedding upstream sent a malformed answer");
            std::vector<std::vector<float>> batch(end - start);
            for (const auto &item : doc["data"]) {
                const auto index = item.value("index", -1);
                const auto it = item.find("embedding");
                if (index < 0 || static_cast<std::size_t>(index) >= batch.size() || it == item.end() ||
                    !it->is_array() || it->size() != retrieval::kEmbeddingDimensions)
                    throw ApiException(ApiErrorCode::UpstreamError,
                                       "the embedding upstream must return " +
                                           std::to_string(retrieval::kEmbeddingDimensions) +
                                           "-dimensional float vectors");
                for (const auto &v : *it) {
                    if (!v.is_number())
                        throw ApiException(ApiErrorCode::UpstreamError, "the embedding upstream sent a non-number");
                    batch[static_cast<std::size_t>(index)].push_back(v.get<float>());
                }
            }
            for (auto &v : batch)
                out.push_back(std::move(v));
        }
        co_return out;
    }

    // Retrieval-augmented chat: a request carrying {"bulkhead": {"retrieval": {"top_k": K}}}
    // gets the tenant's K best chunks for its last user message, placed before that message as
    // quoted reference material (so the ingress scanner sees them: indirect injection is scored
    // like direct). Without the extension the body passes through untouched.
    asio::awaitable<std::string> withRetrievedContext(std::string_view authorization, const std::string &body,
                                                      std::vector<std::string> &documentIds)
    {
        if (body.find("\"bulkhead\"") == std::string::npos)
            co_return body;
        if (core::jsonNestingDepth(body) > core::kMaxJsonDepth)
            co_return body;  // planChat reports it
        json doc = json::parse(body, nullptr, false);
        if (!doc.is_object() || !doc.contains("bulkhead"))
            co_return body;
        const json extension = doc["bulkhead"];
        doc.erase("bulkhead");
        const auto retrieval = extension.is_object() ? extension.find("retrieval") : extension.end();
        if (!extension.is_object() || retrieval == extension.end() || !retrieval->is_object())
            throw ApiException(ApiErrorCode::InvalidRequest,
                               "bulkhead: expected {\"retrieval\": {\"top_k\": K}}", "bulkhead");
        const int topK = retrieval->value("top_k", 4);
        if (topK < 1 || topK > 20)
            throw ApiException(ApiErrorCode::InvalidRequest, "bulkhead.retrieval.top_k: 1 to 20",
                               "bulkhead.retrieval.top_k");
        if (!doc.contains("messages") || !doc["messages"].is_array())
            co_return doc.dump();  // planChat names the problem
        auto &messages = doc["messages"];
        json *lastUser = nullptr;
        for (auto &m : messages)
            if (m.is_object() && m.value("role", std::string()) == "user" && m.contains("content") &&
                m["content"].is_string())
                lastUser = &m;
        if (!lastUser)
            co_return doc.dump();
        const ForwardPlan caller = m_dataPlane.planLocal(authorization, "chat");
        const std::string tenant = caller.caller.tenant->tenant.id;
        const std::string question = (*lastUser)["content"].get<std::string>();
        const auto io = co_await asio::this_coro::executor;
        std::vector<std::string> questionText{question};  // (no braced lists in co_await: GCC 12)
        const auto vectors = co_await embed(caller, std::move(questionText));
        co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
        std::vector<retrieval::RetrievalHit> hits;
        std::exception_ptr failed;
        try {
            hits = m_retrieval->contextFor(tenant, vectors.front(), topK);
        } catch (...) {
            failed = std::current_exception();
        }
        co_await asio::post(io, asio::use_awaitable);
        if (failed)
            std::rethrow_exception(failed);  // fail closed: no retrieval, no answer
        for (const auto &hit : hits)
            documentIds.push_back(hit.documentId);
        (*lastUser)["content"] = RetrievalService::withContext(question, hits);
        co_return doc.dump(-1, ' ', false, json::error_handler_t::strict);
    }

    // /v1/documents (POST), /v1/documents/{id} (DELETE), /v1/retrieve (POST): served here,
    // audited like every data-plane request.
    asio::awaitable<int> handleDocuments(net::Request &request, net::ResponseWriter &writer,
                                         const std::string &path, Clock::time_point started,
                                         std::string &tenant, int &tier)
    {
        const bool isRetrieve = path == "/v1/retrieve";
        const bool isRemove = path.starts_with("/v1/documents/");
        const auto expected = isRemove ? http::verb::delete_ : http::verb::post;
        if (request.method() != expected)
            throw ApiException(ApiErrorCode::MethodNotAllowed,
                               "use " + std::string(http::to_string(expected)) + " " + path);
        ForwardPlan plan = m_dataPlane.planLocal(request[http::field::authorization],
                                                 isRetrieve ? "retrieve" : "documents");
        tenant = plan.caller.tenant->tenant.id;
        tier = static_cast<int>(plan.caller.tenant->tier());
        auto record = auditRecordFor(plan, request);
        record.route = isRemove ? "/v1/documents/{id}" : path;
        const auto io = co_await asio::this_coro::executor;
        json answer;
        std::optional<ApiError> failure;
        int status = 200;
        bool onDatabaseThread = false;
        try {
            if (isRemove) {
                co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
                onDatabaseThread = true;
                answer = m_retrieval->removeDocument(tenant, path.substr(std::string_view("/v1/documents/").size()));
                record.documentIds.push_back(answer.value("id", std::string()));
            } else if (isRetrieve) {
                const auto query = m_retrieval->prepareQuery(request.body());
                std::vector<std::string> queryText{query.query};
                const auto vectors = co_await embed(plan, std::move(queryText));
                co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
                onDatabaseThread = true;
                answer = m_retrieval->search(tenant, query, vectors.front(), record.documentIds);
            } else {
                const auto document = m_retrieval->prepareDocument(request.body());
                auto vectors = co_await embed(plan, document.chunks);
                co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
                onDatabaseThread = true;
                answer = m_retrieval->storeDocument(tenant, tier, document, std::move(vectors));
                record.documentIds.push_back(answer.value("id", std::string()));
                status = 201;
            }
        } catch (const ApiException &e) {
            failure = e.error();
        } catch (const core::Error &e) {
            failure = ApiError::fromDomain(e);
            if (e.code() == core::ErrorCode::Internal)
                m_log("error", "internal", e.what());
        }
        if (onDatabaseThread)
            co_await asio::post(io, asio::use_awaitable);
        record.decision = failure ? audit::Decision::Blocked : audit::Decision::Allowed;
        if (failure)
            record.reasons.push_back(std::string(protocol::apiErrorInfo(failure->code).code));
        record.latencyMs =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
        const std::string requestId = record.requestId;
        if (!co_await commitAudit(std::move(record))) {
            const ApiError auditFailure{ApiErrorCode::PolicyUnavailable,
                                        "the audit record could not be stored; the response was withheld", {}};
            co_await sendApiError(writer, auditFailure);
            co_return auditFailure.httpStatus();
        }
        auto response = failure
            ? net::makeResponse(static_cast<http::status>(failure->httpStatus()), failure->toBody())
            : net::makeResponse(static_cast<http::status>(status),
                                answer.dump(-1, ' ', false, json::error_handler_t::replace));
        response.set("X-Bulkhead-Request-Id", requestId);
        co_await writer.send(std::move(response));
        co_return failure ? failure->httpStatus() : status;
    }

    asio::awaitable<int> handleReady(net::ResponseWriter &writer)
    {
        const auto io = co_await asio::this_coro::executor;
        co_await asio::post(m_dbThreads.get_executor(), asio::use_awaitable);
        const bool database = m_policy.refresh();
        co_await asio::post(io, asio::use_awaitable);
        bool upstream = m_config.upstreamUrl.empty();  // nothing shared to check
        if (!upstream) {
            try {
                auto response = co_await clientFor(m_config.upstreamCaFile)
                                    .send(net::Url::parse(m_config.upstreamUrl).join("/models"),
                                          net::makeRequest(http::verb::get));
                upstream = response.result_int() < 500;
            } catch (const std::exception &) {
                upstream = false;
            }
        }
        const bool ready = database && upstream && !m_stopping;
        const json body{{"status", ready ? "ready" : "not_ready"},
                        {"database", database ? "ok" : "unavailable"},
                        {"upstream", upstream ? "ok" : "unavailable"},
                        {"draining", m_stopping.load()}};
        const auto status = ready ? http::status::ok : http::status::service_unavailable;
        co_await writer.sendJson(status, body.dump());
        co_return static_cast<int>(status);
    }

    asio::awaitable<int> forward(ForwardPlan &plan, const net::Request &clientRequest,
                                 net::ResponseWriter &writer, Clock::time_point started)
    {
        auto record = auditRecordFor(plan, clientRequest);
        // The client learns the id its audit record is filed under.
        const std::string requestId = record.requestId;
        auto withId = [&requestId](net::Response response) {
            response.set("X-Bulkhead-Request-Id", requestId);
            return response;
        };
        auto finishRecord = [&](audit::Decision decision, std::string reason) {
            record.decision = decision;
            if (!reason.empty())
                record.reasons.push_back(std::move(reason));
            record.latencyMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   Clock::now() - started)
                                   .count();
        };
        // The client left: the upstream call is dropped (which cancels it) and the record is
        // still committed, marked as a partial completion. The disconnect cancelled this
        // coroutine, and Asio would throw at its next co_await: every caller first resets the
        // cancellation state.
        auto recordClientGone = [&]() -> asio::awaitable<int> {
            finishRecord(audit::Decision::Allowed, "client_disconnected");
            m_log("info", "client_disconnected",
                  "tenant=" + record.tenantId + " request=" + record.requestId +
                      " route=" + plan.route);
            co_await commitAudit(std::move(record));
            co_return 499;
        };
        bool clientGone = false;
        const ApiError auditFailure{ApiErrorCode::PolicyUnavailable,
                                    "the audit record could not be stored; the response was "
                                    "withheld",
                                    {}};
        if (m_config.auditIntent) {
            // Strict mode: what is about to be sent is on record before the upstream sees it.
            auto intent = record;
            intent.reasons.push_back("intent");
            if (!co_await commitAudit(std::move(intent))) {
                const ApiError refused{ApiErrorCode::PolicyUnavailable,
                                       "the intent record could not be stored; the request was not forwarded",
                                       {}};
                co_await sendApiError(writer, refused);
                co_return refused.httpStatus();
            }
        }
        const auto url = net::Url::parse(plan.upstreamBaseUrl).join(plan.upstreamPath);
        auto request = net::makeRequest(plan.method == "GET" ? http::verb::get : http::verb::post,
                                        std::move(plan.body));
        if (plan.upstreamId == "default" && !m_upstreamApiKey.empty())
            request.set(http::field::authorization, "Bearer " + m_upstreamApiKey);
        auto &client = clientFor(plan.upstreamCaFile);
        std::optional<ApiError> failure;
        try {
            if (!plan.stream) {
                auto response = co_await client.send(url, std::move(request));
                const unsigned status = response.result_int();
                if (status >= 400) {
                    auto [code, body] = upstreamRejection(status, response.body());
                    finishRecord(audit::Decision::Blocked, "upstream_" + std::to_string(status));
                    if (!co_await commitAudit(std::move(record))) {
                        co_await sendApiError(writer, auditFailure);
                        co_return auditFailure.httpStatus();
                    }
                    co_await writer.send(net::makeResponse(code, std::move(body)));
                    co_return static_cast<int>(code);
                }
                if (plan.route != "chat") {
                    noteUsage(record, response.body());
                    finishRecord(audit::Decision::Allowed, {});
                    if (!co_await commitAudit(std::move(record))) {
                        co_await sendApiError(writer, auditFailure);
                        co_return auditFailure.httpStatus();
                    }
                    co_await writer.send(withId(net::makeResponse(http::status::ok,
                                                                  std::move(response.body()))));
                    co_return 200;
                }
                const std::string tenant = plan.caller.tenant->tenant.id;
                auto verdict = guardCompletion(m_egress, tenant, egressPolicyFor(*plan.caller.tenant),
                                               response.body());
                recordFindings(tenant, verdict.findings);
                noteFindings(record, verdict.findings);
                noteUsage(record, response.body());
                record.responseSha256 = crypto::toHex(crypto::sha256(verdict.body));
                if (plan.caller.tenant->auditContent)
                    keepContent(record, clientRequest.body(), verdict.blocked ? std::string() : verdict.body);
                finishRecord(verdict.blocked ? audit::Decision::Blocked : audit::Decision::Allowed,
                             verdict.blocked ? "content_blocked" : "");
                if (!co_await commitAudit(std::move(record))) {
                    co_await sendApiError(writer, auditFailure);
                    co_return auditFailure.httpStatus();
                }
                if (verdict.blocked) {
                    co_await writer.send(
                        withId(net::makeResponse(http::status::forbidden, contentBlockedBody())));
                    co_return 403;
                }
                co_await writer.send(
                    withId(net::makeResponse(http::status::ok, std::move(verdict.body))));
                co_return 200;
            }
            auto stream = co_await client.stream(url, std::move(request));
            if (stream.status() >= 400) {
                const auto body = co_await stream.readAll();
                auto [code, text] = upstreamRejection(stream.status(), body);
                finishRecord(audit::Decision::Blocked,
                             "upstream_" + std::to_string(stream.status()));
                if (!co_await commitAudit(std::move(record))) {
                    co_await sendApiError(writer, auditFailure);
                    co_return auditFailure.httpStatus();
                }
                co_await writer.send(net::makeResponse(code, std::move(text)));
                co_return static_cast<int>(code);
            }
            net::ResponseHeader header;
            header.result(http::status::ok);
            header.set(http::field::content_type, "text/event-stream");
            header.set(http::field::cache_control, "no-cache");
            header.set("X-Accel-Buffering", "no");
            header.set("X-Bulkhead-Request-Id", requestId);
            if (co_await writer.beginStream(std::move(header))) {
                { [[maybe_unused]] auto cancelled = std::move(stream); }
                co_await asio::this_coro::reset_cancellation_state();
                co_return co_await recordClientGone();  // gone before the stream began
            }
            const std::string tenant = plan.caller.tenant->tenant.id;
            SseEgressFilter filter(m_egress, tenant, egressPolicyFor(*plan.caller.tenant));
            std::optional<ApiError> midStream;
            bool blocked = false;
            bool sawDone = false;
            std::string delivered;  // what reached the client, kept only on the tenant's opt-in
            try {
                while (auto piece = co_await stream.next()) {
                    auto out = filter.feed(*piece);
                    recordFindings(tenant, out.findings);
                    noteFindings(record, out.findings);
                    // [DONE] waits until the audit record is committed.
                    constexpr std::string_view kDone = "data: [DONE]\n\n";
                    if (std::string_view(out.bytes).ends_with(kDone)) {
                        out.bytes.resize(out.bytes.size() - kDone.size());
                        sawDone = true;
                    }
                    if (plan.caller.tenant->auditContent && delivered.size() < kMaxKeptContent)
                        delivered += out.bytes;
                    if (!out.bytes.empty() && co_await writer.writeChunk(out.bytes)) {
                        // Client gone: dropping the stream cancels the upstream at once.
                        { [[maybe_unused]] auto cancelled = std::move(stream); }
                        co_await asio::this_coro::reset_cancellation_state();
                        co_return co_await recordClientGone();
                    }
                    if (out.blocked) {
                        blocked = true;
                        break;  // nothing past the match; the upstream call is abandoned
                    }
                }
            } catch (const net::ClientError &e) {
                // Cancelled: the client left while the proxy waited for the upstream.
                if (e.kind() == net::ClientErrorKind::Cancelled)
                    clientGone = true;
                else
                    midStream = upstreamFailure(e);
            } catch (const boost::system::system_error &e) {
                // Once the disconnect has cancelled this coroutine, Asio throws at its next
                // suspension instead of completing it.
                if (e.code() != asio::error::operation_aborted)
                    throw;
                clientGone = true;
            }
            if (clientGone) {
                { [[maybe_unused]] auto cancelled = std::move(stream); }
                co_await asio::this_coro::reset_cancellation_state();
                co_return co_await recordClientGone();
            }
            if (blocked) {
                finishRecord(audit::Decision::Blocked, "content_blocked");
                co_await commitAudit(std::move(record));  // the stream is cut either way
                co_await writer.endStream();
                co_return 403;
            }
            if (midStream) {
                finishRecord(audit::Decision::Allowed, "upstream_failed_mid_stream");
                co_await commitAudit(std::move(record));
                // The header is out: report in-band, as OpenAI-compatible servers do. Text
                // still held back by the scanner is dropped, not flushed unscanned.
                co_await writer.writeChunk("data: " + midStream->toBody() + "\n\n");
                co_await writer.endStream();
                m_metrics.recordUpstreamError("mid_stream");
                co_return midStream->httpStatus();
            }
            auto tail = filter.finish();
            recordFindings(tenant, tail.findings);
            noteFindings(record, tail.findings);
            if (plan.caller.tenant->auditContent)
                keepContent(record, clientRequest.body(), delivered + tail.bytes);
            finishRecord(audit::Decision::Allowed, {});
            if (!co_await commitAudit(std::move(record))) {
                // Acknowledged means audited: end with an error event and without [DONE].
                co_await writer.writeChunk("data: " + auditFailure.toBody() + "\n\n");
                co_await writer.endStream();
                co_return auditFailure.httpStatus();
            }
            if (sawDone)
                tail.bytes += "data: [DONE]\n\n";
            if (!tail.bytes.empty())
                co_await writer.writeChunk(tail.bytes);
            co_await writer.endStream();
            co_return 200;
        } catch (const net::ClientError &e) {
            if (e.kind() == net::ClientErrorKind::Cancelled) {
                clientGone = true;  // no co_await inside a handler: recorded below
            } else {
                m_metrics.recordUpstreamError(e.kind() == net::ClientErrorKind::Timeout ? "timeout"
                                                                                      : "connect");
                failure = upstreamFailure(e);
            }
        } catch (const boost::system::system_error &e) {
            if (e.code() != asio::error::operation_aborted)
                throw;
            clientGone = true;  // cancelled by the client's disconnect, as above
        }
        if (clientGone) {
            co_await asio::this_coro::reset_cancellation_state();
            co_return co_await recordClientGone();
        }
        // The prompt may have reached the upstream: the failed exchange is audited too.
        finishRecord(audit::Decision::Blocked, std::string(protocol::apiErrorInfo(failure->code).code));
        if (!co_await commitAudit(std::move(record)))
            failure = auditFailure;
        if (writer.state() == net::ResponseWriter::State::Idle)
            co_await sendApiError(writer, *failure);
        co_return failure->httpStatus();
    }

    DaemonConfig m_config;
    Log m_log;
    std::atomic<bool> m_stopping{false};
    asio::thread_pool m_dbThreads;
    store::ConnectionPool m_pool;
    PolicyStore m_policy;
    AdminApi m_admin;
    DataPlane m_dataPlane;
    Metrics m_metrics;
    scan::EgressScannerHolder m_egress;
    scan::EgressPolicy m_egressPolicy;
    std::string m_upstreamApiKey;  // never logged
    std::unique_ptr<ChangeListener> m_changes;
    std::unique_ptr<ProbeService> m_probes;
    std::unique_ptr<crypto::KeyProvider> m_keyProvider;
    std::unique_ptr<RetrievalService> m_retrieval;
    std::vector<std::uint8_t> m_auditPublicKey;
    std::unique_ptr<audit::AuditWriter> m_audit;  // platform default: block cross-tenant, flag self-leak
    std::optional<crypto::Ed25519Key> m_signingKey;  // audit checkpoints and evidence manifests
    std::unique_ptr<EvidenceService> m_evidence;
    std::mutex m_clientsMutex;
    std::map<std::string, std::unique_ptr<net::HttpClient>> m_clients;
    net::HttpServer m_server;
};

Daemon::Daemon(DaemonConfig config, Log log)
    : m_impl(std::make_unique<Impl>(std::move(config), std::move(log)))
{
}

Daemon::~Daemon() = default;

void Daemon::start()
{
    m_impl->start();
}

std::uint16_t Daemon::port() const noexcept
{
    return m_impl->port();
}

void Daemon::shutdown()
{
    m_impl->shutdown();
}

void Daemon::wait()
{
    m_impl->wait();
}

bool Daemon::reload()
{
    return m_impl->reload();
}

} // namespace bulkhead::daemon
