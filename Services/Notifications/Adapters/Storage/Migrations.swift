import Storage

/// Schema `notifications`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// 10, the in-app notices.
enum NotificationsMigrations {
    static let all: [Migration] = [notices]

    /// One row per person told of something (`Notice`); the unique key makes a redelivered event a no-op.
    static let notices = Migration(version: 10, name: "notices", sql: """
        CREATE TABLE notices (
            id bigserial PRIMARY KEY,
            account text NOT NULL,
            agency text NOT NULL,
            kind text NOT NULL,
            subject_id uuid NOT NULL,
            text text NOT NULL,
            created_at timestamptz NOT NULL,
            read_at timestamptz,
            UNIQUE (kind, subject_id, account)
        );
        CREATE INDEX notices_feed ON notices (agency, account, id DESC);
        """)
}
