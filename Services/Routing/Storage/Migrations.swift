import Storage

/// Schema `routing`. Versions 1 and 2 are the platform's inbox and outbox; this service's own start at 10.
enum RoutingMigrations {
    static let all: [Migration] = []
}
