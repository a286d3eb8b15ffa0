#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstring>
#include <memory>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("bulkhead"));
    QCoreApplication::setOrganizationName(QStringLiteral("Bulkhead"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BULKHEAD_VERSION));
}

void configureParser(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Bulkhead console: tenant inventory, isolation tiers, probes, scoped logs and "
                "evidence for a shared LLM platform."));
    parser.addHelpOption();
    parser.addVersionOption();
}

// --help and --version must work on a headless server, where no GUI platform can start.
bool wantsOnlyText(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version", "-?"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    if (wantsOnlyText(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        QCommandLineParser parser;
        configureParser(parser);
        parser.process(app);  // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Bulkhead"));
    QCommandLineParser parser;
    configureParser(parser);
    parser.process(app);

    bulkhead::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
