import Storage

/// The search index's tables (versions 20–39 are search's in schema `archive`; 30–39 its tuning for size).
///
/// `unaccent` and `pg_trgm` live in schema `extensions`, made by the installation step (infra/postgres/install.sql)
/// as an administrator; where the service's role may create them itself (a development or test database it owns;
/// both are trusted extensions) migration 20 does it.
enum SearchMigrations {
    static let all: [Migration] = [index, pendingLists, searchable, senders]

    /// One row per document (incoming or outgoing), its readers, the Vietnamese text-search configuration and the
    /// folding function the trigram index uses.
    static let index = Migration(version: 20, name: "search index", sql: """
        DO $ext$
        BEGIN
            IF to_regnamespace('extensions') IS NULL THEN CREATE SCHEMA extensions; END IF;
            IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'unaccent') THEN
                CREATE EXTENSION unaccent SCHEMA extensions;
            END IF;
            IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN
                CREATE EXTENSION pg_trgm SCHEMA extensions;
            END IF;
        END
        $ext$;

        -- Vietnamese without diacritics: words lower-cased and unaccented (unaccent maps đ to d), no stemming or
        -- stop words (Vietnamese syllables have neither).
        CREATE TEXT SEARCH CONFIGURATION vietnamese_folded (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION vietnamese_folded
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
            WITH extensions.unaccent, simple;

        -- The same folding for the trigram index (unaccent alone is STABLE: an index needs an IMMUTABLE function).
        CREATE FUNCTION fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            RETURN lower(extensions.unaccent('extensions.unaccent'::regdictionary, $1));

        CREATE TABLE search_documents (
            document_id uuid PRIMARY KEY,
            agency text NOT NULL,
            direction text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
            register text NULL,
            year int NULL,
            number int NULL,
            code_number text NULL,
            code_notation text NULL,
            document_type text NULL,
            subject text NULL,
            sender_code text NULL,
            sender_name text NULL,
            signer_name text NULL,
            promulgation_date timestamptz NULL,
            day date NULL,
            body text NOT NULL DEFAULT '',
            body_files int NOT NULL DEFAULT 0,
            body_truncated boolean NOT NULL DEFAULT false,
            indexed_at timestamptz NOT NULL DEFAULT now(),
            codes_folded text GENERATED ALWAYS AS (
                fold(coalesce(code_number, '') || '/' || coalesce(code_notation, '') || ' ' || coalesce(number::text, ''))) STORED,
            sender_folded text GENERATED ALWAYS AS (fold(coalesce(sender_name, ''))) STORED,
            type_folded text GENERATED ALWAYS AS (fold(coalesce(document_type, ''))) STORED,
            tsv tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('vietnamese_folded', coalesce(subject, '')), 'A')
                || setweight(to_tsvector('vietnamese_folded', coalesce(document_type, '') || ' ' || coalesce(sender_name, '')
                    || ' ' || coalesce(signer_name, '')), 'B')
                || setweight(to_tsvector('vietnamese_folded', body), 'D')) STORED
        );
        CREATE INDEX search_documents_text ON search_documents USING gin (tsv);
        CREATE INDEX search_documents_codes ON search_documents USING gin (codes_folded extensions.gin_trgm_ops);
        -- Newest first, the default order: for words found in many documents the first page is read down this index.
        CREATE INDEX search_documents_newest ON search_documents (agency, day DESC NULLS LAST, document_id DESC);

        -- Need to know, as numbering's register: who was assigned the document (task.assigned) or signs it.
        CREATE TABLE search_readers (
            document_id uuid NOT NULL,
            account text NOT NULL,
            agency text NOT NULL,
            PRIMARY KEY (document_id, account)
        );
        CREATE INDEX search_readers_by_account ON search_readers (agency, account, document_id);
        """)

    /// Writes merge into the GIN indexes at once rather than through their pending lists (`fastupdate`): every
    /// search scans a pending list in full until VACUUM merges it (up to 4 MB, thousands of documents' words), and
    /// the index is written a few thousand times a day at most, so the search is what should stay fast.
    static let pendingLists = Migration(version: 30, name: "search indexes without pending lists", sql: """
        ALTER INDEX search_documents_text SET (fastupdate = off);
        ALTER INDEX search_documents_codes SET (fastupdate = off);
        """)

    /// Newest first over the rows a search may show, with the filters' columns: a search with filters reads this
    /// index alone (an index-only scan) to find the rows that pass them, and only those rows' vectors are then
    /// read, newest first, until the page is full. Reading the table instead cost a heap page per rejected row
    /// (47 000 of them for a sender found only in January of a half-year range: 1.3 s at 1 M documents).
    static let searchable = Migration(version: 31, name: "search index of searchable rows with the filters' columns", sql: """
        CREATE INDEX search_documents_searchable ON search_documents (agency, day DESC NULLS LAST, document_id DESC)
            INCLUDE (direction, register, year, sender_code, sender_folded, type_folded)
            WHERE subject IS NOT NULL AND (direction = 'incoming' OR number IS NOT NULL);
        """)

    /// The agency's senders (Nơi gửi) by name and code, kept by a trigger (the search page offers their names), and the
    /// searchable rows by sender, newest first within each. A search with a sender first reads the few names it
    /// matches from `search_senders` (a name fragment is a LIKE no index serves: it was checked on every row of the
    /// date range, 47 000 index entries for a sender found only in January of a half-year range at 1 M documents),
    /// then only those senders' rows.
    static let senders = Migration(version: 32, name: "search by sender", sql: """
        CREATE TABLE search_senders (
            agency text NOT NULL,
            sender_folded text NOT NULL,
            sender_code text NOT NULL DEFAULT '',
            -- as first seen, with its diacritics: the search page offers it
            sender_name text NOT NULL DEFAULT ''
        );
        -- Not unique: a unique index makes a writer wait for another's uncommitted first row of a sender, and two
        -- writers each adding two new senders in turn would deadlock; two rows of one sender (written at the same
        -- moment) are harmless, as every reader takes distinct names.
        CREATE INDEX search_senders_by_name ON search_senders (agency, sender_folded, sender_code);
        INSERT INTO search_senders (agency, sender_folded, sender_code, sender_name)
        SELECT DISTINCT ON (agency, sender_folded, coalesce(sender_code, ''))
               agency, sender_folded, coalesce(sender_code, ''), coalesce(sender_name, '')
        FROM search_documents ORDER BY agency, sender_folded, coalesce(sender_code, ''), indexed_at;

        -- Every writer of a row is covered (events, migrations, a restore): the list may only grow, and a name no row
        -- has any more costs one probe of an empty range.
        CREATE FUNCTION remember_sender() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
        BEGIN
            INSERT INTO search_senders (agency, sender_folded, sender_code, sender_name)
            SELECT NEW.agency, NEW.sender_folded, coalesce(NEW.sender_code, ''), coalesce(NEW.sender_name, '')
            WHERE NOT EXISTS (
                SELECT 1 FROM search_senders s
                WHERE s.agency = NEW.agency AND s.sender_folded = NEW.sender_folded AND s.sender_code = coalesce(NEW.sender_code, ''));
            RETURN NULL;
        END
        $fn$;
        CREATE TRIGGER search_documents_remember_sender
            AFTER INSERT OR UPDATE OF agency, sender_code, sender_name ON search_documents
            FOR EACH ROW EXECUTE FUNCTION remember_sender();

        CREATE INDEX search_documents_by_sender ON search_documents (agency, sender_folded, day DESC NULLS LAST, document_id DESC)
            INCLUDE (direction, register, year, sender_code, type_folded)
            WHERE subject IS NOT NULL AND (direction = 'incoming' OR number IS NOT NULL);
        """)
}
