#pragma once
// A child process's listening port, read from the file it writes once it listens
// (`--port-file`, as bulkheadd and bulkhead-refmodel take).
#include "WaitUntil.h"

#include <QProcess>
#include <QString>

#include <fstream>

namespace bulkhead::testsupport {

// Waits until `process` has written a port to `file` (returned) or has exited (0). The wait ends
// as soon as either happens; the deadline is WaitUntil.h's long one, so a slow start under the
// sanitizers is no failure.
inline int waitForPortFile(const QString &file, const QProcess &process)
{
    int port = 0;
    waitUntil(
        [&] {
            std::ifstream in(file.toStdString());
            if (in >> port && port > 0)
                return true;
            port = 0;
            return process.state() == QProcess::NotRunning;
        },
        kLongWait, std::chrono::milliseconds(50));
    return port;
}

} // namespace bulkhead::testsupport
