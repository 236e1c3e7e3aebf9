import Storage

/// Schema `archive`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// 10–19 are the dossiers': 10, the file list, the documents the archive knows and their dossiers (`file_list_items`,
/// `documents`, `document_readers`, `dossiers`, `dossier_documents`, `dossier_log`); 11, disposal lists. 20–39 are the search index's (`SearchMigrations`);
/// 21, one record of a document (`OneDocumentRecord`); 22, the transfer reminder's mark. A database that has 20 refuses a pending version below it, so
/// later dossier changes take versions above 20 too.
enum ArchiveMigrations {
    static let all: [Migration] = [dossiers, disposal] + SearchMigrations.all + [OneDocumentRecord.migration, transferReminder]

    /// When `dossier.transfer_due` was published for a dossier (`TransferReminderWatch`): once, never again.
    static let transferReminder = Migration(version: 22, name: "transfer reminder", sql: """
        ALTER TABLE dossiers ADD COLUMN transfer_reminded_at timestamptz;
        CREATE INDEX dossiers_transfer_reminder ON dossiers (transfer_due) WHERE state = 'closed' AND transfer_reminded_at IS NULL;
        """)

    /// The file list (danh mục hồ sơ) and the dossiers. A document is one row of `documents` (since 21, of
    /// `search_documents`), referenced from every dossier it is filed in (never copied); its bytes are blob references.
    static let dossiers = Migration(version: 10, name: "file list and dossiers", sql: """
        CREATE TABLE file_lists (
            agency text NOT NULL,
            year int NOT NULL,
            approved_by text,
            approved_at timestamptz,
            PRIMARY KEY (agency, year)
        );
        CREATE TABLE file_list_items (
            id uuid PRIMARY KEY,
            agency text NOT NULL,
            year int NOT NULL,
            heading text NOT NULL,
            code text NOT NULL,
            title text NOT NULL,
            retention_years int CHECK (retention_years > 0),
            responsible text,
            note text,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (agency, year, code)
        );
        CREATE TABLE documents (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            direction text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
            document_type text,
            subject text,
            code text,
            document_date timestamptz,
            party text,
            register_number int,
            main jsonb,
            attachments jsonb NOT NULL DEFAULT '[]',
            answers uuid,
            owner text,
            issued boolean NOT NULL DEFAULT false,
            signatures jsonb NOT NULL DEFAULT '[]'
        );
        CREATE INDEX documents_answers ON documents (answers) WHERE answers IS NOT NULL;
        CREATE INDEX documents_owner ON documents (agency, owner);
        CREATE TABLE document_readers (
            document_id uuid NOT NULL,
            account text NOT NULL,
            PRIMARY KEY (document_id, account)
        );
        CREATE TABLE dossiers (
            id uuid PRIMARY KEY,
            agency text NOT NULL,
            year int NOT NULL,
            item_id uuid REFERENCES file_list_items (id),
            code text NOT NULL,
            title text NOT NULL,
            retention_years int CHECK (retention_years > 0),
            retention_reason text,
            creator text NOT NULL,
            started_at timestamptz NOT NULL,
            state text NOT NULL CHECK (state IN ('open', 'closed', 'submitted', 'archived', 'disposed')),
            auto_file boolean NOT NULL DEFAULT false,
            closed_at timestamptz,
            closed_by text,
            transfer_due timestamptz,
            submitted_at timestamptz,
            submitted_by text,
            returned_reasons jsonb,
            returned_by text,
            returned_at timestamptz,
            archive_reference text,
            accepted_by text,
            accepted_at timestamptz,
            package_sha256 text,
            last_ordinal int NOT NULL DEFAULT 0,
            UNIQUE (agency, year, code)
        );
        -- at most one dossier per person receives the documents the work does not place (hồ sơ mặc định)
        CREATE UNIQUE INDEX dossiers_auto_file ON dossiers (agency, creator) WHERE auto_file AND state = 'open';
        CREATE INDEX dossiers_by_creator ON dossiers (agency, creator, state);
        CREATE INDEX dossiers_by_state ON dossiers (agency, state, transfer_due);
        CREATE TABLE dossier_documents (
            dossier_id uuid NOT NULL REFERENCES dossiers (id),
            document_id uuid NOT NULL REFERENCES documents (document_id),
            ordinal int NOT NULL,
            filed_at timestamptz NOT NULL,
            filed_by text NOT NULL,
            filed_how text NOT NULL,
            PRIMARY KEY (dossier_id, document_id)
        );
        CREATE INDEX dossier_documents_by_document ON dossier_documents (document_id);
        -- who did what to a dossier (opening, filing, closing, reopening, transfer, acceptance, disposal)
        CREATE TABLE dossier_log (
            id bigserial PRIMARY KEY,
            dossier_id uuid NOT NULL REFERENCES dossiers (id),
            action text NOT NULL,
            actor text NOT NULL,
            at timestamptz NOT NULL,
            details jsonb NOT NULL DEFAULT '{}'
        );
        CREATE INDEX dossier_log_by_dossier ON dossier_log (dossier_id, id);
        """)

    /// Disposal lists, approved twice by two different people; the items keep what was destroyed.
    static let disposal = Migration(version: 11, name: "disposal lists", sql: """
        CREATE TABLE disposal_lists (
            id uuid PRIMARY KEY,
            agency text NOT NULL,
            title text NOT NULL,
            state text NOT NULL CHECK (state IN ('proposed', 'approvedOnce', 'executed')),
            proposed_by text NOT NULL,
            proposed_at timestamptz NOT NULL,
            first_approver text,
            first_approver_roles text[],
            first_approved_at timestamptz,
            second_approver text,
            second_approved_at timestamptz,
            items jsonb NOT NULL,
            CHECK (second_approver IS NULL OR second_approver <> first_approver)
        );
        CREATE INDEX disposal_lists_by_agency ON disposal_lists (agency, proposed_at DESC);
        """)
}
