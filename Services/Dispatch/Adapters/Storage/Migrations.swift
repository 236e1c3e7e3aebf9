import Storage

/// Schema `dispatch`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// this service adds 10, the status packets it sent (`status_packets`), and 11, the outgoing documents it sends and
/// their per-recipient state (`outgoing_documents`, `recipients`, `recipient_history`). Versions 11–29 are dispatch's.
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
        outgoing,
        recalls,
        sameDay,
    ]

    /// The agency took an issued document back (thu hồi, `document.recalled`): the recall on the document, and per
    /// recipient whether the 13 went out and what it answered (15 agreed, 16 refused) with the time and its reason.
    /// Versions 30–39 are the revocation's.
    static let recalls = Migration(version: 30, name: "recalls of outgoing documents", sql: """
        ALTER TABLE outgoing_documents ADD COLUMN recall jsonb;
        ALTER TABLE recipients
            ADD COLUMN recall_state text CHECK (recall_state IN ('requested', '15', '16')),
            ADD COLUMN recall_at timestamptz,
            ADD COLUMN recall_reason text;
        """)

    /// An issued document (văn bản đi, `document.issued`) and each of its recipients: one edXML packet per recipient,
    /// built once (its bytes in the blob store, so a retry sends the same packet with the same DocumentId, which the
    /// receiver deduplicates), sent locally (a hosted agency's intake) or over the axis. `state` is the latest of
    /// queued → sent → the recipient's status codes (01 đã đến, 02 từ chối, 03 đã tiếp nhận, 04, 05, 06) or failed
    /// (unreachable after the retries, or refused by the axis); every change is kept in `recipient_history`.
    static let outgoing = Migration(version: 11, name: "outgoing documents and per-recipient state", sql: """
        CREATE TABLE outgoing_documents (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            -- <sender OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>: what recipients quote in their status packets
            edxml_document_id text NOT NULL,
            code text NOT NULL,
            issued_on timestamptz NOT NULL,
            document_type text NOT NULL,
            subject text NOT NULL,
            -- the document.issued event as received (everything a packet is built from)
            issued jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (agency, edxml_document_id)
        );
        CREATE INDEX outgoing_documents_by_agency ON outgoing_documents (agency, created_at DESC);

        CREATE TABLE recipients (
            document_id uuid NOT NULL REFERENCES outgoing_documents,
            recipient text NOT NULL,
            recipient_name text NOT NULL,
            -- local: a hosted agency, straight into its intake over AMQP; axis: the document axis
            route text NOT NULL CHECK (route IN ('local', 'axis')),
            state text NOT NULL CHECK (state IN ('queued', 'sent', '01', '02', '03', '04', '05', '06', 'failed')),
            state_at timestamptz NOT NULL,
            -- why: the recipient's Description, the axis's error, the refusal
            reason text,
            packet_sha256 text NOT NULL,
            packet_size bigint NOT NULL,
            -- the axis's id of the sent packet (DocID of sendEdoc)
            axis_id text,
            attempts int NOT NULL DEFAULT 0,
            -- when the sender may (re)try a queued recipient; also the lease of a send in progress
            next_attempt_at timestamptz,
            last_error text,
            PRIMARY KEY (document_id, recipient)
        );
        CREATE INDEX recipients_due ON recipients (next_attempt_at) WHERE state = 'queued';

        CREATE TABLE recipient_history (
            id bigserial PRIMARY KEY,
            document_id uuid NOT NULL,
            recipient text NOT NULL,
            state text NOT NULL,
            reason text,
            at timestamptz NOT NULL,
            FOREIGN KEY (document_id, recipient) REFERENCES recipients
        );
        CREATE INDEX recipient_history_by_recipient ON recipient_history (document_id, recipient, id);
        """)

    /// The same-day rule (``SameDayRule``): when each document was signed (`document.signed`), by when it must be
    /// sent, and when the watch told the clerk and the leader that it was not (`late_at`, once).
    static let sameDay = Migration(version: 20, name: "signed documents and the same-day rule", sql: """
        CREATE TABLE signed_documents (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            signer text NOT NULL,
            signed_at timestamptz NOT NULL,
            due_at timestamptz NOT NULL,
            late_at timestamptz
        );
        CREATE INDEX signed_documents_watch ON signed_documents (due_at) WHERE late_at IS NULL;
        CREATE INDEX signed_documents_late ON signed_documents (agency, late_at DESC) WHERE late_at IS NOT NULL;
        """)
}
