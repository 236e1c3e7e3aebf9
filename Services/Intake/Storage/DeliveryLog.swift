import Foundation
import Storage

/// The rows intake keeps about deliveries: every delivery (accepted, refused or duplicate) with its answer, and the
/// dedupe keys of accepted packets.
struct DeliveryLog: Sendable {
    let schema: String

    struct Row: Sendable {
        var id: UUID
        var source: String
        var packetSHA256: String
        var packetSize: Int64
        var kind: String?
        var sender: String?
        var edxmlDocumentId: String?
        var verdict: String
        var reasonCode: String?
        var reason: String?
        var answerStatus: Int
        var answerXML: String
    }

    func insert(_ row: Row, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).deliveries
                (id, source, packet_sha256, packet_size, kind, sender, edxml_document_id, verdict, reason_code, reason, answer_status, answer_xml)
            VALUES (\(row.id), \(row.source), \(row.packetSHA256), \(row.packetSize), \(row.kind), \(row.sender), \(row.edxmlDocumentId),
                \(row.verdict), \(row.reasonCode), \(row.reason), \(row.answerStatus), \(row.answerXML))
            """)
    }

    /// Claims the dedupe key; false when an earlier delivery holds it.
    func claim(agency: String, sender: String, edxmlDocumentId: String, kind: String, delivery: UUID, document: UUID, in tx: PGTransaction)
        async throws -> Bool
    {
        let result = try await tx.query("""
            INSERT INTO \(identifier: schema).delivery_keys (agency, sender, edxml_document_id, kind, delivery_id, document_id)
            VALUES (\(agency), \(sender), \(edxmlDocumentId), \(kind), \(delivery), \(document))
            ON CONFLICT DO NOTHING
            """)
        return result.affectedRows == 1
    }

    /// The answer given to the delivery that first claimed the key.
    func earlierAnswer(agency: String, sender: String, edxmlDocumentId: String, kind: String, in tx: PGTransaction) async throws
        -> (status: Int, xml: String)?
    {
        let rows = try await tx.query("""
            SELECT d.answer_status, d.answer_xml FROM \(identifier: schema).delivery_keys k
            JOIN \(identifier: schema).deliveries d ON d.id = k.delivery_id
            WHERE k.agency = \(agency) AND k.sender = \(sender) AND k.edxml_document_id = \(edxmlDocumentId) AND k.kind = \(kind)
            """).rows
        guard let row = rows.first else { return nil }
        return (try row.decode(Int.self, "answer_status"), try row.decode(String.self, "answer_xml"))
    }

    func markDuplicate(_ id: UUID, answer: (status: Int, xml: String), in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).deliveries SET verdict = 'duplicate', answer_status = \(answer.status), answer_xml = \(answer.xml)
            WHERE id = \(id)
            """)
    }
}
