import AMQP
import Contracts
import Foundation
import Logging
import Messaging
import Storage
import TestSupport

@testable import NumberingService

/// A fresh `numbering` schema and a queue of its own, bound to a routing key only this test publishes to,
/// so concurrent test runs (and other services' tests on the same broker) never see each other's messages.
struct NumberingHarness {
    let id = TestEnv.uniqueName("num")
    let database: PGClient
    let publisher: AMQPPublisher
    static let agency = "000.00.00.H52"
    static let delays: [Duration] = [.milliseconds(300), .milliseconds(600)]
    var schema: String { id }
    var queue: String { "\(id).document.received" }
    var routingKey: String { "test.\(id).document.received" }
    var store: IncomingRegisterStore { IncomingRegisterStore(schema: schema) }

    init() async throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 12, logger: TestEnv.logger)
        publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + NumberingMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
    }

    /// A copy of the numbering service's message side, as `ServiceRuntime` builds it (same middleware, batch mode).
    func router(_ handler: MessageHandlerFunc? = nil) -> MessageRouter {
        let r = MessageRouter(
            service: id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: Self.delays, prefetch: 40,
            concurrency: 4, logger: TestEnv.logger)
        let outbox = Outbox(schema: schema)
        r.useDeliveryPolicy(database: database, outbox: outbox, batchSize: 16)
        r.addRaw(name: "numbering.RegisterIncoming", queue: queue, bindings: [routingKey], handler ?? RegisterIncoming(store: store).untyped)
        return r
    }

    func envelope(_ event: DocumentReceived, agency: String = agency, id: UUID = UUID()) throws -> Envelope {
        try Envelope(event, id: id, agency: agency)
    }

    func publish(_ envelopes: [Envelope]) async throws {
        try await publisher.publish(envelopes.map {
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: routingKey, body: Array(try $0.encoded()),
                messageId: $0.id.uuidString.lowercased(), type: $0.type)
        })
    }

    /// Registers directly in one transaction, as the handler does, without the broker.
    @discardableResult
    func register(_ event: DocumentReceived, agency: String = agency) async throws -> IncomingEntry {
        let store = self.store
        return try await database.withTransaction { tx in
            try await store.register(IncomingEntry(received: event, agency: agency, registeredAt: Date()), in: tx).entry
        }
    }

    /// Numbers in the register of `agency` for `year`, in order.
    func numbers(agency: String = agency, year: Int) async throws -> [Int] {
        try await database.query("""
            SELECT number FROM \(identifier: schema).incoming_entries WHERE agency = \(agency) AND year = \(year) ORDER BY number
            """).rows.map { try $0.decode(Int.self, "number") }
    }

    func count() async throws -> Int {
        try await database.query("SELECT count(*) AS n FROM \(identifier: schema).incoming_entries").rows[0].decode(Int.self, "n")
    }

    func cleanUp() async {
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for q in [queue, Topology.deadLetterQueue(of: queue), "\(queue).retry.300ms", "\(queue).retry.600ms"] { try? c.deleteQueue(q) }
            c.close()
        }
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(id)"))
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
    }
}

/// Received documents for tests.
enum Fixtures {
    static let finance = Organization(code: "000.00.01.H52", name: "Sở Tài chính tỉnh Sơn La")
    static let education = Organization(code: "000.00.02.H52", name: "Sở Giáo dục và Đào tạo")

    /// A Vietnam wall-clock time as an instant.
    static func vietnam(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 9, _ min: Int = 0) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return c.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    static func document(
        _ n: Int = 1, sender: Organization = finance, subject: String = "Về việc lập dự toán ngân sách năm 2027",
        receivedAt: Date = vietnam(2026, 3, 2), attachments: [AttachmentRef] = [], type: String = "Công văn"
    ) -> DocumentReceived {
        DocumentReceived(
            documentId: UUID(), edxmlDocumentId: "DOC-\(n)-\(UUID().uuidString.prefix(6))", sender: sender,
            codeNumber: String(format: "%02d", n), codeNotation: "STC-NS", promulgationDate: vietnam(2026, 2, 27),
            documentType: type, subject: subject, priority: n % 4, signerName: "Nguyễn Văn Ánh",
            dueDate: vietnam(2026, 3, 20), packet: BlobRef(sha256: String(repeating: "a", count: 64), size: 1024, mediaType: "application/xml"),
            attachments: attachments, receivedAt: receivedAt)
    }
}
