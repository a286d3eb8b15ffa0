#include "TestKeys.h"

#include <QTemporaryDir>

namespace bulkhead::testsupport {

std::string testMasterKeyFile()
{
    static QTemporaryDir folder;  // 0700, removed at process exit
    return folder.filePath(QStringLiteral("master.key")).toStdString();
}

} // namespace bulkhead::testsupport
