<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminError</name>
    <message>
        <source>The daemon could not be reached.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon sent an answer the console cannot read.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon rejected the request as invalid.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No admin token is configured.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon does not accept the admin token.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The admin token is not allowed to do this.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item no longer exists on the daemon.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An item with this id already exists.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed this item in the meantime. The list has been reloaded; please make your change again.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon cannot confirm its policy right now.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon is shutting down.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon reported an internal error.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon reported an error this console does not know.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon could not read the request as JSON.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is larger than the daemon accepts.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is larger than the tenant&apos;s limit allows.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request headers are larger than the daemon accepts.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon does not accept the request&apos;s content type.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon does not allow this action here; the console and the daemon may be different versions.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon does not offer this function; it may be older than the console.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request carried no tenant API key.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon does not accept the tenant API key.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tier migration of this tenant is in progress; try again when it has finished.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tenant&apos;s policy rejects system messages from clients.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon blocked the content under the tenant&apos;s isolation policy.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon has too many connections right now; try again shortly.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rate limit was reached; try again shortly.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request took too long to reach the daemon.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language model upstream could not be reached.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tenant&apos;s tier requires a dedicated upstream, and none is assigned.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language model upstream did not answer in time.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language model upstream reported an error.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language model upstream sent an answer the daemon cannot accept.</source>
        <comment>admin API error shown to the user</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Type the tenant id to confirm</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::AdminClient</name>
    <message>
        <source>%1 (field: %2)</source>
        <comment>an error sentence, then the request field it concerns</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ClassificationMatrixModel</name>
    <message>
        <source>Tenant %1 holds %2 data.</source>
        <comment>classification matrix tooltip: tenant, classification</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant %1 holds no %2 data.</source>
        <comment>classification matrix tooltip: tenant, classification</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy engine requires at least tier %1 for tenant %2.</source>
        <comment>classification matrix tooltip: minimum tier, tenant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum tier</source>
        <comment>classification matrix header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ConflictHeatmapModel</name>
    <message>
        <source>No rule separates %1 and %2.</source>
        <comment>heatmap tooltip: two tenant ids</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 must be separated at tier %3 or above.</source>
        <comment>heatmap tooltip: two tenant ids, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (tier %2) on %3: %4</source>
        <comment>heatmap tooltip line: rule id, tier, tenant, rule title</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::EncryptionKeyModel</name>
    <message>
        <source>Key-encryption key</source>
        <comment>encryption key table: kind</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data key</source>
        <comment>encryption key table: kind</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <comment>encryption key table: not rotated yet</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <comment>encryption key table: key in use</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retired</source>
        <comment>encryption key table: key no longer used for new data</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key ID</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotated (UTC)</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <comment>encryption key table header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::LogTableModel</name>
    <message>
        <source>Blocked</source>
        <comment>log table: the request was blocked</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <comment>log table: the request was allowed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <comment>log table: latency in milliseconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 prompt tokens and %2 completion tokens.</source>
        <comment>log table tooltip: prompt tokens, completion tokens</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasons</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request ID</source>
        <comment>log table header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::MetricsHistory</name>
    <message>
        <source>Time</source>
        <comment>metrics history header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <comment>metrics history header: total requests so far</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per second</source>
        <comment>metrics history header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ProbeHistoryModel</name>
    <message>
        <source>Running</source>
        <comment>probe run state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <comment>probe run state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>probe run state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <comment>probe run state: the run could not finish</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <comment>probe run duration: minutes, seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <comment>probe history header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <comment>probe history header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <comment>probe history header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <comment>probe history header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>probe history header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <comment>probe history header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::ProbeMatrixModel</name>
    <message>
        <source>pending</source>
        <comment>probe matrix cell: no result yet</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>probe matrix cell: passed results / all results</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>✗ %n failed</source>
        <comment>probe matrix cell: results that did not pass</comment>
        <translation>
            <numerusform>✗ %n failed</numerusform>
            <numerusform>✗ %n failed</numerusform>
        </translation>
    </message>
    <message>
        <source>A tenant is not probed against itself.</source>
        <comment>probe matrix tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No result yet for %1 attacking %2.</source>
        <comment>probe matrix tooltip: attacker, victim</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attacking %2: every layer held (%3 of %4 results passed).</source>
        <comment>probe matrix tooltip: attacker, victim, passed, total</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attacking %2: failing layers: %3.</source>
        <comment>probe matrix tooltip: attacker, victim, comma-separated layer names</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attacker %1</source>
        <comment>probe matrix row header tooltip: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Victim %1</source>
        <comment>probe matrix column header tooltip: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::TenantTableModel</name>
    <message>
        <source>Violation</source>
        <comment>tenant table: chosen tier below minimum</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <comment>tenant table: chosen tier meets minimum</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant %1 runs on tier %2 but needs at least tier %3.</source>
        <comment>tenant table tooltip: id, chosen tier, minimum tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifications</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threat</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regimes</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen tier</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum tier</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Violation</source>
        <comment>tenant table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>internal</source>
        <comment>tenant relationship in the table</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>external</source>
        <comment>tenant relationship in the table</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <comment>adversarial threat level in the table</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <comment>adversarial threat level in the table</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <comment>adversarial threat level in the table</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <comment>tenant table: an injection flag threshold at the platform default</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 measured</source>
        <comment>tenant table: calibrated flag threshold, measured false-positive rate</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged at %1, refused or dropped at %2.</source>
        <comment>tenant table tooltip: injection flag and block thresholds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The platform default: 5 % of the training sources&apos; benign text is flagged.</source>
        <comment>tenant table tooltip: default injection threshold</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Calibrated %1 on %n benign sample(s) of this tenant: %2 of them flagged (target %3).</source>
        <comment>tenant table tooltip: date, measured and target false-positive rate</comment>
        <translation>
            <numerusform>Calibrated %1 on %n benign sample of this tenant: %2 of it flagged (target %3).</numerusform>
            <numerusform>Calibrated %1 on %n benign samples of this tenant: %2 of them flagged (target %3).</numerusform>
        </translation>
    </message>
    <message>
        <source>The score at which a prompt of this tenant is flagged as an injection: the default, or calibrated from the tenant&apos;s own benign prompts.</source>
        <comment>tenant table header tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The score at which a retrieved chunk of this tenant is flagged as an injection: the default, or calibrated from the tenant&apos;s own benign documents.</source>
        <comment>tenant table header tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt flag</source>
        <comment>tenant table header: injection threshold for prompts</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document flag</source>
        <comment>tenant table header: injection threshold for documents</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::TenantTierCostModel</name>
    <message>
        <source>An estimate from the console&apos;s cost model, not a price.</source>
        <comment>tenant tier table tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant %1 runs on tier %2 but needs at least tier %3.</source>
        <comment>tenant tier table tooltip: id, chosen tier, minimum tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <comment>tenant tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen tier</source>
        <comment>tenant tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum tier</source>
        <comment>tenant tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated monthly cost</source>
        <comment>tenant tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::models::TierEstimateModel</name>
    <message>
        <source>Estimated %1 per tenant per month; replace the estimate with your own prices.</source>
        <comment>tier table tooltip: a currency amount</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data-plane requests on tier %1 yet.</source>
        <comment>tier table tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>tier chart category</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <comment>tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated relative cost</source>
        <comment>tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean latency (ms)</source>
        <comment>tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <comment>tier table header</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::AboutDialog</name>
    <message>
        <source>About Bulkhead</source>
        <comment>about dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulkhead console %1</source>
        <comment>about dialog heading; %1 is the version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant isolation for shared LLM platforms: inventory, isolation tiers, probes, scoped logs and signed evidence.</source>
        <comment>about dialog: what the program is</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <comment>about dialog group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licences</source>
        <comment>about dialog group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where your data lives</source>
        <comment>about dialog group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <comment>about dialog button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console: %1</source>
        <comment>about dialog; %1 is a version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon: not connected</source>
        <comment>about dialog</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon: %1 %2</source>
        <comment>about dialog; %1 is the daemon&apos;s name, %2 its version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon: connected; it does not report its version</source>
        <comment>about dialog</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt: %1 (built with %2)</source>
        <comment>about dialog; %1 and %2 are Qt versions</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulkhead: see the licence shipped with this package.</source>
        <comment>about dialog</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Icons: drawn for Bulkhead, same licence as Bulkhead</source>
        <comment>about dialog</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings: %1</source>
        <comment>about dialog; %1 is a file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin tokens: the OS keychain, service “%1”</source>
        <comment>about dialog; %1 is a keychain service name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded platform (database, logs, audit signing key): %1</source>
        <comment>about dialog; %1 is a folder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built with (SPDX licence expressions):</source>
        <comment>about dialog; a list of components follows</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::ChartPanel</name>
    <message>
        <source>No data yet</source>
        <comment>chart placeholder: nothing to draw so far</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::ConsoleStartup</name>
    <message>
        <source>No daemon configured: set one in Settings.</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon: %1</source>
        <comment>status bar; %1 is the admin URL</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1); the admin token is not stored anywhere else, so the console does not connect.</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1); the console cannot read the admin token and does not connect.</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No admin token stored for %1: enter it in Settings.</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded platform did not start: %1</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded platform at %1 (upstream: bulkhead-refmodel, a simulator)</source>
        <comment>status bar; %1 is the admin URL</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded platform&apos;s admin token is not in the keychain; stop the platform (bulkheadctl demo down --dir %1) to start afresh.</source>
        <comment>status bar; %1 is a folder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The admin token is in the keychain, but its copy in the platform folder could not be removed.</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain available</source>
        <comment>dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain (Secret Service) cannot be used: %1

The embedded demo platform can keep its master key and admin token in files instead, in %2, readable only by you. Anyone who can read your files can then read the platform&apos;s data.

Use key files for the embedded platform?</source>
        <comment>confirmation; %1 is the keychain&apos;s error, %2 a folder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1) and key files were declined: the embedded platform is not started.</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded platform keeps its master key in %1 (no OS keychain).</source>
        <comment>status bar; %1 is a file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded platform&apos;s admin token is not in %1; stop the platform (bulkheadctl demo down --dir %2) to start afresh.</source>
        <comment>status bar; %1 is a file, %2 a folder</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::DaemonController</name>
    <message>
        <source>bulkheadd could not be started: %1</source>
        <comment>daemon error; %1 is the reason</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulkheadd crashed</source>
        <comment>daemon error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulkheadd exited with code %1</source>
        <comment>daemon error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No daemon is configured to start.</source>
        <comment>daemon error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulkheadd exited</source>
        <comment>daemon error</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::DaemonView</name>
    <message>
        <source>This console manages no daemon of its own: it is connected to a daemon started elsewhere.</source>
        <comment>daemon view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundled daemon</source>
        <comment>daemon view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <comment>daemon view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health:</source>
        <comment>daemon view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <comment>daemon view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <comment>daemon view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <comment>daemon view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <comment>daemon view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon configuration</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live log</source>
        <comment>daemon view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon log</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <comment>daemon state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting</source>
        <comment>daemon state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running (pid %1)</source>
        <comment>daemon state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping</source>
        <comment>daemon state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not running</source>
        <comment>daemon health</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy and ready</source>
        <comment>daemon health</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy, not ready (policy or database unavailable)</source>
        <comment>daemon health</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not answering</source>
        <comment>daemon health</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Daemon</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EmbeddedPlatform</name>
    <message>
        <source>starting the embedded platform in %1</source>
        <comment>status; %1 is a folder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bulkheadctl could not be started</source>
        <comment>error</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EvidenceExportJob</name>
    <message>
        <source>The daemon could not build the evidence pack.</source>
        <comment>evidence export</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <comment>evidence export</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1 failed.</source>
        <comment>evidence export</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the pack as %1.</source>
        <comment>evidence export</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EvidenceView</name>
    <message>
        <source>&amp;Export evidence pack…</source>
        <comment>evidence view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify a pack…</source>
        <comment>evidence view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <comment>evidence view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pack verified yet.</source>
        <comment>evidence view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification details</source>
        <comment>accessible name: evidence view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent exports</source>
        <comment>evidence view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent evidence exports</source>
        <comment>accessible name: evidence view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256</source>
        <comment>evidence exports header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh list</source>
        <comment>evidence view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify evidence pack</source>
        <comment>evidence view: open dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence packs (*.zip);;All files (*)</source>
        <comment>evidence view: open dialog filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence pack is saved as %1.</source>
        <comment>evidence view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <comment>evidence view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gathering evidence: %1 of %2 steps done.</source>
        <comment>evidence view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Evidence</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting the evidence pack…</source>
        <comment>evidence view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <comment>evidence view verdict</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be an evidence pack.</source>
        <comment>evidence view verdict</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <comment>evidence export state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <comment>evidence export state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <comment>evidence export state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>evidence export state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole platform</source>
        <comment>evidence exports: scope</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <comment>evidence exports: scope</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::EvidenceWizard</name>
    <message>
        <source>SHA-256 of the file: %1</source>
        <comment>evidence verification detail</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by the key %1.</source>
        <comment>evidence verification detail</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon reported the signing key %1.</source>
        <comment>evidence verification detail</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated at %1.</source>
        <comment>evidence verification detail</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <comment>evidence verification detail</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) checked.</source>
        <comment>evidence verification detail</comment>
        <translation>
            <numerusform>%n member checked.</numerusform>
            <numerusform>%n members checked.</numerusform>
        </translation>
    </message>
    <message>
        <source>The pack failed verification (%1).</source>
        <comment>evidence verdict; %1 is a problem code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pack failed verification at %1 (%2).</source>
        <comment>evidence verdict; %1 is a file in the pack, %2 a problem code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved file is not the pack the daemon produced: its SHA-256 differs.</source>
        <comment>evidence verdict</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pack is intact: its signature and every member&apos;s hash verify.</source>
        <comment>evidence verdict</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export evidence pack</source>
        <comment>evidence wizard title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gathering evidence: %1 of %2 steps done.</source>
        <comment>evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence pack is saved as %1.</source>
        <comment>evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <comment>evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <comment>evidence wizard page title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what the pack covers and where to save it.</source>
        <comment>evidence wizard page subtitle</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence scope</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <comment>evidence wizard scope</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole platform</source>
        <comment>evidence wizard scope</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <comment>evidence wizard label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence since (UTC)</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the beginning</source>
        <comment>evidence wizard: no since limit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ince (UTC):</source>
        <comment>evidence wizard label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pack file</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <comment>evidence wizard button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <comment>evidence wizard label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save evidence pack</source>
        <comment>evidence wizard: save dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>platform-evidence.zip</source>
        <comment>evidence wizard: suggested file name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-evidence.zip</source>
        <comment>evidence wizard: suggested file name; %1 is the tenant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence packs (*.zip);;All files (*)</source>
        <comment>evidence wizard: save dialog filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <comment>evidence wizard page title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon gathers and signs the evidence; the console saves the pack.</source>
        <comment>evidence wizard page subtitle</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export progress</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <comment>evidence wizard page title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved pack is checked offline, as an auditor would.</source>
        <comment>evidence wizard page subtitle</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification details</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting the evidence pack…</source>
        <comment>evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control statuses</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control statuses in this pack:</source>
        <comment>evidence wizard label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>satisfied</source>
        <comment>control status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not satisfied</source>
        <comment>control status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not assessed</source>
        <comment>control status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <comment>evidence wizard: control id, title and status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;control statuses</source>
        <comment>evidence wizard button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control statuses before the export</source>
        <comment>accessible name: evidence wizard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assessing the controls…</source>
        <comment>evidence wizard: preview while loading</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::KeysView</name>
    <message>
        <source>Tenant</source>
        <comment>accessible name: keys view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <comment>keys view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master key:</source>
        <comment>keys view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption keys</source>
        <comment>accessible name: keys view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate &amp;KEK…</source>
        <comment>keys view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate &amp;data key…</source>
        <comment>keys view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Crypto-shred tenant…</source>
        <comment>keys view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The documents of %1 are being re-encrypted under the new data key.</source>
        <comment>keys view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-encrypting the documents of %1 under the new data key failed.</source>
        <comment>keys view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate key-encryption key</source>
        <comment>keys view: confirmation title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the key-encryption key of tenant %1? New data keys are wrapped under the new version; existing data keys are re-wrapped.</source>
        <comment>keys view: confirmation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate data key</source>
        <comment>keys view: confirmation title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the document data key of tenant %1? Its documents are re-encrypted in the background and the old key is retired afterwards.</source>
        <comment>keys view: confirmation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key-encryption key of %1 is now at version %2.</source>
        <comment>keys view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant %1 has a new data key; its documents are being re-encrypted.</source>
        <comment>keys view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crypto-shred tenant</source>
        <comment>keys view: confirmation title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crypto-shredding destroys every key of tenant %1: its documents and sealed audit content become unreadable for ever and its API keys are revoked. Type the tenant id to confirm.</source>
        <comment>keys view: confirmation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Tenant %1 is crypto-shredded; %n API key(s) were revoked.</source>
        <comment>keys view status</comment>
        <translation>
            <numerusform>Tenant %1 is crypto-shredded; %n API key was revoked.</numerusform>
            <numerusform>Tenant %1 is crypto-shredded; %n API keys were revoked.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pin this fingerprint where evidence is verified: bulkheadctl evidence verify --fingerprint, or BULKHEAD_SIGNING_FINGERPRINT.</source>
        <comment>keys view tooltip: signing key fingerprint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing key:</source>
        <comment>keys view label</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::LogsView</name>
    <message>
        <source>Filters</source>
        <comment>logs view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <comment>logs view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route filter</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any route</source>
        <comment>logs view: route filter placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Route:</source>
        <comment>logs view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision filter</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any decision</source>
        <comment>logs view: decision filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <comment>logs view: decision filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <comment>logs view: decision filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decision:</source>
        <comment>logs view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <comment>logs view: time filter not set</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earliest time (UTC)</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest time (UTC)</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From (UTC):</source>
        <comment>logs view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Until (UTC):</source>
        <comment>logs view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply filter</source>
        <comment>logs view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit records</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected record</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a record to see all of its fields.</source>
        <comment>logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <comment>logs view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <comment>logs view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export progress</source>
        <comment>accessible name: logs view</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export audit records</source>
        <comment>logs view: save dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-audit.jsonl</source>
        <comment>logs view: suggested export file name; %1 is the tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <comment>logs view: save dialog filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading audit records…</source>
        <comment>logs view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n audit record(s) shown.</source>
        <comment>logs view status</comment>
        <translation>
            <numerusform>%n audit record shown.</numerusform>
            <numerusform>%n audit records shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading record %1…</source>
        <comment>logs view: detail pane while loading</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the audit chain of %1…</source>
        <comment>logs view: chain status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit chain of %1 is verified: %n record(s).</source>
        <comment>logs view: chain status; %1 is the tenant</comment>
        <translation>
            <numerusform>The audit chain of %1 is verified: %n record.</numerusform>
            <numerusform>The audit chain of %1 is verified: %n records.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain of %1 is broken at sequence %2.</source>
        <comment>logs view: chain status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit chain of %1 did not verify.</source>
        <comment>logs view: chain status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <comment>logs view: export error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the audit records of %1…</source>
        <comment>logs view: export status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1 failed.</source>
        <comment>logs view: export error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) exported so far…</source>
        <comment>logs view: export status</comment>
        <translation>
            <numerusform>%n record exported so far…</numerusform>
            <numerusform>%n records exported so far…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <comment>logs view: export error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2.</source>
        <comment>logs view: export error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) exported to %1.</source>
        <comment>logs view: export done</comment>
        <translation>
            <numerusform>%n record exported to %1.</numerusform>
            <numerusform>%n records exported to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed and no file was left: %1</source>
        <comment>logs view: export error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;proof…</source>
        <comment>logs view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected record&apos;s inclusion proof to the newest signed checkpoint; check it offline with bulkheadctl logs verify-proof.</source>
        <comment>logs view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export audit proof</source>
        <comment>logs view: save dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-record-%2-proof.json</source>
        <comment>logs view: suggested proof file name; %1 is the tenant id, %2 the sequence</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <comment>logs view: proof save dialog filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proof of record %1 is saved in %2.</source>
        <comment>logs view status</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::MainWindow</name>
    <message>
        <source>Views</source>
        <comment>accessible name of the navigation list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulkhead</source>
        <comment>application name in the window title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <comment>menu</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <comment>menu action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <comment>menu action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <comment>menu</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon: not connected</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <comment>status bar: connection</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <comment>status bar: connection; %1 is host:port</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role: platform admin</source>
        <comment>status bar</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role: auditor of %1</source>
        <comment>status bar; %1 is a tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon version: not reported</source>
        <comment>status bar: the daemon does not report its version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon %1</source>
        <comment>status bar; %1 is the daemon&apos;s version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <comment>toolbar name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read everything again from the daemon</source>
        <comment>toolbar tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;probes</source>
        <comment>menu action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a probe run with the probes view&apos;s settings</source>
        <comment>toolbar tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export evidence…</source>
        <comment>menu action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export a signed evidence pack for one tenant</source>
        <comment>toolbar tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Bulkhead</source>
        <comment>menu action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <comment>menu</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::MatrixView</name>
    <message>
        <source>Data classifications per tenant</source>
        <comment>matrix view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick a classification to change the tenant; the &amp;minimum tier follows from the policy engine.</source>
        <comment>matrix view hint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification matrix</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts between tenants</source>
        <comment>matrix view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each &amp;cell shows the tier a rule forces on the pair; select one to see why.</source>
        <comment>matrix view hint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict heatmap</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation of the selected pair</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Classification matrix</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the classifications of %1…</source>
        <comment>matrix view status: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The classifications of %1 were not changed: %2</source>
        <comment>matrix view status: tenant id, error sentence</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the classifications of %1.</source>
        <comment>matrix view status: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a cell to see which rules keep two tenants apart.</source>
        <comment>heatmap explanation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the same tenant on both axes.</source>
        <comment>heatmap explanation: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rule separates %1 and %2: they may share tier 1.</source>
        <comment>heatmap explanation: two tenant ids</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 must be kept apart at tier %3 or above.</source>
        <comment>heatmap explanation: two tenant ids, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, tier %3) applies to %4 because of %5: %6</source>
        <comment>heatmap explanation line: rule title, rule id, tier, tenant, peer tenant, rationale</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::OverviewView</name>
    <message>
        <source>Platform</source>
        <comment>overview group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform assurance tier:</source>
        <comment>overview label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy violations:</source>
        <comment>overview label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon:</source>
        <comment>overview label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks by reason</source>
        <comment>overview chart title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <comment>overview chart series</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked requests by reason since the daemon started</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean latency by tier (ms)</source>
        <comment>overview chart title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean latency</source>
        <comment>overview chart series</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean request latency in milliseconds by isolation tier</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>overview: daemon readiness not checked yet</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>overview: platform assurance tier not known</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>overview: violation count not known</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: every tenant meets its minimum tier.</source>
        <comment>overview: violations</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n tenant(s) below their minimum tier.</source>
        <comment>overview: violations</comment>
        <translation>
            <numerusform>%n tenant below its minimum tier.</numerusform>
            <numerusform>%n tenants below their minimum tier.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>overview: platform assurance tier number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (no tenants)</source>
        <comment>overview: no platform assurance tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <comment>overview: daemon readiness</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready: the daemon is shutting down.</source>
        <comment>overview: daemon readiness</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready: the database and the upstream are unavailable.</source>
        <comment>overview: daemon readiness</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready: the database is unavailable.</source>
        <comment>overview: daemon readiness</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready: the upstream is unavailable.</source>
        <comment>overview: daemon readiness</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready.</source>
        <comment>overview: daemon readiness</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tenant</source>
        <comment>overview chart: requests not attributed to a tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>overview chart category: tier number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant requests per second, last five minutes</source>
        <comment>overview chart title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant requests per second over the last five minutes</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::ProbesView</name>
    <message>
        <source>Run probes</source>
        <comment>probes view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe layers to run</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the checked layers are probed.</source>
        <comment>probes view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timing samples per pair</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Samples per pair:</source>
        <comment>probes view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;epeat every</source>
        <comment>probes view: followed by a number of minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the run on a schedule</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs from this console only while it is open. The daemon&apos;s --probe-schedule-seconds option schedules runs without a console.</source>
        <comment>probes view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes between scheduled runs</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <comment>probes view: unit after the number of minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run probes</source>
        <comment>probes view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe run progress</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show results of layer</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All layers</source>
        <comment>probe layer filter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Layer:</source>
        <comment>probes view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe results, attackers by victims</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results of the selected pair</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a cell to see its results per layer.</source>
        <comment>probes view placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe results per run</source>
        <comment>probes history chart title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <comment>probes history chart series</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>probes history chart series</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed and failed probe results per run over time</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Probes</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one layer to probe.</source>
        <comment>probes view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a probe run…</source>
        <comment>probes view status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe run %1 is in progress.</source>
        <comment>probes view status: run id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe run %1 passed: no tenant reached another.</source>
        <comment>probes view status: run id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Probe run %1 failed: %n result(s) did not pass.</source>
        <comment>probes view status: run id</comment>
        <translation>
            <numerusform>Probe run %1 failed: %n result did not pass.</numerusform>
            <numerusform>Probe run %1 failed: %n results did not pass.</numerusform>
        </translation>
    </message>
    <message>
        <source>Probe run %1 could not finish.</source>
        <comment>probes view status: run id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 attacking %2</source>
        <comment>probe drill-down heading: attacker, victim</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No result yet for this pair.</source>
        <comment>probe drill-down</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <comment>probe drill-down: outcome of one layer</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not pass</source>
        <comment>probe drill-down: outcome of one layer</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: %2</source>
        <comment>probe drill-down: layer name, outcome</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::SettingsView</name>
    <message>
        <source>Daemon connection</source>
        <comment>settings group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: the embedded platform</source>
        <comment>settings placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon admin URL</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept in the OS keychain only</source>
        <comment>settings placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin token</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and &amp;connect</source>
        <comment>settings button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin &amp;URL:</source>
        <comment>settings label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <comment>settings label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundled daemon&apos;s database</source>
        <comment>settings group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database connection string</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply on next daemon start</source>
        <comment>settings button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <comment>settings label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundled daemon uses the new database from its next start.</source>
        <comment>settings</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstreams</source>
        <comment>settings group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstreams</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <comment>upstream table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <comment>upstream table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedicated tenant</source>
        <comment>upstream table header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id</source>
        <comment>upstream placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream id</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://host/v1</source>
        <comment>upstream placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream base URL</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dedicated tenant (optional)</source>
        <comment>upstream placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedicated tenant</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;upstream</source>
        <comment>settings button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <comment>settings button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove upstream</source>
        <comment>dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the upstream %1? Tenants routed to it fail closed until they get another.</source>
        <comment>confirmation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <comment>settings group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <comment>settings label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console uses the embedded platform from its next start.</source>
        <comment>settings</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The admin URL must be an http or https URL with a host.</source>
        <comment>settings error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the admin token for this daemon.</source>
        <comment>settings error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain is unavailable (%1). The token was not saved anywhere.</source>
        <comment>settings error</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: the token is in the OS keychain.</source>
        <comment>settings</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upstream added.</source>
        <comment>settings</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TenantDialog</name>
    <message>
        <source>Add tenant</source>
        <comment>tenant dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant id</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example life_health</source>
        <comment>tenant id placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <comment>tenant dialog label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant name</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <comment>tenant dialog label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data classifications</source>
        <comment>tenant dialog group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification %1</source>
        <comment>accessible name: classification code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relationship</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal</source>
        <comment>tenant relationship</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External client</source>
        <comment>tenant relationship</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relationship:</source>
        <comment>tenant dialog label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adversarial threat</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <comment>tenant threat level</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <comment>tenant threat level</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <comment>tenant threat level</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Threat:</source>
        <comment>tenant dialog label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulatory regimes</source>
        <comment>tenant dialog group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regime %1</source>
        <comment>accessible name: regime code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation tier</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier 1: shared namespace</source>
        <comment>isolation tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier 2: schema, role and key per tenant</source>
        <comment>isolation tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier 3: dedicated infrastructure</source>
        <comment>isolation tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation t&amp;ier:</source>
        <comment>tenant dialog label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with this tenant</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit tenant %1</source>
        <comment>tenant dialog title: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a tenant id.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The id must be 2 to 31 characters: a lower-case letter, then lower-case letters, digits or underscores.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The id &quot;platform&quot; is reserved for the platform&apos;s own audit chain.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is not valid text.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name may have at most %1 characters; it has %2.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name must not contain control characters.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name must not be blank.</source>
        <comment>tenant dialog validation</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TenantRemoveDialog</name>
    <message>
        <source>Remove tenant %1</source>
        <comment>tenant removal dialog title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Removing &lt;b&gt;%1&lt;/b&gt; cannot be undone:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;its API keys and auditor tokens stop working at once;&lt;/li&gt;&lt;li&gt;its documents, their placement and its encryption keys are destroyed (crypto-shredded);&lt;/li&gt;&lt;li&gt;its settings, limits and upstream assignment are deleted;&lt;/li&gt;&lt;li&gt;its audit chain is sealed in the archive for its retention period.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;A tenant created later with the same id starts empty.&lt;/p&gt;</source>
        <comment>tenant removal dialog</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the tenant id to &amp;confirm:</source>
        <comment>tenant removal dialog label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant id to confirm the removal</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove tenant</source>
        <comment>tenant removal dialog button</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TenantsView</name>
    <message>
        <source>Filter tenants by any column (Ctrl+F)</source>
        <comment>tenant filter placeholder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant filter</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add tenant…</source>
        <comment>tenants view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tenant (Ctrl+N)</source>
        <comment>tenants view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <comment>tenants view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected tenant (Enter or double-click)</source>
        <comment>tenants view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Why this tier:</source>
        <comment>tenants view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier rationale for the selected tenant</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tenants</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a tenant to see why it needs its tier.&lt;/p&gt;</source>
        <comment>tenant rationale</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;No policy decision is available for tenant %1.&lt;/p&gt;</source>
        <comment>tenant rationale: id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Tenant &lt;b&gt;%1&lt;/b&gt; has no chosen tier; the policy requires at least tier %2.&lt;/p&gt;</source>
        <comment>tenant rationale: id, minimum tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Tenant &lt;b&gt;%1&lt;/b&gt; runs on tier %2 but needs at least tier %3.&lt;/p&gt;</source>
        <comment>tenant rationale: id, chosen tier, minimum tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Tenant &lt;b&gt;%1&lt;/b&gt; runs on tier %2; the policy requires at least tier %3.&lt;/p&gt;</source>
        <comment>tenant rationale: id, chosen tier, minimum tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;No isolation rule applies to this tenant.&lt;/p&gt;</source>
        <comment>tenant rationale</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#a4262c&quot;&gt;&lt;b&gt;Violation:&lt;/b&gt;&lt;/span&gt; %1 (%2) requires tier %3.</source>
        <comment>tenant rationale rule: title, rule id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) requires tier %3.</source>
        <comment>tenant rationale rule: title, rule id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Triggered by: %1&lt;/i&gt;</source>
        <comment>tenant rationale rule: comma-separated tenant ids</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <comment>tenants view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected tenant and everything it stored</source>
        <comment>tenants view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a platform administrator can add, edit or remove tenants.</source>
        <comment>tenants view tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bulkhead::ui::TiersView</name>
    <message>
        <source>Tenants</source>
        <comment>tiers view group</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier and estimated cost per tenant</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;tier:</source>
        <comment>tiers view label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tier for the selected tenant</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier %1</source>
        <comment>tier choice</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply tier</source>
        <comment>tiers view button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration progress</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated relative cost per tenant</source>
        <comment>tier chart title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>× tier 1</source>
        <comment>tier chart axis</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated relative cost per tier</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimates from the console&apos;s cost model; replace them with your own prices.</source>
        <comment>tier chart tooltip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured mean latency</source>
        <comment>tier chart title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>milliseconds</source>
        <comment>tier chart axis</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured mean latency per tier</source>
        <comment>accessible name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolation t&amp;iers</source>
        <comment>navigation entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already runs on tier %2.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving %1 to tier %2…</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tier of %1 was not changed: %2</source>
        <comment>tier migration status: tenant id, error sentence</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed tier; there was no data to migrate.</source>
        <comment>tier migration status: tenant id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migration status of %1 is unavailable: %2</source>
        <comment>tier migration status: tenant id, error sentence</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 now runs on tier %2.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migration of %1 to tier %2 failed and was rolled back; its data stays where it was.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving %1 to tier %2: %3 of %4 documents copied.</source>
        <comment>tier migration status: tenant id, tier, moved, total</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving %1 to tier %2: documents moved, now its audit log.</source>
        <comment>tier migration status: tenant id, tier</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Bulkhead console: tenant inventory, isolation tiers, probes, scoped logs and evidence for a shared LLM platform.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the daemon&apos;s admin API at URL instead of the configured one.</source>
        <comment>command-line option</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <comment>command-line option value</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never start the embedded demo platform when no daemon is configured.</source>
        <comment>command-line option</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
