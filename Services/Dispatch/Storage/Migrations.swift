import Storage

/// Schema `dispatch`. Versions 1 and 2 are the platform's inbox and outbox; this service's own start at 10.
enum DispatchMigrations {
    static let all: [Migration] = []
}
