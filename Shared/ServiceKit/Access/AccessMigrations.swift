import Storage

/// The platform's table of access revocations (version 4; versions up to 9 belong to the platform).
enum AccessMigrations {
    static let revocations = Migration(version: 4, name: "access revocations", sql: """
        CREATE TABLE access_revocations (
            account text PRIMARY KEY,
            agency text NOT NULL,
            -- tokens of the account issued before this are refused
            not_before timestamptz NOT NULL,
            reason text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        );
        """)
}
