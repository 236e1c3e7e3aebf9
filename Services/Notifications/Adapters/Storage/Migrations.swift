import Storage

/// Schema `notifications`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved).
/// The service has no tables of its own yet: it only has the platform's.
enum NotificationsMigrations {
    static let all: [Migration] = []
}
