import Foundation
import Storage

/// The same-day rule's records (`signed_documents`): when each document was signed and due to be sent, and which
/// ones the watch found late.
struct SameDayStore: Sendable {
    let schema: String

    /// A signed document not sent to every recipient by its time (văn bản chậm phát hành).
    struct Late: Codable, Sendable, Equatable {
        var documentId: UUID
        var signer: String
        var signedAt: Date
        var dueBy: Date
        /// When the watch flagged it (nil while only found by a query before the watch's pass).
        var flaggedAt: Date?
        /// Its số/ký hiệu once issued; nil while it waits for its number (the clerk's step).
        var code: String?
        var subject: String?
        /// Recipients not yet reached: queued or failed (empty before it was issued).
        var pending: [String]
    }

    /// The leader signed: the document is due to be sent by ``SameDayRule/dueBy(signedAt:calendar:)``. A second
    /// signature of the same document (signed again after a change) moves the time.
    func recordSigned(documentId: UUID, agency: String, signer: String, signedAt: Date, in tx: PGTransaction) async throws {
        let due = SameDayRule.dueBy(signedAt: signedAt)
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).signed_documents (document_id, agency, signer, signed_at, due_at)
            VALUES (\(documentId), \(agency), \(signer), \(signedAt), \(due))
            ON CONFLICT (document_id) DO UPDATE SET signed_at = EXCLUDED.signed_at, due_at = EXCLUDED.due_at, signer = EXCLUDED.signer
            WHERE signed_documents.signed_at < EXCLUDED.signed_at
            """)
    }

    /// Signed documents past their time that some recipient still lacks (or that are not issued at all).
    private var lateCondition: PGQuery {
        """
        (NOT EXISTS (SELECT 1 FROM \(identifier: schema).outgoing_documents o WHERE o.document_id = s.document_id)
         OR EXISTS (SELECT 1 FROM \(identifier: schema).recipients r
                    WHERE r.document_id = s.document_id AND r.state IN ('queued', 'failed')))
        """
    }

    /// Flags the documents that became late since the last pass (once each) and returns them.
    func flagLate(now: Date, on db: some PGExecutor) async throws -> [UUID] {
        try await db.query("""
            UPDATE \(identifier: schema).signed_documents s SET late_at = \(now)
            WHERE s.late_at IS NULL AND s.due_at <= \(now) AND \(fragment: lateCondition)
            RETURNING s.document_id
            """).rows.map { try $0.decode(UUID.self, "document_id") }
    }

    /// The agency's documents late now, oldest signature first.
    func late(agency: String, now: Date, limit: Int, on db: some PGExecutor) async throws -> [Late] {
        try await db.query("""
            SELECT s.document_id, s.signer, s.signed_at, s.due_at, s.late_at, o.code, o.subject,
                   COALESCE((SELECT json_agg(r.recipient ORDER BY r.recipient) FROM \(identifier: schema).recipients r
                             WHERE r.document_id = s.document_id AND r.state IN ('queued', 'failed'))::text, '[]') AS pending
            FROM \(identifier: schema).signed_documents s
            LEFT JOIN \(identifier: schema).outgoing_documents o ON o.document_id = s.document_id
            WHERE s.agency = \(agency) AND s.due_at <= \(now) AND \(fragment: lateCondition)
            ORDER BY s.signed_at, s.document_id LIMIT \(limit)
            """).rows.map { r in
            Late(
                documentId: try r.decode(UUID.self, "document_id"), signer: try r.decode(String.self, "signer"),
                signedAt: try r.decode(Date.self, "signed_at"), dueBy: try r.decode(Date.self, "due_at"),
                flaggedAt: try r.decode(Date?.self, "late_at"), code: try r.decode(String?.self, "code"),
                subject: try r.decode(String?.self, "subject"), pending: try JSONDecoder().decode([String].self, from: Data(try r.decode(String.self, "pending").utf8)))
        }
    }
}
