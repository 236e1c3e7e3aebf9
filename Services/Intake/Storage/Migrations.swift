import Storage

/// Schema `intake`. Versions 1 and 2 are the platform's inbox and outbox; this service's own start at 10.
enum IntakeMigrations {
    static let all: [Migration] = []
}
