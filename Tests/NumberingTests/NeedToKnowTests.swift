import AMQP
import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

@testable import NumberingService

/// Need to know: the clerk and the leaders see the whole register; a specialist sees only the documents routing
/// assigned to them (learned from `task.assigned` on the broker); the print is for the clerk and the leaders.
@Suite(.serialized)
struct NeedToKnowTests {
    typealias Page = IncomingRegisterRoutes.Page

    @Test func aSpecialistSeesOnlyTheDocumentsAssignedToThem() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let docs = [
            Fixtures.document(1, subject: "Về việc lập dự toán ngân sách năm 2027", receivedAt: Fixtures.vietnam(2026, 3, 2)),
            Fixtures.document(2, subject: "Về việc quyết toán vốn đầu tư", receivedAt: Fixtures.vietnam(2026, 3, 3)),
        ]
        for d in docs { try await h.register(d) }
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let counted = base + "?count=1"
        let specialist = try await http.token(roles: [.specialist], account: "lanht.ubnd")
        let leader = try await http.token(roles: [.deputy], account: "hungnv.ubnd")

        #expect(try await http.get(counted, token: specialist).json(Page.self).total == 0, "nothing assigned yet")
        #expect(try await http.get(base + "/\(docs[0].documentId)", token: specialist).status == .notFound)
        #expect(try await http.get(counted, token: leader).json(Page.self).total == 2)

        // Routing assigns document 1 to the specialist: task.assigned reaches numbering through the broker.
        let key = "test.\(h.id).task.assigned", queue = "\(h.id).task.assigned"
        let router = MessageRouter(
            service: h.id, endpoint: TestEnv.endpoint, publisher: h.publisher, retryDelays: NumberingHarness.delays, prefetch: 8,
            concurrency: 2, logger: TestEnv.logger)
        router.useDeliveryPolicy(database: h.database, outbox: Outbox(schema: h.schema), batchSize: 8)
        router.add(RecordReader(store: h.store), queue: queue, bindings: [key])
        let task = try await running(router)
        let assigned = TaskAssigned(
            taskId: UUID(), documentId: docs[0].documentId, assignee: "lanht.ubnd", role: .main, deadline: nil, assignedBy: "hungnv.ubnd",
            onBehalfOf: nil)
        let envelope = try Envelope(assigned, agency: NumberingHarness.agency)
        try await h.publisher.publish([
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: key, body: Array(try envelope.encoded()),
                messageId: envelope.id.uuidString.lowercased(), type: envelope.type)
        ])
        #expect(try await eventually(.seconds(10)) { try await http.get(counted, token: specialist).json(Page.self).total == 1 })
        task.cancel()
        _ = await task.result

        let page = try await http.get(base, token: specialist).json(Page.self)
        #expect(page.items.map(\.documentId) == [docs[0].documentId])
        #expect(try await http.get(base + "/\(docs[0].documentId)", token: specialist).status == .ok)
        #expect(try await http.get(base + "/\(docs[1].documentId)", token: specialist).status == .notFound, "not assigned: not revealed")
        #expect(try await http.get(base + ".pdf", token: specialist).status == .forbidden, "the print is the clerk's and the leaders'")
        #expect(try await http.get(base + ".csv", token: specialist).status == .forbidden)
        #expect(try await http.get(base + ".csv", token: leader).status == .ok)
        #expect(try await http.get(base + ".pdf").status == .ok, "the clerk prints")
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for q in [queue, Topology.deadLetterQueue(of: queue), "\(queue).retry.300ms", "\(queue).retry.600ms"] { try? c.deleteQueue(q) }
            c.close()
        }
        await h.cleanUp()
    }
    /// The register's columns 8–10 from routing's events: the main handler is "đơn vị hoặc người nhận", the
    /// assignment's moment "ngày chuyển", and the receipt confirmed in the system stands for "ký nhận"; a reassignment
    /// replaces the recipient, and the printed CSV shows them.
    @Test func theRegisterShowsWhoReceivedTheDocumentAndWhen() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let doc = Fixtures.document(1, subject: "Về việc lập dự toán ngân sách năm 2027", receivedAt: Fixtures.vietnam(2026, 3, 2))
        try await h.register(doc)
        let router = MessageRouter(
            service: h.id, endpoint: TestEnv.endpoint, publisher: h.publisher, retryDelays: NumberingHarness.delays, prefetch: 8,
            concurrency: 1, logger: TestEnv.logger)
        router.useDeliveryPolicy(database: h.database, outbox: Outbox(schema: h.schema), batchSize: 8)
        let keys = ["task.assigned", "task.accepted"].map { "test.\(h.id).\($0)" }
        router.add(RecordReader(store: h.store), queue: "\(h.id).task.assigned", bindings: [keys[0]])
        router.add(RecordReceipt(store: h.store), queue: "\(h.id).task.accepted", bindings: [keys[1]])
        let task = try await running(router)
        func publish(_ event: some Event, _ key: String, at: Date) async throws {
            let envelope = try Envelope(event, occurredAt: at, agency: NumberingHarness.agency)
            try await h.publisher.publish([
                OutboundMessage(
                    exchange: Topology.eventsExchange, routingKey: key, body: Array(try envelope.encoded()),
                    messageId: envelope.id.uuidString.lowercased(), type: envelope.type)
            ])
        }
        let first = Fixtures.vietnam(2026, 3, 3), second = Fixtures.vietnam(2026, 3, 4)
        try await publish(
            TaskAssigned(taskId: UUID(), documentId: doc.documentId, assignee: "lanht.ubnd", role: .main, deadline: nil, assignedBy: "vietnd.ubnd", onBehalfOf: nil),
            keys[0], at: first)
        try await publish(
            TaskAssigned(taskId: UUID(), documentId: doc.documentId, assignee: "phoihop.ubnd", role: .cooperating, deadline: nil, assignedBy: "vietnd.ubnd", onBehalfOf: nil),
            keys[0], at: first)
        let reassigned = UUID()
        try await publish(
            TaskAssigned(taskId: reassigned, documentId: doc.documentId, assignee: "hoanglt.ubnd", role: .main, deadline: nil, assignedBy: "vietnd.ubnd", onBehalfOf: nil),
            keys[0], at: second)
        try await publish(
            TaskAccepted(taskId: reassigned, documentId: doc.documentId, assignee: "hoanglt.ubnd", role: .main, acceptedAt: second, onBehalfOf: nil),
            keys[1], at: second)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let done = try await eventually(.seconds(15)) {
            try await http.get(base + "/\(doc.documentId)").json(IncomingEntry.self).receiptSignature != nil
        }
        #expect(done, "the receipt reached the register")
        task.cancel()
        _ = await task.result
        let entry = try await http.get(base + "/\(doc.documentId)").json(IncomingEntry.self)
        #expect(entry.recipient == "hoanglt.ubnd", "the reassigned main handler, not the first one nor the co-handler")
        #expect(entry.handedOverAt == second)
        #expect(entry.receiptSignature?.hasPrefix("hoanglt.ubnd đã nhận trên hệ thống 04/03/2026") == true, "\(entry.receiptSignature ?? "")")
        let csv = String(decoding: try await http.get(base + ".csv").body, as: UTF8.self)
        #expect(csv.contains("hoanglt.ubnd"), "\(csv)")
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for q in ["\(h.id).task.assigned", "\(h.id).task.accepted"] {
                for name in [q, Topology.deadLetterQueue(of: q), "\(q).retry.300ms", "\(q).retry.600ms"] { try? c.deleteQueue(name) }
            }
            c.close()
        }
        await h.cleanUp()
    }
}
