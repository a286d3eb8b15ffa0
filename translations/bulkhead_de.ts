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
</context>
<context>
    <name>bulkhead::ui::MainWindow</name>
    <message>
        <source>Bulkhead</source>
        <comment>application name in the window title</comment>
        <translation>Bulkhead</translation>
    </message>
    <message>
        <source>Tenant isolation for shared LLM infrastructure</source>
        <comment>overview headline</comment>
        <translation>Mandantentrennung für gemeinsam genutzte LLM-Infrastruktur</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <comment>tab title</comment>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>&amp;Tenants</source>
        <comment>tab title</comment>
        <translation>&amp;Mandanten</translation>
    </message>
    <message>
        <source>Daemon: not connected</source>
        <comment>status bar</comment>
        <translation>Daemon: nicht verbunden</translation>
    </message>
    <message>
        <source>Filter tenants by any column (Ctrl+F)</source>
        <comment>tenant filter placeholder</comment>
        <translation>Mandanten nach beliebiger Spalte filtern (Strg+F)</translation>
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
    <message>
        <source>Daemon: %1 (not connected yet)</source>
        <comment>status bar; %1 is the admin URL</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
