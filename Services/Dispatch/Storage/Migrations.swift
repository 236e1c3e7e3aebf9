import Storage

/// Schema `dispatch`. Versions 1 and 2 are the platform's inbox and outbox; this service's own start at 10.
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
