import Storage

/// The tables every service's schema has: inbox (1), outbox (2) and the dead-letter store (3, its agency 5); ServiceKit
/// adds the access revocations (4).
/// Versions up to 9 belong to the platform; a service's own migrations start at 10.
public enum MessagingMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "inbox", sql: """
            CREATE TABLE inbox (
                message_id uuid NOT NULL,
                handler text NOT NULL,
                processed_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (message_id, handler)
            );
            """),
        Migration(version: 2, name: "outbox", sql: """
            CREATE TABLE outbox (
                id bigserial PRIMARY KEY,
                message_id uuid NOT NULL UNIQUE,
                exchange text NOT NULL,
                routing_key text NOT NULL,
                type text NOT NULL,
                correlation_id uuid,
                body text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """),
            DeadLetterMigrations.store,
            DeadLetterMigrations.agency,
    ]
}
