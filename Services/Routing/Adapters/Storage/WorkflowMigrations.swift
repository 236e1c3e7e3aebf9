import Storage

/// Incoming workflow, outgoing drafting and deadlines: versions 20–39.
///
/// No foreign keys to the people tables (users, departments): accounts are checked through `Directory` when an
/// action names them, and a person who leaves keeps the history of what they handled.
enum WorkflowMigrations {
    static let all: [Migration] = [incoming, deadlines, drafting, documentFiles, departmentHandOn, issued, answers, revocations, recalls]

    /// An approved draft becomes `issued` when signing sealed it under the number the clerk asked for (`document.sealed`).
    static let issued = Migration(version: 33, name: "issued drafts", sql: """
        ALTER TABLE drafts DROP CONSTRAINT drafts_state_check;
        ALTER TABLE drafts ADD CONSTRAINT drafts_state_check
            CHECK (state IN ('drafting', 'submitted', 'returned', 'forwarded', 'approved', 'issued'));
        ALTER TABLE drafts ADD COLUMN issued_number text, ADD COLUMN issued_on timestamptz;
        """)

    /// Incoming documents as the workflow sees them, the tasks of their handlers and the opinions of co-handlers.
    static let incoming = Migration(version: 20, name: "incoming workflow", sql: """
        CREATE TABLE incoming_documents (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            -- received: details known, số đến not yet; registered → submitted → assigned → processing → completed
            state text NOT NULL CHECK (state IN ('received', 'registered', 'submitted', 'assigned', 'processing', 'completed')),
            register text,
            year int,
            number int,
            registered_at timestamptz,
            edxml_document_id text,
            sender_code text,
            sender_name text,
            code_number text,
            code_notation text,
            promulgation_date timestamptz,
            document_type text,
            subject text,
            priority int,
            due_date timestamptz,
            received_at timestamptz,
            submitted_by text,
            submitted_to text,
            submitted_at timestamptz,
            correlation_id uuid NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX incoming_documents_by_state ON incoming_documents (agency, state, registered_at DESC);

        CREATE TABLE tasks (
            id uuid PRIMARY KEY,
            agency text NOT NULL,
            document_id uuid NOT NULL REFERENCES incoming_documents (document_id),
            assignee text NOT NULL,
            -- the assignee's department when assigned, for the leaders' progress view
            department_id uuid,
            role text NOT NULL CHECK (role IN ('main', 'cooperating', 'reader')),
            -- open: assigned, accepted; closed: completed, withdrawn (reassigned or recalled)
            state text NOT NULL CHECK (state IN ('assigned', 'accepted', 'completed', 'withdrawn')),
            deadline timestamptz,
            assigned_by text NOT NULL,
            on_behalf_of text,
            assigned_at timestamptz NOT NULL,
            accepted_at timestamptz,
            completed_at timestamptz,
            result text,
            withdrawn_reason text
        );
        -- the inbox: one user's tasks, newest first, paged
        CREATE INDEX tasks_inbox ON tasks (agency, assignee, assigned_at DESC, id DESC);
        CREATE INDEX tasks_by_document ON tasks (document_id);
        -- at most one open main handler per document
        CREATE UNIQUE INDEX tasks_one_open_main ON tasks (document_id) WHERE role = 'main' AND state IN ('assigned', 'accepted');

        CREATE TABLE opinions (
            id bigserial PRIMARY KEY,
            document_id uuid NOT NULL REFERENCES incoming_documents (document_id),
            task_id uuid NOT NULL REFERENCES tasks (id),
            author text NOT NULL,
            on_behalf_of text,
            body text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX opinions_by_document ON opinions (document_id, id);
        """)

    /// One row per task and threshold once `task.overdue` went out: copies of routing race on the primary key.
    static let deadlines = Migration(version: 21, name: "deadline alerts", sql: """
        CREATE TABLE task_alerts (
            task_id uuid NOT NULL REFERENCES tasks (id),
            threshold text NOT NULL CHECK (threshold IN ('dueSoon', 'overdue')),
            emitted_at timestamptz NOT NULL,
            PRIMARY KEY (task_id, threshold)
        );
        -- the scheduler's scan: open tasks with a deadline
        CREATE INDEX tasks_open_deadlines ON tasks (deadline) WHERE state IN ('assigned', 'accepted') AND deadline IS NOT NULL;
        """)

    /// Outgoing drafts (dự thảo), every version of them, reviewers' comments and the approval trail.
    static let drafting = Migration(version: 22, name: "outgoing drafting", sql: """
        CREATE TABLE drafts (
            id uuid PRIMARY KEY,
            agency text NOT NULL,
            author text NOT NULL,
            -- drafting → submitted → (returned → submitted …) → forwarded → approved
            state text NOT NULL CHECK (state IN ('drafting', 'submitted', 'returned', 'forwarded', 'approved')),
            current_version int NOT NULL,
            leader text,
            signing_request_id uuid,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX drafts_by_author ON drafts (agency, author, updated_at DESC);
        CREATE INDEX drafts_by_leader ON drafts (agency, leader, state);

        CREATE TABLE draft_versions (
            draft_id uuid NOT NULL REFERENCES drafts (id),
            version int NOT NULL,
            document_type text NOT NULL,
            subject text NOT NULL,
            -- organisation codes (mã định danh), a JSON array
            recipients jsonb NOT NULL,
            -- [{"name", "kind": main|appendix, "blob": {sha256, size, mediaType}}]
            files jsonb NOT NULL,
            note text,
            author text NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (draft_id, version)
        );

        CREATE TABLE draft_reviewers (
            draft_id uuid NOT NULL REFERENCES drafts (id),
            reviewer text NOT NULL,
            requested_by text NOT NULL,
            requested_at timestamptz NOT NULL,
            PRIMARY KEY (draft_id, reviewer)
        );

        CREATE TABLE draft_comments (
            id bigserial PRIMARY KEY,
            draft_id uuid NOT NULL REFERENCES drafts (id),
            version int NOT NULL,
            author text NOT NULL,
            on_behalf_of text,
            -- comment: a colleague's opinion; returned / forwarded / approved: the leader's decision
            kind text NOT NULL CHECK (kind IN ('comment', 'returned', 'forwarded', 'approved')),
            body text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX draft_comments_by_draft ON draft_comments (draft_id, id);
        """)

    /// The packet and attachments of an incoming document (blob references from `document.received`), kept for the
    /// archive of a person who leaves (art. 22.1.c). Documents received before this version have none.
    static let documentFiles = Migration(version: 23, name: "incoming documents' packet and attachments", sql: """
        ALTER TABLE incoming_documents ADD COLUMN packet jsonb, ADD COLUMN attachments jsonb;
        """)

    /// Work passed on inside a department (giao việc trong phòng): the head's task closes as `passed_on`, the tasks
    /// they give point back to it.
    static let departmentHandOn = Migration(version: 30, name: "work passed on inside a department", sql: """
        ALTER TABLE tasks DROP CONSTRAINT tasks_state_check;
        ALTER TABLE tasks ADD CONSTRAINT tasks_state_check
            CHECK (state IN ('assigned', 'accepted', 'completed', 'withdrawn', 'passed_on'));
        ALTER TABLE tasks ADD COLUMN parent_task_id uuid REFERENCES tasks (id);
        CREATE INDEX tasks_by_parent ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;
        """)

    /// A draft answering an incoming document (văn bản trả lời); once issued, the incoming document shows its answer.
    static let answers = Migration(version: 34, name: "drafts answering incoming documents", sql: """
        ALTER TABLE drafts ADD COLUMN answers uuid;
        ALTER TABLE incoming_documents ADD COLUMN answered_by_draft uuid, ADD COLUMN answer_number text,
            ADD COLUMN answered_on timestamptz;
        """)

    /// Incoming documents the sender took back (`Revocation` as JSON, state `revoked`) and the links of updates and
    /// replacements to the earlier documents, by the sender's DocumentId (resolved when read).
    static let revocations = Migration(version: 35, name: "incoming revocations and links", sql: """
        ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_state_check;
        ALTER TABLE incoming_documents ADD CONSTRAINT incoming_documents_state_check
            CHECK (state IN ('received', 'registered', 'submitted', 'assigned', 'processing', 'completed', 'revoked'));
        ALTER TABLE incoming_documents ADD COLUMN revocation jsonb;
        CREATE INDEX incoming_documents_by_edxml_id ON incoming_documents (agency, sender_code, edxml_document_id);
        CREATE TABLE document_links (
            agency text NOT NULL,
            document_id uuid NOT NULL,
            change text NOT NULL CHECK (change IN ('update', 'replacement')),
            sender_code text NOT NULL,
            original_edxml_document_id text NOT NULL,
            reason text,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (document_id, original_edxml_document_id)
        );
        CREATE INDEX document_links_by_original ON document_links (agency, sender_code, original_edxml_document_id);
        """)

    /// An issued draft the agency took back (`DraftRecall` as JSON), and a draft that updates or replaces an issued one.
    static let recalls = Migration(version: 36, name: "recalled and changing drafts", sql: """
        ALTER TABLE drafts ADD COLUMN recall jsonb, ADD COLUMN changes uuid,
            ADD COLUMN change_kind text CHECK (change_kind IN ('update', 'replacement')),
            ADD CONSTRAINT drafts_change_complete CHECK ((changes IS NULL) = (change_kind IS NULL));
        """)
}
