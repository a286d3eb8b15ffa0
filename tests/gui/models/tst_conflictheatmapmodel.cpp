#include "models/ConflictHeatmapModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::ConflictHeatmapModel;

namespace {

// A rule firing as backend/core/PolicyJson.cpp writes it (titles and tiers of BuiltinRules.cpp).
QJsonObject firing(const QString &id, int tier, const QString &title, const QStringList &triggeredBy)
{
    return QJsonObject{{"id", id},
                       {"version", 1},
                       {"tier", tier},
                       {"title", title},
                       {"triggered_by", QJsonArray::fromStringList(triggeredBy)},
                       {"rationale", QStringLiteral("Rationale of %1.").arg(id)}};
}

QJsonObject tenantDecision(const QString &id, int chosen, int minimum, const QJsonArray &rules)
{
    QJsonArray violated;
    for (const QJsonValue &r : rules)
        if (r.toObject().value("tier").toInt() > chosen)
            violated.append(r.toObject().value("id"));
    return QJsonObject{{"id", id},
                       {"chosen_tier", chosen},
                       {"minimum_tier", minimum},
                       {"violation", chosen < minimum},
                       {"violated_rules", violated},
                       {"rules", rules}};
}

const QString kR1 = QStringLiteral("R1-mixed-classifications");
const QString kR1Title = QStringLiteral("Different data classifications share the platform");
const QString kR2 = QStringLiteral("R2-external-or-adversarial");
const QString kR2High = QStringLiteral("R2-external-regulated-or-high-threat");
const QString kR3 = QStringLiteral("R3-fedramp-separation");
const QString kR3Title = QStringLiteral("FedRAMP data beside commercial tenants");
const QString kR4 = QStringLiteral("R4-external-phi-shared-platform");

// agency: CUI, external, high threat, FEDRAMP. property and claims: PII, internal, low.
// evaluatePolicy gives agency R1 (peers property, claims), both R2 rules (on itself) and R3
// (peers property, claims); property and claims each R1 because of agency only.
QJsonObject decision(bool agencyFedramp = true)
{
    QJsonArray agencyRules{firing(kR1, 2, kR1Title, {"property", "claims"}),
                           firing(kR2, 2, "External client or elevated adversarial threat", {"agency"}),
                           firing(kR2High, 3, "External client with its own regulatory posture, or high threat",
                                  {"agency"})};
    if (agencyFedramp)
        agencyRules.append(firing(kR3, 3, kR3Title, {"property", "claims"}));
    return QJsonObject{
        {"ruleset", QJsonObject{{"id", "bulkhead-isolation"}, {"version", "2026.11.1"}}},
        {"platform_assurance_tier", 1},
        {"violations", 2},
        {"tenants", QJsonArray{tenantDecision("agency", 3, 3, agencyRules),
                               tenantDecision("property", 1, 2, {firing(kR1, 2, kR1Title, {"agency"})}),
                               tenantDecision("claims", 1, 2, {firing(kR1, 2, kR1Title, {"agency"})})}}};
}

} // namespace

class ConflictHeatmapModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pairsFromPeerRules()
    {
        ConflictHeatmapModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setDecision(decision());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("agency"));
        QCOMPARE(model.headerData(2, Qt::Vertical).toString(), QStringLiteral("claims"));

        // agency x property: R3 forces tier 3, from either side of the diagonal.
        for (const QModelIndex &cell : {model.index(0, 1), model.index(1, 0)}) {
            QCOMPARE(cell.data().toInt(), 3);
            QCOMPARE(cell.data(ConflictHeatmapModel::TierRole).toInt(), 3);
            QCOMPARE(cell.data(ConflictHeatmapModel::RuleIdsRole).toStringList(), QStringList({kR1, kR3}));
            QCOMPARE(cell.data(Qt::BackgroundRole).value<QBrush>().color(), ConflictHeatmapModel::tierColor(3));
            QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(kR3));
        }
        // R1 fired on agency (naming property) and on property (naming agency): both listed.
        const QStringList rules = model.index(0, 1).data(ConflictHeatmapModel::RulesRole).toStringList();
        QCOMPARE(rules.count(kR1 + ": " + kR1Title), 2);
        QVERIFY(rules.contains(kR3 + ": " + kR3Title));
        QCOMPARE(model.index(2, 0).data().toInt(), 3);

        // property x claims: same classifications, no rule names the other.
        const QModelIndex none = model.index(1, 2);
        QVERIFY(!none.data().isValid());
        QVERIFY(!none.data(Qt::BackgroundRole).isValid());
        QCOMPARE(none.data(ConflictHeatmapModel::TierRole).toInt(), 0);
        QVERIFY(none.data(ConflictHeatmapModel::RulesRole).toStringList().isEmpty());
        QVERIFY(model.conflicts(1, 2).isEmpty());

        // The R2 rules name agency itself: never a pair, so the diagonal stays empty.
        QVERIFY(!model.index(0, 0).data().isValid());
        QVERIFY(model.conflicts(0, 0).isEmpty());
    }

    void conflictsCarryRationale()
    {
        ConflictHeatmapModel model;
        model.setDecision(decision());
        const auto conflicts = model.conflicts(0, 2);
        QCOMPARE(conflicts.size(), 3);  // R1 on agency, R3 on agency, R1 on claims
        bool sawR3 = false;
        for (const auto &c : conflicts) {
            if (c.ruleId == kR3) {
                sawR3 = true;
                QCOMPARE(c.subject, QStringLiteral("agency"));
                QCOMPARE(c.peer, QStringLiteral("claims"));
                QCOMPARE(c.tier, 3);
                QCOMPARE(c.rationale, QStringLiteral("Rationale of %1.").arg(kR3));
            }
        }
        QVERIFY(sawR3);
    }

    void sameIdsUpdateInPlace()
    {
        ConflictHeatmapModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDecision(decision());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // agency drops FEDRAMP: R3 no longer fires, only R1's tier 2 separates the pair.
        model.setDecision(decision(false));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed[0][1].value<QModelIndex>(), model.index(2, 2));
        QCOMPARE(model.index(0, 1).data().toInt(), 2);
        QCOMPARE(model.index(0, 1).data(ConflictHeatmapModel::RuleIdsRole).toStringList(), QStringList({kR1}));
        QCOMPARE(model.index(0, 1).data(Qt::BackgroundRole).value<QBrush>().color(),
                 ConflictHeatmapModel::tierColor(2));
    }

    void newTenantResets()
    {
        ConflictHeatmapModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDecision(decision());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // hospital: PHI, external, medium: R4 fires because of every other tenant.
        QJsonObject next = decision();
        QJsonArray tenants = next.value("tenants").toArray();
        tenants.append(tenantDecision(
            "hospital", 2, 3,
            {firing(kR4, 3, "External client's PHI on a shared platform", {"agency", "property", "claims"})}));
        next.insert("tenants", tenants);
        model.setDecision(next);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(3, 2).data().toInt(), 3);
        QCOMPARE(model.index(2, 3).data(ConflictHeatmapModel::RuleIdsRole).toStringList(), QStringList({kR4}));
        QVERIFY(!model.index(1, 2).data().isValid());

        model.setDecision({});
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(ConflictHeatmapModelTest)
#include "tst_conflictheatmapmodel.moc"
