import Contracts
import Foundation
import Storage

/// Dossiers, what is filed in them and their history, in PostgreSQL. Every read is scoped by agency: a dossier of
/// another agency is not found.
struct DossierStore: Sendable {
    let schema: String

    func insert(_ d: Dossier, in tx: PGTransaction) async throws -> Bool {
        !(try await tx.query("""
            INSERT INTO \(identifier: schema).dossiers
                (id, agency, year, item_id, code, title, retention_years, retention_reason, creator, started_at, state, auto_file)
            VALUES (\(d.id), \(d.agency), \(d.year), \(d.itemId), \(d.code), \(d.title), \(d.retentionYears), \(d.retentionReason),
                    \(d.creator), \(d.startedAt), \(d.state.rawValue), \(d.autoFile))
            ON CONFLICT (agency, year, code) DO NOTHING RETURNING id
            """).rows.isEmpty)
    }

    func dossier(_ id: UUID, agency: String, forUpdate: Bool = false, executor: some PGExecutor) async throws -> Dossier? {
        try await executor.query("""
            SELECT d.*, (SELECT count(*) FROM \(identifier: schema).dossier_documents f WHERE f.dossier_id = d.id) AS document_count
            FROM \(identifier: schema).dossiers d WHERE d.id = \(id) AND d.agency = \(agency)
            \(unsafe: forUpdate ? "FOR UPDATE OF d" : "")
            """).rows.first.map(Self.dossier(row:))
    }

    struct Filter: Sendable {
        var agency: String
        var year: Int?
        var state: Dossier.State?
        var creator: String?
        /// Words of the code or title, each found with or without diacritics (`hop dong` finds `Hợp đồng`, `01.th`).
        var text: String?
        var limit = 200
    }

    func dossiers(_ f: Filter, executor: some PGExecutor) async throws -> [Dossier] {
        // A dossier's words are few and an agency's dossiers hundreds: every word a fragment of the folded code and title.
        let words = f.text.map(SearchIndexStore.likeEscaped)
        return try await executor.query("""
            SELECT d.*, (SELECT count(*) FROM \(identifier: schema).dossier_documents f WHERE f.dossier_id = d.id) AS document_count
            FROM \(identifier: schema).dossiers d
            WHERE d.agency = \(f.agency) AND (\(f.year)::int IS NULL OR d.year = \(f.year)::int)
              AND (\(f.state?.rawValue)::text IS NULL OR d.state = \(f.state?.rawValue)::text)
              AND (\(f.creator)::text IS NULL OR d.creator = \(f.creator)::text)
              AND (\(words)::text IS NULL OR \(identifier: schema).fold(d.code || ' ' || d.title) LIKE ALL (ARRAY(
                    SELECT '%' || w || '%' FROM regexp_split_to_table(\(identifier: schema).fold(\(words)::text), '\\s+') AS w WHERE w <> '')))
            ORDER BY d.year DESC, d.code LIMIT \(f.limit)
            """).rows.map(Self.dossier(row:))
    }

    /// Closed dossiers not yet transferred whose nộp lưu is due before `before` (the reminder window), soonest first.
    func transfersDue(agency: String, before: Date, executor: some PGExecutor) async throws -> [Dossier] {
        try await executor.query("""
            SELECT d.*, (SELECT count(*) FROM \(identifier: schema).dossier_documents f WHERE f.dossier_id = d.id) AS document_count
            FROM \(identifier: schema).dossiers d
            WHERE d.agency = \(agency) AND d.state = 'closed' AND d.transfer_due IS NOT NULL AND d.transfer_due <= \(before)
            ORDER BY d.transfer_due, d.code LIMIT 500
            """).rows.map(Self.dossier(row:))
    }

    /// The open dossiers of `account` this work could go into: their default one if they marked it, else their only one.
    func autoFileTarget(owner: String, agency: String, executor: some PGExecutor) async throws -> UUID? {
        let open = try await executor.query("""
            SELECT id, auto_file FROM \(identifier: schema).dossiers
            WHERE agency = \(agency) AND creator = \(owner) AND state = 'open' ORDER BY auto_file DESC, started_at LIMIT 2
            """).rows
        if let first = open.first, try first.decode(Bool.self, "auto_file") { return try first.decode(UUID.self, "id") }
        return open.count == 1 ? try open[0].decode(UUID.self, "id") : nil
    }

    /// The open dossiers a document is filed in.
    func openDossiers(holding document: UUID, agency: String, executor: some PGExecutor) async throws -> [UUID] {
        try await executor.query("""
            SELECT d.id FROM \(identifier: schema).dossiers d JOIN \(identifier: schema).dossier_documents f ON f.dossier_id = d.id
            WHERE f.document_id = \(document) AND d.agency = \(agency) AND d.state = 'open'
            """).rows.map { try $0.decode(UUID.self, "id") }
    }

    /// Files the document (a reference) with the dossier's next ordinal; false when it was already there. The dossier's
    /// row is locked first, so two handlers filing the same document at once (a completion and its answer's issue)
    /// see each other's row: the second files nothing.
    func file(_ document: UUID, into dossier: UUID, by account: String, how: String, at: Date, in tx: PGTransaction) async throws -> Bool {
        guard let row = try await tx.query("""
            SELECT last_ordinal FROM \(identifier: schema).dossiers WHERE id = \(dossier) FOR UPDATE
            """).rows.first else { return false }
        let present = try await tx.query("""
            SELECT 1 FROM \(identifier: schema).dossier_documents WHERE dossier_id = \(dossier) AND document_id = \(document)
            """).rows
        guard present.isEmpty else { return false }
        let ordinal = try row.decode(Int.self, "last_ordinal") + 1
        _ = try await tx.query("""
            UPDATE \(identifier: schema).dossiers SET last_ordinal = \(ordinal) WHERE id = \(dossier)
            """)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).dossier_documents (dossier_id, document_id, ordinal, filed_at, filed_by, filed_how)
            VALUES (\(dossier), \(document), \(ordinal), \(at), \(account), \(how))
            """)
        return true
    }

    /// Whether the document sits in any dossier.
    func isFiled(_ document: UUID, in tx: PGTransaction) async throws -> Bool {
        !(try await tx.query("""
            SELECT 1 FROM \(identifier: schema).dossier_documents WHERE document_id = \(document) LIMIT 1
            """).rows.isEmpty)
    }

    func remove(_ document: UUID, from dossier: UUID, in tx: PGTransaction) async throws -> Bool {
        !(try await tx.query("""
            DELETE FROM \(identifier: schema).dossier_documents WHERE dossier_id = \(dossier) AND document_id = \(document)
            RETURNING document_id
            """).rows.isEmpty)
    }

    func entries(of dossier: UUID, executor: some PGExecutor) async throws -> [DossierEntry] {
        try await executor.query("""
            SELECT f.ordinal, f.filed_at, f.filed_by, f.filed_how, \(unsafe: DocumentCatalog.columns)
            FROM \(identifier: schema).dossier_documents f JOIN \(identifier: schema).search_documents d ON d.document_id = f.document_id
            WHERE f.dossier_id = \(dossier) ORDER BY f.ordinal
            """).rows.map { r in
            DossierEntry(
                ordinal: try r.decode(Int.self, "ordinal"), document: try DocumentCatalog.document(row: r),
                filedAt: try r.decode(Date.self, "filed_at"), filedBy: try r.decode(String.self, "filed_by"),
                filedHow: try r.decode(String.self, "filed_how"))
        }
    }

    /// Writes the dossier's changeable columns back.
    func update(_ d: Dossier, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).dossiers SET
                code = \(d.code), title = \(d.title), retention_years = \(d.retentionYears), retention_reason = \(d.retentionReason),
                state = \(d.state.rawValue), auto_file = \(d.autoFile), closed_at = \(d.closedAt), closed_by = \(d.closedBy),
                transfer_due = \(d.transferDue), submitted_at = \(d.submittedAt), submitted_by = \(d.submittedBy),
                returned_reasons = \(try d.returnedReasons.map { try JSONColumn.text($0) })::jsonb, returned_by = \(d.returnedBy),
                returned_at = \(d.returnedAt), archive_reference = \(d.archiveReference), accepted_by = \(d.acceptedBy),
                accepted_at = \(d.acceptedAt), package_sha256 = \(d.packageSha256)
            WHERE id = \(d.id) AND agency = \(d.agency)
            """)
    }

    /// Drops the creator's other default dossier so the new one is the only one.
    func clearAutoFile(owner: String, agency: String, except: UUID, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).dossiers SET auto_file = false
            WHERE agency = \(agency) AND creator = \(owner) AND auto_file AND id <> \(except)
            """)
    }

    func log(_ dossier: UUID, _ action: String, actor: String, at: Date, details: [String: String] = [:], in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).dossier_log (dossier_id, action, actor, at, details)
            VALUES (\(dossier), \(action), \(actor), \(at), \(try JSONColumn.text(details))::jsonb)
            """)
    }

    func history(of dossier: UUID, executor: some PGExecutor) async throws -> [DossierLogEntry] {
        try await executor.query("""
            SELECT action, actor, at, details FROM \(identifier: schema).dossier_log WHERE dossier_id = \(dossier) ORDER BY id
            """).rows.map { r in
            DossierLogEntry(
                action: try r.decode(String.self, "action"), actor: try r.decode(String.self, "actor"), at: try r.decode(Date.self, "at"),
                details: try JSONColumn.value([String: String].self, try r.decode(String.self, "details")))
        }
    }

    static func dossier(row r: PGRow) throws -> Dossier {
        Dossier(
            id: try r.decode(UUID.self, "id"), agency: try r.decode(String.self, "agency"), year: try r.decode(Int.self, "year"),
            itemId: try r.decode(UUID?.self, "item_id"), code: try r.decode(String.self, "code"), title: try r.decode(String.self, "title"),
            retentionYears: try r.decode(Int?.self, "retention_years"), retentionReason: try r.decode(String?.self, "retention_reason"),
            creator: try r.decode(String.self, "creator"), startedAt: try r.decode(Date.self, "started_at"),
            state: Dossier.State(rawValue: try r.decode(String.self, "state")) ?? .open, autoFile: try r.decode(Bool.self, "auto_file"),
            closedAt: try r.decode(Date?.self, "closed_at"), closedBy: try r.decode(String?.self, "closed_by"),
            transferDue: try r.decode(Date?.self, "transfer_due"), submittedAt: try r.decode(Date?.self, "submitted_at"),
            submittedBy: try r.decode(String?.self, "submitted_by"),
            returnedReasons: try r.decode(String?.self, "returned_reasons").map { try JSONColumn.value([String].self, $0) },
            returnedBy: try r.decode(String?.self, "returned_by"), returnedAt: try r.decode(Date?.self, "returned_at"),
            archiveReference: try r.decode(String?.self, "archive_reference"), acceptedBy: try r.decode(String?.self, "accepted_by"),
            acceptedAt: try r.decode(Date?.self, "accepted_at"), packageSha256: try r.decode(String?.self, "package_sha256"),
            documentCount: try r.decode(Int.self, "document_count"))
    }
}
