import Storage

enum DeadLetterMigrations {
    /// Dead letters with their exact headers and body, bulk replays and the audit of every action.
    static let store = Migration(version: 3, name: "dead letter store", sql: """
        CREATE TABLE dead_letters (
            id uuid PRIMARY KEY,
            seq bigserial NOT NULL UNIQUE,
            queue text NOT NULL,
            original_queue text NOT NULL,
            message_id text,
            type text,
            correlation_id text,
            content_type text,
            headers jsonb NOT NULL,
            body bytea NOT NULL,
            attempts int NOT NULL DEFAULT 0,
            last_error text NOT NULL,
            error_key text NOT NULL,
            error_class text,
            service text,
            handler text,
            failed_at timestamptz NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now(),
            fingerprint text NOT NULL UNIQUE,
            state text NOT NULL DEFAULT 'dead' CHECK (state IN ('dead', 'queued', 'replayed', 'discarded')),
            replay_id uuid,
            replayed_at timestamptz,
            replayed_to text,
            edited_by text,
            edited_at timestamptz,
            discarded_by text,
            discarded_at timestamptz,
            discard_reason text
        );
        CREATE INDEX dead_letters_waiting ON dead_letters (original_queue, type, error_key) WHERE state = 'dead';
        CREATE INDEX dead_letters_failed_at ON dead_letters (failed_at);
        CREATE INDEX dead_letters_replay ON dead_letters (replay_id, seq) WHERE state = 'queued';
        CREATE TABLE dead_letter_replays (
            id uuid PRIMARY KEY,
            requested_by text NOT NULL,
            requested_at timestamptz NOT NULL DEFAULT now(),
            selection jsonb NOT NULL,
            target_queue text,
            rate double precision,
            state text NOT NULL CHECK (state IN ('running', 'cancelled', 'done')),
            total int NOT NULL,
            done int NOT NULL DEFAULT 0,
            lease_owner text,
            lease_until timestamptz,
            finished_at timestamptz,
            last_error text
        );
        CREATE TABLE dead_letter_actions (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            actor text NOT NULL,
            action text NOT NULL,
            selection jsonb NOT NULL,
            count int NOT NULL,
            reason text,
            replay_id uuid
        );
        """)

    /// Whose dead letter it is: the agency of its envelope (NULL: not an envelope, or stored before this version —
    /// the operator's alone). Replays and audit entries keep the agency of the admin who acted (NULL: the operator).
    static let agency = Migration(version: 5, name: "dead letters' agency", sql: """
        ALTER TABLE dead_letters ADD COLUMN agency text;
        CREATE INDEX dead_letters_agency ON dead_letters (agency, seq);
        ALTER TABLE dead_letter_replays ADD COLUMN agency text;
        ALTER TABLE dead_letter_actions ADD COLUMN agency text;
        """)
}
