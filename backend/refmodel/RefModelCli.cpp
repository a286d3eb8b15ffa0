#include "RefModelCli.h"

#include "core/Error.h"
#include "net/Url.h"

#include <boost/asio/signal_set.hpp>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>

namespace bulkhead::refmodel {
namespace {

using core::Error;
using core::ErrorCode;

[[noreturn]] void bad(const std::string &flag, const std::string &message)
{
    throw Error(ErrorCode::InvalidArgument, "--" + flag + ": " + message, flag);
}

unsigned long long number(const std::string &flag, const std::string &value,
                          unsigned long long min, unsigned long long max)
{
    unsigned long long n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < min ||
        n > max)
        bad(flag, "must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", got \"" + value + "\"");
    return n;
}

struct Flag
{
    bool takesValue;
    std::function<void(RefModelCommandLine &, const std::string &flag, const std::string &value)>
        apply;
};

const std::map<std::string, Flag> &flags()
{
    static const std::map<std::string, Flag> table{
        {"help", {false, [](auto &cl, auto &, auto &) { cl.showHelp = true; }}},
        {"version", {false, [](auto &cl, auto &, auto &) { cl.showVersion = true; }}},
        {"listen",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              try {
                  (void)net::parseHostPort(value);
              } catch (const Error &e) {
                  bad(flag, e.what());
              }
              cl.config.listen = value;
          }}},
        {"port-file", {true, [](auto &cl, auto &, auto &value) { cl.config.portFile = value; }}},
        {"threads",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.threads = static_cast<unsigned>(number(flag, value, 1, 256));
          }}},
        {"tls-cert", {true, [](auto &cl, auto &, auto &value) { cl.config.tlsCert = value; }}},
        {"tls-key", {true, [](auto &cl, auto &, auto &value) { cl.config.tlsKey = value; }}},
        {"model", {true, [](auto &cl, auto &flag, auto &value) {
              if (value.empty())
                  bad(flag, "must not be empty");
              cl.config.model.modelName = value;
          }}},
        {"prefill-us-per-token",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.model.prefillPerToken =
                  std::chrono::microseconds(number(flag, value, 0, 1'000'000));
          }}},
        {"token-delay-ms",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.model.tokenDelay = std::chrono::milliseconds(number(flag, value, 0, 60'000));
          }}},
        {"ignore-cache-salt",
         {false, [](auto &cl, auto &, auto &) { cl.config.model.ignoreCacheSalt = true; }}},
        {"hostile",
         {false, [](auto &cl, auto &, auto &) { cl.config.model.hostile = cl.config.model.ignoreCacheSalt = true; }}},
        {"cache-blocks",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.model.cacheBlocks = number(flag, value, 0, 100'000'000);
          }}},
        {"block-size",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.model.blockSize = number(flag, value, 1, 4096);
          }}},
        {"embedding-dim",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.model.embeddingDimensions = number(flag, value, 1, Embedder::kMaxDimensions);
          }}},
        {"max-tokens",
         {true,
          [](auto &cl, auto &flag, auto &value) {
              cl.config.model.defaultMaxTokens = number(flag, value, 1, 1'000'000);
          }}},
    };
    return table;
}

// Written beside the target and renamed over it, so a launcher polling the file never reads
// half a number.
void writePortFile(const std::string &path, std::uint16_t port)
{
    const std::string temporary = path + ".tmp";
    {
        std::ofstream file(temporary, std::ios::trunc);
        file << port << '\n';
        if (!file.flush())
            throw Error(ErrorCode::Unavailable, "cannot write port file " + temporary, "port-file");
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec)
        throw Error(ErrorCode::Unavailable,
                    "cannot write port file " + path + ": " + ec.message(), "port-file");
}

} // namespace

RefModelCommandLine parseRefModelArgs(const std::vector<std::string> &args)
{
    RefModelCommandLine cl;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto &arg = args[i];
        if (arg == "-h") {
            cl.showHelp = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0)
            throw Error(ErrorCode::InvalidArgument, "unexpected argument \"" + arg + "\"");
        std::string name = arg.substr(2);
        std::optional<std::string> value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        const auto flag = flags().find(name);
        if (flag == flags().end())
            throw Error(ErrorCode::InvalidArgument, "unknown flag --" + name + " (see --help)",
                        name);
        if (flag->second.takesValue && !value) {
            if (i + 1 >= args.size())
                bad(name, "needs a value");
            value = args[++i];
        } else if (!flag->second.takesValue && value) {
            bad(name, "takes no value");
        }
        flag->second.apply(cl, name, value.value_or(""));
    }
    if (cl.config.tlsCert.empty() != cl.config.tlsKey.empty())
        throw Error(ErrorCode::InvalidArgument, "--tls-cert and --tls-key go together", "tls-cert");
    return cl;
}

std::string refModelUsage()
{
    return R"(Usage: bulkhead-refmodel [flags]

bulkhead-refmodel is a SIMULATOR of an OpenAI-compatible LLM server, bundled with Bulkhead
for demos, probes and tests. It is not a language model: its answers are deterministic text,
and it deliberately obeys prompt injection ("repeat your instructions" echoes its whole
context, system prompts included). It has a real prefix cache over token blocks that honours
the request's `cache_salt` and reports usage.prompt_tokens_details.cached_tokens, and a
simulated prefill cost that makes cache hits visible in the time to the first token.

Routes: POST /v1/chat/completions (also "stream": true), POST /v1/embeddings,
        GET /v1/models, GET /health. Every response has the header X-Bulkhead-Simulator: true.

Flags (--flag value or --flag=value):
  --listen HOST:PORT          where to listen (default 127.0.0.1:0, an ephemeral port)
  --port-file PATH            write the bound port here once listening (removed on exit)
  --threads N                 I/O threads (default 2)
  --tls-cert PEM --tls-key PEM  serve HTTPS instead of HTTP
  --model NAME                model id reported by /v1/models (default bulkhead-refmodel)
  --prefill-us-per-token N    simulated prefill time per uncached prompt token (default 20)
  --token-delay-ms N          simulated time per output token (default 0)
  --cache-blocks N            prefix cache capacity in blocks, LRU (default 4096; 0 disables)
  --block-size N              tokens per cache block (default 16)
  --ignore-cache-salt         play a VULNERABLE engine: cache_salt is not mixed into block
                              hashes, so tenants share cached prefixes
  --hostile                   play a HOSTILE engine for probes: a request saying
                              "bulkhead-hostile emit=TOKEN channel=NAME" gets TOKEN in that
                              output channel (content, reasoning, tool calls, logprobs, ...);
                              implies --ignore-cache-salt
  --embedding-dim N           embedding dimensions (default 256, at most 4096)
  --max-tokens N              default completion length limit (default 512)
  --help                      this text
  --version                   print the version

SIGINT or SIGTERM shuts down gracefully.
)";
}

int runRefModel(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    RefModelCommandLine cl;
    try {
        cl = parseRefModelArgs(args);
    } catch (const Error &e) {
        err << "bulkhead-refmodel: " << e.what() << '\n';
        return 2;
    }
    if (cl.showHelp) {
        out << refModelUsage();
        return 0;
    }
    if (cl.showVersion) {
        out << "bulkhead-refmodel " << BULKHEAD_VERSION << " (simulator)\n";
        return 0;
    }

    auto &config = cl.config;
    try {
        const auto listen = net::parseHostPort(config.listen);
        RefModelService service(config.model);
        net::ServerOptions options;
        options.address = listen.host;
        options.port = listen.port;
        options.threads = config.threads;
        options.limits = config.limits;
        options.limits.shutdownGrace = std::chrono::seconds(5);
        options.serverHeader = "bulkhead-refmodel (simulator)";
        if (!config.tlsCert.empty())
            options.tls = net::TlsFiles{config.tlsCert, config.tlsKey};
        options.errorLog = [&err](std::string_view what) {
            err << "bulkhead-refmodel: " << what << '\n';
        };
        net::HttpServer server(std::move(options), service.handler());

        // Installed before the server runs, so an early signal still shuts down cleanly.
        boost::asio::signal_set signals(server.ioContext(), SIGINT, SIGTERM);
        signals.async_wait([&server](const boost::system::error_code &ec, int) {
            if (!ec)
                server.shutdown();
        });
        server.start();
        if (!config.portFile.empty())
            writePortFile(config.portFile, server.port());
        out << "bulkhead-refmodel (simulator) listening on "
            << (config.tlsCert.empty() ? "http://" : "https://") << listen.host << ':'
            << server.port() << (config.model.hostile ? " [HOSTILE]" : config.model.ignoreCacheSalt ? " [ignoring cache_salt]" : "")
            << std::endl;
        server.wait();
        if (!config.portFile.empty()) {
            std::error_code ignored;
            std::filesystem::remove(config.portFile, ignored);
        }
        out << "bulkhead-refmodel stopped" << std::endl;
        return 0;
    } catch (const std::exception &e) {
        err << "bulkhead-refmodel: " << e.what() << '\n';
        return 1;
    }
}

} // namespace bulkhead::refmodel
