#include "ui/MatrixView.h"

#include "models/ClassificationMatrixModel.h"
#include "models/ConflictHeatmapModel.h"
#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/RotatedHeaderView.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {
constexpr int kHeatmapCellSize = 34;
}

MatrixView::MatrixView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent),
      m_matrix(new models::ClassificationMatrixModel(this)),
      m_heatmap(new models::ConflictHeatmapModel(this))
{
    setObjectName(QStringLiteral("matrixPage"));
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter, 1);

    auto *matrixBox = new QGroupBox(tr("Data classifications per tenant", "matrix view group"), splitter);
    auto *matrixLayout = new QVBoxLayout(matrixBox);
    auto *matrixLabel = new QLabel(tr("Tick a classification to change the tenant; the &minimum tier "
                                      "follows from the policy engine.", "matrix view hint"), matrixBox);
    matrixLabel->setWordWrap(true);
    m_matrixTable = new QTableView(matrixBox);
    m_matrixTable->setObjectName(QStringLiteral("classificationMatrixTable"));
    m_matrixTable->setAccessibleName(tr("Classification matrix", "accessible name"));
    m_matrixTable->setModel(m_matrix);
    m_matrixTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrixTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    matrixLabel->setBuddy(m_matrixTable);
    m_status = new QLabel(matrixBox);
    m_status->setObjectName(QStringLiteral("matrixStatusText"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    matrixLayout->addWidget(matrixLabel);
    matrixLayout->addWidget(m_matrixTable, 1);
    matrixLayout->addWidget(m_status);

    auto *heatBox = new QGroupBox(tr("Conflicts between tenants", "matrix view group"), splitter);
    auto *heatLayout = new QVBoxLayout(heatBox);
    auto *heatLabel = new QLabel(tr("Each &cell shows the tier a rule forces on the pair; select one "
                                    "to see why.", "matrix view hint"), heatBox);
    heatLabel->setWordWrap(true);
    m_heatmapTable = new QTableView(heatBox);
    m_heatmapTable->setObjectName(QStringLiteral("conflictHeatmapTable"));
    m_heatmapTable->setAccessibleName(tr("Conflict heatmap", "accessible name"));
    m_heatmapTable->setHorizontalHeader(new RotatedHeaderView(m_heatmapTable));
    m_heatmapTable->setModel(m_heatmap);
    m_heatmapTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_heatmapTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (QHeaderView *header : {m_heatmapTable->horizontalHeader(), m_heatmapTable->verticalHeader()}) {
        header->setSectionResizeMode(QHeaderView::Fixed);
        header->setDefaultSectionSize(kHeatmapCellSize);
        header->setMinimumSectionSize(kHeatmapCellSize);
    }
    // Square cells: the column headers read bottom to top so whole ids fit; the row header
    // and the headers' tooltips show them too.
    heatLabel->setBuddy(m_heatmapTable);
    m_explanation = new QLabel(heatBox);
    m_explanation->setObjectName(QStringLiteral("heatmapExplanationText"));
    m_explanation->setAccessibleName(tr("Explanation of the selected pair", "accessible name"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    heatLayout->addWidget(heatLabel);
    heatLayout->addWidget(m_heatmapTable, 1);
    heatLayout->addWidget(m_explanation);
    setTabOrder(m_matrixTable, m_heatmapTable);

    connect(m_matrix, &models::ClassificationMatrixModel::changeRequested, this,
            &MatrixView::requestClassificationChange);
    connect(m_heatmapTable->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { explainPair(current.row(), current.column()); });
    connect(session, &models::ConsoleSession::tenantsChanged, this, &MatrixView::reloadTenants);
    connect(session, &models::ConsoleSession::decisionChanged, this, &MatrixView::reloadDecision);
    connect(session, &models::ConsoleSession::principalChanged, this,
            [this] { m_matrix->setEditable(this->session()->isPlatformAdmin()); });
    m_matrix->setEditable(session->isPlatformAdmin());
    reloadTenants();
    reloadDecision();
    explainPair(-1, -1);
}

QString MatrixView::title() const
{
    return tr("&Classification matrix", "navigation entry");
}

void MatrixView::activate()
{
    session()->refresh();
}

void MatrixView::reloadTenants()
{
    m_matrix->setTenants(models::ClassificationMatrixModel::tenantsJson(*session()->tenants()));
}

void MatrixView::reloadDecision()
{
    const QModelIndex current = m_heatmapTable->currentIndex();
    m_matrix->setDecision(session()->decision());
    m_heatmap->setDecision(session()->decision());
    explainPair(current.row(), current.column());
}

void MatrixView::requestClassificationChange(const QString &tenantId, const QStringList &classifications,
                                             qint64 version)
{
    QJsonObject body;
    body.insert(QLatin1StringView("classifications"), QJsonArray::fromStringList(classifications));
    body.insert(QLatin1StringView("version"), version);
    m_status->setText(tr("Saving the classifications of %1…", "matrix view status: tenant id").arg(tenantId));
    session()->admin()->call("PATCH", QStringLiteral("/admin/v1/tenants/") + tenantId, {}, body, this,
                             [this, tenantId](const models::AdminResult &result) {
                                 if (!result.ok()) {
                                     m_status->setText(
                                         tr("The classifications of %1 were not changed: %2",
                                            "matrix view status: tenant id, error sentence")
                                             .arg(tenantId, models::describeAdminError(result.error)));
                                     // A version conflict means our copy is stale: fetch it again.
                                     session()->refresh();
                                     return;
                                 }
                                 m_status->setText(tr("Saved the classifications of %1.",
                                                      "matrix view status: tenant id").arg(tenantId));
                                 session()->refresh();
                             },
                             version);
}

void MatrixView::explainPair(int row, int column)
{
    const QStringList ids = m_heatmap->tenantIds();
    if (row < 0 || column < 0 || row >= ids.size() || column >= ids.size()) {
        m_explanation->setText(tr("Select a cell to see which rules keep two tenants apart.",
                                  "heatmap explanation"));
        return;
    }
    if (row == column) {
        m_explanation->setText(tr("%1 is the same tenant on both axes.", "heatmap explanation: tenant id")
                                   .arg(ids[row]));
        return;
    }
    const auto conflicts = m_heatmap->conflicts(row, column);
    if (conflicts.isEmpty()) {
        m_explanation->setText(tr("No rule separates %1 and %2: they may share tier 1.",
                                  "heatmap explanation: two tenant ids").arg(ids[row], ids[column]));
        return;
    }
    QStringList lines{tr("%1 and %2 must be kept apart at tier %3 or above.",
                         "heatmap explanation: two tenant ids, tier")
                          .arg(ids[row], ids[column]).arg(m_heatmap->tier(row, column))};
    for (const auto &c : conflicts)
        lines << tr("%1 (%2, tier %3) applies to %4 because of %5: %6",
                    "heatmap explanation line: rule title, rule id, tier, tenant, peer tenant, rationale")
                     .arg(c.title, c.ruleId).arg(c.tier).arg(c.subject, c.peer, c.rationale);
    m_explanation->setText(lines.join(QLatin1Char('\n')));
}

} // namespace bulkhead::ui
