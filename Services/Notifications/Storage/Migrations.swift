import Storage

/// Schema `notifications`. Versions 1 and 2 are the platform's inbox and outbox; this service's own start at 10.
enum NotificationsMigrations {
    static let all: [Migration] = []
}
