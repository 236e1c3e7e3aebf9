import Contracts
import Foundation
import Storage

/// Drafts, their versions, reviewers and comments in the routing schema.
struct DraftStore: Sendable {
    let schema: String

    func create(_ draft: Draft, _ first: DraftVersion, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).drafts
                (id, agency, author, state, current_version, created_at, updated_at, answers, changes, change_kind)
            VALUES (\(draft.id), \(draft.agency), \(draft.author), \(draft.state.rawValue), \(draft.currentVersion), \(draft.createdAt),
                    \(draft.updatedAt), \(draft.answers), \(draft.changes?.draft), \(draft.changes?.kind.rawValue))
            """)
        try await insert(first, in: tx)
    }

    /// Adds a version and makes it current.
    func addVersion(_ v: DraftVersion, in tx: PGTransaction) async throws {
        try await insert(v, in: tx)
        _ = try await tx.query("""
            UPDATE \(identifier: schema).drafts SET current_version = \(v.version), updated_at = \(v.createdAt) WHERE id = \(v.draftId)
            """)
    }

    private func insert(_ v: DraftVersion, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).draft_versions
                (draft_id, version, document_type, subject, recipients, files, note, author, created_at)
            VALUES (\(v.draftId), \(v.version), \(v.documentType), \(v.subject), \(try JSONColumn.text(v.recipients))::jsonb,
                    \(try JSONColumn.text(v.files))::jsonb, \(v.note), \(v.author), \(v.createdAt))
            """)
    }

    static let draftColumns =
        "id, agency, author, state, current_version, leader, signing_request_id, created_at, updated_at, issued_number, issued_on, answers, "
        + "changes, change_kind, recall::text AS recall"

    func draft(_ id: UUID, agency: String, forUpdate: Bool = false, on db: some PGExecutor) async throws -> Draft? {
        try await db.query("""
            SELECT \(unsafe: Self.draftColumns) FROM \(identifier: schema).drafts
            WHERE id = \(id) AND agency = \(agency) \(unsafe: forUpdate ? "FOR UPDATE" : "")
            """).rows.first.map(Self.draft)
    }

    static func draft(_ r: PGRow) throws -> Draft {
        let stateText = try r.decode(String.self, "state")
        guard let state = Draft.State(rawValue: stateText) else {
            throw PGError(code: .decoding, message: "unknown draft state \(stateText)")
        }
        return Draft(
            id: try r.decode(UUID.self, "id"), agency: try r.decode(String.self, "agency"), author: try r.decode(String.self, "author"),
            state: state, currentVersion: try r.decode(Int.self, "current_version"), leader: try r.decode(String?.self, "leader"),
            signingRequestId: try r.decode(UUID?.self, "signing_request_id"), createdAt: try r.decode(Date.self, "created_at"),
            updatedAt: try r.decode(Date.self, "updated_at"), issuedNumber: try r.decode(String?.self, "issued_number"),
            issuedOn: try r.decode(Date?.self, "issued_on"), answers: try r.decode(UUID?.self, "answers"),
            changes: try r.decode(UUID?.self, "changes").map { draft in
                DraftChange(draft: draft, kind: DocumentUpdated.Change(rawValue: try r.decode(String?.self, "change_kind") ?? "") ?? .update)
            },
            recall: try JSONColumn.decode(DraftRecall.self, try r.decode(String?.self, "recall")))
    }

    /// Records that the agency took the issued draft back.
    func recordRecall(_ id: UUID, _ recall: DraftRecall, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).drafts SET recall = \(try JSONColumn.text(recall))::jsonb, updated_at = \(recall.requestedAt)
            WHERE id = \(id)
            """)
    }

    /// The drafts one person deals with, newest first: their own, those asked of them for comments, those waiting for
    /// their decision (submitted to them, or forwarded to the head when `isHead`).
    func drafts(of person: String, isHead: Bool, agency: String, limit: Int, offset: Int, on db: some PGExecutor) async throws -> [Draft] {
        try await db.query("""
            SELECT \(unsafe: Self.draftColumns) FROM \(identifier: schema).drafts d
            WHERE agency = \(agency) AND (author = \(person) OR (state = 'submitted' AND leader = \(person))
               OR (state = 'forwarded' AND \(isHead)::boolean)
               OR EXISTS (SELECT 1 FROM \(identifier: schema).draft_reviewers r WHERE r.draft_id = d.id AND r.reviewer = \(person)))
            ORDER BY updated_at DESC, id LIMIT \(limit) OFFSET \(offset)
            """).rows.map(Self.draft)
    }

    /// The approved draft was numbered and sealed (`document.sealed` with its number); false when it is not an approved
    /// draft of the agency, or was already recorded.
    func recordIssued(_ id: UUID, agency: String, number: String, issuedOn: Date?, at: Date, in tx: PGTransaction) async throws -> Bool {
        let answered = try await tx.query("""
            UPDATE \(identifier: schema).drafts
            SET state = 'issued', issued_number = \(number), issued_on = \(issuedOn), updated_at = \(at)
            WHERE id = \(id) AND agency = \(agency) AND state IN ('approved', 'issued')
              AND issued_number IS DISTINCT FROM \(number)
            RETURNING id, answers
            """).rows
        guard let row = answered.first else { return false }
        // The incoming document it answers shows its answer (sổ theo dõi giải quyết văn bản đến).
        if let incoming = try row.decode(UUID?.self, "answers") {
            _ = try await tx.query("""
                UPDATE \(identifier: schema).incoming_documents
                SET answered_by_draft = \(id), answer_number = \(number), answered_on = \(issuedOn ?? at), updated_at = \(at)
                WHERE document_id = \(incoming) AND agency = \(agency)
                """)
        }
        return true
    }

    func update(_ id: UUID, state: Draft.State, leader: String?, signingRequestId: UUID? = nil, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).drafts
            SET state = \(state.rawValue), leader = \(leader), signing_request_id = coalesce(\(signingRequestId), signing_request_id),
                updated_at = \(at)
            WHERE id = \(id)
            """)
    }

    /// Hand-over of a person who leaves: the drafts they were writing (not yet approved) become the successor's.
    func handOver(from: String, to: String, agency: String, at: Date, in tx: PGTransaction) async throws -> [UUID] {
        try await tx.query("""
            UPDATE \(identifier: schema).drafts SET author = \(to), updated_at = \(at)
            WHERE agency = \(agency) AND author = \(from) AND state NOT IN ('approved', 'issued')
            RETURNING id
            """).rows.map { try $0.decode(UUID.self, "id") }
    }

    /// Every version, oldest first; or one.
    func versions(_ id: UUID, only version: Int? = nil, on db: some PGExecutor) async throws -> [DraftVersion] {
        try await db.query("""
            SELECT draft_id, version, document_type, subject, recipients::text AS recipients, files::text AS files, note, author, created_at
            FROM \(identifier: schema).draft_versions
            WHERE draft_id = \(id) AND (\(version)::int IS NULL OR version = \(version)) ORDER BY version
            """).rows.map { r in
            let decoder = JSONDecoder()
            return DraftVersion(
                draftId: try r.decode(UUID.self, "draft_id"), version: try r.decode(Int.self, "version"),
                documentType: try r.decode(String.self, "document_type"), subject: try r.decode(String.self, "subject"),
                recipients: try decoder.decode([String].self, from: Data(try r.decode(String.self, "recipients").utf8)),
                files: try decoder.decode([DraftFile].self, from: Data(try r.decode(String.self, "files").utf8)),
                note: try r.decode(String?.self, "note"), author: try r.decode(String.self, "author"),
                createdAt: try r.decode(Date.self, "created_at"))
        }
    }

    func addReviewers(_ id: UUID, _ accounts: [String], by: String, at: Date, in tx: PGTransaction) async throws {
        for account in accounts {
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).draft_reviewers (draft_id, reviewer, requested_by, requested_at)
                VALUES (\(id), \(account), \(by), \(at)) ON CONFLICT DO NOTHING
                """)
        }
    }

    func reviewers(_ id: UUID, on db: some PGExecutor) async throws -> [String] {
        try await db.query("SELECT reviewer FROM \(identifier: schema).draft_reviewers WHERE draft_id = \(id) ORDER BY reviewer")
            .rows.map { try $0.decode(String.self, "reviewer") }
    }

    func addComment(
        _ id: UUID, version: Int, author: String, onBehalfOf: String?, kind: DraftComment.Kind, body: String, at: Date, in tx: PGTransaction
    ) async throws -> DraftComment {
        let row = try await tx.query("""
            INSERT INTO \(identifier: schema).draft_comments (draft_id, version, author, on_behalf_of, kind, body, created_at)
            VALUES (\(id), \(version), \(author), \(onBehalfOf), \(kind.rawValue), \(body), \(at)) RETURNING id
            """).rows[0]
        return DraftComment(
            id: try row.decode(Int.self, "id"), version: version, author: author, onBehalfOf: onBehalfOf, kind: kind, body: body, createdAt: at)
    }

    func comments(_ id: UUID, on db: some PGExecutor) async throws -> [DraftComment] {
        try await db.query("""
            SELECT id, version, author, on_behalf_of, kind, body, created_at FROM \(identifier: schema).draft_comments
            WHERE draft_id = \(id) ORDER BY id
            """).rows.map { r in
            DraftComment(
                id: try r.decode(Int.self, "id"), version: try r.decode(Int.self, "version"), author: try r.decode(String.self, "author"),
                onBehalfOf: try r.decode(String?.self, "on_behalf_of"),
                kind: DraftComment.Kind(rawValue: try r.decode(String.self, "kind")) ?? .comment, body: try r.decode(String.self, "body"),
                createdAt: try r.decode(Date.self, "created_at"))
        }
    }
}

