#include "models/AdminError.h"
#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/TenantDialog.h"
#include "ui/TenantRemoveDialog.h"
#include "ui/TenantsView.h"
#include <QTableView>
#include <QTextBrowser>

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTextBrowser>
#include <QtTest>

using bulkhead::models::ConsoleSession;
using bulkhead::models::TenantTableModel;
using bulkhead::ui::TenantDialog;
using bulkhead::ui::TenantRemoveDialog;

namespace {

// Answers every connection on 127.0.0.1 with one canned response and keeps the first request
// (headers and body) it saw.
class CannedServer : public QObject
{
public:
    explicit CannedServer(QByteArray response) : m_response(std::move(response))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            auto *buffer = new QByteArray;
            connect(socket, &QObject::destroyed, socket, [buffer] { delete buffer; });
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                qsizetype length = 0;
                for (const QByteArray &line : buffer->left(end).split('\n'))
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                if (buffer->size() < end + 4 + length)
                    return;
                if (m_first.isEmpty())
                    m_first = *buffer;
                socket->write(m_response);
                socket->disconnectFromHost();
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    QByteArray firstRequest() const { return m_first; }
    QJsonObject firstBody() const
    {
        return QJsonDocument::fromJson(m_first.mid(m_first.indexOf("\r\n\r\n") + 4)).object();
    }

private:
    QTcpServer m_server;
    QByteArray m_response;
    QByteArray m_first;
};

QByteArray httpResponse(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n"
           "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

template <typename T> T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

TenantTableModel::Tenant propertyTenant()
{
    TenantTableModel::Tenant t;
    t.id = QStringLiteral("property");
    t.name = QStringLiteral("Property");
    t.classifications = {QStringLiteral("PII")};
    t.relationship = QStringLiteral("external");
    t.threat = QStringLiteral("medium");
    t.regimes = {QStringLiteral("GDPR")};
    t.chosenTier = 1;
    t.version = 4;
    return t;
}

} // namespace

class TenantDialogTest : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;

private Q_SLOTS:
    void hasItsWidgets()
    {
        ConsoleSession session(&m_network);
        TenantDialog dialog(&session);
        QCOMPARE(dialog.objectName(), QStringLiteral("tenantDialog"));
        for (const char *name : {"tenantIdEdit", "tenantNameEdit", "tenantRelationshipCombo", "tenantThreatCombo",
                                 "tenantTierCombo", "tenantDialogError", "classification_PHI",
                                 "classification_PRIVILEGED", "regime_FEDRAMP", "regime_STATE_GOVERNANCE"})
            QVERIFY2(dialog.findChild<QWidget *>(QString::fromLatin1(name)), name);
        QCOMPARE(child<QComboBox>(&dialog, "tenantTierCombo")->count(), 3);
    }

    void validation_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("valid") << "life_health" << "Life & Health" << true;
        QTest::newRow("two characters") << "ab" << "AB" << true;
        QTest::newRow("empty id") << "" << "Name" << false;
        QTest::newRow("one character") << "a" << "Name" << false;
        QTest::newRow("upper case") << "Life" << "Name" << false;
        QTest::newRow("leading digit") << "1life" << "Name" << false;
        QTest::newRow("hyphen") << "life-health" << "Name" << false;
        QTest::newRow("reserved") << "platform" << "Platform" << false;
        QTest::newRow("empty name (the daemon uses the id)") << "life" << "" << true;
        QTest::newRow("blank name") << "life" << "   " << false;
        QTest::newRow("control character") << "life" << "Life\tHealth" << false;
        QTest::newRow("200 characters") << "life" << QString(200, QLatin1Char('x')) << true;
        QTest::newRow("201 characters") << "life" << QString(201, QLatin1Char('x')) << false;
    }

    void validation()
    {
        QFETCH(QString, id);
        QFETCH(QString, name);
        QFETCH(bool, valid);
        ConsoleSession session(&m_network);
        TenantDialog dialog(&session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *ok = child<QPushButton>(&dialog, "tenantDialogOkButton");
        auto *error = child<QLabel>(&dialog, "tenantDialogError");
        // The id edit caps at 31 characters like the daemon; type so that signals fire.
        child<QLineEdit>(&dialog, "tenantIdEdit")->setText(id);
        child<QLineEdit>(&dialog, "tenantNameEdit")->setText(name);
        QCOMPARE(dialog.isValid(), valid);
        QCOMPARE(ok->isEnabled(), valid);
        QCOMPARE(error->isVisible(), !valid);
        QCOMPARE(error->text().isEmpty(), valid);
    }

    void tooLongIdIsCut()
    {
        ConsoleSession session(&m_network);
        TenantDialog dialog(&session);
        QTest::keyClicks(child<QLineEdit>(&dialog, "tenantIdEdit"), QString(40, QLatin1Char('a')));
        QCOMPARE(dialog.tenantId().size(), 31);
    }

    void errorNamesTheProblemAndClearsWhenFixed()
    {
        ConsoleSession session(&m_network);
        TenantDialog dialog(&session);
        auto *ok = child<QPushButton>(&dialog, "tenantDialogOkButton");
        auto *error = child<QLabel>(&dialog, "tenantDialogError");
        QTest::keyClicks(child<QLineEdit>(&dialog, "tenantIdEdit"), QStringLiteral("Bad Id"));
        QTest::keyClicks(child<QLineEdit>(&dialog, "tenantNameEdit"), QStringLiteral("Bad"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(error->text().contains(QStringLiteral("lower-case")));
        child<QLineEdit>(&dialog, "tenantIdEdit")->setText(QStringLiteral("good_id"));
        QVERIFY(ok->isEnabled());
        QVERIFY(error->text().isEmpty());
    }

    void addBody()
    {
        ConsoleSession session(&m_network);
        TenantDialog dialog(&session);
        child<QLineEdit>(&dialog, "tenantIdEdit")->setText(QStringLiteral("agency"));
        child<QLineEdit>(&dialog, "tenantNameEdit")->setText(QStringLiteral("Agency"));
        // Ticked out of order: the body keeps the daemon's order.
        child<QCheckBox>(&dialog, "classification_PRIVILEGED")->setChecked(true);
        child<QCheckBox>(&dialog, "classification_CUI")->setChecked(true);
        child<QCheckBox>(&dialog, "regime_FEDRAMP")->setChecked(true);
        auto *relationship = child<QComboBox>(&dialog, "tenantRelationshipCombo");
        relationship->setCurrentIndex(relationship->findData(QStringLiteral("external")));
        auto *threat = child<QComboBox>(&dialog, "tenantThreatCombo");
        threat->setCurrentIndex(threat->findData(QStringLiteral("high")));
        auto *tier = child<QComboBox>(&dialog, "tenantTierCombo");
        tier->setCurrentIndex(tier->findData(3));

        const QJsonObject expected{{"id", "agency"},
                                   {"name", "Agency"},
                                   {"classifications", QJsonArray{"CUI", "PRIVILEGED"}},
                                   {"relationship", "external"},
                                   {"threat", "high"},
                                   {"regimes", QJsonArray{"FEDRAMP"}},
                                   {"tier", 3}};
        QCOMPARE(dialog.requestBody(), expected);
        QVERIFY(!dialog.isEditing());
    }

    void editBodyCarriesVersionNotId()
    {
        ConsoleSession session(&m_network);
        TenantDialog dialog(&session);
        dialog.setTenant(propertyTenant());
        QVERIFY(dialog.isEditing());
        QVERIFY(child<QLineEdit>(&dialog, "tenantIdEdit")->isReadOnly());
        QVERIFY(child<QCheckBox>(&dialog, "classification_PII")->isChecked());
        QVERIFY(child<QCheckBox>(&dialog, "regime_GDPR")->isChecked());
        child<QCheckBox>(&dialog, "classification_PHI")->setChecked(true);
        const QJsonObject body = dialog.requestBody();
        QVERIFY(!body.contains("id"));
        QCOMPARE(body.value("version").toInteger(), 4);
        QCOMPARE(body.value("classifications").toArray(), QJsonArray({"PHI", "PII"}));
        QCOMPARE(body.value("relationship").toString(), QStringLiteral("external"));
        QCOMPARE(body.value("threat").toString(), QStringLiteral("medium"));
        QCOMPARE(body.value("tier").toInt(), 1);
    }

    void serverErrorKeepsTheDialogOpen()
    {
        CannedServer server(httpResponse(
            400, R"({"error":{"code":"invalid_request","message":"name: server words","param":"name"}})"));
        ConsoleSession session(&m_network);
        session.admin()->setBaseUrl(server.url());
        session.admin()->setToken(QStringLiteral("bh_admin_test"));
        TenantDialog dialog(&session);
        dialog.open();
        dialog.setTenant(propertyTenant());
        QSignalSpy saved(&dialog, &TenantDialog::saved);
        QSignalSpy finished(&dialog, &QDialog::finished);
        auto *error = child<QLabel>(&dialog, "tenantDialogError");
        dialog.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!error->text().isEmpty(), 5000);
        QVERIFY(server.firstRequest().startsWith("PATCH /admin/v1/tenants/property "));
        QVERIFY(server.firstRequest().contains("If-Match: 4\r\n"));
        QCOMPARE(server.firstBody().value("version").toInteger(), 4);
        QCOMPARE(error->text(), QStringLiteral("%1 (field: name)")
                                    .arg(bulkhead::models::describeAdminError(
                                        bulkhead::protocol::ApiErrorCode::InvalidRequest)));
        QVERIFY(!error->text().contains(QStringLiteral("server words")));
        QCOMPARE(saved.count(), 0);
        QCOMPARE(finished.count(), 0);
        QVERIFY(dialog.isVisible());
        // Editing again clears the stale server error.
        child<QLineEdit>(&dialog, "tenantNameEdit")->setText(QStringLiteral("Property Two"));
        QVERIFY(error->text().isEmpty());
    }

    void successSavesAndCloses()
    {
        CannedServer server(httpResponse(201, R"({"id":"agency","name":"Agency","version":1})"));
        ConsoleSession session(&m_network);
        session.admin()->setBaseUrl(server.url());
        TenantDialog dialog(&session);
        dialog.open();
        child<QLineEdit>(&dialog, "tenantIdEdit")->setText(QStringLiteral("agency"));
        child<QLineEdit>(&dialog, "tenantNameEdit")->setText(QStringLiteral("Agency"));
        QSignalSpy saved(&dialog, &TenantDialog::saved);
        dialog.submit();
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved[0][0].toString(), QStringLiteral("agency"));
        QVERIFY(server.firstRequest().startsWith("POST /admin/v1/tenants "));
        QCOMPARE(server.firstBody().value("id").toString(), QStringLiteral("agency"));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
    }

    void removalNeedsTheIdTypedAgain()
    {
        CannedServer server(httpResponse(200, R"({"id":"property","removed":true,"incarnation":"x"})"));
        ConsoleSession session(&m_network);
        session.admin()->setBaseUrl(server.url());
        TenantRemoveDialog dialog(&session, QStringLiteral("property"), 4);
        dialog.open();
        auto *remove = child<QPushButton>(&dialog, "removeTenantButton");
        auto *confirm = child<QLineEdit>(&dialog, "confirmTenantIdEdit");
        QVERIFY(child<QLabel>(&dialog, "removalSummary")->text().contains(QStringLiteral("<b>property</b>")));
        QSignalSpy sent(session.admin(), &bulkhead::models::AdminClient::requestSent);
        QSignalSpy removed(&dialog, &TenantRemoveDialog::removed);
        for (const QString &typed : {QString(), QStringLiteral("propert"), QStringLiteral("Property"),
                                    QStringLiteral("property ")}) {
            confirm->setText(typed);
            QVERIFY2(!remove->isEnabled(), qPrintable(typed));
            dialog.submit();  // refused synchronously: a request would have left inside it
            QCOMPARE(sent.count(), 0);
        }
        confirm->setText(QStringLiteral("property"));
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(sent.count(), 1);
        QCOMPARE(sent[0][0].toByteArray(), QByteArray("DELETE"));
        QVERIFY(removed.wait(5000));  // then the session reloads what it shows
        QVERIFY2(server.firstRequest().startsWith("DELETE /admin/v1/tenants/property?version=4&confirm=property "),
                 server.firstRequest().left(120).constData());
        QCOMPARE(removed[0][0].toString(), QStringLiteral("property"));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void removalRefusedByTheServerKeepsTheDialogOpen()
    {
        CannedServer server(httpResponse(
            409, R"({"error":{"code":"version_conflict","message":"changed","param":"version"}})"));
        ConsoleSession session(&m_network);
        session.admin()->setBaseUrl(server.url());
        TenantRemoveDialog dialog(&session, QStringLiteral("property"), 3);
        dialog.open();
        QSignalSpy removed(&dialog, &TenantRemoveDialog::removed);
        auto *error = child<QLabel>(&dialog, "removalError");
        child<QLineEdit>(&dialog, "confirmTenantIdEdit")->setText(QStringLiteral("property"));
        dialog.submit();
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 5000);
        QVERIFY(!error->text().isEmpty());
        QCOMPARE(removed.count(), 0);
        QVERIFY(dialog.isVisible());
        QVERIFY(child<QPushButton>(&dialog, "removeTenantButton")->isEnabled());
    }

    void invalidEntryIsNotSent()
    {
        CannedServer server(httpResponse(201, "{}"));
        ConsoleSession session(&m_network);
        session.admin()->setBaseUrl(server.url());
        TenantDialog dialog(&session);
        child<QLineEdit>(&dialog, "tenantIdEdit")->setText(QStringLiteral("X"));
        QSignalSpy saved(&dialog, &TenantDialog::saved);
        // submit() decides synchronously: a request would have left inside it.
        QSignalSpy sent(session.admin(), &bulkhead::models::AdminClient::requestSent);
        dialog.submit();
        QCOMPARE(sent.count(), 0);
        QCOMPARE(saved.count(), 0);
        QVERIFY(!child<QLabel>(&dialog, "tenantDialogError")->text().isEmpty());
        // A valid id then sends exactly one request: the spy does see what submit() sends.
        child<QLineEdit>(&dialog, "tenantIdEdit")->setText(QStringLiteral("agency"));
        child<QLineEdit>(&dialog, "tenantNameEdit")->setText(QStringLiteral("Agency"));
        dialog.submit();
        QCOMPARE(sent.count(), 1);
        QCOMPARE(sent[0][0].toByteArray(), QByteArray("POST"));
    }
    // One canned body answers whoami, the tenant list and the policy decision alike: the
    // tenants carry both the inventory fields and the decision's rules.
    void tenantsViewOpensDialogAndExplains()
    {
        const QJsonObject rule{{"id", "R1-mixed-classifications"}, {"version", 1}, {"tier", 2},
                               {"title", "Different data classifications share the platform"},
                               {"triggered_by", QJsonArray{"life"}}, {"rationale", "Needs its own schema."}};
        const QJsonObject body{
            {"role", "platform-admin"},
            {"tenants", QJsonArray{QJsonObject{{"id", "property"}, {"name", "Property"},
                                               {"classifications", QJsonArray{"PII"}}, {"relationship", "internal"},
                                               {"threat", "low"}, {"regimes", QJsonArray()}, {"tier", 1},
                                               {"chosen_tier", 1}, {"version", 4}, {"minimum_tier", 2},
                                               {"violation", true}, {"rules", QJsonArray{rule}}},
                                   QJsonObject{{"id", "life"}, {"name", "Life"},
                                               {"classifications", QJsonArray{"PHI"}}, {"relationship", "internal"},
                                               {"threat", "low"}, {"regimes", QJsonArray()}, {"tier", 2},
                                               {"chosen_tier", 2}, {"version", 2}, {"minimum_tier", 2},
                                               {"violation", false}, {"rules", QJsonArray()}}}}};
        CannedServer server(httpResponse(200, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        ConsoleSession session(&m_network);
        QWidget host;
        auto *view = new bulkhead::ui::TenantsView(&session, &host);
        auto *add = child<QPushButton>(view, "addTenantButton");
        auto *edit = child<QPushButton>(view, "editTenantButton");
        QVERIFY(add && edit);
        QVERIFY(!add->isEnabled());
        QVERIFY(!view->openAddDialog());

        QSignalSpy decided(&session, &ConsoleSession::decisionChanged);
        session.connectTo(server.url(), QStringLiteral("bh_admin_test"));
        QVERIFY(decided.wait(5000));
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin() && session.tenants()->rowCount() == 2, 5000);
        QVERIFY(add->isEnabled());
        QVERIFY(!edit->isEnabled());

        view->selectTenant(QStringLiteral("property"));
        QCOMPARE(view->selectedTenantId(), QStringLiteral("property"));
        QVERIFY(edit->isEnabled());
        const QString rationale = child<QTextBrowser>(view, "tenantRationaleText")->toPlainText();
        QVERIFY2(rationale.contains(QStringLiteral("Violation")), qPrintable(rationale));
        QVERIFY(rationale.contains(QStringLiteral("R1-mixed-classifications")));
        QVERIFY(rationale.contains(QStringLiteral("Needs its own schema.")));
        QVERIFY(rationale.contains(QStringLiteral("life")));

        TenantDialog *dialog = view->openEditDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->tenantId(), QStringLiteral("property"));
        QCOMPARE(dialog->requestBody().value("version").toInteger(), 4);
        dialog->reject();
    }
};

QTEST_MAIN(TenantDialogTest)
#include "tst_tenantdialog.moc"
