#include "Daemon.h"

#include "AdminApi.h"
#include "audit/AuditWriter.h"
#include "audit/Checkpoint.h"
#include "ChangeListener.h"
#include "EvidenceService.h"
#include "ProbeService.h"
#include "Routes.h"
#include "TenantDocuments.h"
#include "RetrievalService.h"
#include "crypto/KeyProvider.h"
#include "keys/KeychainKeyProvider.h"
#include "Metrics.h"
#include "PoolWork.h"
#include "core/Error.h"
#include "core/JsonLimits.h"
#include "core/TenantValidation.h"
#include "crypto/RequestId.h"
#include "crypto/SecureBytes.h"
#include "net/CapturingResponseWriter.h"
#include "net/HttpClient.h"
#include "net/HttpServer.h"
#include "protocol/ApiError.h"
#include "proxy/PolicyStore.h"
#include "proxy/ResponseItems.h"
#include "proxy/Stages.h"
#include "proxy/TenantLimiter.h"
#include "scan/EgressScannerHolder.h"
#include "scan/IngressScanner.h"
#include "scan/ProtectedMaterial.h"
#include "store/ConnectionPool.h"
#include "store/DatabaseLogin.h"
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
#include <boost/asio/use_future.hpp>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <set>
#include <span>

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
          m_adminThreads(kAdminThreads),
          m_pool(store::withStatementTimeout(m_config.database, m_config.statementTimeout), m_config.dbPoolSize),
          m_tenantThreads(m_config.dbPoolSize),
          m_tenantPool(store::withStatementTimeout(m_config.database, m_config.statementTimeout), m_config.dbPoolSize),
          m_limiter(m_config.instances),
          m_policy(m_pool, maxSnapshotAge()),
          m_admin(m_pool, m_policy), m_pipeline(m_services),
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
        if (m_retrieval)
            m_retrieval->finishJobs();  // a tier migration may still be moving a log with the writer
        m_audit.reset();  // drains its queue while the pool still exists
        m_clients.clear();
        m_adminThreads.join();
        m_tenantThreads.join();
        m_dbThreads.join();
    }

    void start()
    {
        m_policy.setSnapshotListener([this](const proxy::PolicySnapshot &snapshot) {
            rebuildEgressScanner(snapshot);
        });
        wirePipeline();
        // Compiled here, not by the first prompt: its patterns and models take about 0.2 s.
        scan::IngressScanner::builtin();
        if (m_config.database.empty())
            throw core::Error(core::ErrorCode::InvalidArgument,
                              "database: bulkheadd needs the control plane's connection string "
                              "(--database)",
                              "database");
        if (!m_config.upstreamApiKeyFile.empty())
            m_upstreamApiKey = readPrivateFile(m_config.upstreamApiKeyFile, "upstream-api-key-file");
        if (!m_config.metricsTokenFile.empty())
            m_metricsToken = readPrivateFile(m_config.metricsTokenFile, "metrics-token-file");
        m_services.defaultUpstreamApiKey = m_upstreamApiKey;
        prepareDatabase();
        if (!m_policy.refresh(true))
            throw core::Error(core::ErrorCode::Unavailable,
                              "cannot load the control plane: " + m_policy.lastError());
        openKeyProvider();
        // Tenant document work has its own connections and threads: control-plane work
        // (policy refresh, audit commits, admin) never waits behind it.
        m_retrieval = std::make_unique<RetrievalService>(m_tenantPool, m_config.database, m_config.databaseOwner,
                                                         m_keyProvider->loadOrCreateMasterKey());
        m_admin.setRetrievalService(m_retrieval.get());
        // A revocation reaches this instance at once and every other one within the longest a
        // policy snapshot is served (after that they fail closed): shredding waits that long.
        m_retrieval->setRevocationGrace([this] {
            m_policy.refresh(true);
            std::this_thread::sleep_for(maxSnapshotAge());
        });
        m_documents = std::make_unique<TenantDocuments>(*m_retrieval, m_services, m_config, m_tenantThreads);
        m_documentStage = std::make_unique<DocumentStage>(*m_documents);
        m_documentStages = {&m_authenticate, &m_tenantPolicy, &m_limits, m_documentStage.get()};
        for (const auto &m : m_retrieval->recover())
            m_log("warning", "migration_recovered",
                  "tenant=" + m.tenantId + " tier " + std::to_string(m.fromTier) + "->" +
                      std::to_string(m.toTier) + ": " + m.phase);
        audit::AuditWriterOptions auditOptions;
        auditOptions.requireSynchronousStandby = m_config.requireSynchronousStandby;
        auditOptions.placement = m_retrieval->auditPlacement([this](const std::string &tenant) { return tierOf(tenant); });
        m_audit = std::make_unique<audit::AuditWriter>(m_pool, loadAuditSigner(), auditOptions);
        m_retrieval->setAuditWriter(m_audit.get());
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
            m_policy, m_pool, m_config, m_services,
            [this](net::Request request) { return serveInProcess(std::move(request)); },
            [this](std::map<std::string, std::vector<std::string>> canaries) { setProbeCanaries(std::move(canaries)); },
            m_server.ioContext().get_executor(), m_retrieval.get(),
            [this](audit::AuditRecord record) { m_audit->append(std::move(record)).get(); }, &m_admin,
            [this](unsigned long long failed) { m_metrics.addProbeFailures(failed); }, auditOptions.placement});
        m_admin.setProbeService(m_probes.get());
        // Evidence packs are signed with the same Ed25519 key as audit checkpoints.
        m_evidence = std::make_unique<EvidenceService>(
            EvidenceService::Dependencies{m_pool, m_retrieval.get(), m_auditPublicKey,
                                          [this](const std::string &tenant) { return m_retrieval->keys().evidence(tenant); },
                                          {}, static_cast<std::int64_t>(m_config.probeSchedule.count())},
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
    // The longest a policy snapshot is served without a confirmed refresh; then requests fail closed.
    std::chrono::milliseconds maxSnapshotAge() const
    {
        return m_config.policyRefresh * 3 + std::chrono::milliseconds(2000);
    }

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
        options.serverHeader = "bulkheadd/" BULKHEAD_VERSION;
        options.errorLog = [this](std::string_view what) { m_log("error", "http", what); };
        return options;
    }

    // Every tenant's canary and system prompt, compiled into one scanner before the snapshot
    // that introduces them is published.
    // (A probe run adds short-lived canaries of its own to a tenant's material: protected like
    // the tenant's own, so the egress_channels layer can ask a hostile upstream for them without
    // ever sending a tenant's real canary anywhere.)
    void rebuildEgressScanner(const proxy::PolicySnapshot &snapshot)
    {
        std::lock_guard lock(m_materialMutex);
        scan::ProtectedMaterial material;
        material.version = static_cast<std::uint64_t>(snapshot.version());
        for (const auto &[id, tenant] : snapshot.tenants()) {
            scan::TenantMaterial entry;
            entry.tenantId = id;
            if (!tenant->canary.empty())
                entry.canaries.push_back(tenant->canary);
            if (const auto extra = m_probeCanaries.find(id); extra != m_probeCanaries.end())
                entry.canaries.insert(entry.canaries.end(), extra->second.begin(), extra->second.end());
            entry.systemPrompt = tenant->systemPrompt;
            material.tenants.push_back(std::move(entry));
        }
        m_egress.rebuild(material);
    }

    void setProbeCanaries(std::map<std::string, std::vector<std::string>> canaries)
    {
        {
            std::lock_guard lock(m_materialMutex);
            m_probeCanaries = std::move(canaries);
        }
        if (const auto snapshot = m_policy.lastKnown())
            rebuildEgressScanner(*snapshot);
    }

    // One request through the daemon's own router, in process (the probes' traffic): blocking,
    // for a worker thread; the handler runs on the I/O threads like any client's request.
    ProbeService::Served serveInProcess(net::Request request)
    {
        auto served = asio::co_spawn(
            m_server.ioContext(),
            [this, request = std::move(request)]() mutable -> asio::awaitable<ProbeService::Served> {
                net::CapturingResponseWriter writer;
                co_await handle(request, writer);
                co_return ProbeService::Served{writer.status(), writer.body(), writer.streamed()};
            },
            asio::use_future);
        // Once the daemon stops, its I/O threads may be gone: give a request in flight a short
        // grace, then abandon the run rather than hold up the shutdown.
        auto grace = std::chrono::milliseconds(2000);
        while (served.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
            if (m_stopping && (grace -= std::chrono::milliseconds(100)) <= std::chrono::milliseconds::zero())
                throw core::Error(core::ErrorCode::Unavailable, "the daemon is stopping");
        return served.get();
    }

    // Key loads may reach the database: sealing runs on a database thread.
    asio::awaitable<std::string> sealAuditContent(std::string tenant, std::string plain, std::string requestId)
    {
        co_return co_await onPool(m_dbThreads, [&] {
            return crypto::toHex(m_retrieval->keys().seal(
                tenant, "audit-content", std::vector<std::uint8_t>(plain.begin(), plain.end()), requestId));
        });
    }

    void wirePipeline()
    {
        m_services.egressDefaults = m_egressPolicy;
        m_services.cacheSalt = m_config.cacheSalt;
        m_services.ingressAction = m_config.ingressAction;
        m_services.auditIntent = m_config.auditIntent;
        m_services.defaultUpstreamUrl = m_config.upstreamUrl;
        m_services.defaultUpstreamCaFile = m_config.upstreamCaFile;
        m_services.limiter = &m_limiter;
        m_services.countRateLimited = [this](const std::string &tenant, std::string limit) {
            m_metrics.recordRateLimited(tenant, limit);
        };
        m_services.client = [this](const std::string &caFile) -> net::HttpClient & { return clientFor(caFile); };
        m_services.commitAudit = [this](audit::AuditRecord record) { return commitAudit(std::move(record)); };
        m_services.retrieve = [this](const proxy::RequestContext &context, std::string question, int topK) {
            return m_documents->retrieve(context, std::move(question), topK);
        };
        m_services.sealContent = [this](std::string tenant, std::string plain, std::string requestId) {
            return sealAuditContent(std::move(tenant), std::move(plain), std::move(requestId));
        };
        m_services.log = [this](std::string_view level, std::string_view event, std::string detail) {
            m_log(level, event, detail);
        };
        m_services.countBlock = [this](const std::string &tenant, std::string reason) {
            m_metrics.recordBlock(tenant, reason);
        };
        m_services.countUpstreamError = [this](std::string kind) { m_metrics.recordUpstreamError(kind); };
        m_services.timeStep = [this](std::string_view step, std::chrono::nanoseconds took) {
            m_metrics.recordPipelineStep(step, took);
        };
    }

    std::span<proxy::Stage *const> stagesFor(Handler handler)
    {
        switch (handler) {
        case Handler::Chat:
        case Handler::Responses:
        case Handler::Completions:
            return m_chatStages;
        case Handler::Embeddings:
        case Handler::Models:
            return m_forwardStages;
        default:
            return m_documentStages;
        }
    }

    static proxy::DataRoute dataRoute(Handler handler)
    {
        switch (handler) {
        case Handler::Chat:
        case Handler::Responses:
        case Handler::Completions: return proxy::DataRoute::Chat;
        case Handler::Embeddings: return proxy::DataRoute::Embeddings;
        case Handler::Models: return proxy::DataRoute::Models;
        case Handler::Documents: return proxy::DataRoute::Documents;
        case Handler::DocumentRemove: return proxy::DataRoute::DocumentRemove;
        default: return proxy::DataRoute::Retrieve;
        }
    }

    std::unique_ptr<proxy::ClientDialect> dialectFor(Handler handler)
    {
        switch (handler) {
        case Handler::Responses: return proxy::makeResponsesDialect(&m_responseItems);
        case Handler::Completions: return proxy::makeCompletionsDialect();
        default: return proxy::makeChatDialect();
        }
    }

    // A data-plane request through its pipeline: stages, then the one finaliser.
    asio::awaitable<int> runPipeline(net::Request &request, net::ResponseWriter &writer, Handler handler,
                                     std::string &tenant, int &tier)
    {
        proxy::RequestContext context(request, writer, dataRoute(handler), dialectFor(handler));
        co_await m_pipeline.run(context, stagesFor(handler));
        if (context.tenant) {
            tenant = context.tenant->tenant.id;
            tier = static_cast<int>(context.tenant->tier());
        }
        if (context.failure && (context.tenant || context.failure->httpStatus() == 401))
            m_metrics.recordBlock(tenant, std::string(protocol::apiErrorInfo(context.failure->code).code));
        co_return context.status;
    }

    // A secret the daemon is given (an upstream's API key, the scrape token): read once, from a
    // private file only, its first line without trailing white space.
    static std::string readPrivateFile(const std::string &path, const char *setting)
    {
        struct stat info{};
        if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
            throw core::Error(core::ErrorCode::InvalidArgument, std::string(setting) + ": cannot read " + path, setting);
        if ((info.st_mode & 077) != 0 || info.st_uid != ::geteuid())
            throw core::Error(core::ErrorCode::InvalidArgument,
                              std::string(setting) + ": " + path + " must be owned by this user with mode 0600", setting);
        std::ifstream in(path);
        std::string secret;
        std::getline(in, secret);
        while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back())))
            secret.pop_back();
        return secret;
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
    // Per-tenant metrics: for the scrape token (metrics-token-file) or a platform admin.
    bool mayReadTenantMetrics(const net::Request &request) const
    {
        const std::string_view authorization = request[http::field::authorization];
        if (authorization.size() <= 7 || !(authorization.starts_with("Bearer ") || authorization.starts_with("bearer ")))
            return false;
        const auto bearer = authorization.substr(7);
        if (!m_metricsToken.empty() && crypto::constantTimeEquals(bearer, m_metricsToken))
            return true;
        const auto snapshot = m_policy.current();
        const auto principal = snapshot ? snapshot->authenticateAdmin(bearer) : std::nullopt;
        return principal && principal->isPlatformAdmin();
    }

    asio::awaitable<bool> commitAudit(audit::AuditRecord record)
    {
        struct Completion
        {
            bool done = false;
            bool ok = false;
        };
        const auto executor = co_await asio::this_coro::executor;
        const auto handed = Clock::now();
        m_metrics.auditQueued(+1);
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
            completion->done = true;  // refused at once (a full queue, an invalid record)
        }
        // The completion is posted to this coroutine's own executor, so it cannot slip in
        // between this check and the wait.
        if (!completion->done)
            co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
        m_metrics.auditQueued(-1);
        m_metrics.recordAuditCommit(Clock::now() - handed);
        if (!completion->ok)
            m_log("error", "audit_append_failed", "the audit record could not be committed");
        co_return completion->ok;
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

    // The owner migrates and admits the runtime login to the runtime group; the runtime login
    // is then checked: one that can bypass row-level security is refused unless allowed, and
    // then named on every start and in /readyz.
    void prepareDatabase()
    {
        const bool twoLogins = !m_config.databaseOwner.empty();
        {
            auto owner = store::openConnection(twoLogins ? m_config.databaseOwner : m_config.database);
            for (const auto &m : store::applyMigrations(*owner))
                m_log("info", "migration_applied", std::to_string(m.version) + " " + m.name);
            if (twoLogins) {
                auto runtime = store::openConnection(m_config.database);
                store::grantRuntimeGroup(*owner, store::inspectDatabaseLogin(*runtime).name);
            }
        }
        auto connection = store::openConnection(m_config.database);
        const auto login = store::inspectDatabaseLogin(*connection);
        if (!login.boundByRowLevelSecurity()) {
            std::string reasons;
            for (const auto &reason : login.bypasses)
                reasons += (reasons.empty() ? "" : ", ") + reason;
            if (!m_config.allowRlsBypass)
                throw core::Error(core::ErrorCode::InvalidArgument,
                                  "database: the login can bypass row-level security (" + reasons +
                                      "); serve as a login that cannot and give the schema owner as "
                                      "--database-owner, or accept the risk with --allow-rls-bypass",
                                  "database");
            m_rlsBypass = login.bypasses;
            m_log("warning", "database_login_bypasses_rls",
                  "row-level security does not bind this daemon's database login (" + reasons +
                      "): tenant isolation in the database rests on the daemon alone");
        }
        bootstrapAdminToken(*connection);
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
            const std::string outcome = co_await onPool(m_dbThreads, [&] {
                try {
                    return "started " + m_probes->start(json{{"scheduled", true}});
                } catch (const std::exception &e) {
                    return std::string("skipped: ") + e.what();  // e.g. a run in progress
                }
            });
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
            const std::vector<json> results = co_await onPool(m_dbThreads, [&] {
                try {
                    return m_admin.applyAllRetention();
                } catch (const std::exception &e) {
                    return std::vector<json>{json{{"error", e.what()}}};
                }
            });
            for (const auto &r : results)
                m_log(r.contains("error") ? "error" : "info", "audit_retention", r.dump());
        }
    }

    asio::awaitable<void> refreshLoop()
    {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        bool wasAvailable = true;
        auto upstreamChecked = Clock::now();
        co_await checkUpstream();
        while (!m_stopping) {
            if (Clock::now() - upstreamChecked >= std::chrono::seconds(5)) {
                upstreamChecked = Clock::now();
                co_await checkUpstream();
            }
            timer.expires_after(m_config.policyRefresh);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));  // woken by time or shutdown
            if (m_stopping)
                break;
            const bool ok = co_await onPool(m_dbThreads, [&] { return m_policy.refresh(); });
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
            options.maxIdlePerOrigin = m_config.upstreamIdleConnections;
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
        const auto match = matchRoute(request.method(), path);
        std::string tenant;
        int tier = 0;
        std::string label = "other";
        int status = 200;
        if (!match.route) {
            std::string allowed;
            for (const auto method : match.allowedMethods)
                allowed += (allowed.empty() ? "" : ", ") + std::string(method);
            const ApiError error = match.pathKnown
                                       ? ApiError{ApiErrorCode::MethodNotAllowed, "use " + allowed + " " + path, {}}
                                       : ApiError{ApiErrorCode::RouteNotFound, "no such route: " + path, {}};
            status = error.httpStatus();
            co_await sendApiError(writer, error);
        } else {
            switch (match.route->handler) {
            case Handler::Health:
                label = "healthz";
                co_await writer.sendJson(http::status::ok, R"({"status":"ok"})");
                break;
            case Handler::Ready:
                label = "readyz";
                status = co_await handleReady(writer);
                break;
            case Handler::Metrics:
                label = "metrics";
                co_await writer.send(net::makeResponse(
                    http::status::ok, m_metrics.renderPrometheus(mayReadTenantMetrics(request)),
                    "text/plain; version=0.0.4"));
                break;
            case Handler::ProbeEvents:
                label = "admin";
                status = co_await handleProbeEvents(request, writer, path);
                break;
            case Handler::Admin:
                label = "admin";
                status = co_await handleAdmin(request, writer, path,
                                              queryAt == std::string_view::npos ? std::string_view()
                                                                                : target.substr(queryAt + 1),
                                              match.route->access == Access::PlatformAdmin);
                break;
            default:
                label = std::string(proxy::metricsLabel(dataRoute(match.route->handler)));
                status = co_await runPipeline(request, writer, match.route->handler, tenant, tier);
                break;
            }
        }
        m_metrics.recordRequest(tenant, tier, label, status, Clock::now() - started);
    }


    asio::awaitable<int> handleAdmin(net::Request &request, net::ResponseWriter &writer,
                                     const std::string &path, std::string_view query, bool platformAdminOnly)
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
        admin.platformAdminOnly = platformAdminOnly;
        // On the admin threads, never an I/O thread: a removal waits out the revocation grace there
        // without holding up the policy refresh or audit sealing on the database threads.
        const auto started = Clock::now();
        AdminResponse response = co_await onPool(m_adminThreads, [&] { return m_admin.handle(admin); });
        // The platform chain: every authenticated admin action (any write, and every read across
        // tenants) is an audit record under the reserved "platform" scope, committed before the
        // answer, like a data-plane request.
        if (!response.principal.empty() && (admin.method != "GET" || response.crossTenantRead ||
                                             !response.tenantLogRead.empty())) {
            audit::AuditRecord record;
            record.tenantId = std::string(core::kPlatformAuditScope);
            record.recordedAtUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
            record.requestId = crypto::newRequestId();
            record.principal = response.principal;
            record.route = admin.method + " " + path;
            if (!response.tenantLogRead.empty())
                record.route += "?tenant=" + response.tenantLogRead;
            record.route.resize(std::min<std::size_t>(record.route.size(), 500));
            record.decision = response.status < 400 ? audit::Decision::Allowed : audit::Decision::Blocked;
            record.reasons.push_back("http_" + std::to_string(response.status));
            if (response.crossTenantRead)
                record.reasons.push_back("cross_tenant_read");
            if (!response.tenantLogRead.empty())
                record.reasons.push_back("tenant_log_read");
            if (response.contentRead)
                record.reasons.push_back("content_read");
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
        auto fetch = [&]() -> asio::awaitable<AdminResponse> {
            co_return co_await onPool(m_adminThreads, [&] { return m_admin.handle(admin); });
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
        // Counted per key rather than kept as a set: in a tenant auditor's view several pairs
        // share one key (their counterpart is "another_tenant"), and each is still one event.
        std::map<std::string, std::size_t> sent;
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (;;) {
            std::string events;
            std::map<std::string, std::size_t> seen;
            for (const auto &r : current.body.value("results", json::array())) {
                const std::string key = r.value("layer", "") + "|" + r.value("victim", "") + "|" +
                                        r.value("attacker", "") + "|" + r.value("outcome", "");
                if (++seen[key] > sent[key]) {
                    ++sent[key];
                    events += "event: result\ndata: " + r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
                }
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

    // Unauthenticated: answers from state the refresh loop keeps (the policy's freshness and the
    // last upstream check), so a flood of probes touches neither the database nor the upstream.
    asio::awaitable<int> handleReady(net::ResponseWriter &writer)
    {
        const bool database = m_policy.available();
        const bool upstream = m_upstreamReachable.load();
        const bool ready = database && upstream && !m_stopping;
        json body{{"status", ready ? "ready" : "not_ready"},
                  {"database", database ? "ok" : "unavailable"},
                  {"upstream", upstream ? "ok" : "unavailable"},
                  {"draining", m_stopping.load()}};
        if (!m_rlsBypass.empty())
            body["warnings"] = json::array({{{"code", "database_login_bypasses_rls"}, {"reasons", m_rlsBypass}}});
        const auto status = ready ? http::status::ok : http::status::service_unavailable;
        co_await writer.sendJson(status, body.dump());
        co_return static_cast<int>(status);
    }

    // The shared default upstream, asked for its models (any answer below 500 counts).
    asio::awaitable<void> checkUpstream()
    {
        if (m_config.upstreamUrl.empty())
            co_return;  // nothing shared to check
        bool reachable = false;
        try {
            auto response = co_await clientFor(m_config.upstreamCaFile)
                                .send(net::Url::parse(m_config.upstreamUrl).join("/models"),
                                      net::makeRequest(http::verb::get));
            reachable = response.result_int() < 500;
        } catch (const std::exception &) {
        }
        m_upstreamReachable = reachable;
    }

    DaemonConfig m_config;
    Log m_log;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_upstreamReachable{true};
    std::vector<std::string> m_rlsBypass;  // set once at start: why RLS does not bind the login
    // Admin requests are few; two threads let a second one (a console's refresh) pass a removal
    // waiting out its grace, and bound how many control-plane connections admin work holds.
    static constexpr std::size_t kAdminThreads = 2;
    asio::thread_pool m_dbThreads;  // policy refresh, audit sealing, probes, retention
    asio::thread_pool m_adminThreads;
    store::ConnectionPool m_pool;  // the control plane: policy, audit, admin
    asio::thread_pool m_tenantThreads;
    store::ConnectionPool m_tenantPool;  // tenant document work
    proxy::TenantLimiter m_limiter;
    proxy::PolicyStore m_policy;
    AdminApi m_admin;
    Metrics m_metrics;
    scan::EgressScannerHolder m_egress;
    scan::EgressPolicy m_egressPolicy;  // platform default: block cross-tenant, flag self-leak
    std::mutex m_materialMutex;
    std::map<std::string, std::vector<std::string>> m_probeCanaries;  // tenant -> a probe run's canaries
    std::string m_upstreamApiKey;  // never logged
    std::string m_metricsToken;    // never logged
    // The data plane: one pipeline, its stages, and the stage list of each route.
    proxy::PipelineServices m_services{m_policy, m_egress};
    proxy::Pipeline m_pipeline;
    proxy::AuthenticateStage m_authenticate{m_services};
    proxy::TenantPolicyStage m_tenantPolicy;
    proxy::LimitsStage m_limits{m_services};
    proxy::RetrieveStage m_retrieve{m_services};
    proxy::AssemblePromptStage m_assemble;
    proxy::IngressScanStage m_ingress{m_services};
    proxy::RouteStage m_route{m_services};
    proxy::UpstreamStage m_upstream{m_services};
    proxy::EgressScanStage m_egressScan{m_services, m_pipeline};
    // Items of recent Responses API answers, for the tenants' item references (in memory only).
    proxy::ResponseItems m_responseItems;
    std::array<proxy::Stage *, 9> m_chatStages{&m_authenticate, &m_tenantPolicy, &m_limits,
                                               &m_retrieve,     &m_assemble,     &m_ingress,
                                               &m_route,        &m_upstream,     &m_egressScan};
    std::array<proxy::Stage *, 6> m_forwardStages{&m_authenticate, &m_tenantPolicy, &m_limits,
                                                  &m_route,        &m_upstream,     &m_egressScan};
    std::array<proxy::Stage *, 4> m_documentStages{};
    std::unique_ptr<TenantDocuments> m_documents;
    std::unique_ptr<DocumentStage> m_documentStage;
    std::unique_ptr<ChangeListener> m_changes;
    std::unique_ptr<ProbeService> m_probes;
    std::unique_ptr<crypto::KeyProvider> m_keyProvider;
    std::unique_ptr<RetrievalService> m_retrieval;
    std::vector<std::uint8_t> m_auditPublicKey;
    std::unique_ptr<audit::AuditWriter> m_audit;
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
