import Storage

/// Schema `numbering`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// this service adds 10, the register counters and the incoming register (`register_counters`, `incoming_entries`), and
/// 11, who handles which document (`document_readers`, from routing's `task.assigned`), and 12, the outgoing registers
/// (`outgoing_documents`, `outgoing_numbers`), and 13, revocations of incoming documents and the links of updates and
/// replacements (`incoming_entries.revocation`, `incoming_links`).
enum NumberingMigrations {
    static let all: [Migration] = [registers, readers, outgoing, revocations, paper, dropRevocationNote, searchTrigrams, dispatchDay]

    /// A revoked incoming document keeps its line with the revocation's metadata (`EntryRevocation` as JSON); an update
    /// or a replacement names the earlier documents by the sender's DocumentId, resolved when read (either may be
    /// registered first).
    static let revocations = Migration(version: 13, name: "incoming revocations and links", sql: """
        ALTER TABLE incoming_entries ADD COLUMN revocation jsonb;
        CREATE INDEX incoming_entries_by_edxml_id ON incoming_entries (agency, sender_code, edxml_document_id);
        CREATE TABLE incoming_links (
            agency text NOT NULL,
            document_id uuid NOT NULL,
            change text NOT NULL CHECK (change IN ('update', 'replacement')),
            sender_code text NOT NULL,
            original_edxml_document_id text NOT NULL,
            reason text,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (document_id, original_edxml_document_id)
        );
        CREATE INDEX incoming_links_by_original ON incoming_links (agency, sender_code, original_edxml_document_id);
        """)

    /// Issue 17: the follow-up register's deadline (the main handler's, from `task.assigned`), the completion
    /// (`task.completed`) and the answering document's number (`signing.requested` names the incoming document a
    /// draft answers, `document.sealed` issues it); paper documents in the incoming register (one sequence with the electronic ones), the Phụ lục VI fields
    /// an edXML header may lack, the text OCR read on a scan (searched without diacritics with the other columns), the
    /// Ghi chú parts (signature verdict, revocation, possible duplicate), and the lock of a closed period: a trigger
    /// refuses any change to a closed line, whoever tries it.
    static let paper = Migration(version: 20, name: "paper documents and Phụ lục VI fields", sql: """
        ALTER TABLE incoming_entries
            ADD COLUMN medium text NOT NULL DEFAULT 'electronic' CHECK (medium IN ('electronic', 'paper')),
            ADD COLUMN language text,
            ADD COLUMN page_amount int,
            ADD COLUMN signer_position text,
            ADD COLUMN to_places text,
            ADD COLUMN document_description text,
            ADD COLUMN trace jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN ocr_text text,
            ADD COLUMN signature_verdict text,
            ADD COLUMN revocation_note text,
            ADD COLUMN duplicate_of text,
            ADD COLUMN registered_by text,
            ADD COLUMN closed_at timestamptz,
            -- the follow-up register (sổ theo dõi giải quyết văn bản đến)
            ADD COLUMN deadline timestamptz,
            ADD COLUMN completed_at timestamptz,
            ADD COLUMN completion text,
            ADD COLUMN answer_number text,
            ADD COLUMN answered_at timestamptz;
        ALTER TABLE outgoing_documents ADD COLUMN answers uuid;
        -- the duplicate check (Phụ lục VI III.1.h): same sender, số ký hiệu and date
        CREATE INDEX incoming_entries_by_code ON incoming_entries (agency, code_number, code_notation);
        CREATE FUNCTION incoming_entries_closed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.closed_at IS NOT NULL THEN
                RAISE EXCEPTION 'incoming register line %/% is in a closed period', OLD.number, OLD.year
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$;
        CREATE TRIGGER incoming_entries_closed BEFORE UPDATE OR DELETE ON incoming_entries
            FOR EACH ROW WHEN (OLD.closed_at IS NOT NULL) EXECUTE FUNCTION incoming_entries_closed();
        CREATE TABLE register_closures (
            agency text NOT NULL,
            register text NOT NULL,
            from_day date NOT NULL,
            to_day date NOT NULL,
            first_number text,
            last_number text,
            line_count int NOT NULL,
            closed_by text NOT NULL,
            closed_at timestamptz NOT NULL,
            PRIMARY KEY (agency, register, from_day),
            CHECK (from_day <= to_day)
        );
        """)

    /// Leader-signed outgoing documents (from `signing.requested` and `document.signed`) and the numbers given to them,
    /// per agency × series × year from the same gap-free counters as the incoming register. A withdrawn number keeps
    /// its row and reason; a document has at most one number that is not withdrawn.
    static let outgoing = Migration(version: 12, name: "outgoing registers", sql: """
        ALTER TABLE register_counters ADD COLUMN last_issued_at timestamptz;
        CREATE TABLE outgoing_documents (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            document_type text,
            subject text,
            recipients jsonb NOT NULL DEFAULT '[]',
            signer text,
            signer_name text,
            appendix_count int NOT NULL DEFAULT 0,
            signed_at timestamptz,
            sealed_at timestamptz,
            -- the issued PDF (number, date and agency signature on it), from document.sealed
            sealed_sha256 text,
            sealed_size bigint
        );
        CREATE INDEX outgoing_documents_awaiting ON outgoing_documents (agency, signed_at) WHERE sealed_at IS NULL;
        CREATE TABLE outgoing_numbers (
            agency text NOT NULL,
            register text NOT NULL,
            year int NOT NULL,
            number int NOT NULL CHECK (number > 0),
            notation text NOT NULL,
            document_id uuid NOT NULL REFERENCES outgoing_documents (document_id),
            issued_at timestamptz NOT NULL,
            state text NOT NULL CHECK (state IN ('numbered', 'issued', 'withdrawn')),
            numbered_by text NOT NULL,
            unit text,
            withdrawn_reason text,
            withdrawn_by text,
            withdrawn_at timestamptz,
            PRIMARY KEY (agency, register, year, number),
            CHECK ((state = 'withdrawn') = (withdrawn_reason IS NOT NULL))
        );
        CREATE UNIQUE INDEX outgoing_numbers_live ON outgoing_numbers (document_id) WHERE state <> 'withdrawn';
        CREATE INDEX outgoing_numbers_newest ON outgoing_numbers (agency, issued_at DESC, register DESC, number DESC);
        """)

    /// The people a document was assigned to (main handler, co-handlers, readers): they may read it in the register
    /// even though they are neither clerk nor leader (need to know). Kept after a reassignment: they did handle it.
    static let readers = Migration(version: 11, name: "document readers", sql: """
        CREATE TABLE document_readers (
            agency text NOT NULL,
            document_id uuid NOT NULL,
            account text NOT NULL,
            assigned_at timestamptz NOT NULL,
            PRIMARY KEY (document_id, account)
        );
        CREATE INDEX document_readers_by_account ON document_readers (agency, account);
        """)

    /// Gap-free counters per agency × register × year, and the incoming register (Decree 30/2020 Phụ lục IV).
    static let registers = Migration(version: 10, name: "incoming register", sql: """
        CREATE TABLE register_counters (
            agency text NOT NULL,
            register text NOT NULL,
            year int NOT NULL,
            last_number int NOT NULL DEFAULT 0 CHECK (last_number >= 0),
            PRIMARY KEY (agency, register, year)
        );
        CREATE TABLE incoming_entries (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            register text NOT NULL,
            year int NOT NULL,
            number int NOT NULL CHECK (number > 0),
            arrived_at timestamptz NOT NULL,
            arrival_day date NOT NULL,
            sender_code text NOT NULL,
            sender_name text NOT NULL,
            code_number text NOT NULL,
            code_notation text NOT NULL,
            promulgation_date timestamptz NOT NULL,
            document_type text NOT NULL,
            subject text NOT NULL,
            recipient text,
            handed_over_at timestamptz,
            receipt_signature text,
            note text,
            priority int NOT NULL,
            due_date timestamptz,
            signer_name text,
            edxml_document_id text NOT NULL,
            packet_sha256 text NOT NULL,
            packet_size bigint NOT NULL,
            packet_media_type text NOT NULL,
            attachments jsonb NOT NULL,
            search_text text NOT NULL,
            sender_folded text NOT NULL,
            registered_at timestamptz NOT NULL,
            UNIQUE (agency, register, year, number)
        );
        CREATE INDEX incoming_entries_by_day ON incoming_entries (agency, register, arrival_day, number);
        CREATE INDEX incoming_entries_by_sender ON incoming_entries (agency, sender_code);
        """)

    /// Migration 20's `revocation_note` was never written: a revocation's ghi chú goes into `note` (migration 13).
    /// The register's text search (words of the subject, sender, OCR text, with or without diacritics) is a
    /// `LIKE '%…%'` on the columns numbering folds when it writes them (``SearchFolding``): trigram indexes answer it
    /// without reading every line of the agency. pg_trgm lives in schema `extensions`, made by the installation step
    /// (infra/postgres/install.sql, which grants numbering's role its use) and for tests by scripts/dev-up; where the
    /// role may create it itself (a development database it owns; pg_trgm is trusted) this migration does.
    static let searchTrigrams = Migration(version: 22, name: "trigram indexes for the register's search", sql: """
        DO $ext$
        BEGIN
            IF to_regnamespace('extensions') IS NULL OR NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN
                BEGIN
                    CREATE SCHEMA IF NOT EXISTS extensions;
                    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions;
                EXCEPTION WHEN unique_violation OR duplicate_schema OR duplicate_object THEN
                    NULL; -- archive's migration 20 made them at the same moment in a fresh database
                END;
            END IF;
            IF NOT has_schema_privilege('extensions', 'USAGE') THEN
                RAISE EXCEPTION 'numbering''s role may not use schema extensions (pg_trgm): run the installation step '
                    'infra/postgres/install again, it grants it';
            END IF;
        END
        $ext$;
        CREATE INDEX incoming_entries_search_trgm ON incoming_entries USING gin (search_text extensions.gin_trgm_ops);
        CREATE INDEX incoming_entries_sender_trgm ON incoming_entries USING gin (sender_folded extensions.gin_trgm_ops);
        """)

    static let dropRevocationNote = Migration(version: 21, name: "drop the unused revocation_note", sql: """
        ALTER TABLE incoming_entries DROP COLUMN revocation_note;
        """)

    /// The outgoing register's "ngày chuyển" (Phụ lục IV column 8): when dispatch sent the document (`document.dispatched`).
    static let dispatchDay = Migration(version: 23, name: "outgoing dispatch day", sql: """
        ALTER TABLE outgoing_documents ADD COLUMN dispatched_at timestamptz;
        """)
}
