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
            return try await search(query, executor: tx)
        }
    }

    func search(_ query: SearchQuery, executor: some PGExecutor) async throws -> [SearchHit] {
        let text = query.text
        // A fragment of a số/ký hiệu: only when the query looks like one (a digit or a slash), so plain words take
        // the full-text index alone.
        let codePattern = text.flatMap { t in t.contains(where: { $0.isNumber || $0 == "/" }) ? Self.likeEscaped(t) : nil }
        // One token with a slash ("123/UBND", "12/QĐ-UBND") is a số/ký hiệu: the trigram index alone answers it (the
        // words' parser makes a path of it, which no document's words match and the planner cannot estimate).
        let words = text.flatMap { t in t.contains("/") && !t.contains(where: \.isWhitespace) ? nil : t }
        let senderPattern = query.sender.map(Self.likeEscaped)
        // Relevance ranks the newest `rankWindow` matches only: ranking every match of common words reads every one of
        // their vectors (seconds at 100 000 documents).
        let relevance = query.order == .relevance && words != nil
        let window = relevance ? Self.rankWindow : query.limit + query.offset
        let s = schema
        let rows = try await executor.query("""
            WITH q AS (SELECT CASE WHEN \(text)::text IS NULL THEN NULL
                                   ELSE websearch_to_tsquery(\(configuration)::regconfig, \(text)::text) END AS tsq),
            newest AS (
                SELECT d.document_id, d.direction, d.register, d.year, d.number, d.code_number, d.code_notation,
                       d.document_type, d.subject, d.sender_name, d.signer_name, d.day, d.body, d.tsv, q.tsq
                FROM \(identifier: s).search_documents d, q
                WHERE d.agency = \(query.agency) AND d.subject IS NOT NULL
                  AND (d.direction = 'incoming' OR d.number IS NOT NULL)
                  AND (\(text)::text IS NULL OR (\(words)::text IS NOT NULL AND d.tsv @@ q.tsq)
                       OR (\(codePattern)::text IS NOT NULL AND d.codes_folded LIKE '%' || \(identifier: s).fold(\(codePattern)::text) || '%'))
                  AND (\(query.direction?.rawValue)::text IS NULL OR d.direction = \(query.direction?.rawValue)::text)
                  AND (\(query.fromDay)::date IS NULL OR d.day >= \(query.fromDay)::date)
                  AND (\(query.toDay)::date IS NULL OR d.day <= \(query.toDay)::date)
                  AND (\(query.sender)::text IS NULL OR d.sender_code = \(query.sender)::text
                       OR d.sender_folded LIKE '%' || \(identifier: s).fold(\(senderPattern)::text) || '%')
                  AND (\(query.documentType)::text IS NULL OR d.type_folded = \(identifier: s).fold(\(query.documentType)::text))
                  AND (\(query.register)::text IS NULL OR d.register = \(query.register)::text)
                  AND (\(query.year)::int IS NULL OR (d.year = \(query.year)::int
                       -- the register's year is the Vietnam year of the day: a range the newest-first index can use
                       AND d.day BETWEEN make_date(\(query.year)::int, 1, 1) AND make_date(\(query.year)::int, 12, 31)))
                  -- What the dossier holds (one of the agency's): read by key, as the reader's documents.
                  AND (\(query.dossier)::uuid IS NULL OR d.document_id = ANY (ARRAY(
                        SELECT f.document_id FROM \(identifier: s).dossier_documents f JOIN \(identifier: s).dossiers x ON x.id = f.dossier_id
                        WHERE f.dossier_id = \(query.dossier)::uuid AND x.agency = \(query.agency))))
                  -- The reader's documents first (an array: the planner reads them by key, however common the words).
                  AND (\(query.readableBy)::text IS NULL OR d.document_id = ANY (ARRAY(
                        SELECT r.document_id FROM \(identifier: s).search_readers r
                        WHERE r.agency = \(query.agency) AND r.account = \(query.readableBy)::text)))
                ORDER BY d.day DESC NULLS LAST, d.document_id DESC
                LIMIT \(window)),
            page AS (
                SELECT * FROM newest
                ORDER BY \(unsafe: relevance ? "ts_rank_cd(tsv, tsq) DESC, " : "") day DESC NULLS LAST, document_id DESC
                LIMIT \(query.limit) OFFSET \(query.offset))
            SELECT document_id, direction, register, year, number, code_number, code_notation, document_type, subject,
                   sender_name, signer_name, to_char(day, 'YYYY-MM-DD') AS day,
                   -- A snippet only when the words are in the PDFs' text (weight D of the stored vector: no re-parse).
                   CASE WHEN tsq IS NULL OR body = '' OR NOT (ts_filter(tsv, '{d}') @@ tsq) THEN NULL
                        ELSE ts_headline(\(configuration)::regconfig, body, tsq,
                                         'StartSel=«, StopSel=», MaxWords=24, MinWords=8, MaxFragments=1') END AS snippet
            FROM page
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

    /// `%`, `_` and `\` are literal in a LIKE pattern.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// How many of the newest matches `sort=relevance` ranks.
    static let rankWindow = 300
}
