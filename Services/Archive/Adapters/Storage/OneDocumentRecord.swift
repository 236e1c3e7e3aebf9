import Storage

/// Migration 21: one record of a document in the archive. The dossiers' catalogue (`documents`, `document_readers`)
/// and the search index (`search_documents`, `search_readers`) were fed by the same events; `search_documents` now
/// carries what the catalogue alone knew (content references, the document answered, owner, issued, signatures'
/// validation data), the catalogue's rows are merged into it and its tables dropped. Dossiers reference it.
///
/// What both knew is kept once: the catalogue's `code` is `code_number`/`code_notation`, its `document_date` is
/// `promulgation_date` (an outgoing document's issue date), its `party` the sender's name (incoming) or the signer's
/// (outgoing), its `register_number` an incoming document's `number`.
///
/// It rewrites every row both records held once (`issued` is added true without a rewrite and corrected by the
/// merge's UPDATE): 1.13× one bare rewrite of the index (`MigrationBench`); `VACUUM ANALYZE` after it.
enum OneDocumentRecord {
    static let migration = Migration(version: 21, name: "one record of a document", sql: """
        ALTER TABLE search_documents
            ADD COLUMN main jsonb,
            ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]',
            ADD COLUMN answers uuid,
            ADD COLUMN owner text,
            -- true for the rows there are (no rewrite): the merge below and the drafts' update correct it
            ADD COLUMN issued boolean NOT NULL DEFAULT true,
            ADD COLUMN signatures jsonb NOT NULL DEFAULT '[]';

        -- The catalogue's rows: its own columns win, the index's fill in what the catalogue left empty. One UPDATE
        -- of the rows both had (each row rewritten once), then the rows only the catalogue had. A table of the schema,
        -- dropped below in the same transaction: the service's role may not create temporary tables in the database.
        CREATE TABLE merge_catalogue AS
        SELECT d.document_id, d.agency, d.direction, d.document_type, d.subject,
               CASE WHEN position('/' IN d.code) > 0 THEN split_part(d.code, '/', 1) END AS code_number,
               CASE WHEN position('/' IN d.code) > 0 THEN substr(d.code, position('/' IN d.code) + 1) ELSE d.code END AS code_notation,
               d.document_date AS promulgation_date,
               CASE WHEN d.direction = 'incoming' THEN d.party END AS sender_name,
               CASE WHEN d.direction = 'outgoing' THEN d.party END AS signer_name,
               -- an issued outgoing document's số is the first part of its code
               coalesce(d.register_number, CASE WHEN d.direction = 'outgoing' AND d.issued AND split_part(d.code, '/', 1) ~ '^[0-9]{1,9}$'
                                                THEN split_part(d.code, '/', 1)::int END) AS number,
               CASE WHEN d.direction = 'outgoing' THEN extract(year FROM d.document_date AT TIME ZONE 'Asia/Ho_Chi_Minh')::int END AS year,
               (d.document_date AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
               d.main, d.attachments, d.answers, d.owner, d.issued, d.signatures
        FROM documents d;
        UPDATE search_documents s SET
            document_type = coalesce(s.document_type, c.document_type), subject = coalesce(s.subject, c.subject),
            code_number = coalesce(s.code_number, c.code_number), code_notation = coalesce(s.code_notation, c.code_notation),
            promulgation_date = coalesce(s.promulgation_date, c.promulgation_date),
            sender_name = coalesce(s.sender_name, c.sender_name), signer_name = coalesce(s.signer_name, c.signer_name),
            number = coalesce(s.number, c.number), year = coalesce(s.year, c.year), day = coalesce(s.day, c.day),
            main = c.main, attachments = c.attachments, answers = c.answers, owner = c.owner, signatures = c.signatures,
            issued = c.issued OR s.direction = 'incoming' OR s.number IS NOT NULL
        FROM merge_catalogue c WHERE c.document_id = s.document_id AND c.agency = s.agency;
        INSERT INTO search_documents (
            document_id, agency, direction, document_type, subject, code_number, code_notation, promulgation_date,
            sender_name, signer_name, number, year, day, main, attachments, answers, owner, issued, signatures)
        SELECT c.document_id, c.agency, c.direction, c.document_type, c.subject, c.code_number, c.code_notation, c.promulgation_date,
               c.sender_name, c.signer_name, c.number, c.year, c.day, c.main, c.attachments, c.answers, c.owner, c.issued, c.signatures
        FROM merge_catalogue c WHERE NOT EXISTS (SELECT 1 FROM search_documents s WHERE s.document_id = c.document_id);
        -- What the index alone knew: an outgoing document is issued once numbered (a draft is not).
        UPDATE search_documents s SET issued = false
        WHERE s.direction = 'outgoing' AND s.number IS NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.document_id = s.document_id);
        ALTER TABLE search_documents ALTER COLUMN issued SET DEFAULT false;
        INSERT INTO search_readers (document_id, account, agency)
        SELECT r.document_id, r.account, d.agency FROM document_readers r JOIN documents d USING (document_id)
        ON CONFLICT DO NOTHING;

        ALTER TABLE dossier_documents DROP CONSTRAINT dossier_documents_document_id_fkey;
        ALTER TABLE dossier_documents ADD CONSTRAINT dossier_documents_document_id_fkey
            FOREIGN KEY (document_id) REFERENCES search_documents (document_id);
        DROP TABLE merge_catalogue;
        DROP TABLE document_readers;
        DROP TABLE documents;
        CREATE INDEX search_documents_answers ON search_documents (answers) WHERE answers IS NOT NULL;
        CREATE INDEX search_documents_owner ON search_documents (agency, owner) WHERE owner IS NOT NULL;
        """)
}
