import Contracts
import Foundation
import Storage

/// Recalls in the dispatch schema: the outgoing document's `recall`, and per recipient `recall_state` with its time
/// and reason; every change also goes to `recipient_history` (state `13`, `15`, `16`).
struct RecallStore: Sendable {
    let schema: String

    struct Recipient: Sendable {
        var code: String
        var name: String
        var deliveryState: String
    }

    struct Document: Sendable {
        var edxmlDocumentId: String
        var issuedOn: Date?
        var recipients: [Recipient]
        var alreadyRecalled: Bool
    }

    /// The outgoing document with its recipients, locked; nil when dispatch has not got it.
    func document(_ id: UUID, agency: String, in tx: PGTransaction) async throws -> Document? {
        guard let row = try await tx.query("""
            SELECT edxml_document_id, issued_on, recall IS NOT NULL AS recalled FROM \(identifier: schema).outgoing_documents
            WHERE document_id = \(id) AND agency = \(agency) FOR UPDATE
            """).rows.first else { return nil }
        let recipients = try await tx.query("""
            SELECT recipient, recipient_name, state FROM \(identifier: schema).recipients WHERE document_id = \(id) ORDER BY recipient
            """).rows.map {
            Recipient(
                code: try $0.decode(String.self, "recipient"), name: try $0.decode(String.self, "recipient_name"),
                deliveryState: try $0.decode(String.self, "state"))
        }
        return Document(
            edxmlDocumentId: try row.decode(String.self, "edxml_document_id"), issuedOn: try row.decode(Date?.self, "issued_on"),
            recipients: recipients, alreadyRecalled: try row.decode(Bool.self, "recalled"))
    }

    /// Records the recall on the document and the request (13) for `asked`.
    func recordRecall(_ id: UUID, _ recall: DocumentRecalled, asked: [String], in tx: PGTransaction) async throws {
        let json = String(decoding: try JSONEncoder().encode(recall), as: UTF8.self)
        _ = try await tx.query("""
            UPDATE \(identifier: schema).outgoing_documents SET recall = \(json)::jsonb WHERE document_id = \(id)
            """)
        guard !asked.isEmpty else { return }
        _ = try await tx.query("""
            WITH asked AS (
                UPDATE \(identifier: schema).recipients SET recall_state = 'requested', recall_at = \(recall.requestedAt),
                    recall_reason = \(recall.reason)
                WHERE document_id = \(id) AND recipient = ANY(\(PGArray.literal(asked))::text[])
                RETURNING recipient)
            INSERT INTO \(identifier: schema).recipient_history (document_id, recipient, state, reason, at)
            SELECT \(id), recipient, '13', \(recall.reason), \(recall.requestedAt) FROM asked
            """)
    }

    /// A recipient's answer (15/16) to our 13 about the document it names; nil when no such recall is pending or known
    /// (a status about another document, or from someone not asked).
    func recordAnswer(
        agency: String, edxmlDocumentId: String, from recipient: String, _ state: RecallState, reason: String, at: Date,
        in tx: PGTransaction
    ) async throws -> UUID? {
        let row = try await tx.query("""
            WITH answered AS (
                UPDATE \(identifier: schema).recipients r SET recall_state = \(state.rawValue), recall_at = \(at), recall_reason = \(reason)
                FROM \(identifier: schema).outgoing_documents d
                WHERE d.document_id = r.document_id AND d.agency = \(agency) AND d.edxml_document_id = \(edxmlDocumentId)
                  AND r.recipient = \(recipient) AND r.recall_state IS NOT NULL
                RETURNING r.document_id)
            INSERT INTO \(identifier: schema).recipient_history (document_id, recipient, state, reason, at)
            SELECT document_id, \(recipient), \(state.rawValue), \(reason), \(at) FROM answered
            RETURNING document_id
            """).rows.first
        return try row?.decode(UUID.self, "document_id")
    }
}
