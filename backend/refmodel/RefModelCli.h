#pragma once

#include "RefModelService.h"

#include "net/HttpServer.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::refmodel {

struct RefModelConfig
{
    std::string listen = "127.0.0.1:0";
    std::string portFile;  // written (atomically) once listening, removed on shutdown
    unsigned threads = 2;
    std::string tlsCert;
    std::string tlsKey;
    RefModelOptions model;
    net::ServerLimits limits;
};

struct RefModelCommandLine
{
    RefModelConfig config;
    bool showHelp = false;
    bool showVersion = false;
};

// Parses `--key value` / `--key=value` flags. Throws core::Error(InvalidArgument) naming the
// flag for unknown flags and bad values.
RefModelCommandLine parseRefModelArgs(const std::vector<std::string> &args);

std::string refModelUsage();

// The whole program: parse, listen, write the port file, serve until SIGINT/SIGTERM, then shut
// down gracefully. Returns the exit code (0 ok, 1 could not serve, 2 bad arguments).
int runRefModel(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

} // namespace bulkhead::refmodel
