import Storage

/// Schema `intake`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// this service adds 10, the delivery log and its dedupe keys (`deliveries`, `delivery_keys`), and 11, the axis
/// poll cursor (`poll_cursor`) of the earlier feed format, unused since the poller speaks the axis SDK's protocol
/// (the axis keeps what is waiting; `updateStatus` acknowledges it).
enum IntakeMigrations {
    static let all: [Migration] = [
        Migration(
            version: 10, name: "delivery log and dedupe keys",
            sql: """
                CREATE TABLE deliveries (
                    id uuid PRIMARY KEY,
                    received_at timestamptz NOT NULL DEFAULT now(),
                    source text NOT NULL,
                    packet_sha256 text NOT NULL,
                    packet_size bigint NOT NULL,
                    kind text,
                    sender text,
                    edxml_document_id text,
                    verdict text NOT NULL CHECK (verdict IN ('accepted', 'refused', 'duplicate')),
                    reason_code text,
                    reason text,
                    answer_status int NOT NULL,
                    answer_xml text NOT NULL
                );
                CREATE INDEX deliveries_received_at ON deliveries (received_at);
                CREATE INDEX deliveries_refused ON deliveries (received_at) WHERE verdict = 'refused';
                -- One row per hosted receiving agency and packet: a second delivery of the same packet finds it.
                CREATE TABLE delivery_keys (
                    agency text NOT NULL,
                    sender text NOT NULL,
                    edxml_document_id text NOT NULL,
                    kind text NOT NULL,
                    delivery_id uuid NOT NULL REFERENCES deliveries (id),
                    document_id uuid NOT NULL,
                    PRIMARY KEY (agency, sender, edxml_document_id, kind)
                );
                """),
        Migration(
            version: 11, name: "axis poll cursor",
            sql: """
                CREATE TABLE poll_cursor (
                    feed text PRIMARY KEY,
                    cursor text NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                """),
    ]
}
