import Storage

/// Schema `archive`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved).
/// The service has no tables of its own yet: it only has the platform's.
enum ArchiveMigrations {
    static let all: [Migration] = []
}
