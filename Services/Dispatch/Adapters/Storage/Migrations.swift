import Storage

/// Schema `dispatch`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// this service adds 10, the status packets it sent (`status_packets`).
enum DispatchMigrations {
    static let all: [Migration] = [
        Migration(version: 10, name: "status_packets", sql: """
            CREATE TABLE status_packets (
                message_id uuid PRIMARY KEY,
                agency text NOT NULL,
                edxml_document_id text NOT NULL,
                recipient text NOT NULL,
                status text NOT NULL,
                description text NOT NULL,
                packet_sha256 text NOT NULL,
                sent_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX status_packets_document ON status_packets (edxml_document_id);
            """),
    ]
}
