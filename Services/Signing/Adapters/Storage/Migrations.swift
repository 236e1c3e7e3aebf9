import Storage

/// Schema `signing`. Versions 1–4 are the platform's (inbox, outbox, dead letters, access revocations; up to 9 reserved);
/// this service adds 10, the signature log (`signature_log`), 11, which renames the inbox keys of its handlers, and 12,
/// which lets a renumbered document be sealed again.
enum SigningMigrations {
    static let all: [Migration] = [
        Migration(version: 10, name: "signature_log", sql: """
            -- One row per signature made. The request id is the idempotency key: a redelivered
            -- signing.requested finds its row and gets the same result, never a second signature.
            -- kind: leader | agency (signing.requested) | numbered (document.numbered: fill + seal).
            CREATE TABLE signature_log (
                request_id    uuid PRIMARY KEY,
                document_id   uuid NOT NULL,
                kind          text NOT NULL CHECK (kind IN ('leader', 'agency', 'numbered')),
                signer        text NOT NULL,
                input_sha256  text NOT NULL,
                output_sha256 text NOT NULL,
                output_size   bigint NOT NULL,
                -- JSON [AttachmentRef]: the request's appendices (leader) or the sealed ones.
                appendices    text NOT NULL DEFAULT '[]',
                signed_at     timestamptz NOT NULL
            );
            CREATE INDEX signature_log_document ON signature_log (document_id, kind, signed_at);
            -- A document is numbered once: its fill-and-seal happens once however often the event comes.
            CREATE UNIQUE INDEX signature_log_numbered ON signature_log (document_id) WHERE kind = 'numbered';
            """),
        // Handlers are named by what they do; the inbox keys (`signing.<TypeName>`) of messages handled under the
        // old names follow, so a redelivery of one of them is still recognised.
        Migration(version: 11, name: "handler_names", sql: """
            UPDATE inbox SET handler = 'signing.SignDocument' WHERE handler = 'signing.SigningRequestedHandler';
            UPDATE inbox SET handler = 'signing.NumberAndSeal' WHERE handler = 'signing.DocumentNumberedHandler';
            """),
        // A number withdrawn before issue (numbering) is followed by a new `document.numbered` for the same document:
        // it is sealed again under its new number. One seal per document and number (`05/UBND-KT`).
        Migration(version: 12, name: "renumbering", sql: """
            ALTER TABLE signature_log ADD COLUMN number_text text;
            DROP INDEX signature_log_numbered;
            CREATE UNIQUE INDEX signature_log_numbered ON signature_log (document_id, coalesce(number_text, '')) WHERE kind = 'numbered';
            """),
    ]
}
