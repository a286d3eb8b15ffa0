// bulkheadctl prints a failed admin call from the protocol's one error table: every code of it
// is judged by its own row (usage error or failure), whatever HTTP status carried it; a code
// outside the table is printed as it came and judged by the status.
#include "ctl/ApiFailure.h"
#include "protocol/ApiError.h"

#include <QtTest>
#include <sstream>

using namespace bulkhead;
using nlohmann::json;

class TestApiFailure final : public QObject
{
    Q_OBJECT

    static int report(const json &body, int status, std::string &err, std::string &out,
                      bool asJson = false)
    {
        std::ostringstream o, e;
        ctl::CliContext ctx{{}, asJson, {}, {}, o, e};
        const int exit = ctl::reportApiFailure(ctx, {status, body});
        err = e.str();
        out = o.str();
        return exit;
    }

private Q_SLOTS:
    void everyTableCodeIsJudgedByItsRow()
    {
        for (const auto &entry : protocol::apiErrorTable()) {
            const std::string code(entry.info.code);
            std::string err, out;
            // A status that disagrees with the row: the row decides.
            const int exit =
                report({{"error", {{"code", code}, {"message", "words"}}}}, 599, err, out);
            const int status = entry.info.httpStatus;
            const int expected =
                status >= 400 && status < 500 && status != 401 && status != 403 ? 2 : 1;
            QVERIFY2(exit == expected, code.c_str());
            QVERIFY2(err == "bulkheadctl: words (" + code + ")\n", err.c_str());
            QVERIFY(out.empty());
        }
    }

    void codesOutsideTheTableFollowTheStatus()
    {
        std::string err, out;
        QCOMPARE(report({{"error", {{"code", "connection_failed"}, {"message", "no daemon"}}}}, 0,
                        err, out),
                 1);
        QCOMPARE(err, std::string("bulkheadctl: no daemon (connection_failed)\n"));
        QCOMPARE(report({{"error", {{"code", "brand_new"}}}}, 422, err, out), 2);
        QCOMPARE(err, std::string("bulkheadctl: request failed (brand_new)\n"));
    }

    void hostileBodiesStillPrint()
    {
        std::string err, out;
        QCOMPARE(report(json::array({1, 2}), 500, err, out), 1);
        QCOMPARE(err, std::string("bulkheadctl: request failed (unknown)\n"));
        QCOMPARE(report({{"error", {{"code", 7}, {"message", json::object()}}}}, 400, err, out), 2);
        QCOMPARE(err, std::string("bulkheadctl: request failed (unknown)\n"));
        QCOMPARE(report({{"error", "flat"}}, 503, err, out, true), 1);
        QVERIFY(json::parse(out) == json({{"error", "flat"}}));
    }
};

QTEST_GUILESS_MAIN(TestApiFailure)
#include "tst_apifailure.moc"
