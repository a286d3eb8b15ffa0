#include "ui/TenantDialog.h"

#include "models/ClassificationMatrixModel.h"
#include "models/ConsoleSession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {

// backend/core/Domain.cpp spells these; the daemon rejects anything else.
const QStringList &regimeCodes()
{
    static const QStringList codes{QStringLiteral("HIPAA_BAA"), QStringLiteral("FEDRAMP"),
                                   QStringLiteral("OCC_HEIGHTENED"), QStringLiteral("PCI_DSS"),
                                   QStringLiteral("GDPR"), QStringLiteral("STATE_GOVERNANCE")};
    return codes;
}

// backend/core/TenantValidation.h
constexpr qsizetype kMaxTenantNameCodePoints = 200;

} // namespace

TenantDialog::TenantDialog(models::ConsoleSession *session, QWidget *parent)
    : QDialog(parent), m_session(session)
{
    setObjectName(QStringLiteral("tenantDialog"));
    setWindowTitle(tr("Add tenant", "tenant dialog title"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("tenantIdEdit"));
    m_id->setAccessibleName(tr("Tenant id", "accessible name"));
    m_id->setPlaceholderText(tr("for example life_health", "tenant id placeholder"));
    m_id->setMaxLength(31);
    form->addRow(tr("&Id:", "tenant dialog label"), m_id);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("tenantNameEdit"));
    m_name->setAccessibleName(tr("Tenant name", "accessible name"));
    form->addRow(tr("&Name:", "tenant dialog label"), m_name);

    auto *classBox = new QGroupBox(tr("Data classifications", "tenant dialog group"), this);
    auto *classGrid = new QGridLayout(classBox);
    const QStringList classes = models::ClassificationMatrixModel::classificationCodes();
    for (qsizetype i = 0; i < classes.size(); ++i) {
        auto *box = new QCheckBox(classes[i], classBox);
        box->setObjectName(QStringLiteral("classification_") + classes[i]);
        box->setAccessibleName(tr("Classification %1", "accessible name: classification code").arg(classes[i]));
        classGrid->addWidget(box, int(i / 3), int(i % 3));
        m_classifications.insert(classes[i], box);
    }
    layout->addWidget(classBox);

    auto *postureForm = new QFormLayout;
    m_relationship = new QComboBox(this);
    m_relationship->setObjectName(QStringLiteral("tenantRelationshipCombo"));
    m_relationship->setAccessibleName(tr("Relationship", "accessible name"));
    m_relationship->addItem(tr("Internal", "tenant relationship"), QStringLiteral("internal"));
    m_relationship->addItem(tr("External client", "tenant relationship"), QStringLiteral("external"));
    postureForm->addRow(tr("&Relationship:", "tenant dialog label"), m_relationship);

    m_threat = new QComboBox(this);
    m_threat->setObjectName(QStringLiteral("tenantThreatCombo"));
    m_threat->setAccessibleName(tr("Adversarial threat", "accessible name"));
    m_threat->addItem(tr("Low", "tenant threat level"), QStringLiteral("low"));
    m_threat->addItem(tr("Medium", "tenant threat level"), QStringLiteral("medium"));
    m_threat->addItem(tr("High", "tenant threat level"), QStringLiteral("high"));
    postureForm->addRow(tr("&Threat:", "tenant dialog label"), m_threat);
    layout->addLayout(postureForm);

    auto *regimeBox = new QGroupBox(tr("Regulatory regimes", "tenant dialog group"), this);
    auto *regimeGrid = new QGridLayout(regimeBox);
    for (qsizetype i = 0; i < regimeCodes().size(); ++i) {
        const QString &code = regimeCodes()[i];
        auto *box = new QCheckBox(code, regimeBox);
        box->setObjectName(QStringLiteral("regime_") + code);
        box->setAccessibleName(tr("Regime %1", "accessible name: regime code").arg(code));
        regimeGrid->addWidget(box, int(i / 3), int(i % 3));
        m_regimes.insert(code, box);
    }
    layout->addWidget(regimeBox);

    auto *tierForm = new QFormLayout;
    m_tier = new QComboBox(this);
    m_tier->setObjectName(QStringLiteral("tenantTierCombo"));
    m_tier->setAccessibleName(tr("Isolation tier", "accessible name"));
    m_tier->addItem(tr("Tier 1: shared namespace", "isolation tier"), 1);
    m_tier->addItem(tr("Tier 2: schema, role and key per tenant", "isolation tier"), 2);
    m_tier->addItem(tr("Tier 3: dedicated infrastructure", "isolation tier"), 3);
    tierForm->addRow(tr("Isolation t&ier:", "tenant dialog label"), m_tier);
    layout->addLayout(tierForm);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("tenantDialogError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #a4262c;"));
    m_error->setAccessibleName(tr("Problem with this tenant", "accessible name"));
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("tenantDialogButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("tenantDialogOkButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("tenantDialogCancelButton"));
    layout->addWidget(m_buttons);
    // OK sends the request; the dialog closes only when the daemon accepted it.
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TenantDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Any edit makes a previous server error stale.
    const auto edited = [this] {
        m_serverError.clear();
        revalidate();
    };
    connect(m_id, &QLineEdit::textChanged, this, edited);
    connect(m_name, &QLineEdit::textChanged, this, edited);
    for (QCheckBox *box : std::as_const(m_classifications))
        connect(box, &QCheckBox::toggled, this, edited);
    for (QCheckBox *box : std::as_const(m_regimes))
        connect(box, &QCheckBox::toggled, this, edited);
    for (QComboBox *combo : {m_relationship, m_threat, m_tier})
        connect(combo, &QComboBox::currentIndexChanged, this, edited);

    // Tab order follows the form top to bottom.
    QWidget *previous = m_id;
    const auto chain = [&previous, this](QWidget *next) {
        setTabOrder(previous, next);
        previous = next;
    };
    chain(m_name);
    for (const QString &code : classes)
        chain(m_classifications.value(code));
    chain(m_relationship);
    chain(m_threat);
    for (const QString &code : regimeCodes())
        chain(m_regimes.value(code));
    chain(m_tier);
    chain(m_buttons);
    revalidate();
}

void TenantDialog::setTenant(const models::TenantTableModel::Tenant &tenant)
{
    m_editing = true;
    m_version = tenant.version;
    setWindowTitle(tr("Edit tenant %1", "tenant dialog title: tenant id").arg(tenant.id));
    m_id->setText(tenant.id);
    m_id->setReadOnly(true);
    m_name->setText(tenant.name);
    for (auto it = m_classifications.cbegin(); it != m_classifications.cend(); ++it)
        it.value()->setChecked(tenant.classifications.contains(it.key()));
    for (auto it = m_regimes.cbegin(); it != m_regimes.cend(); ++it)
        it.value()->setChecked(tenant.regimes.contains(it.key()));
    m_relationship->setCurrentIndex(qMax(0, m_relationship->findData(tenant.relationship)));
    m_threat->setCurrentIndex(qMax(0, m_threat->findData(tenant.threat)));
    m_tier->setCurrentIndex(qMax(0, m_tier->findData(tenant.chosenTier)));
    m_name->setFocus();
    m_serverError.clear();
    revalidate();
}

QString TenantDialog::tenantId() const
{
    return m_id->text();
}

QString TenantDialog::validationError() const
{
    static const QRegularExpression kIdPattern(QStringLiteral("^[a-z][a-z0-9_]{1,30}$"));
    const QString id = m_id->text();
    if (id.isEmpty())
        return tr("Enter a tenant id.", "tenant dialog validation");
    if (!kIdPattern.match(id).hasMatch())
        return tr("The id must be 2 to 31 characters: a lower-case letter, then lower-case letters, "
                  "digits or underscores.", "tenant dialog validation");
    if (id == QLatin1StringView("platform"))
        return tr("The id \"platform\" is reserved for the platform's own audit chain.",
                  "tenant dialog validation");
    const QString name = m_name->text();
    // No name: the daemon names the tenant after its id.
    if (name.isEmpty())
        return {};
    if (!name.isValidUtf16())
        return tr("The name is not valid text.", "tenant dialog validation");
    const qsizetype codePoints = name.toUcs4().size();
    if (codePoints > kMaxTenantNameCodePoints)
        return tr("The name may have at most %1 characters; it has %2.", "tenant dialog validation")
            .arg(kMaxTenantNameCodePoints).arg(codePoints);
    for (QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return tr("The name must not contain control characters.", "tenant dialog validation");
    }
    if (name.count(QLatin1Char(' ')) == name.size())
        return tr("The name must not be blank.", "tenant dialog validation");
    return {};
}

QJsonObject TenantDialog::requestBody() const
{
    QJsonObject body;
    if (!m_editing)
        body.insert(QLatin1StringView("id"), m_id->text());
    if (!m_name->text().isEmpty())
        body.insert(QLatin1StringView("name"), m_name->text());
    QJsonArray classifications;
    for (const QString &code : models::ClassificationMatrixModel::classificationCodes())
        if (m_classifications.value(code)->isChecked())
            classifications.append(code);
    body.insert(QLatin1StringView("classifications"), classifications);
    body.insert(QLatin1StringView("relationship"), m_relationship->currentData().toString());
    body.insert(QLatin1StringView("threat"), m_threat->currentData().toString());
    QJsonArray regimes;
    for (const QString &code : regimeCodes())
        if (m_regimes.value(code)->isChecked())
            regimes.append(code);
    body.insert(QLatin1StringView("regimes"), regimes);
    body.insert(QLatin1StringView("tier"), m_tier->currentData().toInt());
    // The daemon refuses a PATCH without the version edited, so concurrent edits cannot overwrite
    // each other.
    if (m_editing)
        body.insert(QLatin1StringView("version"), m_version);
    return body;
}

void TenantDialog::submit()
{
    if (m_busy || !isValid())
        return;
    m_busy = true;
    revalidate();
    const QString id = m_id->text();
    auto done = [this, id](const models::AdminResult &result) {
        m_busy = false;
        if (!result.ok()) {
            m_serverError = models::AdminClient::describeFailure(result);
            revalidate();
            return;
        }
        m_session->refresh();
        Q_EMIT saved(id);
        accept();
    };
    if (m_editing)
        m_session->admin()->call("PATCH", QStringLiteral("/admin/v1/tenants/") + id, {}, requestBody(),
                                 this, std::move(done), m_version);
    else
        m_session->admin()->post(QStringLiteral("/admin/v1/tenants"), requestBody(), this, std::move(done));
}

void TenantDialog::revalidate()
{
    const QString problem = validationError();
    showError(!m_serverError.isEmpty() ? m_serverError : problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && !m_busy);
}

void TenantDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

} // namespace bulkhead::ui
