#include "DaemonConfig.h"

#include "core/Error.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace bulkhead::daemon {
namespace {

using core::Error;
using core::ErrorCode;

[[noreturn]] void bad(const std::string &key, const std::string &message)
{
    throw Error(ErrorCode::InvalidArgument, key + ": " + message, key);
}

unsigned long long parseNumber(const std::string &key, const std::string &value,
                               unsigned long long min, unsigned long long max)
{
    unsigned long long n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max)
        bad(key, "must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got \"" + value + "\"");
    return n;
}

bool parseBool(const std::string &key, const std::string &value)
{
    if (value == "true" || value == "on" || value == "yes" || value == "1")
        return true;
    if (value == "false" || value == "off" || value == "no" || value == "0")
        return false;
    bad(key, "must be true or false");
}

struct Setting
{
    const char *help;
    std::function<void(DaemonConfig &, const std::string &key, const std::string &value)> apply;
};

template <typename T>
Setting text(T DaemonConfig::*member, const char *help)
{
    return {help, [member](DaemonConfig &c, const std::string &, const std::string &v) {
                c.*member = v;
            }};
}

Setting millis(std::chrono::milliseconds DaemonConfig::*member, const char *help)
{
    return {help, [member](DaemonConfig &c, const std::string &k, const std::string &v) {
                c.*member = std::chrono::milliseconds(parseNumber(k, v, 1, 86'400'000));
            }};
}

template <typename T>
Setting count(T DaemonConfig::*member, unsigned long long min, unsigned long long max,
              const char *help)
{
    return {help, [=](DaemonConfig &c, const std::string &k, const std::string &v) {
                c.*member = static_cast<T>(parseNumber(k, v, min, max));
            }};
}

const std::map<std::string, Setting> &settings()
{
    static const std::map<std::string, Setting> table{
        {"listen", text(&DaemonConfig::listen, "HOST:PORT to listen on (127.0.0.1:8080; port 0 = any)")},
        {"tls-cert", text(&DaemonConfig::tlsCert, "PEM certificate chain: serve HTTPS")},
        {"tls-key", text(&DaemonConfig::tlsKey, "PEM private key for --tls-cert")},
        {"database", text(&DaemonConfig::database, "libpq connection string of the control plane, as a login bound by row-level security")},
        {"database-owner", text(&DaemonConfig::databaseOwner, "libpq connection string of the schema owner: applies migrations, provisions placements (default: --database)")},
        {"allow-rls-bypass", {"serve although the --database login can bypass row-level security, with a warning on every start and in /readyz (false)",
                              [](DaemonConfig &c, const std::string &k, const std::string &v) {
                                  c.allowRlsBypass = parseBool(k, v);
                              }}},
        {"require-synchronous-standby", {"commit audit records only while the database has a synchronous standby; otherwise answer 503 (false)",
                              [](DaemonConfig &c, const std::string &k, const std::string &v) {
                                  c.requireSynchronousStandby = parseBool(k, v);
                              }}},
        {"upstream-url", text(&DaemonConfig::upstreamUrl, "default upstream base URL, e.g. http://127.0.0.1:9000/v1")},
        {"upstream-ca-file", text(&DaemonConfig::upstreamCaFile, "extra CA bundle for upstream TLS")},
        {"upstream-api-key-file", text(&DaemonConfig::upstreamApiKeyFile, "file holding the default upstream's API key (mode 0600)")},
        {"admin-token-file", text(&DaemonConfig::adminTokenFile, "on first start, write a platform-admin token here (mode 0600)")},
        {"audit-key-file", text(&DaemonConfig::auditKeyFile, "Ed25519 seed for audit checkpoints (0600; created if missing)")},
        {"key-provider", {"where the master key lives: keychain (OS keychain, default) or file (--key-file)",
                          [](DaemonConfig &c, const std::string &k, const std::string &v) {
                              if (v != "keychain" && v != "file")
                                  bad(k, "must be keychain or file");
                              c.keyProvider = v;
                          }}},
        {"embeddings", {"document and query embeddings: builtin (default) or upstream (the tenant's upstream /embeddings)",
                        [](DaemonConfig &c, const std::string &k, const std::string &v) {
                            if (v != "builtin" && v != "upstream")
                                bad(k, "must be builtin or upstream");
                            c.embeddings = v;
                        }}},
        {"audit-mode", {"acknowledged (a request's record is committed before its response ends) or strict (an intent record is committed before forwarding, too)",
                        [](DaemonConfig &c, const std::string &k, const std::string &v) {
                            if (v != "acknowledged" && v != "strict")
                                bad(k, "must be acknowledged or strict");
                            c.auditIntent = v == "strict";
                        }}},
        {"retention-sweep-seconds", {"apply every tenant's audit retention period this often (0 = only on request)",
                                     [](DaemonConfig &c, const std::string &k, const std::string &v) {
                                         c.retentionSweep = std::chrono::seconds(parseNumber(k, v, 0, 31'536'000));
                                     }}},
        {"probe-schedule-seconds", {"run every probe over all tenants this often (0 = only on request)",
                                    [](DaemonConfig &c, const std::string &k, const std::string &v) {
                                        c.probeSchedule = std::chrono::seconds(parseNumber(k, v, 0, 31'536'000));
                                    }}},
        {"embedding-model", text(&DaemonConfig::embeddingModel, "model asked for when embeddings = upstream (text-embedding-3-small)")},
        {"key-file", text(&DaemonConfig::keyFile, "master key file for key-provider=file (0600; created if missing)")},
        {"keychain-entry", text(&DaemonConfig::keychainEntry, "keychain entry name of the master key (master-key)")},
        {"port-file", text(&DaemonConfig::portFile, "write the bound port here once listening")},
        {"threads", count(&DaemonConfig::threads, 1, 256, "I/O threads (half the cores, at least 1)")},
        {"db-pool-size", count(&DaemonConfig::dbPoolSize, 1, 256, "database connections, per kind of work (4)")},
        {"instances", count(&DaemonConfig::instances, 1, 1024, "bulkheadd instances behind one load balancer: each enforces its share of every tenant limit (1)")},
        {"statement-timeout-ms", millis(&DaemonConfig::statementTimeout, "longest database statement (30000)")},
        {"metrics-token-file", text(&DaemonConfig::metricsTokenFile, "bearer token (0600 file) that may read per-tenant /metrics")},
        {"max-body-bytes", count(&DaemonConfig::maxBodyBytes, 1024, 1ull << 30, "largest request body (4194304)")},
        {"max-header-bytes", count(&DaemonConfig::maxHeaderBytes, 1024, 1 << 20, "largest request header block (16384)")},
        {"max-connections", count(&DaemonConfig::maxConnections, 1, 1'000'000, "concurrent client connections (4096)")},
        {"header-timeout-ms", millis(&DaemonConfig::headerTimeout, "time to receive a request's headers (10000)")},
        {"request-timeout-ms", millis(&DaemonConfig::requestTimeout, "whole request, including the upstream (300000)")},
        {"idle-timeout-ms", millis(&DaemonConfig::idleTimeout, "idle keep-alive connections (60000)")},
        {"upstream-connect-timeout-ms", millis(&DaemonConfig::upstreamConnectTimeout, "upstream connect (5000)")},
        {"upstream-read-timeout-ms", millis(&DaemonConfig::upstreamReadTimeout, "upstream silence before giving up (120000)")},
        {"upstream-idle-connections", count(&DaemonConfig::upstreamIdleConnections, 0, 100'000, "kept-alive connections per upstream origin (256)")},
        {"policy-refresh-ms", millis(&DaemonConfig::policyRefresh, "control-plane refresh period; failure fails closed (1000)")},
        {"shutdown-grace-ms", millis(&DaemonConfig::shutdownGrace, "drain time on SIGTERM (20000)")},
        {"ingress-action", {"likely prompt injection in a user prompt: flag or block (flag)",
                            [](DaemonConfig &c, const std::string &k, const std::string &v) {
                                if (v != "flag" && v != "block")
                                    bad(k, "must be flag or block");
                                c.ingressAction = v;
                            }}},
        {"cache-salt", {"per-tenant cache_salt on upstream calls (true; false only for demonstrations)",
                        [](DaemonConfig &c, const std::string &k, const std::string &v) {
                            c.cacheSalt = parseBool(k, v);
                        }}},
    };
    return table;
}

void apply(DaemonConfig &config, const std::string &key, const std::string &value)
{
    const auto it = settings().find(key);
    if (it == settings().end())
        bad(key, "unknown setting (see bulkheadd --help)");
    it->second.apply(config, key, value);
}

std::string trim(const std::string &s)
{
    const auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    const auto end = s.find_last_not_of(" \t\r");
    return s.substr(begin, end - begin + 1);
}

void readConfigFile(DaemonConfig &config, const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        bad("config", "cannot read " + path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        line = trim(line);
        if (line.empty() || line.front() == '#')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            bad("config", path + ":" + std::to_string(number) + ": expected key = value");
        std::string key = trim(line.substr(0, eq));
        std::replace(key.begin(), key.end(), '_', '-');
        apply(config, key, trim(line.substr(eq + 1)));
    }
}

} // namespace

ConfigParseResult parseDaemonConfig(const std::vector<std::string> &args)
{
    ConfigParseResult result;
    // The file first, so flags override it wherever --config appears.
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config") {
            if (i + 1 >= args.size())
                bad("config", "needs a FILE");
            readConfigFile(result.config, args[i + 1]);
        } else if (args[i].starts_with("--config=")) {
            readConfigFile(result.config, args[i].substr(9));
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "-h" || arg == "--help") {
            result.showHelp = true;
            continue;
        }
        if (arg == "--version") {
            result.showVersion = true;
            continue;
        }
        if (arg == "--openapi") {
            result.showOpenApi = true;
            continue;
        }
        if (!arg.starts_with("--"))
            bad(arg, "unexpected argument (settings are --key value)");
        std::string key = arg.substr(2);
        std::string value;
        if (const auto eq = key.find('='); eq != std::string::npos) {
            value = key.substr(eq + 1);
            key.resize(eq);
        } else {
            if (i + 1 >= args.size())
                bad(key, "needs a value");
            value = args[++i];
        }
        if (key == "config")
            continue;
        apply(result.config, key, value);
    }
    if (result.config.tlsCert.empty() != result.config.tlsKey.empty())
        bad("tls-cert", "--tls-cert and --tls-key go together");
    return result;
}

std::string daemonUsage()
{
    std::ostringstream out;
    out << "Usage: bulkheadd [--config FILE] [--KEY VALUE ...]\n\n"
           "Bulkhead's policy/proxy daemon: an OpenAI-compatible gateway that enforces tenant\n"
           "isolation (prompts, KV cache, retrieval, logs) and its admin API under /admin/v1/.\n\n"
           "Every setting can be given in the config file as `key = value` or as a flag:\n";
    for (const auto &[key, setting] : settings())
        out << "  --" << key << std::string(key.size() < 28 ? 28 - key.size() : 1, ' ')
            << setting.help << "\n";
    out << "  --config FILE" << std::string(18, ' ') << "read settings from FILE first\n"
        << "  -h, --help" << std::string(21, ' ') << "show this help\n"
        << "  --version" << std::string(22, ' ') << "show the version\n"
        << "  --openapi" << std::string(22, ' ') << "print the API description (OpenAPI 3.1) and exit\n";
    return out.str();
}

} // namespace bulkhead::daemon
