// The published API contract (daemon/OpenApi): the document bulkheadd serves at
// GET /admin/v1/openapi.json is valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator
// from npm), lists exactly the route table, names exactly protocol's error codes, equals the
// committed resources/openapi.json byte for byte, and every operation it documents is one the
// running daemon answers (never 404 route_not_found or 405).
#include "CountingUpstream.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "daemon/OpenApi.h"
#include "daemon/Routes.h"
#include "protocol/ApiError.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

using namespace bulkhead;
using nlohmann::json;

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    for (auto &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "get /v1/models" for every operation of the document.
std::set<std::string> documentedOperations(const json &document)
{
    static const std::set<std::string> kMethods{"get",   "put",  "post",   "delete",
                                                "patch", "head", "options"};
    std::set<std::string> out;
    for (const auto &[path, item] : document.at("paths").items())
        for (const auto &[method, _] : item.items())
            if (kMethods.contains(method))
                out.insert(method + " " + path);
    return out;
}

// The code of an {"error":{"code"}} answer; empty for any other body.
std::string errorCode(const std::string &body)
{
    const json parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("error") || !parsed["error"].is_object())
        return {};
    const json &code = parsed["error"].value("code", json());
    return code.is_string() ? code.get<std::string>() : std::string();
}

// /admin/v1/tenants/{id}/keys/{key} -> /admin/v1/tenants/no-such-id/keys/no-such-key
std::string concretePath(std::string pattern)
{
    for (auto open = pattern.find('{'); open != std::string::npos; open = pattern.find('{')) {
        const auto close = pattern.find('}', open);
        pattern.replace(open, close - open + 1,
                        "no-such-" + pattern.substr(open + 1, close - open - 1));
    }
    return pattern;
}

} // namespace

class TestOpenApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void servedDocumentIsValidOpenApi31();
    void committedFileEqualsServedDocument();
    void documentListsExactlyTheRouteTable();
    void summariesAndAccessComeFromTheTable();
    void errorCodesAreExactlyTheProtocolTable();
    void everyDocumentedOperationIsServed();
    void documentNeedsAnAdminToken();

private:
    ctl::HttpResult request(const std::string &method, const std::string &path,
                            const std::string &bearer, const std::string &body = {}) const
    {
        return ctl::networkTransport(method, m_base + path, bearer, body);
    }

    std::unique_ptr<testing::CountingUpstream> m_upstream;
    std::unique_ptr<testsupport::TestDatabase> m_db;
    QTemporaryDir m_dir;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::string m_base;
    std::string m_adminToken;
    std::string m_tenantKey;
    std::string m_served; // the document's bytes as served
    json m_document;
};

void TestOpenApi::initTestCase()
{
    m_upstream = std::make_unique<testing::CountingUpstream>();
    m_db = std::make_unique<testsupport::TestDatabase>();
    auto config = testsupport::testDaemonConfig(*m_db, m_upstream->baseUrl());
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(config.adminTokenFile) >> m_adminToken;
    m_base = "http://127.0.0.1:" + std::to_string(m_daemon->port());
    ctl::AdminClient admin(m_base, m_adminToken);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}, {"tier", 1}}).ok());
    const auto key = admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object());
    QVERIFY(key.ok());
    m_tenantKey = key.body.at("api_key").get<std::string>();

    const auto served = request("GET", "/admin/v1/openapi.json", m_adminToken);
    QCOMPARE(served.status, 200);
    m_served = served.body;
    m_document = json::parse(m_served, nullptr, false);
    QVERIFY2(m_document.is_object(), "the served document is not a JSON object");
}

void TestOpenApi::cleanupTestCase()
{
    if (m_daemon)
        m_daemon->shutdown();
}

void TestOpenApi::servedDocumentIsValidOpenApi31()
{
    QCOMPARE(m_document.value("openapi", std::string()), std::string("3.1.0"));
    const QString path = m_dir.filePath(QStringLiteral("openapi.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QByteArray::fromStdString(m_served));
    file.close();

    auto env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(
            QStringLiteral("NODE_PATH"))) { // the validator lives in the global module folder
        QProcess npm;
        npm.start(QStringLiteral("npm"), {QStringLiteral("root"), QStringLiteral("-g")});
        QVERIFY2(npm.waitForFinished(60000) && npm.exitCode() == 0,
                 "npm is not installed (packaging/install-deps.sh installs it)");
        env.insert(QStringLiteral("NODE_PATH"),
                   QString::fromUtf8(npm.readAllStandardOutput().trimmed()));
    }
    QProcess node;
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"), {qEnvironmentVariable("BULKHEAD_SOURCE_DIR") +
                                            QStringLiteral("/tests/support/validate-openapi.cjs"),
                                        path});
    QVERIFY2(node.waitForFinished(60000), "the OpenAPI validator did not finish");
    const QByteArray report = node.readAllStandardOutput() + node.readAllStandardError();
    QVERIFY2(node.exitCode() != 2,
             qPrintable(QStringLiteral(
                            "the OpenAPI validator cannot run (packaging/install-deps.sh installs "
                            "it): %1")
                            .arg(QString::fromUtf8(report))));
    QVERIFY2(node.exitCode() == 0, report.constData());
    QVERIFY2(report.startsWith("valid 3.1"), report.constData());
}

void TestOpenApi::committedFileEqualsServedDocument()
{
    QFile committed(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") +
                    QStringLiteral("/resources/openapi.json"));
    QVERIFY2(committed.open(QIODevice::ReadOnly), "resources/openapi.json is missing");
    const std::string bytes = committed.readAll().toStdString();
    QVERIFY2(bytes == m_served, "resources/openapi.json differs from what bulkheadd serves: run "
                                "`ninja bulkhead_openapi` and "
                                "commit the result");
    QVERIFY(m_served == daemon::openApiText()); // and the daemon serves exactly --openapi's text
}

void TestOpenApi::documentListsExactlyTheRouteTable()
{
    std::set<std::string> table;
    for (const auto &route : daemon::routeTable())
        table.insert(lower(boost::beast::http::to_string(route.method)) + " " +
                     std::string(route.pattern));
    const auto documented = documentedOperations(m_document);
    for (const auto &operation : table)
        QVERIFY2(documented.contains(operation), ("not in the document: " + operation).c_str());
    for (const auto &operation : documented)
        QVERIFY2(table.contains(operation),
                 ("documented but not in the route table: " + operation).c_str());
    QVERIFY(table.contains("get /admin/v1/openapi.json"));
    const auto stale = daemon::openApiStaleEntries();
    QVERIFY2(stale.empty(),
             ("schema catalogue entries without a route: " + (stale.empty() ? "" : stale.front()))
                 .c_str());
}

void TestOpenApi::summariesAndAccessComeFromTheTable()
{
    const auto &schemes = m_document.at("components").at("securitySchemes");
    QCOMPARE(schemes.at("tenantApiKey").value("scheme", std::string()), std::string("bearer"));
    QCOMPARE(schemes.at("adminToken").value("scheme", std::string()), std::string("bearer"));
    std::set<std::string> operationIds;
    for (const auto &route : daemon::routeTable()) {
        const auto &operation = m_document.at("paths")
                                    .at(std::string(route.pattern))
                                    .at(lower(boost::beast::http::to_string(route.method)));
        const std::string where = std::string(route.pattern);
        QVERIFY2(operation.value("summary", std::string()) == route.summary, where.c_str());
        QVERIFY2(operationIds.insert(operation.at("operationId").get<std::string>()).second,
                 where.c_str());
        const json &security = operation.at("security");
        std::string scheme;
        if (!security.empty())
            scheme = security.at(0).begin().key();
        if (route.pattern.starts_with("/v1/"))
            QVERIFY2(scheme == "tenantApiKey", where.c_str());
        else if (route.pattern.starts_with("/admin/v1/"))
            QVERIFY2(scheme == "adminToken", where.c_str());
        else
            QVERIFY2(security.empty(), where.c_str());
        // Every error answer is the one Error response.
        for (const auto &[status, response] : operation.at("responses").items())
            if (status == "default" || status.starts_with('4') || status.starts_with('5'))
                QVERIFY2(response.value("$ref", std::string()) == "#/components/responses/Error",
                         (where + " " + status).c_str());
    }
}

void TestOpenApi::errorCodesAreExactlyTheProtocolTable()
{
    const auto &error = m_document.at("components").at("schemas").at("Error");
    const json &codes = error.at("properties").at("error").at("properties").at("code").at("enum");
    std::vector<std::string> expected;
    for (const auto &entry : protocol::apiErrorTable())
        expected.emplace_back(entry.info.code);
    QCOMPARE(codes.get<std::vector<std::string>>(), expected);
    QVERIFY(expected.size() >= 30);
    QCOMPARE(m_document.at("components")
                 .at("responses")
                 .at("Error")
                 .at("content")
                 .at("application/json")
                 .at("schema")
                 .value("$ref", std::string()),
             std::string("#/components/schemas/Error"));
}

void TestOpenApi::everyDocumentedOperationIsServed()
{
    // A path outside the table is refused as route_not_found: the check below can fail.
    const auto unknown = request("GET", "/admin/v1/no-such-route", m_adminToken);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(errorCode(unknown.body), std::string("route_not_found"));
    const auto wrongMethod = request("PATCH", "/admin/v1/openapi.json", m_adminToken, "{}");
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(errorCode(wrongMethod.body), std::string("method_not_allowed"));

    for (const auto &operation : documentedOperations(m_document)) {
        const auto space = operation.find(' ');
        std::string method = operation.substr(0, space);
        for (auto &c : method)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const std::string path = concretePath(operation.substr(space + 1));
        const std::string &bearer = path.starts_with("/v1/") ? m_tenantKey : m_adminToken;
        // Bodies of writes are {}: refused as invalid, or (policy reload) harmless.
        const auto answer =
            request(method, path, bearer, method == "GET" || method == "DELETE" ? "" : "{}");
        const std::string where = operation + " (" + method + " " + path + ") answered " +
                                  std::to_string(answer.status) + ": " + answer.body.substr(0, 200);
        QVERIFY2(answer.status != 0, where.c_str());
        QVERIFY2(answer.status != 405, where.c_str());
        const std::string code = errorCode(answer.body);
        QVERIFY2(code != "route_not_found" && code != "method_not_allowed", where.c_str());
    }
}

void TestOpenApi::documentNeedsAnAdminToken()
{
    const auto anonymous = request("GET", "/admin/v1/openapi.json", "");
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(errorCode(anonymous.body), std::string("missing_admin_token"));
    const auto tenantKey = request("GET", "/admin/v1/openapi.json", m_tenantKey);
    QCOMPARE(tenantKey.status, 401);
    QCOMPARE(errorCode(tenantKey.body), std::string("invalid_admin_token"));

    // A tenant auditor's token reads it too.
    ctl::AdminClient admin(m_base, m_adminToken);
    const auto auditor =
        admin.call("POST", "/admin/v1/tokens", {{"role", "tenant-auditor"}, {"tenant", "alpha"}});
    QVERIFY(auditor.ok());
    const auto read =
        request("GET", "/admin/v1/openapi.json", auditor.body.at("token").get<std::string>());
    QCOMPARE(read.status, 200);
    QVERIFY(read.body == m_served);
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
