import AMQP
import Auth
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import ArchiveService

/// Filing from the other services' events over the real RabbitMQ: the main handler's completed document goes into
/// their default dossier, the issued answer follows it there, and work with no clear dossier waits to be filed by hand.
@Suite(.serialized)
struct AutoFilingTests {
    /// The archive's handlers, as `Wiring` adds them, on queues bound to this test's routing keys.
    func router(_ h: ArchiveHarness, publisher: AMQPPublisher) -> MessageRouter {
        let r = MessageRouter(
            service: h.id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: [.milliseconds(300)], prefetch: 20,
            concurrency: 2, logger: TestEnv.logger)
        r.useDeliveryPolicy(database: h.database, outbox: Outbox(schema: h.schema), batchSize: 8)
        let catalog = DocumentCatalog(schema: h.schema)
        let filing = AutoFiling(dossiers: DossierStore(schema: h.schema), catalog: catalog)
        func bind<H: EventHandler>(_ handler: H) {
            r.add(handler, queue: "\(h.id).\(H.Input.type)", bindings: ["test.\(h.id).\(H.Input.type)"])
        }
        let text = DocumentTextReader(blobs: h.blobs)
        bind(RecordReceived(catalog: catalog, text: text))
        bind(RecordAssignment(catalog: catalog))
        bind(RecordDraft(catalog: catalog))
        bind(RecordSignature(catalog: catalog))
        bind(FileCompletedDocument(filing: filing))
        bind(FileIssuedDocument(catalog: catalog, text: text, filing: filing))
        return r
    }

    func publish(_ h: ArchiveHarness, _ publisher: AMQPPublisher, _ event: some Event) async throws {
        let e = try Envelope(event, agency: ArchiveHarness.agency)
        try await publisher.publish([OutboundMessage(
            exchange: Topology.eventsExchange, routingKey: "test.\(h.id).\(e.type)", body: Array(try e.encoded()),
            messageId: e.id.uuidString.lowercased(), type: e.type)])
    }

    func filed(_ h: ArchiveHarness, _ document: UUID) async throws -> [String] {
        try await h.database.query("""
            SELECT d.code || ':' || f.filed_how AS x FROM \(identifier: h.schema).dossier_documents f
            JOIN \(identifier: h.schema).dossiers d ON d.id = f.dossier_id WHERE f.document_id = \(document) ORDER BY d.code
            """).rows.map { try $0.decode(String.self, "x") }
    }

    @Test func completedWorkAndItsAnswerAreFiledTogether() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency
        let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        let router = router(h, publisher: publisher)
        let task = Task { try await router.run() }
        #expect(try await eventually(.seconds(15)) { router.isConnected })

        let keeper = try await h.token("chuyenvien.ubnd", [.specialist])
        let opened = try await h.call(.post, "/agencies/\(a)/dossiers", token: keeper, json: #"{"code": "01.NS", "title": "Hồ sơ ngân sách", "retentionYears": 10, "autoFile": true}"#)
        #expect(opened.status == .created, "\(opened.text)")
        // Two open dossiers, none the default: the work does not say which.
        let other = try await h.token("chuyenvien2.ubnd", [.specialist])
        for code in ["02.NS", "03.NS"] {
            #expect(try await h.call(.post, "/agencies/\(a)/dossiers", token: other, json: #"{"code": "\#(code)", "title": "Hồ sơ", "retentionYears": 5}"#).status == .created)
        }

        let incoming = UUID(), unplaced = UUID()
        for (doc, handler) in [(incoming, "chuyenvien.ubnd"), (unplaced, "chuyenvien2.ubnd")] {
            try await publish(h, publisher, ArchiveHarness.receivedEvent(doc))
            try await publish(h, publisher, TaskAssigned(
                taskId: UUID(), documentId: doc, assignee: handler, role: .main, deadline: nil, assignedBy: "giamdoc.ubnd", onBehalfOf: nil))
        }
        let catalog = DocumentCatalog(schema: h.schema)
        #expect(try await eventually {
            let owner = try await catalog.document(incoming, agency: a, executor: h.database)?.owner
            let subject = try await catalog.document(unplaced, agency: a, executor: h.database)?.subject
            return owner == "chuyenvien.ubnd" && subject != nil
        })
        try await publish(h, publisher, TaskCompleted(taskId: UUID(), documentId: incoming, completedBy: "chuyenvien.ubnd", result: "Đã trả lời", completedAt: Date()))
        try await publish(h, publisher, TaskCompleted(taskId: UUID(), documentId: unplaced, completedBy: "chuyenvien2.ubnd", result: "Đã xử lý", completedAt: Date()))
        #expect(try await eventually { try await filed(h, incoming) == ["01.NS:task.completed"] })

        // The answer drafted by the handler: approved, signed, then issued with its number.
        let answer = UUID()
        try await publish(h, publisher, ArchiveHarness.requestedEvent(answer, author: "chuyenvien.ubnd", answers: incoming))
        try await publish(h, publisher, DocumentSigned(
            requestId: UUID(), documentId: answer, signer: "giamdoc.ubnd",
            signed: BlobRef(sha256: String(repeating: "d", count: 64), size: 9, mediaType: "application/pdf"), signedAt: Date()))
        #expect(try await eventually { try await catalog.document(answer, agency: a, executor: h.database)?.signatures.count == 1 })
        // The sealed PDF is in the blob store (its text is read for the search; not a readable PDF here: recorded without text).
        var sealed = ArchiveHarness.sealedEvent(answer)
        sealed.sealed = try await h.blobs.put(Data("%PDF-1.7 not really".utf8), mediaType: "application/pdf")
        try await publish(h, publisher, sealed)
        #expect(try await eventually { try await filed(h, answer) == ["01.NS:document.sealed"] })
        let doc = try await catalog.document(answer, agency: a, executor: h.database)
        #expect(doc?.code == "05/UBND-VP" && doc?.signatures.map(\.kind) == ["leader", "seal"] && doc?.answers == incoming)

        // The other handler's document waits in their list of unfiled documents.
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await filed(h, unplaced).isEmpty)
        struct Docs: Decodable { var items: [Item]; struct Item: Decodable { var documentId: UUID } }
        #expect(try await h.call(.get, "/agencies/\(a)/unfiled-documents", token: other).json(Docs.self).items.map(\.documentId) == [unplaced])
        #expect(try await h.call(.get, "/agencies/\(a)/unfiled-documents", token: keeper).json(Docs.self).items.isEmpty)

        task.cancel()
        _ = await task.result
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for q in router.topology.allQueueNames { try? c.deleteQueue(q) }
            c.close()
        }
        await publisher.close(grace: .seconds(2))
        await h.cleanUp()
    }
}
