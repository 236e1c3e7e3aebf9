import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import DispatchService

/// Recalling an outgoing document (thu hồi) through the real broker and PostgreSQL: a 13 for every recipient the
/// document reached, none for one it never left for, and each recipient's answer (15/16) in its recall state and
/// history.
@Suite(.serialized)
struct RecallOnTheBrokerTests {
    let id = TestEnv.uniqueName("rc")
    static let agency = "000.00.00.H52"
    static let delays: [Duration] = [.milliseconds(300), .milliseconds(600)]

    func key(_ type: String) -> String { "test.\(id).\(type)" }
    func queue(_ type: String) -> String { "\(id).\(type)" }

    func publish(_ publisher: AMQPPublisher, _ event: some Event) async throws {
        let envelope = try Envelope(event, agency: Self.agency)
        try await publisher.publish([
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: key(envelope.type), body: Array(try envelope.encoded()),
                messageId: envelope.id.uuidString.lowercased(), type: envelope.type)
        ])
    }

    @Test func aRecallAsksEveryReachedRecipientAndKeepsTheirAnswers() async throws {
        let database = PGClient(url: TestEnv.pgURL, maxConnections: 6, logger: TestEnv.logger)
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let schema = id
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + DispatchMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
        // An issued document dispatched to three recipients: one registered it (03), one only got it sent, one failed.
        let document = UUID(), edxmlId = "000.00.00.H52,2026/03/16,05/UBND-KT"
        _ = try await database.query("""
            INSERT INTO \(identifier: schema).outgoing_documents
                (document_id, agency, edxml_document_id, code, issued_on, document_type, subject, issued)
            VALUES (\(document), \(Self.agency), \(edxmlId), '05/UBND-KT', now(), 'Công văn', 'V/v chuyển đổi số', '{}'::jsonb)
            """)
        for (code, name, state) in [("000.00.01.H52", "Sở Tài chính", "03"), ("000.00.00.G22", "Văn phòng Chính phủ", "sent"),
                                    ("000.00.02.H52", "Sở Giáo dục", "failed")] {
            _ = try await database.query("""
                INSERT INTO \(identifier: schema).recipients
                    (document_id, recipient, recipient_name, route, state, state_at, packet_sha256, packet_size)
                VALUES (\(document), \(code), \(name), 'axis', \(state), now(), 'abc', 1)
                """)
        }

        let store = RecallStore(schema: schema)
        let router = MessageRouter(
            service: id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: Self.delays, prefetch: 20, concurrency: 2,
            logger: TestEnv.logger)
        router.useDeliveryPolicy(database: database, outbox: Outbox(schema: schema), batchSize: 16)
        router.add(RecallDocument(store: store), queue: queue(DocumentRecalled.type), bindings: [key(DocumentRecalled.type)], name: "RecallDocument")
        router.add(
            RecordRecallAnswer(store: store), queue: queue(StatusReceived.type), bindings: [key(StatusReceived.type)], name: "RecordRecallAnswer")
        let running = Task { try await router.run() }
        #expect(try await eventually(.seconds(15)) { router.isConnected })

        let recall = DocumentRecalled(
            documentId: document, documentCode: "05/UBND-KT", reason: "Sai nơi nhận", requestedBy: "vanthu.ubnd", staffName: "Lò Thị Hoa",
            requestedAt: Date())
        try await publish(publisher, recall)
        try await publish(publisher, recall)  // the same recall again (a second click, a redelivery with a new id)
        func outbound() async throws -> [StatusOutbound] {
            try await database.query("SELECT body FROM \(identifier: schema).outbox WHERE type = 'status.outbound' ORDER BY id").rows
                .map { try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(StatusOutbound.self) }
        }
        #expect(try await eventually(.seconds(15)) { try await outbound().count == 2 })
        try await Task.sleep(for: .milliseconds(500))
        let requests = try await outbound()
        #expect(requests.count == 2, "asked once each, and not the recipient it never reached")
        #expect(Set(requests.map(\.to.code)) == ["000.00.01.H52", "000.00.00.G22"])
        #expect(requests.allSatisfy {
            $0.status == .revocationRequested && $0.edxmlDocumentId == edxmlId && $0.documentCode == "05/UBND-KT"
                && $0.description == "Sai nơi nhận" && $0.from.code == Self.agency && $0.staff == "Lò Thị Hoa"
        })
        // The packet SendStatus writes from it is a 13 addressed to the recipient about our document.
        let packet = StatusPacketBuilder.packet(for: requests[0])
        #expect(packet.statusCode == .revocationRequested && packet.responseFor.organId == requests[0].to.code)

        // The answers: 15 from one, 16 with its reason from the other; a 15 from someone never asked changes nothing.
        let at = Date()
        for (from, status, text) in [("000.00.01.H52", StatusCode.changeAccepted, "Đã hủy văn bản điện tử"),
                                     ("000.00.00.G22", .changeRejected, "Văn bản đã được xử lý"),
                                     ("000.00.02.H52", .changeAccepted, "?")] {
            try await publish(publisher, StatusReceived(
                edxmlDocumentId: edxmlId, from: Organization(code: from, name: from), status: status, description: text, at: at,
                packet: BlobRef(sha256: String(repeating: "c", count: 64), size: 1, mediaType: "application/xml")))
        }
        func states() async throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try await database.query("""
                SELECT recipient, coalesce(recall_state, '-') AS s FROM \(identifier: schema).recipients WHERE document_id = \(document)
                """).rows.map { (try $0.decode(String.self, "recipient"), try $0.decode(String.self, "s")) })
        }
        let expected = ["000.00.01.H52": "15", "000.00.00.G22": "16", "000.00.02.H52": "-"]
        let settled = try await eventually(.seconds(15)) { try await states() == expected }
        let final = try await states()
        #expect(settled, "\(final)")
        let history = try await database.query("""
            SELECT recipient, state, reason FROM \(identifier: schema).recipient_history WHERE document_id = \(document) ORDER BY id
            """).rows.map { "\(try $0.decode(String.self, "recipient")) \(try $0.decode(String.self, "state")) \(try $0.decode(String?.self, "reason") ?? "")" }
        #expect(history.filter { $0.contains(" 13 ") }.count == 2)
        #expect(history.contains("000.00.00.G22 16 Văn bản đã được xử lý"))
        #expect(history.contains("000.00.01.H52 15 Đã hủy văn bản điện tử"))
        #expect(try await database.query("SELECT recall IS NOT NULL AS r FROM \(identifier: schema).outgoing_documents").rows[0]
            .decode(Bool.self, "r"))

        running.cancel()
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for type in [DocumentRecalled.type, StatusReceived.type] {
                let q = queue(type)
                for name in [q, Topology.deadLetterQueue(of: q), "\(q).retry.300ms", "\(q).retry.600ms"] { try? c.deleteQueue(name) }
            }
            c.close()
        }
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
    }
}
