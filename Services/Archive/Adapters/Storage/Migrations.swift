import Storage

/// Schema `archive`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved).
/// 20–39: the search index (`SearchMigrations`).
enum ArchiveMigrations {
    static let all: [Migration] = SearchMigrations.all
}
