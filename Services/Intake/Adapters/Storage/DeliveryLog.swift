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

    /// Writes the rows of several deliveries in one statement.
    func insert(_ rows: [Row], in tx: PGTransaction) async throws {
        guard !rows.isEmpty else { return }
        _ = try await tx.query(PGQuery(
            unsafeSQL: """
                INSERT INTO \(PGQuery.quoteIdentifier(schema)).deliveries
                    (id, source, packet_sha256, packet_size, kind, sender, edxml_document_id, verdict, reason_code, reason, answer_status, answer_xml)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[],
                    $9::text[], $10::text[], $11::int[], $12::text[])
                """,
            binds: [
                PGArray.literal(describing: rows.map(\.id)), PGArray.literal(rows.map(\.source)), PGArray.literal(rows.map(\.packetSHA256)),
                PGArray.literal(describing: rows.map(\.packetSize)), PGArray.literal(rows.map(\.kind)), PGArray.literal(rows.map(\.sender)),
                PGArray.literal(rows.map(\.edxmlDocumentId)), PGArray.literal(rows.map(\.verdict)), PGArray.literal(rows.map(\.reasonCode)),
                PGArray.literal(rows.map(\.reason)), PGArray.literal(describing: rows.map(\.answerStatus)), PGArray.literal(rows.map(\.answerXML)),
            ]))
    }

    /// A dedupe key an accepted delivery claims for one hosted addressee.
    struct Claim: Sendable {
        var agency: String
        var sender: String
        var edxmlDocumentId: String
        var kind: String
        var delivery: UUID
        var document: UUID
    }

    /// Claims the keys in one statement, in order (of two claims of one key in the list, the first wins);
    /// returns the indices of the claims that were won. A key held by an earlier delivery is not won.
    func claim(_ claims: [Claim], in tx: PGTransaction) async throws -> Set<Int> {
        guard !claims.isEmpty else { return [] }
        let won = try await tx.query(PGQuery(
            unsafeSQL: """
                INSERT INTO \(PGQuery.quoteIdentifier(schema)).delivery_keys (agency, sender, edxml_document_id, kind, delivery_id, document_id)
                SELECT agency, sender, edxml_document_id, kind, delivery_id, document_id
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[])
                    WITH ORDINALITY AS c (agency, sender, edxml_document_id, kind, delivery_id, document_id, position)
                ORDER BY position
                ON CONFLICT DO NOTHING
                RETURNING document_id
                """,
            binds: [
                PGArray.literal(claims.map(\.agency)), PGArray.literal(claims.map(\.sender)), PGArray.literal(claims.map(\.edxmlDocumentId)),
                PGArray.literal(claims.map(\.kind)), PGArray.literal(describing: claims.map(\.delivery)),
                PGArray.literal(describing: claims.map(\.document)),
            ]))
        let documents = Set(try won.rows.map { try $0.decode(UUID.self, "document_id") })
        return Set(claims.indices.filter { documents.contains(claims[$0].document) })
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
