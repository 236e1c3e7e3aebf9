import Contracts
import Foundation
import Storage

/// Outgoing documents and the state of each recipient (`outgoing_documents`, `recipients`, `recipient_history`).
struct OutgoingStore: Sendable {
    let schema: String

    /// One recipient of a document as the clerk sees it.
    struct Recipient: Codable, Sendable, Equatable {
        var code: String
        var name: String
        /// `local` (hosted here) or `axis`.
        var route: String
        var state: RecipientState
        var stateLabel: String
        var stateAt: Date
        var reason: String?
        var attempts: Int
        var nextAttemptAt: Date?
        var axisId: String?
        /// Where the recipient stands with a recall (thu hồi) of the document: asked (13), agreed (15), refused (16).
        var recallState: RecallState?
        var recallLabel: String?
        var recallAt: Date?
        var recallReason: String?
        var history: [Change]?
    }

    /// The agency took the document back (thu hồi): why, who, when.
    struct Recall: Codable, Sendable, Equatable {
        var reason: String
        var requestedBy: String
        var staffName: String?
        var requestedAt: Date
    }

    /// The earlier document this one updates (cập nhật) or replaces (thay thế).
    struct Changes: Codable, Sendable, Equatable {
        var kind: DocumentUpdated.Change
        var originalId: UUID
        var originalCode: String
    }

    struct Change: Codable, Sendable, Equatable {
        var state: String
        var reason: String?
        var at: Date
    }

    /// An outgoing document and its recipients.
    struct Document: Codable, Sendable, Equatable {
        var documentId: UUID
        var agency: String
        var edxmlDocumentId: String
        var code: String
        var issuedOn: Date
        var documentType: String
        var subject: String
        var createdAt: Date
        var recall: Recall?
        var changes: Changes?
        var recipients: [Recipient]
    }

    /// A recipient whose packet is due to go over the axis, taken by one sender under a lease.
    struct Due: Sendable {
        var documentId: UUID
        var agency: String
        var recipient: String
        var packet: BlobRef
        var attempts: Int
    }

    /// Records a document; false when it was already recorded (a redelivered `document.issued`).
    func insert(_ d: DocumentIssued, edxmlDocumentId: String, agency: String, at: Date, in tx: PGTransaction) async throws -> Bool {
        let json = String(decoding: try ContractCoding.encoder().encode(d), as: UTF8.self)
        return !(try await tx.query("""
            INSERT INTO \(identifier: schema).outgoing_documents
                (document_id, agency, edxml_document_id, code, issued_on, document_type, subject, issued, created_at)
            VALUES (\(d.documentId), \(agency), \(edxmlDocumentId), \(d.codeText), \(d.issuedOn), \(d.documentType), \(d.subject),
                    \(json)::jsonb, \(at))
            ON CONFLICT DO NOTHING RETURNING document_id
            """).rows.isEmpty)
    }

    func insertRecipient(
        _ documentId: UUID, _ recipient: Organization, route: String, state: RecipientState, packet: BlobRef, at: Date, in tx: PGTransaction
    ) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).recipients
                (document_id, recipient, recipient_name, route, state, state_at, packet_sha256, packet_size, next_attempt_at)
            VALUES (\(documentId), \(recipient.code), \(recipient.name), \(route), \(state.rawValue), \(at), \(packet.sha256),
                    \(packet.size), \(state == .queued ? at : nil))
            """)
        try await history(documentId, recipient.code, state.rawValue, reason: nil, at: at, in: tx)
    }

    private func history(_ documentId: UUID, _ recipient: String, _ state: String, reason: String?, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).recipient_history (document_id, recipient, state, reason, at)
            VALUES (\(documentId), \(recipient), \(state), \(reason), \(at))
            """)
    }

    /// A status packet from `from` about our document `edxmlDocumentId`: kept in the history; the recipient's state
    /// moves when it is a step forward (`RecipientState.takes`). Returns the state after, nil when no recipient matches.
    func recordStatus(
        agency: String, edxmlDocumentId: String, from: String, status: StatusCode, description: String, at: Date, in tx: PGTransaction
    ) async throws -> RecipientState? {
        guard let row = try await tx.query("""
            SELECT r.document_id, r.state FROM \(identifier: schema).recipients r
            JOIN \(identifier: schema).outgoing_documents d USING (document_id)
            WHERE d.agency = \(agency) AND d.edxml_document_id = \(edxmlDocumentId) AND r.recipient = \(from)
            FOR UPDATE OF r
            """).rows.first else { return nil }
        let documentId = try row.decode(UUID.self, "document_id")
        let current = RecipientState(rawValue: try row.decode(String.self, "state")) ?? .queued
        try await history(documentId, from, status.rawValue, reason: description, at: at, in: tx)
        guard let next = RecipientState(status: status), current.takes(next) else { return current }
        _ = try await tx.query("""
            UPDATE \(identifier: schema).recipients
            SET state = \(next.rawValue), state_at = \(at), reason = \(description), next_attempt_at = NULL
            WHERE document_id = \(documentId) AND recipient = \(from)
            """)
        return next
    }

    /// Takes up to `limit` queued axis recipients whose time has come, each under a lease (`next_attempt_at` pushed to
    /// `leaseUntil`), in a transaction of its own: a sender that dies mid-send leaves the row to be taken again when
    /// the lease ends, and the receiver's deduplication on the DocumentId keeps it one copy.
    func claimDue(now: Date, leaseUntil: Date, limit: Int, on db: PGClient) async throws -> [Due] {
        try await db.withTransaction { tx in
            try await tx.query("""
                UPDATE \(identifier: schema).recipients r SET next_attempt_at = \(leaseUntil), attempts = r.attempts + 1
                FROM (SELECT document_id, recipient FROM \(identifier: schema).recipients
                      WHERE state = 'queued' AND route = 'axis' AND next_attempt_at <= \(now)
                      ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED) due,
                     \(identifier: schema).outgoing_documents d
                WHERE r.document_id = due.document_id AND r.recipient = due.recipient AND d.document_id = r.document_id
                RETURNING r.document_id, d.agency, r.recipient, r.packet_sha256, r.packet_size, r.attempts
                """).rows.map { r in
                Due(
                    documentId: try r.decode(UUID.self, "document_id"), agency: try r.decode(String.self, "agency"),
                    recipient: try r.decode(String.self, "recipient"),
                    packet: BlobRef(
                        sha256: try r.decode(String.self, "packet_sha256"), size: try r.decode(Int64.self, "packet_size"),
                        mediaType: "application/xml"),
                    attempts: try r.decode(Int.self, "attempts"))
            }
        }
    }

    /// The axis took the packet. A status packet that came back meanwhile (01 before this commit) is kept.
    func markSent(_ due: Due, axisId: String, at: Date, in tx: PGTransaction) async throws {
        let updated = try await tx.query("""
            UPDATE \(identifier: schema).recipients SET state = 'sent', state_at = \(at), axis_id = \(axisId), reason = NULL,
                next_attempt_at = NULL, last_error = NULL
            WHERE document_id = \(due.documentId) AND recipient = \(due.recipient) AND state = 'queued'
            RETURNING recipient
            """).rows
        if !updated.isEmpty { try await history(due.documentId, due.recipient, "sent", reason: "DocID \(axisId)", at: at, in: tx) }
    }

    /// A send that failed: tried again at `retryAt`, or `failed` (with the reason) when nil.
    func markFailedAttempt(_ due: Due, error: String, retryAt: Date?, at: Date, in tx: PGTransaction) async throws {
        if let retryAt {
            _ = try await tx.query("""
                UPDATE \(identifier: schema).recipients SET next_attempt_at = \(retryAt), last_error = \(error)
                WHERE document_id = \(due.documentId) AND recipient = \(due.recipient) AND state = 'queued'
                """)
        } else {
            let updated = try await tx.query("""
                UPDATE \(identifier: schema).recipients SET state = 'failed', state_at = \(at), reason = \(error), last_error = \(error),
                    next_attempt_at = NULL
                WHERE document_id = \(due.documentId) AND recipient = \(due.recipient) AND state = 'queued'
                RETURNING recipient
                """).rows
            if !updated.isEmpty { try await history(due.documentId, due.recipient, "failed", reason: error, at: at, in: tx) }
        }
    }

    /// The clerk sends a failed recipient again: queued now, its attempts counted afresh. False when the recipient is
    /// not failed (nothing to retry).
    func retry(agency: String, documentId: UUID, recipient: String, by account: String, at: Date, in tx: PGTransaction) async throws -> Bool {
        let updated = try await tx.query("""
            UPDATE \(identifier: schema).recipients r SET state = 'queued', state_at = \(at), attempts = 0, next_attempt_at = \(at),
                reason = NULL
            FROM \(identifier: schema).outgoing_documents d
            WHERE d.document_id = r.document_id AND d.agency = \(agency) AND r.document_id = \(documentId)
              AND r.recipient = \(recipient) AND r.state = 'failed'
            RETURNING r.recipient
            """).rows
        guard !updated.isEmpty else { return false }
        try await history(documentId, recipient, "queued", reason: "gửi lại bởi \(account)", at: at, in: tx)
        return true
    }

    /// An earlier outgoing document of the agency as it was sent: its edXML DocumentId and its recipients (what an
    /// update or replacement names); nil when dispatch never sent it.
    func sent(agency: String, id: UUID, in tx: PGTransaction) async throws -> (edxmlDocumentId: String, recipients: [String])? {
        guard let row = try await tx.query("""
            SELECT edxml_document_id FROM \(identifier: schema).outgoing_documents WHERE agency = \(agency) AND document_id = \(id)
            """).rows.first else { return nil }
        let recipients = try await tx.query("""
            SELECT recipient FROM \(identifier: schema).recipients WHERE document_id = \(id) ORDER BY recipient
            """).rows.map { try $0.decode(String.self, "recipient") }
        return (try row.decode(String.self, "edxml_document_id"), recipients)
    }

    /// The agency's outgoing documents, newest first, with their recipients (without history).
    func documents(agency: String, limit: Int, offset: Int, on db: some PGExecutor) async throws -> [Document] {
        let docs = try await db.query("""
            SELECT \(unsafe: Self.documentColumns)
            FROM \(identifier: schema).outgoing_documents WHERE agency = \(agency)
            ORDER BY created_at DESC, document_id LIMIT \(limit) OFFSET \(offset)
            """).rows.map(Self.document)
        var out: [Document] = []
        for var d in docs {
            d.recipients = try await recipients(d.documentId, withHistory: false, on: db)
            out.append(d)
        }
        return out
    }

    func document(agency: String, id: UUID, on db: some PGExecutor) async throws -> Document? {
        guard var d = try await db.query("""
            SELECT \(unsafe: Self.documentColumns)
            FROM \(identifier: schema).outgoing_documents WHERE agency = \(agency) AND document_id = \(id)
            """).rows.first.map(Self.document) else { return nil }
        d.recipients = try await recipients(id, withHistory: true, on: db)
        return d
    }

    /// The packet built for one recipient (what was, or will be, sent).
    func packet(agency: String, id: UUID, recipient: String, on db: some PGExecutor) async throws -> BlobRef? {
        try await db.query("""
            SELECT r.packet_sha256, r.packet_size FROM \(identifier: schema).recipients r
            JOIN \(identifier: schema).outgoing_documents d USING (document_id)
            WHERE d.agency = \(agency) AND r.document_id = \(id) AND r.recipient = \(recipient)
            """).rows.first.map { r in
            BlobRef(sha256: try r.decode(String.self, "packet_sha256"), size: try r.decode(Int64.self, "packet_size"), mediaType: "application/xml")
        }
    }

    private static let documentColumns = """
        document_id, agency, edxml_document_id, code, issued_on, document_type, subject, created_at, recall::text AS recall,
        (issued -> 'changes')::text AS changes
        """

    private static func document(_ r: PGRow) throws -> Document {
        // `recall` is RecallStore's JSONEncoder() encoding of DocumentRecalled; `changes` the document.issued's own.
        let recall = try r.decode(String?.self, "recall").flatMap { try? JSONDecoder().decode(Recall.self, from: Data($0.utf8)) }
        let change = try r.decode(String?.self, "changes").flatMap {
            try? ContractCoding.decoder().decode(DocumentIssued.Change.self, from: Data($0.utf8))
        }
        return Document(
            documentId: try r.decode(UUID.self, "document_id"), agency: try r.decode(String.self, "agency"),
            edxmlDocumentId: try r.decode(String.self, "edxml_document_id"), code: try r.decode(String.self, "code"),
            issuedOn: try r.decode(Date.self, "issued_on"), documentType: try r.decode(String.self, "document_type"),
            subject: try r.decode(String.self, "subject"), createdAt: try r.decode(Date.self, "created_at"), recall: recall,
            changes: change.map { Changes(kind: $0.kind, originalId: $0.original, originalCode: $0.originalCode) }, recipients: [])
    }

    private func recipients(_ id: UUID, withHistory: Bool, on db: some PGExecutor) async throws -> [Recipient] {
        var out = try await db.query("""
            SELECT recipient, recipient_name, route, state, state_at, reason, attempts, next_attempt_at, axis_id,
                recall_state, recall_at, recall_reason
            FROM \(identifier: schema).recipients WHERE document_id = \(id) ORDER BY recipient
            """).rows.map { r in
            let state = RecipientState(rawValue: try r.decode(String.self, "state")) ?? .queued
            let recall = try r.decode(String?.self, "recall_state").flatMap(RecallState.init(rawValue:))
            return Recipient(
                code: try r.decode(String.self, "recipient"), name: try r.decode(String.self, "recipient_name"),
                route: try r.decode(String.self, "route"), state: state, stateLabel: state.label,
                stateAt: try r.decode(Date.self, "state_at"), reason: try r.decode(String?.self, "reason"),
                attempts: try r.decode(Int.self, "attempts"), nextAttemptAt: try r.decode(Date?.self, "next_attempt_at"),
                axisId: try r.decode(String?.self, "axis_id"), recallState: recall, recallLabel: recall?.label,
                recallAt: try r.decode(Date?.self, "recall_at"), recallReason: try r.decode(String?.self, "recall_reason"), history: nil)
        }
        guard withHistory else { return out }
        for index in out.indices {
            out[index].history = try await db.query("""
                SELECT state, reason, at FROM \(identifier: schema).recipient_history
                WHERE document_id = \(id) AND recipient = \(out[index].code) ORDER BY id
                """).rows.map { Change(state: try $0.decode(String.self, "state"), reason: try $0.decode(String?.self, "reason"), at: try $0.decode(Date.self, "at")) }
        }
        return out
    }
}
