import Storage

/// Schema `routing`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9
/// reserved); this service's own: 10 agencies, departments, users and delegations, 11 the audit log
/// (`PeopleMigrations`, `AuditMigrations`); 20 the incoming workflow, 21 deadline alerts, 22 outgoing drafting, 23 the
/// incoming documents' packet and attachments (`WorkflowMigrations`); 24 sign-in failures by source address
/// (`PeopleMigrations`); 25 the audit log moved to `<schema>_audit` (`AuditMigrations`).
enum RoutingMigrations {
    static var all: [Migration] { PeopleMigrations.all + WorkflowMigrations.all }
}
