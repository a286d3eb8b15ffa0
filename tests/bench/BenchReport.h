#pragma once
// What every benchmark prints: the machine it ran on, and one machine-readable line per figure
// that tests/bench/run-all.sh collects into its table:
//   FIGURE<TAB>name<TAB>value<TAB>baseline<TAB>ratio<TAB>goal<TAB>met
// Human-readable detail goes before these lines; run-all.sh keeps it in its log.
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace bulkhead::bench {

inline std::string cpuModel()
{
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0)
            return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

inline void printMachine(const char *program)
{
    utsname name{};
    uname(&name);
    std::printf("%s on %s, %ld cores, %s %s\n", program, cpuModel().c_str(),
                sysconf(_SC_NPROCESSORS_ONLN), name.sysname, name.release);
}

// `goal` is a sentence ("<= 5 us"); `met` is "yes", "no" or "-" (no goal).
inline void printFigure(const std::string &name, const std::string &value,
                        const std::string &baseline, const std::string &ratio,
                        const std::string &goal = "-", const std::string &met = "-")
{
    std::printf("FIGURE\t%s\t%s\t%s\t%s\t%s\t%s\n", name.c_str(), value.c_str(), baseline.c_str(),
                ratio.c_str(), goal.c_str(), met.c_str());
    std::fflush(stdout);
}

inline std::string format(const char *pattern, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

inline const char *yesNo(bool met) { return met ? "yes" : "no"; }

} // namespace bulkhead::bench
