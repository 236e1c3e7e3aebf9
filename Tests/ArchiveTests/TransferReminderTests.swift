import AMQP
import Auth
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Storage
import Synchronization
import TestSupport
import Testing

@testable import ArchiveService
@testable import NotificationsService

/// The nộp lưu reminder: 30 days before a closed dossier falls due (one year after closing, on the archive's clock
/// moved forward), archive publishes `dossier.transfer_due` once through its outbox; over the real RabbitMQ,
/// notifications gives the dossier's keeper one notice, however often the event is delivered.
extension DossierLifecycleTests {
    @Test func theKeeperIsToldOnceThirtyDaysBeforeTheTransferFallsDue() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency
        let (dossier, keeper) = try await openFromList(h, code: "04.TH")
        #expect(try await h.call(.post, "/agencies/\(a)/dossiers/\(dossier.id)/close", token: keeper).status == .ok)
        let clock = h.clock
        let watch = TransferReminderWatch(
            work: UnitOfWork(database: h.database, outbox: Outbox(schema: h.schema)), store: TransferReminderStore(schema: h.schema),
            reminderDays: 30, logger: TestEnv.logger, now: { clock.now() })
        let dueDate = try #require(try await DossierStore(schema: h.schema).dossier(dossier.id, agency: a, executor: h.database)?.transferDue)

        #expect(try await watch.pass() == 0, "a year ahead: nothing")
        h.advance(days: dueDate.timeIntervalSince(clock.now()) / 86_400 - 31)
        #expect(try await watch.pass() == 0, "31 days before: not yet")
        h.advance(days: 2)
        #expect(try await watch.pass() == 1, "29 days before: the reminder")
        #expect(try await watch.pass() == 0, "and never again")
        h.advance(days: 60)
        #expect(try await watch.pass() == 0, "not even once overdue")
        let sent = try await h.outbox(DossierTransferDue.self)
        #expect(sent.map(\.dossierId) == [dossier.id] && sent.map(\.responsible) == ["chuyenvien.ubnd"] && sent.map(\.code) == ["04.TH"])
        #expect(abs((sent.first?.transferDue ?? .distantPast).timeIntervalSince(dueDate)) < 1, "the due date, to the second")

        // Over the broker: the outbox relay publishes it (on this test's routing key), notifications tells the keeper.
        let n = Notifications(id: h.id)
        try await n.start()
        _ = try await h.database.query("""
            UPDATE \(identifier: h.schema).outbox SET routing_key = \(n.key) WHERE type = \(DossierTransferDue.type)
            """)
        let relay = OutboxRelay(database: h.database, schema: h.schema, publisher: n.publisher, logger: TestEnv.logger)
        #expect(try await relay.relayOnce() >= 1)
        #expect(try await eventually(.seconds(10)) { try await n.feed("chuyenvien.ubnd").count == 1 })
        // Delivered again (at least once): still one notice.
        let envelope = try Envelope(sent[0], correlationId: dossier.id, agency: a)
        try await n.publish(envelope)
        try await n.publish(try Envelope(sent[0], correlationId: dossier.id, agency: a))
        try await Task.sleep(for: .seconds(1))
        let feed = try await n.feed("chuyenvien.ubnd")
        #expect(feed.count == 1 && feed.first?.subjectId == dossier.id && feed.first?.kind == "dossier.transfer_due")
        let text = feed.first?.text ?? ""
        #expect(text.contains("04.TH") && text.contains("nộp lưu"), "\(text)")
        #expect(try await n.feed("vanthu.ubnd").isEmpty, "nobody else is told")

        // The keeper reads it in their own feed (GET /agencies/{agency}/notices, the web inbox's "Thông báo"); the
        // clerk's feed is empty, another agency's page is refused.
        let keeperFeed = try await n.get("/agencies/\(a)/notices", token: try await h.token("chuyenvien.ubnd", [.specialist]))
        #expect(keeperFeed.status == .ok)
        struct Page: Decodable { struct Item: Decodable { var kind: String; var subjectId: UUID; var text: String }; var items: [Item] }
        let items = try JSONDecoder().decode(Page.self, from: Data(keeperFeed.body)).items
        #expect(items.map(\.subjectId) == [dossier.id] && items.first?.text == text)
        let clerkFeed = try await n.get("/agencies/\(a)/notices", token: try await h.token("vanthu.ubnd", [.clerk]))
        #expect(try JSONDecoder().decode(Page.self, from: Data(clerkFeed.body)).items.isEmpty)
        #expect(try await n.get("/agencies/\(ArchiveHarness.otherAgency)/notices", token: try await h.token("vanthu.ubnd", [.clerk])).status == .forbidden)
        #expect(try await n.get("/agencies/\(a)/notices?limit=0", token: try await h.token("vanthu.ubnd", [.clerk])).status == .badRequest)
        await n.stop()
        await h.cleanUp()
    }
}

/// The notifications service's consumer of `dossier.transfer_due`, as its `Wiring` adds it, on a schema and a queue
/// of this test's.
final class Notifications: Sendable {
    let schema: String
    let database = PGClient(url: TestEnv.pgURL, maxConnections: 4, logger: TestEnv.logger)
    let publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
    let key: String
    let queue: String
    let router: MessageRouter
    let task = Mutex<Task<Void, any Error>?>(nil)

    init(id: String) {
        schema = id + "n"
        key = "test.\(id).\(DossierTransferDue.type)"
        queue = "\(id).notifications.\(DossierTransferDue.type)"
        router = MessageRouter(
            service: schema, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: [.milliseconds(300)], prefetch: 8,
            concurrency: 2, logger: TestEnv.logger)
        router.useDeliveryPolicy(database: database, outbox: Outbox(schema: schema), batchSize: 8)
        router.add(NotifyTransferDue(store: NoticeStore(schema: schema)), queue: queue, bindings: [key])
    }

    func start() async throws {
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + NotificationsMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
        let t = try await running(router)
        task.withLock { $0 = t }
    }

    func publish(_ envelope: Envelope) async throws {
        try await publisher.publish([OutboundMessage(
            exchange: Topology.eventsExchange, routingKey: key, body: Array(try envelope.encoded()),
            messageId: envelope.id.uuidString.lowercased(), type: envelope.type)])
    }

    /// The service's HTTP routes as its `Wiring` adds them, called with a token.
    func get(_ uri: String, token: String) async throws -> (status: HTTPResponse.Status, body: [UInt8]) {
        let routes = NoticeRoutes(database: database, store: NoticeStore(schema: schema))
        let router = makeHTTPRouter(
            service: "notifications", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: ArchiveHarness.keys.publicPEM),
            logger: TestEnv.logger) { routes.add(to: $0) }
        return try await Application(router: router).test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
                (r.status, Array(buffer: r.body))
            }
        }
    }

    func feed(_ account: String) async throws -> [Notice] {
        try await NoticeStore(schema: schema).feed(account: account, agency: ArchiveHarness.agency, executor: database)
    }

    func stop() async {
        let t = task.withLock { $0 }
        t?.cancel()
        _ = await t?.result
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for name in [queue, Topology.deadLetterQueue(of: queue), "\(queue).retry.300ms"] { try? c.deleteQueue(name) }
            c.close()
        }
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
    }
}
