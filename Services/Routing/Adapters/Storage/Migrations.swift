import Storage

/// Schema `routing`. Versions 1 and 2 are the platform's inbox and outbox; this service's own start at 10:
/// people, agencies and the audit log 10–19, workflow (incoming, outgoing, deadlines) 20–39.
enum RoutingMigrations {
    static var all: [Migration] { PeopleMigrations.all + WorkflowMigrations.all }
}
