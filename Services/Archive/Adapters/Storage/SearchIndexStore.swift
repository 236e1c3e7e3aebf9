import Contracts
import Foundation
import Storage

/// The archive's search index in PostgreSQL (`search_documents`, `search_readers`): full-text search with the
/// `vietnamese_folded` configuration (unaccent, no stemming) over metadata and PDF text, trigram fragments of the
/// số/ký hiệu, filters, need to know.
///
/// The rows are the archive's one record of a document, written by `DocumentCatalog` from the events.
struct SearchIndexStore: Sendable {
    let schema: String

    /// The text-search configuration, schema-qualified (queries run without a search path).
    var configuration: String { PGQuery.quoteIdentifier(schema) + ".vietnamese_folded" }

    /// A page of the documents `query` finds, newest first or by relevance.
    ///
    /// Custom plans only: the statement is prepared after its second run (Storage's statement cache), and a generic
    /// plan of it cannot know whether the words are rare (read the text index) or common (read newest first).
    func search(_ query: SearchQuery, database: PGClient) async throws -> [SearchHit] {
        try await database.withTransaction { tx in
            _ = try await tx.query("SET LOCAL plan_cache_mode = force_custom_plan")
            // JIT compiles plans whose estimated cost is high (bitmap scans of common words at 1 M documents) in tens
            // to hundreds of milliseconds: more than these LIMIT 20 queries take to run.
            _ = try await tx.query("SET LOCAL jit = off")
            return try await search(query, executor: tx)
        }
    }

    func search(_ query: SearchQuery, executor: some PGExecutor) async throws -> [SearchHit] {
        let text = query.text
        // A fragment of a số/ký hiệu: only when the query looks like one (a digit or a slash), so plain words take
        // the full-text index alone.
        let code = text.flatMap { t in t.contains(where: { $0.isNumber || $0 == "/" }) ? t : nil }
        // The trigram index is asked for the fragment up to its slash ("123/" of "123/UBND"), the whole fragment
        // checked on the rows it gives: the ký hiệu's common trigrams (UBND is in most of a People's Committee's codes)
        // cost 3× the rest of the index scan and narrow little (1 M documents: 17 → 4.7 ms).
        let codePattern = code.map { Self.likeEscaped(Self.selectivePart(ofCode: $0)) }
        // One token with a slash ("123/UBND", "12/QĐ-UBND") is a số/ký hiệu: the trigram index alone answers it (the
        // words' parser makes a path of it, which no document's words match and the planner cannot estimate).
        let words = text.flatMap { t in t.contains("/") && !t.contains(where: \.isWhitespace) ? nil : t }
        let senderPattern = query.sender.map(Self.likeEscaped)
        // The sender's names (a code or a fragment of a name): the rows are then read by name (migration 32).
        var senderNames: String?
        if let sender = query.sender {
            let names = try await executor.query("""
                SELECT sender_folded FROM \(identifier: schema).search_senders
                WHERE agency = \(query.agency)
                  AND (sender_code = \(sender) OR sender_folded LIKE '%' || \(identifier: schema).fold(\(senderPattern)::text) || '%')
                """).rows.map { try $0.decode(String.self, "sender_folded") }
            if names.isEmpty { return [] }
            senderNames = PGArray.literal(Array(Set(names)).sorted())
        }
        // Relevance ranks the newest `rankWindow` matches only: ranking every match of common words reads every one of
        // their vectors (seconds at 100 000 documents).
        let relevance = query.order == .relevance && words != nil
        let window = relevance ? Self.rankWindow : query.limit + query.offset
        let s = schema
        // The words' condition: a match of the stored vector (detoasting a few KB a row: the costly check) or a
        // fragment of the số/ký hiệu. The planner checks a row's conditions cheapest first by its own reckoning, in
        // which `tsv @@` costs as little as `=`; with other filters it read the vector of every row of the day range
        // to find the few from the sender (1.3 s at 1 M documents). So with filters, the rows that pass them are found
        // newest first in an index that holds the filters' columns (migration 31, or by sender's name: 32; an ordered
        // subquery the planner does not merge) and only those rows are read and matched, until the page is full;
        // without filters the planner chooses between the text index (rare words) and newest first (common words).
        let textCondition: PGQuery = """
            (\(text)::text IS NULL OR (\(words)::text IS NOT NULL AND d.tsv @@ q.tsq)
             OR (\(codePattern)::text IS NOT NULL AND d.codes_folded LIKE '%' || \(identifier: s).fold(\(codePattern)::text) || '%'
                 AND strpos(d.codes_folded, \(identifier: s).fold(\(code)::text)) > 0))
            """
        let filtersFirst = text != nil && (query.direction != nil || query.fromDay != nil || query.toDay != nil
            || query.sender != nil || query.documentType != nil || query.register != nil || query.year != nil
            || query.readableBy != nil)
        let rows = try await executor.query("""
            WITH q0 AS (SELECT CASE WHEN \(text)::text IS NULL THEN NULL
                                    ELSE websearch_to_tsquery(\(configuration)::regconfig, \(text)::text) END AS tsq),
            q AS (SELECT tsq, (SELECT \(Self.wordBoundary)::text || '(' || string_agg(regexp_replace(
                                          replace(m[1], '''''', ''''), '([^[:alnum:]])', \(Self.regexEscape)::text, 'g'), '|')
                                      || ')' || \(Self.wordEnd)::text
                               FROM regexp_matches(tsq::text, '''((?:[^'']|'''')+)''', 'g') AS m) AS words
                  FROM q0),
            candidates AS (
                SELECT \(unsafe: filtersFirst ? "d.document_id, d.day" : Self.rowColumns + ", q.tsq, q.words")
                FROM \(identifier: s).search_documents d\(unsafe: filtersFirst ? "" : ", q")
                WHERE d.agency = \(query.agency) AND d.subject IS NOT NULL
                  AND (d.direction = 'incoming' OR d.number IS NOT NULL)
                  \(fragment: filtersFirst ? "" : "AND \(fragment: textCondition)")
                  AND (\(query.direction?.rawValue)::text IS NULL OR d.direction = \(query.direction?.rawValue)::text)
                  AND (\(query.fromDay)::date IS NULL OR d.day >= \(query.fromDay)::date)
                  AND (\(query.toDay)::date IS NULL OR d.day <= \(query.toDay)::date)
                  AND (\(query.sender)::text IS NULL OR (d.sender_folded = ANY (\(senderNames)::text[])
                       AND (d.sender_code = \(query.sender)::text
                            OR d.sender_folded LIKE '%' || \(identifier: s).fold(\(senderPattern)::text) || '%')))
                  AND (\(query.documentType)::text IS NULL OR d.type_folded = \(identifier: s).fold(\(query.documentType)::text))
                  AND (\(query.register)::text IS NULL OR d.register = \(query.register)::text)
                  AND (\(query.year)::int IS NULL OR (d.year = \(query.year)::int
                       -- the register's year is the Vietnam year of the day: a range the newest-first index can use
                       AND d.day BETWEEN make_date(\(query.year)::int, 1, 1) AND make_date(\(query.year)::int, 12, 31)))
                  -- What the dossier holds (one of the agency's): a hash of its documents, probed row by row.
                  AND (\(query.dossier)::uuid IS NULL OR d.document_id IN (
                        SELECT f.document_id FROM \(identifier: s).dossier_documents f JOIN \(identifier: s).dossiers x ON x.id = f.dossier_id
                        WHERE f.dossier_id = \(query.dossier)::uuid AND x.agency = \(query.agency)))
                  -- The reader's documents: one hash of them (an index-only scan), probed row by row; an array
                  -- was compared element by element, or read by key with every vector checked (0.5 s at 1 M).
                  AND (\(query.readableBy)::text IS NULL OR d.document_id IN (
                        SELECT r.document_id FROM \(identifier: s).search_readers r
                        WHERE r.agency = \(query.agency) AND r.account = \(query.readableBy)::text))
                ORDER BY d.day DESC NULLS LAST, d.document_id DESC
                \(fragment: filtersFirst ? "OFFSET 0" : "LIMIT \(window)")),
            newest AS (\(fragment: filtersFirst ? """
                SELECT \(unsafe: Self.rowColumns), q.tsq, q.words
                FROM candidates c JOIN \(identifier: s).search_documents d ON d.document_id = c.document_id, q
                WHERE \(fragment: textCondition)
                ORDER BY c.day DESC NULLS LAST, c.document_id DESC
                LIMIT \(window)
                """ : "SELECT * FROM candidates")),
            page AS (
                SELECT * FROM newest
                ORDER BY \(unsafe: relevance ? "ts_rank_cd(tsv, tsq) DESC, " : "") day DESC NULLS LAST, document_id DESC
                LIMIT \(query.limit) OFFSET \(query.offset))
            SELECT document_id, direction, register, year, number, code_number, code_notation, document_type, subject,
                   sender_name, signer_name, to_char(day, 'YYYY-MM-DD') AS day,
                   CASE WHEN hit_at IS NULL THEN NULL
                        WHEN hit_at > 0 THEN near
                        ELSE ts_headline(\(configuration)::regconfig, body, tsq, \(Self.headlineOptions)::text) END AS snippet
            FROM (
                SELECT *, CASE WHEN hit_at > 0 THEN ts_headline(\(configuration)::regconfig, substr(body, greatest(1, hit_at - 80), 320),
                                                            tsq, \(Self.headlineOptions)::text) END AS near
                FROM (
                    SELECT *, CASE WHEN tsq IS NULL OR body = '' OR NOT (ts_filter(tsv, '{d}') @@ tsq) THEN NULL
                                   ELSE coalesce(nullif(regexp_instr(\(unsafe: Self.unaccented("left(body, 1500)")), words, 1, 1, 0, 'i'), 0),
                                                 CASE WHEN octet_length(body) > 1500
                                                      THEN regexp_instr(\(unsafe: Self.unaccented("body")), words, 1, 1, 0, 'i') END,
                                                 0) END AS hit_at
                    -- OFFSET 0: each computed once per row, not copied into every expression that names it.
                    FROM page OFFSET 0) AS found OFFSET 0) AS near
            """)
        return try rows.rows.map { row in
            let reference = ArchivedDocument.code(
                number: try row.decode(String?.self, "code_number"), notation: try row.decode(String?.self, "code_notation"))
            return SearchHit(
                documentId: try row.decode(UUID.self, "document_id"), direction: try row.decode(String.self, "direction"),
                register: try row.decode(String?.self, "register"), year: try row.decode(Int?.self, "year"),
                number: try row.decode(Int?.self, "number"), reference: reference,
                documentType: try row.decode(String?.self, "document_type"), subject: try row.decode(String?.self, "subject"),
                sender: try row.decode(String?.self, "sender_name"), signerName: try row.decode(String?.self, "signer_name"),
                day: try row.decode(String?.self, "day"),
                snippet: try row.decode(String?.self, "snippet").map { $0.replacingOccurrences(of: "\u{0C}", with: " ") })
        }
    }

    /// The agency's senders whose name or code has `fragment` (without diacritics, any case), by name: what the search
    /// page offers for "Nơi gửi".
    func senders(agency: String, matching fragment: String?, limit: Int, executor: some PGExecutor) async throws -> [Sender] {
        let pattern = fragment.map(Self.likeEscaped)
        let rows = try await executor.query("""
            SELECT DISTINCT ON (sender_folded) sender_name, nullif(sender_code, '') AS sender_code
            FROM \(identifier: schema).search_senders
            WHERE agency = \(agency) AND sender_name <> ''
              AND (\(pattern)::text IS NULL OR sender_folded LIKE '%' || \(identifier: schema).fold(\(pattern)::text) || '%'
                   OR sender_code = \(fragment)::text)
            ORDER BY sender_folded, sender_code
            LIMIT \(limit)
            """).rows
        return try rows.map { Sender(name: try $0.decode(String.self, "sender_name"), code: try $0.decode(String?.self, "sender_code")) }
    }

    /// Which of `ids` the index already shows to the caller of `query` (its agency and need to know).
    func visible(_ ids: [UUID], agency: String, readableBy: String?, executor: some PGExecutor) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let list = ids.map { $0.uuidString.lowercased() }.joined(separator: ",")
        let rows = try await executor.query("""
            SELECT d.document_id FROM \(identifier: schema).search_documents d
            WHERE d.document_id = ANY (string_to_array(\(list)::text, ',')::uuid[]) AND d.agency = \(agency)
              AND d.subject IS NOT NULL AND (d.direction = 'incoming' OR d.number IS NOT NULL)
              AND (\(readableBy)::text IS NULL OR EXISTS (
                    SELECT 1 FROM \(identifier: schema).search_readers r
                    WHERE r.document_id = d.document_id AND r.account = \(readableBy)::text AND r.agency = d.agency))
            """).rows
        return Set(try rows.map { try $0.decode(UUID.self, "document_id") })
    }

    /// The part of a số/ký hiệu fragment the trigram index is asked for: up to its first slash when at least three
    /// letters or digits come before it (their trigrams narrow well), else the whole fragment ("12/" alone matches
    /// a number in a hundred).
    static func selectivePart(ofCode code: String) -> String {
        guard let slash = code.firstIndex(of: "/") else { return code }
        let before = code[..<slash].reversed().prefix { $0.isLetter || $0.isNumber }
        return before.count >= 3 ? String(code[...slash]) : code
    }

    /// `%`, `_` and `\` are literal in a LIKE pattern.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// The snippet: one fragment of 8–24 words, the query's words between « and ».
    ///
    /// A snippet only when the words are in the PDFs' text (weight D of the stored vector: no re-parse). ts_headline
    /// parses all the text it is given (~0.2 ms for 800 characters, 1–2 ms for 2 pages, and a page has 20 hits), so it
    /// is given the 320 characters from just before the first of the query's words (24 words need about 150), found
    /// by a case-insensitive match of `words` (`\m(lu|quet)\M`) in the unaccented text (unaccent keeps Vietnamese
    /// text's length; lower-casing it cost as much as unaccent itself): the first 1 500 characters first, the whole
    /// text only when the words are not there (a PDF's text may be 400 000 characters), and the whole text to
    /// ts_headline only when the words are not found at all (a word of several tokens). A phrase or words close
    /// together are marked as before; words scattered over the text may show a fragment of the window without them,
    /// as the whole text's headline then often does too.
    static let headlineOptions = "StartSel=«, StopSel=», MaxWords=24, MinWords=8, MaxFragments=1"
    static let wordBoundary = #"\m"#
    static let wordEnd = #"\M"#
    static let regexEscape = #"\\\1"#

    /// `text` (an SQL expression) without diacritics, case kept.
    static func unaccented(_ text: String) -> String {
        "extensions.unaccent('extensions.unaccent'::regdictionary, \(text))"
    }

    /// The columns of a hit (and what its snippet and rank need) from `search_documents d`.
    static let rowColumns = """
        d.document_id, d.direction, d.register, d.year, d.number, d.code_number, d.code_notation, d.document_type, \
        d.subject, d.sender_name, d.signer_name, d.day, d.body, d.tsv
        """

    /// How many of the newest matches `sort=relevance` ranks.
    static let rankWindow = 300
}
