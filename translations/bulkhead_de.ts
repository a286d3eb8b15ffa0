<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AdminError</name>
    <message>
        <source>The daemon could not be reached.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The daemon does not accept the admin token.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon akzeptiert das Admin-Token nicht.</translation>
    </message>
    <message>
        <source>The daemon sent an answer the console cannot read.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon hat eine Antwort gesendet, die die Konsole nicht lesen kann.</translation>
    </message>
    <message>
        <source>The daemon rejected the request as invalid.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon hat die Anfrage als ungültig abgelehnt.</translation>
    </message>
    <message>
        <source>No admin token is configured.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Es ist kein Admin-Token konfiguriert.</translation>
    </message>
    <message>
        <source>The admin token is not allowed to do this.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Das Admin-Token ist dazu nicht berechtigt.</translation>
    </message>
    <message>
        <source>The item no longer exists on the daemon.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Das Element existiert auf dem Daemon nicht mehr.</translation>
    </message>
    <message>
        <source>An item with this id already exists.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Ein Element mit dieser ID existiert bereits.</translation>
    </message>
    <message>
        <source>Someone else changed this item in the meantime. The list has been reloaded; please make your change again.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Jemand anderes hat dieses Element inzwischen geändert. Die Liste wurde neu geladen; bitte nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>The daemon cannot confirm its policy right now.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon kann seine Richtlinie derzeit nicht bestätigen.</translation>
    </message>
    <message>
        <source>The daemon is shutting down.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon wird heruntergefahren.</translation>
    </message>
    <message>
        <source>The daemon reported an internal error.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon hat einen internen Fehler gemeldet.</translation>
    </message>
    <message>
        <source>The daemon reported an error this console does not know.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon hat einen Fehler gemeldet, den diese Konsole nicht kennt.</translation>
    </message>
    <message>
        <source>The daemon could not read the request as JSON.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon konnte die Anfrage nicht als JSON lesen.</translation>
    </message>
    <message>
        <source>The request is larger than the daemon accepts.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Die Anfrage ist größer, als der Daemon annimmt.</translation>
    </message>
    <message>
        <source>The document is larger than the tenant&apos;s limit allows.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Das Dokument ist größer, als das Limit des Mandanten erlaubt.</translation>
    </message>
    <message>
        <source>The request headers are larger than the daemon accepts.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Die Kopfzeilen der Anfrage sind größer, als der Daemon annimmt.</translation>
    </message>
    <message>
        <source>The daemon does not accept the request&apos;s content type.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon nimmt den Inhaltstyp der Anfrage nicht an.</translation>
    </message>
    <message>
        <source>The daemon does not allow this action here; the console and the daemon may be different versions.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon erlaubt diese Aktion hier nicht; Konsole und Daemon haben möglicherweise verschiedene Versionen.</translation>
    </message>
    <message>
        <source>The daemon does not offer this function; it may be older than the console.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon bietet diese Funktion nicht an; er ist möglicherweise älter als die Konsole.</translation>
    </message>
    <message>
        <source>The request carried no tenant API key.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Die Anfrage enthielt keinen API-Schlüssel eines Mandanten.</translation>
    </message>
    <message>
        <source>The daemon does not accept the tenant API key.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon akzeptiert den API-Schlüssel des Mandanten nicht.</translation>
    </message>
    <message>
        <source>A tier migration of this tenant is in progress; try again when it has finished.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Für diesen Mandanten läuft eine Migration der Stufe; versuchen Sie es erneut, wenn sie abgeschlossen ist.</translation>
    </message>
    <message>
        <source>The tenant&apos;s policy rejects system messages from clients.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Die Richtlinie des Mandanten lehnt Systemnachrichten von Clients ab.</translation>
    </message>
    <message>
        <source>The daemon blocked the content under the tenant&apos;s isolation policy.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon hat den Inhalt nach der Isolationsrichtlinie des Mandanten blockiert.</translation>
    </message>
    <message>
        <source>The daemon has too many connections right now; try again shortly.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Daemon hat gerade zu viele Verbindungen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>A rate limit was reached; try again shortly.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Ein Ratenlimit wurde erreicht; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The request took too long to reach the daemon.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Die Anfrage hat zu lange gebraucht, um den Daemon zu erreichen.</translation>
    </message>
    <message>
        <source>The language model upstream could not be reached.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Upstream des Sprachmodells ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>This tenant&apos;s tier requires a dedicated upstream, and none is assigned.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Die Stufe dieses Mandanten verlangt einen eigenen Upstream, und keiner ist zugewiesen.</translation>
    </message>
    <message>
        <source>The language model upstream did not answer in time.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Upstream des Sprachmodells hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The language model upstream reported an error.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Upstream des Sprachmodells hat einen Fehler gemeldet.</translation>
    </message>
    <message>
        <source>The language model upstream sent an answer the daemon cannot accept.</source>
        <comment>admin API error shown to the user</comment>
        <translation>Der Upstream des Sprachmodells hat eine Antwort gesendet, die der Daemon nicht annehmen kann.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Type the tenant id to confirm</source>
        <comment>accessible name</comment>
        <translation>Mandanten-ID zur Bestätigung eingeben</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::AdminClient</name>
    <message>
        <source>%1 (field: %2)</source>
        <comment>an error sentence, then the request field it concerns</comment>
        <translation>%1 (Feld: %2)</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ClassificationMatrixModel</name>
    <message>
        <source>Tenant %1 holds %2 data.</source>
        <comment>classification matrix tooltip: tenant, classification</comment>
        <translation>Mandant %1 hat %2-Daten.</translation>
    </message>
    <message>
        <source>Tenant %1 holds no %2 data.</source>
        <comment>classification matrix tooltip: tenant, classification</comment>
        <translation>Mandant %1 hat keine %2-Daten.</translation>
    </message>
    <message>
        <source>The policy engine requires at least tier %1 for tenant %2.</source>
        <comment>classification matrix tooltip: minimum tier, tenant</comment>
        <translation>Die Richtlinien-Engine verlangt für Mandant %2 mindestens Stufe %1.</translation>
    </message>
    <message>
        <source>Minimum tier</source>
        <comment>classification matrix header</comment>
        <translation>Mindeststufe</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ConflictHeatmapModel</name>
    <message>
        <source>No rule separates %1 and %2.</source>
        <comment>heatmap tooltip: two tenant ids</comment>
        <translation>Keine Regel trennt %1 und %2.</translation>
    </message>
    <message>
        <source>%1 and %2 must be separated at tier %3 or above.</source>
        <comment>heatmap tooltip: two tenant ids, tier</comment>
        <translation>%1 und %2 müssen auf Stufe %3 oder höher getrennt werden.</translation>
    </message>
    <message>
        <source>%1 (tier %2) on %3: %4</source>
        <comment>heatmap tooltip line: rule id, tier, tenant, rule title</comment>
        <translation>%1 (Stufe %2) für %3: %4</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::EncryptionKeyModel</name>
    <message>
        <source>Key-encryption key</source>
        <comment>encryption key table: kind</comment>
        <translation>Schlüsselverschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>Data key</source>
        <comment>encryption key table: kind</comment>
        <translation>Datenschlüssel</translation>
    </message>
    <message>
        <source>Never</source>
        <comment>encryption key table: not rotated yet</comment>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>encryption key table: key in use</comment>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Retired</source>
        <comment>encryption key table: key no longer used for new data</comment>
        <translation>Stillgelegt</translation>
    </message>
    <message>
        <source>Key ID</source>
        <comment>encryption key table header</comment>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <comment>encryption key table header</comment>
        <translation>Art</translation>
    </message>
    <message>
        <source>Purpose</source>
        <comment>encryption key table header</comment>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>Version</source>
        <comment>encryption key table header</comment>
        <translation>Version</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <comment>encryption key table header</comment>
        <translation>Erstellt (UTC)</translation>
    </message>
    <message>
        <source>Rotated (UTC)</source>
        <comment>encryption key table header</comment>
        <translation>Rotiert (UTC)</translation>
    </message>
    <message>
        <source>State</source>
        <comment>encryption key table header</comment>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::LogTableModel</name>
    <message>
        <source>Blocked</source>
        <comment>log table: the request was blocked</comment>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Allowed</source>
        <comment>log table: the request was allowed</comment>
        <translation>Zugelassen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <comment>log table: latency in milliseconds</comment>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 prompt tokens and %2 completion tokens.</source>
        <comment>log table tooltip: prompt tokens, completion tokens</comment>
        <translation>%1 Prompt-Tokens und %2 Completion-Tokens.</translation>
    </message>
    <message>
        <source>Sequence</source>
        <comment>log table header</comment>
        <translation>Sequenz</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <comment>log table header</comment>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Route</source>
        <comment>log table header</comment>
        <translation>Route</translation>
    </message>
    <message>
        <source>Model</source>
        <comment>log table header</comment>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Decision</source>
        <comment>log table header</comment>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Reasons</source>
        <comment>log table header</comment>
        <translation>Gründe</translation>
    </message>
    <message>
        <source>Tokens</source>
        <comment>log table header</comment>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Latency</source>
        <comment>log table header</comment>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Request ID</source>
        <comment>log table header</comment>
        <translation>Anfrage-ID</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::MetricsHistory</name>
    <message>
        <source>Time</source>
        <comment>metrics history header</comment>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Requests</source>
        <comment>metrics history header: total requests so far</comment>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <comment>metrics history header</comment>
        <translation>Anfragen pro Sekunde</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ProbeHistoryModel</name>
    <message>
        <source>Running</source>
        <comment>probe run state</comment>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Passed</source>
        <comment>probe run state</comment>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>probe run state</comment>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Error</source>
        <comment>probe run state: the run could not finish</comment>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <comment>probe run duration: minutes, seconds</comment>
        <translation>%1 Min. %2 s</translation>
    </message>
    <message>
        <source>Run</source>
        <comment>probe history header</comment>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Started</source>
        <comment>probe history header</comment>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>State</source>
        <comment>probe history header</comment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Passed</source>
        <comment>probe history header</comment>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>probe history header</comment>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Duration</source>
        <comment>probe history header</comment>
        <translation>Dauer</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ProbeMatrixModel</name>
    <message>
        <source>pending</source>
        <comment>probe matrix cell: no result yet</comment>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>probe matrix cell: passed results / all results</comment>
        <translation>%1/%2</translation>
    </message>
    <message numerus="yes">
        <source>✗ %n failed</source>
        <comment>probe matrix cell: results that did not pass</comment>
        <translation>
            <numerusform>✗ %n fehlgeschlagen</numerusform>
            <numerusform>✗ %n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>A tenant is not probed against itself.</source>
        <comment>probe matrix tooltip</comment>
        <translation>Ein Mandant wird nicht gegen sich selbst sondiert.</translation>
    </message>
    <message>
        <source>No result yet for %1 attacking %2.</source>
        <comment>probe matrix tooltip: attacker, victim</comment>
        <translation>Noch kein Ergebnis für %1 als Angreifer gegen %2.</translation>
    </message>
    <message>
        <source>%1 attacking %2: every layer held (%3 of %4 results passed).</source>
        <comment>probe matrix tooltip: attacker, victim, passed, total</comment>
        <translation>%1 greift %2 an: Jede Ebene hat standgehalten (%3 von %4 Ergebnissen bestanden).</translation>
    </message>
    <message>
        <source>%1 attacking %2: failing layers: %3.</source>
        <comment>probe matrix tooltip: attacker, victim, comma-separated layer names</comment>
        <translation>%1 greift %2 an: fehlgeschlagene Ebenen: %3.</translation>
    </message>
    <message>
        <source>Attacker %1</source>
        <comment>probe matrix row header tooltip: tenant id</comment>
        <translation>Angreifer %1</translation>
    </message>
    <message>
        <source>Victim %1</source>
        <comment>probe matrix column header tooltip: tenant id</comment>
        <translation>Opfer %1</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::TenantTableModel</name>
    <message>
        <source>Violation</source>
        <comment>tenant table: chosen tier below minimum</comment>
        <translation>Verstoß</translation>
    </message>
    <message>
        <source>OK</source>
        <comment>tenant table: chosen tier meets minimum</comment>
        <translation>OK</translation>
    </message>
    <message>
        <source>Tenant %1 runs on tier %2 but needs at least tier %3.</source>
        <comment>tenant table tooltip: id, chosen tier, minimum tier</comment>
        <translation>Mandant %1 läuft auf Stufe %2, benötigt aber mindestens Stufe %3.</translation>
    </message>
    <message>
        <source>ID</source>
        <comment>tenant table header</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <comment>tenant table header</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Classifications</source>
        <comment>tenant table header</comment>
        <translation>Klassifizierungen</translation>
    </message>
    <message>
        <source>Relationship</source>
        <comment>tenant table header</comment>
        <translation>Beziehung</translation>
    </message>
    <message>
        <source>Threat</source>
        <comment>tenant table header</comment>
        <translation>Bedrohung</translation>
    </message>
    <message>
        <source>Regimes</source>
        <comment>tenant table header</comment>
        <translation>Regelwerke</translation>
    </message>
    <message>
        <source>Chosen tier</source>
        <comment>tenant table header</comment>
        <translation>Gewählte Stufe</translation>
    </message>
    <message>
        <source>Minimum tier</source>
        <comment>tenant table header</comment>
        <translation>Mindeststufe</translation>
    </message>
    <message>
        <source>Violation</source>
        <comment>tenant table header</comment>
        <translation>Verstoß</translation>
    </message>
    <message>
        <source>internal</source>
        <comment>tenant relationship in the table</comment>
        <translation>intern</translation>
    </message>
    <message>
        <source>external</source>
        <comment>tenant relationship in the table</comment>
        <translation>extern</translation>
    </message>
    <message>
        <source>low</source>
        <comment>adversarial threat level in the table</comment>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>medium</source>
        <comment>adversarial threat level in the table</comment>
        <translation>mittel</translation>
    </message>
    <message>
        <source>high</source>
        <comment>adversarial threat level in the table</comment>
        <translation>hoch</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <comment>tenant table: an injection flag threshold at the platform default</comment>
        <translation>%1 (Standard)</translation>
    </message>
    <message>
        <source>%1 · %2 measured</source>
        <comment>tenant table: calibrated flag threshold, measured false-positive rate</comment>
        <translation>%1 · %2 gemessen</translation>
    </message>
    <message>
        <source>Flagged at %1, refused or dropped at %2.</source>
        <comment>tenant table tooltip: injection flag and block thresholds</comment>
        <translation>Markiert ab %1, abgewiesen oder verworfen ab %2.</translation>
    </message>
    <message>
        <source>The platform default: 5 % of the training sources&apos; benign text is flagged.</source>
        <comment>tenant table tooltip: default injection threshold</comment>
        <translation>Der Plattformstandard: 5 % der harmlosen Texte aus den Trainingsquellen werden markiert.</translation>
    </message>
    <message numerus="yes">
        <source>Calibrated %1 on %n benign sample(s) of this tenant: %2 of them flagged (target %3).</source>
        <comment>tenant table tooltip: date, measured and target false-positive rate</comment>
        <translation>
            <numerusform>Kalibriert %1 an %n harmlosen Probe dieses Mandanten: %2 davon markiert (Ziel %3).</numerusform>
            <numerusform>Kalibriert %1 an %n harmlosen Proben dieses Mandanten: %2 davon markiert (Ziel %3).</numerusform>
        </translation>
    </message>
    <message>
        <source>The score at which a prompt of this tenant is flagged as an injection: the default, or calibrated from the tenant&apos;s own benign prompts.</source>
        <comment>tenant table header tooltip</comment>
        <translation>Der Wert, ab dem ein Prompt dieses Mandanten als Injektion markiert wird: der Standard oder aus den eigenen harmlosen Prompts des Mandanten kalibriert.</translation>
    </message>
    <message>
        <source>The score at which a retrieved chunk of this tenant is flagged as an injection: the default, or calibrated from the tenant&apos;s own benign documents.</source>
        <comment>tenant table header tooltip</comment>
        <translation>Der Wert, ab dem ein abgerufener Abschnitt dieses Mandanten als Injektion markiert wird: der Standard oder aus den eigenen harmlosen Dokumenten des Mandanten kalibriert.</translation>
    </message>
    <message>
        <source>Prompt flag</source>
        <comment>tenant table header: injection threshold for prompts</comment>
        <translation>Prompt-Schwelle</translation>
    </message>
    <message>
        <source>Document flag</source>
        <comment>tenant table header: injection threshold for documents</comment>
        <translation>Dokument-Schwelle</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::TenantTierCostModel</name>
    <message>
        <source>An estimate from the console&apos;s cost model, not a price.</source>
        <comment>tenant tier table tooltip</comment>
        <translation>Eine Schätzung aus dem Kostenmodell der Konsole, kein Preis.</translation>
    </message>
    <message>
        <source>Tenant %1 runs on tier %2 but needs at least tier %3.</source>
        <comment>tenant tier table tooltip: id, chosen tier, minimum tier</comment>
        <translation>Mandant %1 läuft auf Stufe %2, benötigt aber mindestens Stufe %3.</translation>
    </message>
    <message>
        <source>Tenant</source>
        <comment>tenant tier table header</comment>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Chosen tier</source>
        <comment>tenant tier table header</comment>
        <translation>Gewählte Stufe</translation>
    </message>
    <message>
        <source>Minimum tier</source>
        <comment>tenant tier table header</comment>
        <translation>Mindeststufe</translation>
    </message>
    <message>
        <source>Estimated monthly cost</source>
        <comment>tenant tier table header</comment>
        <translation>Geschätzte monatliche Kosten</translation>
    </message>
</context>
<context>
    <name>bulkhead::models::TierEstimateModel</name>
    <message>
        <source>Estimated %1 per tenant per month; replace the estimate with your own prices.</source>
        <comment>tier table tooltip: a currency amount</comment>
        <translation>Geschätzt %1 pro Mandant und Monat; ersetzen Sie die Schätzung durch Ihre eigenen Preise.</translation>
    </message>
    <message>
        <source>No data-plane requests on tier %1 yet.</source>
        <comment>tier table tooltip</comment>
        <translation>Noch keine Data-Plane-Anfragen auf Stufe %1.</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>tier chart category</comment>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>Tier</source>
        <comment>tier table header</comment>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Estimated relative cost</source>
        <comment>tier table header</comment>
        <translation>Geschätzte relative Kosten</translation>
    </message>
    <message>
        <source>Mean latency (ms)</source>
        <comment>tier table header</comment>
        <translation>Mittlere Latenz (ms)</translation>
    </message>
    <message>
        <source>Requests</source>
        <comment>tier table header</comment>
        <translation>Anfragen</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::AboutDialog</name>
    <message>
        <source>About Bulkhead</source>
        <comment>about dialog title</comment>
        <translation>Über Bulkhead</translation>
    </message>
    <message>
        <source>Bulkhead console %1</source>
        <comment>about dialog heading; %1 is the version</comment>
        <translation>Bulkhead-Konsole %1</translation>
    </message>
    <message>
        <source>Tenant isolation for shared LLM platforms: inventory, isolation tiers, probes, scoped logs and signed evidence.</source>
        <comment>about dialog: what the program is</comment>
        <translation>Mandantentrennung für gemeinsam genutzte LLM-Plattformen: Bestand, Isolationsstufen, Sondierungen, mandantenbezogene Protokolle und signierte Nachweise.</translation>
    </message>
    <message>
        <source>Versions</source>
        <comment>about dialog group</comment>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Licences</source>
        <comment>about dialog group</comment>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <source>Where your data lives</source>
        <comment>about dialog group</comment>
        <translation>Wo Ihre Daten liegen</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <comment>about dialog button</comment>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Console: %1</source>
        <comment>about dialog; %1 is a version</comment>
        <translation>Konsole: %1</translation>
    </message>
    <message>
        <source>Daemon: not connected</source>
        <comment>about dialog</comment>
        <translation>Daemon: nicht verbunden</translation>
    </message>
    <message>
        <source>Daemon: %1 %2</source>
        <comment>about dialog; %1 is the daemon&apos;s name, %2 its version</comment>
        <translation>Daemon: %1 %2</translation>
    </message>
    <message>
        <source>Daemon: connected; it does not report its version</source>
        <comment>about dialog</comment>
        <translation>Daemon: verbunden; er meldet seine Version nicht</translation>
    </message>
    <message>
        <source>Qt: %1 (built with %2)</source>
        <comment>about dialog; %1 and %2 are Qt versions</comment>
        <translation>Qt: %1 (erstellt mit %2)</translation>
    </message>
    <message>
        <source>Bulkhead: see the licence shipped with this package.</source>
        <comment>about dialog</comment>
        <translation>Bulkhead: siehe die mit diesem Paket gelieferte Lizenz.</translation>
    </message>
    <message>
        <source>Icons: drawn for Bulkhead, same licence as Bulkhead</source>
        <comment>about dialog</comment>
        <translation>Symbole: für Bulkhead gezeichnet, gleiche Lizenz wie Bulkhead</translation>
    </message>
    <message>
        <source>Settings: %1</source>
        <comment>about dialog; %1 is a file</comment>
        <translation>Einstellungen: %1</translation>
    </message>
    <message>
        <source>Admin tokens: the OS keychain, service “%1”</source>
        <comment>about dialog; %1 is a keychain service name</comment>
        <translation>Admin-Tokens: Schlüsselbund des Betriebssystems, Dienst „%1“</translation>
    </message>
    <message>
        <source>Embedded platform (database, logs, audit signing key): %1</source>
        <comment>about dialog; %1 is a folder</comment>
        <translation>Eingebettete Plattform (Datenbank, Protokolle, Audit-Signaturschlüssel): %1</translation>
    </message>
    <message>
        <source>Built with (SPDX licence expressions):</source>
        <comment>about dialog; a list of components follows</comment>
        <translation>Erstellt mit (Lizenzausdrücke nach SPDX):</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::ChartPanel</name>
    <message>
        <source>No data yet</source>
        <comment>chart placeholder: nothing to draw so far</comment>
        <translation>Noch keine Daten</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::ConsoleStartup</name>
    <message>
        <source>No daemon configured: set one in Settings.</source>
        <comment>status bar</comment>
        <translation>Kein Daemon konfiguriert: Legen Sie einen in den Einstellungen fest.</translation>
    </message>
    <message>
        <source>Daemon: %1</source>
        <comment>status bar; %1 is the admin URL</comment>
        <translation>Daemon: %1</translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1); the admin token is not stored anywhere else, so the console does not connect.</source>
        <comment>status bar</comment>
        <translation>Der Schlüsselbund des Betriebssystems ist nicht verfügbar (%1); das Admin-Token ist nirgendwo sonst gespeichert, daher stellt die Konsole keine Verbindung her.</translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1); the console cannot read the admin token and does not connect.</source>
        <comment>status bar</comment>
        <translation>Der Schlüsselbund des Betriebssystems ist nicht verfügbar (%1); die Konsole kann das Admin-Token nicht lesen und stellt keine Verbindung her.</translation>
    </message>
    <message>
        <source>No admin token stored for %1: enter it in Settings.</source>
        <comment>status bar</comment>
        <translation>Kein Admin-Token für %1 gespeichert: Geben Sie es in den Einstellungen ein.</translation>
    </message>
    <message>
        <source>The embedded platform did not start: %1</source>
        <comment>status bar</comment>
        <translation>Die eingebettete Plattform wurde nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Embedded platform at %1 (upstream: bulkhead-refmodel, a simulator)</source>
        <comment>status bar; %1 is the admin URL</comment>
        <translation>Eingebettete Plattform unter %1 (Upstream: bulkhead-refmodel, ein Simulator)</translation>
    </message>
    <message>
        <source>The embedded platform&apos;s admin token is not in the keychain; stop the platform (bulkheadctl demo down --dir %1) to start afresh.</source>
        <comment>status bar; %1 is a folder</comment>
        <translation>Das Admin-Token der eingebetteten Plattform ist nicht im Schlüsselbund; halten Sie die Plattform an (bulkheadctl demo down --dir %1), um neu zu beginnen.</translation>
    </message>
    <message>
        <source>The admin token is in the keychain, but its copy in the platform folder could not be removed.</source>
        <comment>status bar</comment>
        <translation>Das Admin-Token liegt im Schlüsselbund, aber seine Kopie im Plattformordner konnte nicht entfernt werden.</translation>
    </message>
    <message>
        <source>No keychain available</source>
        <comment>dialog title</comment>
        <translation>Kein Schlüsselbund verfügbar</translation>
    </message>
    <message>
        <source>The OS keychain (Secret Service) cannot be used: %1

The embedded demo platform can keep its master key and admin token in files instead, in %2, readable only by you. Anyone who can read your files can then read the platform&apos;s data.

Use key files for the embedded platform?</source>
        <comment>confirmation; %1 is the keychain&apos;s error, %2 a folder</comment>
        <translation>Der Schlüsselbund des Betriebssystems (Secret Service) kann nicht verwendet werden: %1

Die eingebettete Demo-Plattform kann ihren Hauptschlüssel und das Admin-Token stattdessen in Dateien in %2 ablegen, die nur Sie lesen können. Wer Ihre Dateien lesen kann, kann dann auch die Daten der Plattform lesen.

Schlüsseldateien für die eingebettete Plattform verwenden?</translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1) and key files were declined: the embedded platform is not started.</source>
        <comment>status bar</comment>
        <translation>Der Schlüsselbund des Betriebssystems ist nicht verfügbar (%1) und Schlüsseldateien wurden abgelehnt: Die eingebettete Plattform wird nicht gestartet.</translation>
    </message>
    <message>
        <source>The embedded platform keeps its master key in %1 (no OS keychain).</source>
        <comment>status bar; %1 is a file</comment>
        <translation>Die eingebettete Plattform bewahrt ihren Hauptschlüssel in %1 auf (kein Schlüsselbund des Betriebssystems).</translation>
    </message>
    <message>
        <source>The embedded platform&apos;s admin token is not in %1; stop the platform (bulkheadctl demo down --dir %2) to start afresh.</source>
        <comment>status bar; %1 is a file, %2 a folder</comment>
        <translation>Das Admin-Token der eingebetteten Plattform ist nicht in %1; halten Sie die Plattform an (bulkheadctl demo down --dir %2), um neu zu beginnen.</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::DaemonController</name>
    <message>
        <source>bulkheadd could not be started: %1</source>
        <comment>daemon error; %1 is the reason</comment>
        <translation>bulkheadd konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>bulkheadd crashed</source>
        <comment>daemon error</comment>
        <translation>bulkheadd ist abgestürzt</translation>
    </message>
    <message>
        <source>bulkheadd exited with code %1</source>
        <comment>daemon error</comment>
        <translation>bulkheadd wurde mit Code %1 beendet</translation>
    </message>
    <message>
        <source>No daemon is configured to start.</source>
        <comment>daemon error</comment>
        <translation>Es ist kein Daemon zum Starten konfiguriert.</translation>
    </message>
    <message>
        <source>bulkheadd exited</source>
        <comment>daemon error</comment>
        <translation>bulkheadd wurde beendet</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::DaemonView</name>
    <message>
        <source>This console manages no daemon of its own: it is connected to a daemon started elsewhere.</source>
        <comment>daemon view</comment>
        <translation>Diese Konsole verwaltet keinen eigenen Daemon: Sie ist mit einem Daemon verbunden, der an anderer Stelle gestartet wurde.</translation>
    </message>
    <message>
        <source>Bundled daemon</source>
        <comment>daemon view group</comment>
        <translation>Mitgelieferter Daemon</translation>
    </message>
    <message>
        <source>State:</source>
        <comment>daemon view</comment>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Health:</source>
        <comment>daemon view</comment>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <comment>daemon view button</comment>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <comment>daemon view button</comment>
        <translation>Sto&amp;ppen</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <comment>daemon view button</comment>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>Configuration</source>
        <comment>daemon view group</comment>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Daemon configuration</source>
        <comment>accessible name</comment>
        <translation>Daemon-Konfiguration</translation>
    </message>
    <message>
        <source>Live log</source>
        <comment>daemon view group</comment>
        <translation>Live-Protokoll</translation>
    </message>
    <message>
        <source>Daemon log</source>
        <comment>accessible name</comment>
        <translation>Daemon-Protokoll</translation>
    </message>
    <message>
        <source>Stopped</source>
        <comment>daemon state</comment>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Starting</source>
        <comment>daemon state</comment>
        <translation>Wird gestartet</translation>
    </message>
    <message>
        <source>Running (pid %1)</source>
        <comment>daemon state</comment>
        <translation>Läuft (PID %1)</translation>
    </message>
    <message>
        <source>Stopping</source>
        <comment>daemon state</comment>
        <translation>Wird gestoppt</translation>
    </message>
    <message>
        <source>not running</source>
        <comment>daemon health</comment>
        <translation>läuft nicht</translation>
    </message>
    <message>
        <source>healthy and ready</source>
        <comment>daemon health</comment>
        <translation>fehlerfrei und bereit</translation>
    </message>
    <message>
        <source>healthy, not ready (policy or database unavailable)</source>
        <comment>daemon health</comment>
        <translation>fehlerfrei, nicht bereit (Richtlinie oder Datenbank nicht verfügbar)</translation>
    </message>
    <message>
        <source>not answering</source>
        <comment>daemon health</comment>
        <translation>antwortet nicht</translation>
    </message>
    <message>
        <source>&amp;Daemon</source>
        <comment>navigation entry</comment>
        <translation>&amp;Daemon</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EmbeddedPlatform</name>
    <message>
        <source>starting the embedded platform in %1</source>
        <comment>status; %1 is a folder</comment>
        <translation>eingebettete Plattform wird in %1 gestartet</translation>
    </message>
    <message>
        <source>bulkheadctl could not be started</source>
        <comment>error</comment>
        <translation>bulkheadctl konnte nicht gestartet werden</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EvidenceExportJob</name>
    <message>
        <source>The daemon could not build the evidence pack.</source>
        <comment>evidence export</comment>
        <translation>Der Daemon konnte das Nachweispaket nicht erstellen.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <comment>evidence export</comment>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Writing %1 failed.</source>
        <comment>evidence export</comment>
        <translation>Schreiben von %1 fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Cannot save the pack as %1.</source>
        <comment>evidence export</comment>
        <translation>Das Paket kann nicht als %1 gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EvidenceView</name>
    <message>
        <source>&amp;Export evidence pack…</source>
        <comment>evidence view button</comment>
        <translation>Nachweispaket &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Verify a pack…</source>
        <comment>evidence view button</comment>
        <translation>Paket &amp;prüfen…</translation>
    </message>
    <message>
        <source>Verification</source>
        <comment>evidence view group</comment>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>No pack verified yet.</source>
        <comment>evidence view</comment>
        <translation>Noch kein Paket geprüft.</translation>
    </message>
    <message>
        <source>Verification details</source>
        <comment>accessible name: evidence view</comment>
        <translation>Prüfungsdetails</translation>
    </message>
    <message>
        <source>Recent exports</source>
        <comment>evidence view group</comment>
        <translation>Letzte Exporte</translation>
    </message>
    <message>
        <source>Recent evidence exports</source>
        <comment>accessible name: evidence view</comment>
        <translation>Letzte Nachweisexporte</translation>
    </message>
    <message>
        <source>ID</source>
        <comment>evidence exports header</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Scope</source>
        <comment>evidence exports header</comment>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>State</source>
        <comment>evidence exports header</comment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <comment>evidence exports header</comment>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Finished</source>
        <comment>evidence exports header</comment>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Bytes</source>
        <comment>evidence exports header</comment>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <comment>evidence exports header</comment>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>&amp;Refresh list</source>
        <comment>evidence view button</comment>
        <translation>Liste &amp;aktualisieren</translation>
    </message>
    <message>
        <source>Verify evidence pack</source>
        <comment>evidence view: open dialog title</comment>
        <translation>Nachweispaket prüfen</translation>
    </message>
    <message>
        <source>Evidence packs (*.zip);;All files (*)</source>
        <comment>evidence view: open dialog filter</comment>
        <translation>Nachweispakete (*.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The evidence pack is saved as %1.</source>
        <comment>evidence view status</comment>
        <translation>Das Nachweispaket wurde als %1 gespeichert.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <comment>evidence view status</comment>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Gathering evidence: %1 of %2 steps done.</source>
        <comment>evidence view status</comment>
        <translation>Nachweise werden gesammelt: %1 von %2 Schritten erledigt.</translation>
    </message>
    <message>
        <source>&amp;Evidence</source>
        <comment>navigation entry</comment>
        <translation>&amp;Nachweise</translation>
    </message>
    <message>
        <source>Requesting the evidence pack…</source>
        <comment>evidence view status</comment>
        <translation>Nachweispaket wird angefordert…</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <comment>evidence view verdict</comment>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 is too large to be an evidence pack.</source>
        <comment>evidence view verdict</comment>
        <translation>%1 ist zu groß für ein Nachweispaket.</translation>
    </message>
    <message>
        <source>Queued</source>
        <comment>evidence export state</comment>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <source>Running</source>
        <comment>evidence export state</comment>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Done</source>
        <comment>evidence export state</comment>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>evidence export state</comment>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The whole platform</source>
        <comment>evidence exports: scope</comment>
        <translation>Die gesamte Plattform</translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <comment>evidence exports: scope</comment>
        <translation>Mandant %1</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EvidenceWizard</name>
    <message>
        <source>SHA-256 of the file: %1</source>
        <comment>evidence verification detail</comment>
        <translation>SHA-256 der Datei: %1</translation>
    </message>
    <message>
        <source>Signed by the key %1.</source>
        <comment>evidence verification detail</comment>
        <translation>Signiert mit dem Schlüssel %1.</translation>
    </message>
    <message>
        <source>The daemon reported the signing key %1.</source>
        <comment>evidence verification detail</comment>
        <translation>Der Daemon hat den Signaturschlüssel %1 gemeldet.</translation>
    </message>
    <message>
        <source>Generated at %1.</source>
        <comment>evidence verification detail</comment>
        <translation>Erstellt am %1.</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <comment>evidence verification detail</comment>
        <translation>Umfang: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) checked.</source>
        <comment>evidence verification detail</comment>
        <translation>
            <numerusform>%n Bestandteil geprüft.</numerusform>
            <numerusform>%n Bestandteile geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source>The pack failed verification (%1).</source>
        <comment>evidence verdict; %1 is a problem code</comment>
        <translation>Das Paket hat die Prüfung nicht bestanden (%1).</translation>
    </message>
    <message>
        <source>The pack failed verification at %1 (%2).</source>
        <comment>evidence verdict; %1 is a file in the pack, %2 a problem code</comment>
        <translation>Das Paket hat die Prüfung bei %1 nicht bestanden (%2).</translation>
    </message>
    <message>
        <source>The saved file is not the pack the daemon produced: its SHA-256 differs.</source>
        <comment>evidence verdict</comment>
        <translation>Die gespeicherte Datei ist nicht das Paket, das der Daemon erzeugt hat: Ihr SHA-256 weicht ab.</translation>
    </message>
    <message>
        <source>The pack is intact: its signature and every member&apos;s hash verify.</source>
        <comment>evidence verdict</comment>
        <translation>Das Paket ist intakt: Seine Signatur und die Hashes aller Bestandteile sind gültig.</translation>
    </message>
    <message>
        <source>Export evidence pack</source>
        <comment>evidence wizard title</comment>
        <translation>Nachweispaket exportieren</translation>
    </message>
    <message>
        <source>Gathering evidence: %1 of %2 steps done.</source>
        <comment>evidence wizard</comment>
        <translation>Nachweise werden gesammelt: %1 von %2 Schritten erledigt.</translation>
    </message>
    <message>
        <source>The evidence pack is saved as %1.</source>
        <comment>evidence wizard</comment>
        <translation>Das Nachweispaket wurde als %1 gespeichert.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <comment>evidence wizard</comment>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Scope</source>
        <comment>evidence wizard page title</comment>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>Choose what the pack covers and where to save it.</source>
        <comment>evidence wizard page subtitle</comment>
        <translation>Wählen Sie aus, was das Paket umfasst und wo es gespeichert wird.</translation>
    </message>
    <message>
        <source>Evidence scope</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Umfang der Nachweise</translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <comment>evidence wizard scope</comment>
        <translation>Mandant %1</translation>
    </message>
    <message>
        <source>The whole platform</source>
        <comment>evidence wizard scope</comment>
        <translation>Die gesamte Plattform</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <comment>evidence wizard label</comment>
        <translation>&amp;Umfang:</translation>
    </message>
    <message>
        <source>Evidence since (UTC)</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Nachweise seit (UTC)</translation>
    </message>
    <message>
        <source>From the beginning</source>
        <comment>evidence wizard: no since limit</comment>
        <translation>Von Anfang an</translation>
    </message>
    <message>
        <source>S&amp;ince (UTC):</source>
        <comment>evidence wizard label</comment>
        <translation>&amp;Seit (UTC):</translation>
    </message>
    <message>
        <source>Pack file</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Paketdatei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <comment>evidence wizard button</comment>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <comment>evidence wizard label</comment>
        <translation>Speichern u&amp;nter:</translation>
    </message>
    <message>
        <source>Save evidence pack</source>
        <comment>evidence wizard: save dialog title</comment>
        <translation>Nachweispaket speichern</translation>
    </message>
    <message>
        <source>platform-evidence.zip</source>
        <comment>evidence wizard: suggested file name</comment>
        <translation>platform-evidence.zip</translation>
    </message>
    <message>
        <source>%1-evidence.zip</source>
        <comment>evidence wizard: suggested file name; %1 is the tenant</comment>
        <translation>%1-evidence.zip</translation>
    </message>
    <message>
        <source>Evidence packs (*.zip);;All files (*)</source>
        <comment>evidence wizard: save dialog filter</comment>
        <translation>Nachweispakete (*.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export</source>
        <comment>evidence wizard page title</comment>
        <translation>Export</translation>
    </message>
    <message>
        <source>The daemon gathers and signs the evidence; the console saves the pack.</source>
        <comment>evidence wizard page subtitle</comment>
        <translation>Der Daemon sammelt und signiert die Nachweise; die Konsole speichert das Paket.</translation>
    </message>
    <message>
        <source>Export progress</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Exportfortschritt</translation>
    </message>
    <message>
        <source>Verify</source>
        <comment>evidence wizard page title</comment>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>The saved pack is checked offline, as an auditor would.</source>
        <comment>evidence wizard page subtitle</comment>
        <translation>Das gespeicherte Paket wird offline geprüft, so wie es ein Auditor tun würde.</translation>
    </message>
    <message>
        <source>Verification details</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Prüfungsdetails</translation>
    </message>
    <message>
        <source>Requesting the evidence pack…</source>
        <comment>evidence wizard</comment>
        <translation>Nachweispaket wird angefordert…</translation>
    </message>
    <message>
        <source>Control statuses</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Status der Kontrollen</translation>
    </message>
    <message>
        <source>Control statuses in this pack:</source>
        <comment>evidence wizard label</comment>
        <translation>Status der Kontrollen in diesem Paket:</translation>
    </message>
    <message>
        <source>satisfied</source>
        <comment>control status</comment>
        <translation>erfüllt</translation>
    </message>
    <message>
        <source>not satisfied</source>
        <comment>control status</comment>
        <translation>nicht erfüllt</translation>
    </message>
    <message>
        <source>not assessed</source>
        <comment>control status</comment>
        <translation>nicht bewertet</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <comment>evidence wizard: control id, title and status</comment>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>Show &amp;control statuses</source>
        <comment>evidence wizard button</comment>
        <translation>Status der &amp;Kontrollen anzeigen</translation>
    </message>
    <message>
        <source>Control statuses before the export</source>
        <comment>accessible name: evidence wizard</comment>
        <translation>Status der Kontrollen vor dem Export</translation>
    </message>
    <message>
        <source>Assessing the controls…</source>
        <comment>evidence wizard: preview while loading</comment>
        <translation>Die Kontrollen werden bewertet…</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::KeysView</name>
    <message>
        <source>Tenant</source>
        <comment>accessible name: keys view</comment>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <comment>keys view label</comment>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>Master key:</source>
        <comment>keys view label</comment>
        <translation>Hauptschlüssel:</translation>
    </message>
    <message>
        <source>Encryption keys</source>
        <comment>accessible name: keys view</comment>
        <translation>Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>Rotate &amp;KEK…</source>
        <comment>keys view button</comment>
        <translation>&amp;KEK rotieren…</translation>
    </message>
    <message>
        <source>Rotate &amp;data key…</source>
        <comment>keys view button</comment>
        <translation>&amp;Datenschlüssel rotieren…</translation>
    </message>
    <message>
        <source>&amp;Crypto-shred tenant…</source>
        <comment>keys view button</comment>
        <translation>Mandant krypto&amp;grafisch löschen…</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <comment>navigation entry</comment>
        <translation>Sch&amp;lüssel</translation>
    </message>
    <message>
        <source>The documents of %1 are being re-encrypted under the new data key.</source>
        <comment>keys view status</comment>
        <translation>Die Dokumente von %1 werden mit dem neuen Datenschlüssel neu verschlüsselt.</translation>
    </message>
    <message>
        <source>Re-encrypting the documents of %1 under the new data key failed.</source>
        <comment>keys view status</comment>
        <translation>Das Neuverschlüsseln der Dokumente von %1 mit dem neuen Datenschlüssel ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Rotate key-encryption key</source>
        <comment>keys view: confirmation title</comment>
        <translation>Schlüsselverschlüsselungsschlüssel rotieren</translation>
    </message>
    <message>
        <source>Rotate the key-encryption key of tenant %1? New data keys are wrapped under the new version; existing data keys are re-wrapped.</source>
        <comment>keys view: confirmation</comment>
        <translation>Den Schlüsselverschlüsselungsschlüssel (KEK) von Mandant %1 rotieren? Neue Datenschlüssel werden mit der neuen Version verschlüsselt; vorhandene Datenschlüssel werden damit neu verschlüsselt.</translation>
    </message>
    <message>
        <source>Rotate data key</source>
        <comment>keys view: confirmation title</comment>
        <translation>Datenschlüssel rotieren</translation>
    </message>
    <message>
        <source>Rotate the document data key of tenant %1? Its documents are re-encrypted in the background and the old key is retired afterwards.</source>
        <comment>keys view: confirmation</comment>
        <translation>Den Datenschlüssel für die Dokumente von Mandant %1 rotieren? Die Dokumente werden im Hintergrund neu verschlüsselt, anschließend wird der alte Schlüssel stillgelegt.</translation>
    </message>
    <message>
        <source>The key-encryption key of %1 is now at version %2.</source>
        <comment>keys view status</comment>
        <translation>Der Schlüsselverschlüsselungsschlüssel von %1 hat jetzt Version %2.</translation>
    </message>
    <message>
        <source>Tenant %1 has a new data key; its documents are being re-encrypted.</source>
        <comment>keys view status</comment>
        <translation>Mandant %1 hat einen neuen Datenschlüssel; seine Dokumente werden neu verschlüsselt.</translation>
    </message>
    <message>
        <source>Crypto-shred tenant</source>
        <comment>keys view: confirmation title</comment>
        <translation>Mandant kryptografisch löschen</translation>
    </message>
    <message>
        <source>Crypto-shredding destroys every key of tenant %1: its documents and sealed audit content become unreadable for ever and its API keys are revoked. Type the tenant id to confirm.</source>
        <comment>keys view: confirmation</comment>
        <translation>Die Krypto-Löschung vernichtet alle Schlüssel von Mandant %1: Seine Dokumente und versiegelten Audit-Inhalte werden dauerhaft unlesbar, und seine API-Schlüssel werden widerrufen. Geben Sie zur Bestätigung die Mandanten-ID ein.</translation>
    </message>
    <message numerus="yes">
        <source>Tenant %1 is crypto-shredded; %n API key(s) were revoked.</source>
        <comment>keys view status</comment>
        <translation>
            <numerusform>Mandant %1 ist kryptografisch gelöscht; %n API-Schlüssel wurde widerrufen.</numerusform>
            <numerusform>Mandant %1 ist kryptografisch gelöscht; %n API-Schlüssel wurden widerrufen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pin this fingerprint where evidence is verified: bulkheadctl evidence verify --fingerprint, or BULKHEAD_SIGNING_FINGERPRINT.</source>
        <comment>keys view tooltip: signing key fingerprint</comment>
        <translation>Hinterlegen Sie diesen Fingerabdruck überall, wo Nachweise geprüft werden: bulkheadctl evidence verify --fingerprint oder BULKHEAD_SIGNING_FINGERPRINT.</translation>
    </message>
    <message>
        <source>Signing key:</source>
        <comment>keys view label</comment>
        <translation>Signaturschlüssel:</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::LogsView</name>
    <message>
        <source>Filters</source>
        <comment>logs view group</comment>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Tenant</source>
        <comment>accessible name: logs view</comment>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <comment>logs view label</comment>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>Route filter</source>
        <comment>accessible name: logs view</comment>
        <translation>Routenfilter</translation>
    </message>
    <message>
        <source>Any route</source>
        <comment>logs view: route filter placeholder</comment>
        <translation>Beliebige Route</translation>
    </message>
    <message>
        <source>&amp;Route:</source>
        <comment>logs view label</comment>
        <translation>&amp;Route:</translation>
    </message>
    <message>
        <source>Decision filter</source>
        <comment>accessible name: logs view</comment>
        <translation>Entscheidungsfilter</translation>
    </message>
    <message>
        <source>Any decision</source>
        <comment>logs view: decision filter</comment>
        <translation>Beliebige Entscheidung</translation>
    </message>
    <message>
        <source>Allowed</source>
        <comment>logs view: decision filter</comment>
        <translation>Zugelassen</translation>
    </message>
    <message>
        <source>Blocked</source>
        <comment>logs view: decision filter</comment>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>&amp;Decision:</source>
        <comment>logs view label</comment>
        <translation>&amp;Entscheidung:</translation>
    </message>
    <message>
        <source>No limit</source>
        <comment>logs view: time filter not set</comment>
        <translation>Keine Begrenzung</translation>
    </message>
    <message>
        <source>Earliest time (UTC)</source>
        <comment>accessible name: logs view</comment>
        <translation>Frühester Zeitpunkt (UTC)</translation>
    </message>
    <message>
        <source>Latest time (UTC)</source>
        <comment>accessible name: logs view</comment>
        <translation>Spätester Zeitpunkt (UTC)</translation>
    </message>
    <message>
        <source>&amp;From (UTC):</source>
        <comment>logs view label</comment>
        <translation>&amp;Von (UTC):</translation>
    </message>
    <message>
        <source>&amp;Until (UTC):</source>
        <comment>logs view label</comment>
        <translation>&amp;Bis (UTC):</translation>
    </message>
    <message>
        <source>&amp;Apply filter</source>
        <comment>logs view button</comment>
        <translation>Filter an&amp;wenden</translation>
    </message>
    <message>
        <source>Audit records</source>
        <comment>accessible name: logs view</comment>
        <translation>Audit-Einträge</translation>
    </message>
    <message>
        <source>Selected record</source>
        <comment>accessible name: logs view</comment>
        <translation>Ausgewählter Eintrag</translation>
    </message>
    <message>
        <source>Select a record to see all of its fields.</source>
        <comment>logs view</comment>
        <translation>Wählen Sie einen Eintrag aus, um alle seine Felder zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <comment>logs view button</comment>
        <translation>&amp;Kette prüfen</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <comment>logs view button</comment>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export progress</source>
        <comment>accessible name: logs view</comment>
        <translation>Exportfortschritt</translation>
    </message>
    <message>
        <source>Export audit records</source>
        <comment>logs view: save dialog title</comment>
        <translation>Audit-Einträge exportieren</translation>
    </message>
    <message>
        <source>%1-audit.jsonl</source>
        <comment>logs view: suggested export file name; %1 is the tenant id</comment>
        <translation>%1-audit.jsonl</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <comment>logs view: save dialog filter</comment>
        <translation>JSON Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Reading audit records…</source>
        <comment>logs view status</comment>
        <translation>Audit-Einträge werden gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%n audit record(s) shown.</source>
        <comment>logs view status</comment>
        <translation>
            <numerusform>%n Audit-Eintrag angezeigt.</numerusform>
            <numerusform>%n Audit-Einträge angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <comment>navigation entry</comment>
        <translation>&amp;Protokolle</translation>
    </message>
    <message>
        <source>Reading record %1…</source>
        <comment>logs view: detail pane while loading</comment>
        <translation>Eintrag %1 wird gelesen…</translation>
    </message>
    <message>
        <source>Verifying the audit chain of %1…</source>
        <comment>logs view: chain status</comment>
        <translation>Die Audit-Kette von %1 wird geprüft…</translation>
    </message>
    <message numerus="yes">
        <source>The audit chain of %1 is verified: %n record(s).</source>
        <comment>logs view: chain status; %1 is the tenant</comment>
        <translation>
            <numerusform>Die Audit-Kette von %1 wurde erfolgreich geprüft: %n Eintrag.</numerusform>
            <numerusform>Die Audit-Kette von %1 wurde erfolgreich geprüft: %n Einträge.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain of %1 is broken at sequence %2.</source>
        <comment>logs view: chain status</comment>
        <translation>Die Audit-Kette von %1 ist bei Sequenz %2 unterbrochen.</translation>
    </message>
    <message>
        <source>The audit chain of %1 did not verify.</source>
        <comment>logs view: chain status</comment>
        <translation>Die Kettenprüfung für die Audit-Kette von %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <comment>logs view: export error</comment>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Exporting the audit records of %1…</source>
        <comment>logs view: export status</comment>
        <translation>Die Audit-Einträge von %1 werden exportiert…</translation>
    </message>
    <message>
        <source>Writing %1 failed.</source>
        <comment>logs view: export error</comment>
        <translation>Schreiben von %1 fehlgeschlagen.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) exported so far…</source>
        <comment>logs view: export status</comment>
        <translation>
            <numerusform>Bisher %n Eintrag exportiert…</numerusform>
            <numerusform>Bisher %n Einträge exportiert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <comment>logs view: export error</comment>
        <translation>%1 kann nicht ersetzt werden.</translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2.</source>
        <comment>logs view: export error</comment>
        <translation>%1 kann nicht in %2 umbenannt werden.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) exported to %1.</source>
        <comment>logs view: export done</comment>
        <translation>
            <numerusform>%n Eintrag nach %1 exportiert.</numerusform>
            <numerusform>%n Einträge nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed and no file was left: %1</source>
        <comment>logs view: export error</comment>
        <translation>Der Export ist fehlgeschlagen, es wurde keine Datei zurückgelassen: %1</translation>
    </message>
    <message>
        <source>Export &amp;proof…</source>
        <comment>logs view button</comment>
        <translation>&amp;Nachweis exportieren…</translation>
    </message>
    <message>
        <source>Save the selected record&apos;s inclusion proof to the newest signed checkpoint; check it offline with bulkheadctl logs verify-proof.</source>
        <comment>logs view tooltip</comment>
        <translation>Den Inklusionsnachweis des gewählten Eintrags bis zum neuesten signierten Checkpoint speichern; offline prüfen mit bulkheadctl logs verify-proof.</translation>
    </message>
    <message>
        <source>Export audit proof</source>
        <comment>logs view: save dialog title</comment>
        <translation>Audit-Nachweis exportieren</translation>
    </message>
    <message>
        <source>%1-record-%2-proof.json</source>
        <comment>logs view: suggested proof file name; %1 is the tenant id, %2 the sequence</comment>
        <translation>%1-eintrag-%2-nachweis.json</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <comment>logs view: proof save dialog filter</comment>
        <translation>JSON (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The proof of record %1 is saved in %2.</source>
        <comment>logs view status</comment>
        <translation>Der Nachweis für Eintrag %1 ist in %2 gespeichert.</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::MainWindow</name>
    <message>
        <source>Bulkhead</source>
        <comment>application name in the window title</comment>
        <translation>Bulkhead</translation>
    </message>
    <message>
        <source>Daemon: not connected</source>
        <comment>status bar</comment>
        <translation>Daemon: nicht verbunden</translation>
    </message>
    <message>
        <source>Views</source>
        <comment>accessible name of the navigation list</comment>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <comment>menu</comment>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <comment>menu action</comment>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <comment>menu action</comment>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <comment>menu</comment>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>Not connected</source>
        <comment>status bar: connection</comment>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <comment>status bar: connection; %1 is host:port</comment>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Role: platform admin</source>
        <comment>status bar</comment>
        <translation>Rolle: Plattform-Administrator</translation>
    </message>
    <message>
        <source>Role: auditor of %1</source>
        <comment>status bar; %1 is a tenant id</comment>
        <translation>Rolle: Prüfer von %1</translation>
    </message>
    <message>
        <source>Daemon version: not reported</source>
        <comment>status bar: the daemon does not report its version</comment>
        <translation>Daemon-Version: nicht gemeldet</translation>
    </message>
    <message>
        <source>Daemon %1</source>
        <comment>status bar; %1 is the daemon&apos;s version</comment>
        <translation>Daemon %1</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <comment>toolbar name</comment>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Read everything again from the daemon</source>
        <comment>toolbar tooltip</comment>
        <translation>Alles erneut vom Daemon lesen</translation>
    </message>
    <message>
        <source>Run &amp;probes</source>
        <comment>menu action</comment>
        <translation>&amp;Sondierungen starten</translation>
    </message>
    <message>
        <source>Start a probe run with the probes view&apos;s settings</source>
        <comment>toolbar tooltip</comment>
        <translation>Einen Sondierungslauf mit den Einstellungen der Sondierungsansicht starten</translation>
    </message>
    <message>
        <source>&amp;Export evidence…</source>
        <comment>menu action</comment>
        <translation>Nachweise &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export a signed evidence pack for one tenant</source>
        <comment>toolbar tooltip</comment>
        <translation>Ein signiertes Nachweispaket für einen Mandanten exportieren</translation>
    </message>
    <message>
        <source>&amp;About Bulkhead</source>
        <comment>menu action</comment>
        <translation>Ü&amp;ber Bulkhead</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <comment>menu</comment>
        <translation>&amp;Hilfe</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::MatrixView</name>
    <message>
        <source>Data classifications per tenant</source>
        <comment>matrix view group</comment>
        <translation>Datenklassifizierungen pro Mandant</translation>
    </message>
    <message>
        <source>Tick a classification to change the tenant; the &amp;minimum tier follows from the policy engine.</source>
        <comment>matrix view hint</comment>
        <translation>Setzen Sie ein Häkchen bei einer Klassifizierung, um den Mandanten zu ändern; die &amp;Mindeststufe ergibt sich aus der Richtlinien-Engine.</translation>
    </message>
    <message>
        <source>Classification matrix</source>
        <comment>accessible name</comment>
        <translation>Klassifizierungsmatrix</translation>
    </message>
    <message>
        <source>Conflicts between tenants</source>
        <comment>matrix view group</comment>
        <translation>Konflikte zwischen Mandanten</translation>
    </message>
    <message>
        <source>Each &amp;cell shows the tier a rule forces on the pair; select one to see why.</source>
        <comment>matrix view hint</comment>
        <translation>Jede &amp;Zelle zeigt die Stufe, die eine Regel für das Paar erzwingt; wählen Sie eine aus, um den Grund zu sehen.</translation>
    </message>
    <message>
        <source>Conflict heatmap</source>
        <comment>accessible name</comment>
        <translation>Konflikt-Heatmap</translation>
    </message>
    <message>
        <source>Explanation of the selected pair</source>
        <comment>accessible name</comment>
        <translation>Erklärung zum ausgewählten Paar</translation>
    </message>
    <message>
        <source>&amp;Classification matrix</source>
        <comment>navigation entry</comment>
        <translation>&amp;Klassifizierungsmatrix</translation>
    </message>
    <message>
        <source>Saving the classifications of %1…</source>
        <comment>matrix view status: tenant id</comment>
        <translation>Die Klassifizierungen von %1 werden gespeichert…</translation>
    </message>
    <message>
        <source>The classifications of %1 were not changed: %2</source>
        <comment>matrix view status: tenant id, error sentence</comment>
        <translation>Die Klassifizierungen von %1 wurden nicht geändert: %2</translation>
    </message>
    <message>
        <source>Saved the classifications of %1.</source>
        <comment>matrix view status: tenant id</comment>
        <translation>Die Klassifizierungen von %1 wurden gespeichert.</translation>
    </message>
    <message>
        <source>Select a cell to see which rules keep two tenants apart.</source>
        <comment>heatmap explanation</comment>
        <translation>Wählen Sie eine Zelle aus, um zu sehen, welche Regeln zwei Mandanten voneinander trennen.</translation>
    </message>
    <message>
        <source>%1 is the same tenant on both axes.</source>
        <comment>heatmap explanation: tenant id</comment>
        <translation>%1 ist auf beiden Achsen derselbe Mandant.</translation>
    </message>
    <message>
        <source>No rule separates %1 and %2: they may share tier 1.</source>
        <comment>heatmap explanation: two tenant ids</comment>
        <translation>Keine Regel trennt %1 und %2: Sie dürfen sich Stufe 1 teilen.</translation>
    </message>
    <message>
        <source>%1 and %2 must be kept apart at tier %3 or above.</source>
        <comment>heatmap explanation: two tenant ids, tier</comment>
        <translation>%1 und %2 müssen auf Stufe %3 oder höher voneinander getrennt werden.</translation>
    </message>
    <message>
        <source>%1 (%2, tier %3) applies to %4 because of %5: %6</source>
        <comment>heatmap explanation line: rule title, rule id, tier, tenant, peer tenant, rationale</comment>
        <translation>%1 (%2, Stufe %3) gilt für %4 wegen %5: %6</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::OverviewView</name>
    <message>
        <source>Platform</source>
        <comment>overview group</comment>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Platform assurance tier:</source>
        <comment>overview label</comment>
        <translation>Vertrauensstufe der Plattform:</translation>
    </message>
    <message>
        <source>Policy violations:</source>
        <comment>overview label</comment>
        <translation>Richtlinienverstöße:</translation>
    </message>
    <message>
        <source>Daemon:</source>
        <comment>overview label</comment>
        <translation>Daemon:</translation>
    </message>
    <message>
        <source>Blocks by reason</source>
        <comment>overview chart title</comment>
        <translation>Blockierungen nach Grund</translation>
    </message>
    <message>
        <source>Blocks</source>
        <comment>overview chart series</comment>
        <translation>Blockierungen</translation>
    </message>
    <message>
        <source>Blocked requests by reason since the daemon started</source>
        <comment>accessible name</comment>
        <translation>Blockierte Anfragen nach Grund seit dem Start des Daemons</translation>
    </message>
    <message>
        <source>Mean latency by tier (ms)</source>
        <comment>overview chart title</comment>
        <translation>Mittlere Latenz nach Stufe (ms)</translation>
    </message>
    <message>
        <source>Mean latency</source>
        <comment>overview chart series</comment>
        <translation>Mittlere Latenz</translation>
    </message>
    <message>
        <source>Mean request latency in milliseconds by isolation tier</source>
        <comment>accessible name</comment>
        <translation>Mittlere Anfragelatenz in Millisekunden nach Isolationsstufe</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>overview: daemon readiness not checked yet</comment>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <comment>navigation entry</comment>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>overview: platform assurance tier not known</comment>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>overview: violation count not known</comment>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>None: every tenant meets its minimum tier.</source>
        <comment>overview: violations</comment>
        <translation>Keine: Jeder Mandant erfüllt seine Mindeststufe.</translation>
    </message>
    <message numerus="yes">
        <source>%n tenant(s) below their minimum tier.</source>
        <comment>overview: violations</comment>
        <translation>
            <numerusform>%n Mandant unter seiner Mindeststufe.</numerusform>
            <numerusform>%n Mandanten unter ihrer Mindeststufe.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>overview: platform assurance tier number</comment>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>None (no tenants)</source>
        <comment>overview: no platform assurance tier</comment>
        <translation>Keine (keine Mandanten)</translation>
    </message>
    <message>
        <source>Ready</source>
        <comment>overview: daemon readiness</comment>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Not ready: the daemon is shutting down.</source>
        <comment>overview: daemon readiness</comment>
        <translation>Nicht bereit: Der Daemon wird heruntergefahren.</translation>
    </message>
    <message>
        <source>Not ready: the database and the upstream are unavailable.</source>
        <comment>overview: daemon readiness</comment>
        <translation>Nicht bereit: Die Datenbank und der Upstream sind nicht verfügbar.</translation>
    </message>
    <message>
        <source>Not ready: the database is unavailable.</source>
        <comment>overview: daemon readiness</comment>
        <translation>Nicht bereit: Die Datenbank ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Not ready: the upstream is unavailable.</source>
        <comment>overview: daemon readiness</comment>
        <translation>Nicht bereit: Der Upstream ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Not ready.</source>
        <comment>overview: daemon readiness</comment>
        <translation>Nicht bereit.</translation>
    </message>
    <message>
        <source>no tenant</source>
        <comment>overview chart: requests not attributed to a tier</comment>
        <translation>kein Mandant</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>overview chart category: tier number</comment>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>Tenant requests per second, last five minutes</source>
        <comment>overview chart title</comment>
        <translation>Mandantenanfragen pro Sekunde, letzte fünf Minuten</translation>
    </message>
    <message>
        <source>Tenant requests per second over the last five minutes</source>
        <comment>accessible name</comment>
        <translation>Mandantenanfragen pro Sekunde in den letzten fünf Minuten</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::ProbesView</name>
    <message>
        <source>Run probes</source>
        <comment>probes view group</comment>
        <translation>Sondierungen ausführen</translation>
    </message>
    <message>
        <source>Probe layers to run</source>
        <comment>accessible name</comment>
        <translation>Zu sondierende Ebenen</translation>
    </message>
    <message>
        <source>Only the checked layers are probed.</source>
        <comment>probes view tooltip</comment>
        <translation>Nur die markierten Ebenen werden sondiert.</translation>
    </message>
    <message>
        <source>Timing samples per pair</source>
        <comment>accessible name</comment>
        <translation>Zeitmessungen pro Paar</translation>
    </message>
    <message>
        <source>&amp;Samples per pair:</source>
        <comment>probes view label</comment>
        <translation>Stich&amp;proben pro Paar:</translation>
    </message>
    <message>
        <source>R&amp;epeat every</source>
        <comment>probes view: followed by a number of minutes</comment>
        <translation>&amp;Wiederholen alle</translation>
    </message>
    <message>
        <source>Repeat the run on a schedule</source>
        <comment>accessible name</comment>
        <translation>Lauf nach Zeitplan wiederholen</translation>
    </message>
    <message>
        <source>Runs from this console only while it is open. The daemon&apos;s --probe-schedule-seconds option schedules runs without a console.</source>
        <comment>probes view tooltip</comment>
        <translation>Läufe dieser Konsole finden nur statt, solange sie geöffnet ist. Die Daemon-Option --probe-schedule-seconds plant Läufe auch ohne Konsole.</translation>
    </message>
    <message>
        <source>Minutes between scheduled runs</source>
        <comment>accessible name</comment>
        <translation>Minuten zwischen geplanten Läufen</translation>
    </message>
    <message>
        <source> min</source>
        <comment>probes view: unit after the number of minutes</comment>
        <translation> Min.</translation>
    </message>
    <message>
        <source>&amp;Run probes</source>
        <comment>probes view button</comment>
        <translation>Sondierungen &amp;ausführen</translation>
    </message>
    <message>
        <source>Probe run progress</source>
        <comment>accessible name</comment>
        <translation>Fortschritt des Sondierungslaufs</translation>
    </message>
    <message>
        <source>Show results of layer</source>
        <comment>accessible name</comment>
        <translation>Ergebnisse der Ebene anzeigen</translation>
    </message>
    <message>
        <source>All layers</source>
        <comment>probe layer filter</comment>
        <translation>Alle Ebenen</translation>
    </message>
    <message>
        <source>&amp;Layer:</source>
        <comment>probes view label</comment>
        <translation>&amp;Ebene:</translation>
    </message>
    <message>
        <source>Probe results, attackers by victims</source>
        <comment>accessible name</comment>
        <translation>Sondierungsergebnisse, Angreifer nach Opfern</translation>
    </message>
    <message>
        <source>Results of the selected pair</source>
        <comment>accessible name</comment>
        <translation>Ergebnisse des ausgewählten Paars</translation>
    </message>
    <message>
        <source>Select a cell to see its results per layer.</source>
        <comment>probes view placeholder</comment>
        <translation>Wählen Sie eine Zelle aus, um ihre Ergebnisse pro Ebene zu sehen.</translation>
    </message>
    <message>
        <source>Probe results per run</source>
        <comment>probes history chart title</comment>
        <translation>Sondierungsergebnisse pro Lauf</translation>
    </message>
    <message>
        <source>Passed</source>
        <comment>probes history chart series</comment>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>probes history chart series</comment>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Passed and failed probe results per run over time</source>
        <comment>accessible name</comment>
        <translation>Bestandene und fehlgeschlagene Sondierungsergebnisse pro Lauf im Zeitverlauf</translation>
    </message>
    <message>
        <source>&amp;Probes</source>
        <comment>navigation entry</comment>
        <translation>&amp;Sondierungen</translation>
    </message>
    <message>
        <source>Choose at least one layer to probe.</source>
        <comment>probes view status</comment>
        <translation>Wählen Sie mindestens eine Ebene zum Sondieren aus.</translation>
    </message>
    <message>
        <source>Starting a probe run…</source>
        <comment>probes view status</comment>
        <translation>Sondierungslauf wird gestartet…</translation>
    </message>
    <message>
        <source>Probe run %1 is in progress.</source>
        <comment>probes view status: run id</comment>
        <translation>Sondierungslauf %1 läuft.</translation>
    </message>
    <message>
        <source>Probe run %1 passed: no tenant reached another.</source>
        <comment>probes view status: run id</comment>
        <translation>Sondierungslauf %1 bestanden: Kein Mandant hat einen anderen erreicht.</translation>
    </message>
    <message numerus="yes">
        <source>Probe run %1 failed: %n result(s) did not pass.</source>
        <comment>probes view status: run id</comment>
        <translation>
            <numerusform>Sondierungslauf %1 fehlgeschlagen: %n Ergebnis hat nicht bestanden.</numerusform>
            <numerusform>Sondierungslauf %1 fehlgeschlagen: %n Ergebnisse haben nicht bestanden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Probe run %1 could not finish.</source>
        <comment>probes view status: run id</comment>
        <translation>Sondierungslauf %1 konnte nicht abgeschlossen werden.</translation>
    </message>
    <message>
        <source>%1 attacking %2</source>
        <comment>probe drill-down heading: attacker, victim</comment>
        <translation>%1 greift %2 an</translation>
    </message>
    <message>
        <source>No result yet for this pair.</source>
        <comment>probe drill-down</comment>
        <translation>Noch kein Ergebnis für dieses Paar.</translation>
    </message>
    <message>
        <source>passed</source>
        <comment>probe drill-down: outcome of one layer</comment>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>did not pass</source>
        <comment>probe drill-down: outcome of one layer</comment>
        <translation>nicht bestanden</translation>
    </message>
    <message>
        <source>Layer %1: %2</source>
        <comment>probe drill-down: layer name, outcome</comment>
        <translation>Ebene %1: %2</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::SettingsView</name>
    <message>
        <source>Daemon connection</source>
        <comment>settings group</comment>
        <translation>Daemon-Verbindung</translation>
    </message>
    <message>
        <source>empty: the embedded platform</source>
        <comment>settings placeholder</comment>
        <translation>leer: die eingebettete Plattform</translation>
    </message>
    <message>
        <source>Daemon admin URL</source>
        <comment>accessible name</comment>
        <translation>Admin-URL des Daemons</translation>
    </message>
    <message>
        <source>kept in the OS keychain only</source>
        <comment>settings placeholder</comment>
        <translation>nur im Schlüsselbund des Betriebssystems gespeichert</translation>
    </message>
    <message>
        <source>Admin token</source>
        <comment>accessible name</comment>
        <translation>Admin-Token</translation>
    </message>
    <message>
        <source>Save and &amp;connect</source>
        <comment>settings button</comment>
        <translation>Speichern und &amp;verbinden</translation>
    </message>
    <message>
        <source>Admin &amp;URL:</source>
        <comment>settings label</comment>
        <translation>Admin-&amp;URL:</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <comment>settings label</comment>
        <translation>Admin-&amp;Token:</translation>
    </message>
    <message>
        <source>Bundled daemon&apos;s database</source>
        <comment>settings group</comment>
        <translation>Datenbank des mitgelieferten Daemons</translation>
    </message>
    <message>
        <source>Database connection string</source>
        <comment>accessible name</comment>
        <translation>Datenbank-Verbindungszeichenfolge</translation>
    </message>
    <message>
        <source>&amp;Apply on next daemon start</source>
        <comment>settings button</comment>
        <translation>Beim nächsten Daemon-Start &amp;übernehmen</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <comment>settings label</comment>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>The bundled daemon uses the new database from its next start.</source>
        <comment>settings</comment>
        <translation>Der mitgelieferte Daemon verwendet die neue Datenbank ab seinem nächsten Start.</translation>
    </message>
    <message>
        <source>Upstreams</source>
        <comment>settings group</comment>
        <translation>Upstreams</translation>
    </message>
    <message>
        <source>Upstreams</source>
        <comment>accessible name</comment>
        <translation>Upstreams</translation>
    </message>
    <message>
        <source>ID</source>
        <comment>upstream table header</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Base URL</source>
        <comment>upstream table header</comment>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Dedicated tenant</source>
        <comment>upstream table header</comment>
        <translation>Dedizierter Mandant</translation>
    </message>
    <message>
        <source>id</source>
        <comment>upstream placeholder</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Upstream id</source>
        <comment>accessible name</comment>
        <translation>Upstream-ID</translation>
    </message>
    <message>
        <source>https://host/v1</source>
        <comment>upstream placeholder</comment>
        <translation>https://host/v1</translation>
    </message>
    <message>
        <source>Upstream base URL</source>
        <comment>accessible name</comment>
        <translation>Basis-URL des Upstreams</translation>
    </message>
    <message>
        <source>dedicated tenant (optional)</source>
        <comment>upstream placeholder</comment>
        <translation>dedizierter Mandant (optional)</translation>
    </message>
    <message>
        <source>Dedicated tenant</source>
        <comment>accessible name</comment>
        <translation>Dedizierter Mandant</translation>
    </message>
    <message>
        <source>Add &amp;upstream</source>
        <comment>settings button</comment>
        <translation>Upstream &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <comment>settings button</comment>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <source>Remove upstream</source>
        <comment>dialog title</comment>
        <translation>Upstream entfernen</translation>
    </message>
    <message>
        <source>Remove the upstream %1? Tenants routed to it fail closed until they get another.</source>
        <comment>confirmation</comment>
        <translation>Den Upstream %1 entfernen? Anfragen der dorthin gerouteten Mandanten werden abgewiesen (fail closed), bis ihnen ein anderer Upstream zugewiesen wird.</translation>
    </message>
    <message>
        <source>Language</source>
        <comment>settings group</comment>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Language</source>
        <comment>accessible name</comment>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <comment>settings label</comment>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <comment>navigation entry</comment>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>The console uses the embedded platform from its next start.</source>
        <comment>settings</comment>
        <translation>Die Konsole verwendet die eingebettete Plattform ab ihrem nächsten Start.</translation>
    </message>
    <message>
        <source>The admin URL must be an http or https URL with a host.</source>
        <comment>settings error</comment>
        <translation>Die Admin-URL muss eine http- oder https-URL mit einem Host sein.</translation>
    </message>
    <message>
        <source>Enter the admin token for this daemon.</source>
        <comment>settings error</comment>
        <translation>Geben Sie das Admin-Token für diesen Daemon ein.</translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1). The token was not saved anywhere.</source>
        <comment>settings error</comment>
        <translation>Der Schlüsselbund des Betriebssystems ist nicht verfügbar (%1). Das Token wurde nirgendwo gespeichert.</translation>
    </message>
    <message>
        <source>Saved: the token is in the OS keychain.</source>
        <comment>settings</comment>
        <translation>Gespeichert: Das Token befindet sich im Schlüsselbund des Betriebssystems.</translation>
    </message>
    <message>
        <source>Upstream added.</source>
        <comment>settings</comment>
        <translation>Upstream hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TenantDialog</name>
    <message>
        <source>Add tenant</source>
        <comment>tenant dialog title</comment>
        <translation>Mandant hinzufügen</translation>
    </message>
    <message>
        <source>Tenant id</source>
        <comment>accessible name</comment>
        <translation>Mandanten-ID</translation>
    </message>
    <message>
        <source>for example life_health</source>
        <comment>tenant id placeholder</comment>
        <translation>zum Beispiel life_health</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <comment>tenant dialog label</comment>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <source>Tenant name</source>
        <comment>accessible name</comment>
        <translation>Mandantenname</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <comment>tenant dialog label</comment>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Data classifications</source>
        <comment>tenant dialog group</comment>
        <translation>Datenklassifizierungen</translation>
    </message>
    <message>
        <source>Classification %1</source>
        <comment>accessible name: classification code</comment>
        <translation>Klassifizierung %1</translation>
    </message>
    <message>
        <source>Relationship</source>
        <comment>accessible name</comment>
        <translation>Beziehung</translation>
    </message>
    <message>
        <source>Internal</source>
        <comment>tenant relationship</comment>
        <translation>Intern</translation>
    </message>
    <message>
        <source>External client</source>
        <comment>tenant relationship</comment>
        <translation>Externer Kunde</translation>
    </message>
    <message>
        <source>&amp;Relationship:</source>
        <comment>tenant dialog label</comment>
        <translation>&amp;Beziehung:</translation>
    </message>
    <message>
        <source>Adversarial threat</source>
        <comment>accessible name</comment>
        <translation>Bedrohung durch Angreifer</translation>
    </message>
    <message>
        <source>Low</source>
        <comment>tenant threat level</comment>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <comment>tenant threat level</comment>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <comment>tenant threat level</comment>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>&amp;Threat:</source>
        <comment>tenant dialog label</comment>
        <translation>Be&amp;drohung:</translation>
    </message>
    <message>
        <source>Regulatory regimes</source>
        <comment>tenant dialog group</comment>
        <translation>Regulatorische Regelwerke</translation>
    </message>
    <message>
        <source>Regime %1</source>
        <comment>accessible name: regime code</comment>
        <translation>Regelwerk %1</translation>
    </message>
    <message>
        <source>Isolation tier</source>
        <comment>accessible name</comment>
        <translation>Isolationsstufe</translation>
    </message>
    <message>
        <source>Tier 1: shared namespace</source>
        <comment>isolation tier</comment>
        <translation>Stufe 1: gemeinsamer Namensraum</translation>
    </message>
    <message>
        <source>Tier 2: schema, role and key per tenant</source>
        <comment>isolation tier</comment>
        <translation>Stufe 2: Schema, Rolle und Schlüssel pro Mandant</translation>
    </message>
    <message>
        <source>Tier 3: dedicated infrastructure</source>
        <comment>isolation tier</comment>
        <translation>Stufe 3: dedizierte Infrastruktur</translation>
    </message>
    <message>
        <source>Isolation t&amp;ier:</source>
        <comment>tenant dialog label</comment>
        <translation>Isolations&amp;stufe:</translation>
    </message>
    <message>
        <source>Problem with this tenant</source>
        <comment>accessible name</comment>
        <translation>Problem mit diesem Mandanten</translation>
    </message>
    <message>
        <source>Edit tenant %1</source>
        <comment>tenant dialog title: tenant id</comment>
        <translation>Mandant %1 bearbeiten</translation>
    </message>
    <message>
        <source>Enter a tenant id.</source>
        <comment>tenant dialog validation</comment>
        <translation>Geben Sie eine Mandanten-ID ein.</translation>
    </message>
    <message>
        <source>The id must be 2 to 31 characters: a lower-case letter, then lower-case letters, digits or underscores.</source>
        <comment>tenant dialog validation</comment>
        <translation>Die ID muss 2 bis 31 Zeichen lang sein: ein Kleinbuchstabe, gefolgt von Kleinbuchstaben, Ziffern oder Unterstrichen.</translation>
    </message>
    <message>
        <source>The id &quot;platform&quot; is reserved for the platform&apos;s own audit chain.</source>
        <comment>tenant dialog validation</comment>
        <translation>Die ID „platform“ ist für die eigene Audit-Kette der Plattform reserviert.</translation>
    </message>
    <message>
        <source>The name is not valid text.</source>
        <comment>tenant dialog validation</comment>
        <translation>Der Name ist kein gültiger Text.</translation>
    </message>
    <message>
        <source>The name may have at most %1 characters; it has %2.</source>
        <comment>tenant dialog validation</comment>
        <translation>Der Name darf höchstens %1 Zeichen lang sein; er hat %2.</translation>
    </message>
    <message>
        <source>The name must not contain control characters.</source>
        <comment>tenant dialog validation</comment>
        <translation>Der Name darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The name must not be blank.</source>
        <comment>tenant dialog validation</comment>
        <translation>Der Name darf nicht leer sein.</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TenantRemoveDialog</name>
    <message>
        <source>Remove tenant %1</source>
        <comment>tenant removal dialog title</comment>
        <translation>Mandant %1 entfernen</translation>
    </message>
    <message>
        <source>&lt;p&gt;Removing &lt;b&gt;%1&lt;/b&gt; cannot be undone:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;its API keys and auditor tokens stop working at once;&lt;/li&gt;&lt;li&gt;its documents, their placement and its encryption keys are destroyed (crypto-shredded);&lt;/li&gt;&lt;li&gt;its settings, limits and upstream assignment are deleted;&lt;/li&gt;&lt;li&gt;its audit chain is sealed in the archive for its retention period.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;A tenant created later with the same id starts empty.&lt;/p&gt;</source>
        <comment>tenant removal dialog</comment>
        <translation>&lt;p&gt;Das Entfernen von &lt;b&gt;%1&lt;/b&gt; lässt sich nicht rückgängig machen:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;seine API-Schlüssel und Prüfer-Tokens sind sofort ungültig;&lt;/li&gt;&lt;li&gt;seine Dokumente, ihre Ablage und seine Schlüssel werden vernichtet (kryptografisch gelöscht);&lt;/li&gt;&lt;li&gt;seine Einstellungen, Limits und Upstream-Zuordnung werden gelöscht;&lt;/li&gt;&lt;li&gt;seine Audit-Kette wird für die Aufbewahrungsfrist versiegelt archiviert.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Ein später mit derselben Kennung angelegter Mandant beginnt leer.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Type the tenant id to &amp;confirm:</source>
        <comment>tenant removal dialog label</comment>
        <translation>Zum &amp;Bestätigen die Mandantenkennung eingeben:</translation>
    </message>
    <message>
        <source>Tenant id to confirm the removal</source>
        <comment>accessible name</comment>
        <translation>Mandantenkennung zur Bestätigung des Entfernens</translation>
    </message>
    <message>
        <source>&amp;Remove tenant</source>
        <comment>tenant removal dialog button</comment>
        <translation>Mandant &amp;entfernen</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TenantsView</name>
    <message>
        <source>Filter tenants by any column (Ctrl+F)</source>
        <comment>tenant filter placeholder</comment>
        <translation>Mandanten nach beliebiger Spalte filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Tenant filter</source>
        <comment>accessible name</comment>
        <translation>Mandantenfilter</translation>
    </message>
    <message>
        <source>&amp;Add tenant…</source>
        <comment>tenants view button</comment>
        <translation>Mandant &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add a tenant (Ctrl+N)</source>
        <comment>tenants view tooltip</comment>
        <translation>Mandant hinzufügen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <comment>tenants view button</comment>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the selected tenant (Enter or double-click)</source>
        <comment>tenants view tooltip</comment>
        <translation>Ausgewählten Mandanten bearbeiten (Eingabetaste oder Doppelklick)</translation>
    </message>
    <message>
        <source>Tenants</source>
        <comment>accessible name</comment>
        <translation>Mandanten</translation>
    </message>
    <message>
        <source>&amp;Why this tier:</source>
        <comment>tenants view label</comment>
        <translation>&amp;Warum diese Stufe:</translation>
    </message>
    <message>
        <source>Tier rationale for the selected tenant</source>
        <comment>accessible name</comment>
        <translation>Begründung der Stufe für den ausgewählten Mandanten</translation>
    </message>
    <message>
        <source>&amp;Tenants</source>
        <comment>navigation entry</comment>
        <translation>&amp;Mandanten</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a tenant to see why it needs its tier.&lt;/p&gt;</source>
        <comment>tenant rationale</comment>
        <translation>&lt;p&gt;Wählen Sie einen Mandanten aus, um zu sehen, warum er seine Stufe benötigt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;No policy decision is available for tenant %1.&lt;/p&gt;</source>
        <comment>tenant rationale: id</comment>
        <translation>&lt;p&gt;Für Mandant %1 ist keine Richtlinienentscheidung verfügbar.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Tenant &lt;b&gt;%1&lt;/b&gt; has no chosen tier; the policy requires at least tier %2.&lt;/p&gt;</source>
        <comment>tenant rationale: id, minimum tier</comment>
        <translation>&lt;p&gt;Mandant &lt;b&gt;%1&lt;/b&gt; hat keine gewählte Stufe; die Richtlinie verlangt mindestens Stufe %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Tenant &lt;b&gt;%1&lt;/b&gt; runs on tier %2 but needs at least tier %3.&lt;/p&gt;</source>
        <comment>tenant rationale: id, chosen tier, minimum tier</comment>
        <translation>&lt;p&gt;Mandant &lt;b&gt;%1&lt;/b&gt; läuft auf Stufe %2, benötigt aber mindestens Stufe %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Tenant &lt;b&gt;%1&lt;/b&gt; runs on tier %2; the policy requires at least tier %3.&lt;/p&gt;</source>
        <comment>tenant rationale: id, chosen tier, minimum tier</comment>
        <translation>&lt;p&gt;Mandant &lt;b&gt;%1&lt;/b&gt; läuft auf Stufe %2; die Richtlinie verlangt mindestens Stufe %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;No isolation rule applies to this tenant.&lt;/p&gt;</source>
        <comment>tenant rationale</comment>
        <translation>&lt;p&gt;Für diesen Mandanten gilt keine Isolationsregel.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#a4262c&quot;&gt;&lt;b&gt;Violation:&lt;/b&gt;&lt;/span&gt; %1 (%2) requires tier %3.</source>
        <comment>tenant rationale rule: title, rule id, tier</comment>
        <translation>&lt;span style=&quot;color:#a4262c&quot;&gt;&lt;b&gt;Verstoß:&lt;/b&gt;&lt;/span&gt; %1 (%2) verlangt Stufe %3.</translation>
    </message>
    <message>
        <source>%1 (%2) requires tier %3.</source>
        <comment>tenant rationale rule: title, rule id, tier</comment>
        <translation>%1 (%2) verlangt Stufe %3.</translation>
    </message>
    <message>
        <source>&lt;i&gt;Triggered by: %1&lt;/i&gt;</source>
        <comment>tenant rationale rule: comma-separated tenant ids</comment>
        <translation>&lt;i&gt;Ausgelöst durch: %1&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <comment>tenants view button</comment>
        <translation>E&amp;ntfernen…</translation>
    </message>
    <message>
        <source>Remove the selected tenant and everything it stored</source>
        <comment>tenants view tooltip</comment>
        <translation>Den ausgewählten Mandanten und alles, was er gespeichert hat, entfernen</translation>
    </message>
    <message>
        <source>Only a platform administrator can add, edit or remove tenants.</source>
        <comment>tenants view tooltip</comment>
        <translation>Nur ein Plattformadministrator kann Mandanten hinzufügen, bearbeiten oder entfernen.</translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TiersView</name>
    <message>
        <source>Tenants</source>
        <comment>tiers view group</comment>
        <translation>Mandanten</translation>
    </message>
    <message>
        <source>Tier and estimated cost per tenant</source>
        <comment>accessible name</comment>
        <translation>Stufe und geschätzte Kosten pro Mandant</translation>
    </message>
    <message>
        <source>New &amp;tier:</source>
        <comment>tiers view label</comment>
        <translation>Neue &amp;Stufe:</translation>
    </message>
    <message>
        <source>New tier for the selected tenant</source>
        <comment>accessible name</comment>
        <translation>Neue Stufe für den ausgewählten Mandanten</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>tier choice</comment>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>&amp;Apply tier</source>
        <comment>tiers view button</comment>
        <translation>Stufe &amp;übernehmen</translation>
    </message>
    <message>
        <source>Migration progress</source>
        <comment>accessible name</comment>
        <translation>Migrationsfortschritt</translation>
    </message>
    <message>
        <source>Estimated relative cost per tenant</source>
        <comment>tier chart title</comment>
        <translation>Geschätzte relative Kosten pro Mandant</translation>
    </message>
    <message>
        <source>× tier 1</source>
        <comment>tier chart axis</comment>
        <translation>× Stufe 1</translation>
    </message>
    <message>
        <source>Estimated relative cost per tier</source>
        <comment>accessible name</comment>
        <translation>Geschätzte relative Kosten pro Stufe</translation>
    </message>
    <message>
        <source>Estimates from the console&apos;s cost model; replace them with your own prices.</source>
        <comment>tier chart tooltip</comment>
        <translation>Schätzungen aus dem Kostenmodell der Konsole; ersetzen Sie sie durch Ihre eigenen Preise.</translation>
    </message>
    <message>
        <source>Measured mean latency</source>
        <comment>tier chart title</comment>
        <translation>Gemessene mittlere Latenz</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <comment>tier chart axis</comment>
        <translation>Millisekunden</translation>
    </message>
    <message>
        <source>Measured mean latency per tier</source>
        <comment>accessible name</comment>
        <translation>Gemessene mittlere Latenz pro Stufe</translation>
    </message>
    <message>
        <source>Isolation t&amp;iers</source>
        <comment>navigation entry</comment>
        <translation>&amp;Isolationsstufen</translation>
    </message>
    <message>
        <source>%1 already runs on tier %2.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation>%1 läuft bereits auf Stufe %2.</translation>
    </message>
    <message>
        <source>Moving %1 to tier %2…</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation>%1 wird auf Stufe %2 verschoben…</translation>
    </message>
    <message>
        <source>The tier of %1 was not changed: %2</source>
        <comment>tier migration status: tenant id, error sentence</comment>
        <translation>Die Stufe von %1 wurde nicht geändert: %2</translation>
    </message>
    <message>
        <source>%1 changed tier; there was no data to migrate.</source>
        <comment>tier migration status: tenant id</comment>
        <translation>%1 hat die Stufe gewechselt; es waren keine Daten zu migrieren.</translation>
    </message>
    <message>
        <source>The migration status of %1 is unavailable: %2</source>
        <comment>tier migration status: tenant id, error sentence</comment>
        <translation>Der Migrationsstatus von %1 ist nicht verfügbar: %2</translation>
    </message>
    <message>
        <source>%1 now runs on tier %2.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation>%1 läuft jetzt auf Stufe %2.</translation>
    </message>
    <message>
        <source>The migration of %1 to tier %2 failed and was rolled back; its data stays where it was.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation>Die Migration von %1 auf Stufe %2 ist fehlgeschlagen und wurde zurückgesetzt; die Daten bleiben, wo sie waren.</translation>
    </message>
    <message>
        <source>Moving %1 to tier %2: %3 of %4 documents copied.</source>
        <comment>tier migration status: tenant id, tier, moved, total</comment>
        <translation>%1 wird auf Stufe %2 verschoben: %3 von %4 Dokumenten kopiert.</translation>
    </message>
    <message>
        <source>Moving %1 to tier %2: documents moved, now its audit log.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation>%1 wird auf Stufe %2 verschoben: Dokumente verschoben, jetzt das Audit-Protokoll.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Bulkhead console: tenant inventory, isolation tiers, probes, scoped logs and evidence for a shared LLM platform.</source>
        <translation>Bulkhead-Konsole: Mandanteninventar, Isolationsstufen, Sondierungen, mandantenbezogene Protokolle und Nachweise für eine gemeinsam genutzte LLM-Plattform.</translation>
    </message>
    <message>
        <source>Connect to the daemon&apos;s admin API at URL instead of the configured one.</source>
        <comment>command-line option</comment>
        <translation>Mit der Admin-API des Daemons unter URL statt mit der konfigurierten verbinden.</translation>
    </message>
    <message>
        <source>URL</source>
        <comment>command-line option value</comment>
        <translation>URL</translation>
    </message>
    <message>
        <source>Never start the embedded demo platform when no daemon is configured.</source>
        <comment>command-line option</comment>
        <translation>Die eingebettete Demo-Plattform nie starten, wenn kein Daemon konfiguriert ist.</translation>
    </message>
</context>
</TS>
