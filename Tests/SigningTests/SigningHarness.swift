import AMQP
import Auth
import BlobStore
import Contracts
import Foundation
import Messaging
import PDFSign
import Storage
import TestSupport

@testable import SigningService

/// The signing handlers on a router of their own (fresh schema and queue names) on the real broker
/// and PostgreSQL, with a blob store in a temp directory. Emitted events are read from the outbox table.
struct SigningHarness {
    let id = TestEnv.uniqueName("sg")
    let database: PGClient
    let publisher: AMQPPublisher
    let blobs: FileBlobStore
    let core: SigningCore
    let pki = SigningPKI.shared
    var schema: String { id }
    /// Routing's token key pair: the private half signs approvals (as routing does), signing holds the public half.
    static let keys = AuthKeys.generate()

    init() async throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 8, logger: TestEnv.logger)
        publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        try await Migrator(schema: id, migrations: MessagingMigrations.all + SigningMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
        let root = URL(fileURLWithPath: Shell.tempDir("signing-blobs"))
        blobs = try FileBlobStore(root: root, logger: TestEnv.logger)
        let settings = try SigningSettings.load(SigningPKI.shared.environment)
        let scratch = root.appendingPathComponent("tmp-signing")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        core = SigningCore(
            engine: SigningEngine(keys: KeyStore(settings: settings)), blobs: blobs, log: SignatureLog(schema: id),
            place: settings.place, scratch: scratch)
    }

    /// A router with both handlers, as Wiring adds them (queues `<id>.signing.requested`, `<id>.document.numbered`).
    func start() async throws -> Task<Void, any Error> {
        let delays: [Duration] = [.milliseconds(300)]
        let router = MessageRouter(
            service: id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: delays, prefetch: 4, concurrency: 4,
            logger: TestEnv.logger)
        let outbox = Outbox(schema: schema)
        router.useDeliveryPolicy(database: database, outbox: outbox, batchSize: 8)
        router.add(SignDocument(
            core: core, approval: RequestApproval(verifier: try ApprovalKey.Verifier(publicKeyPEM: Self.keys.publicPEM)),
            notice: RefusalNotice(publisher: publisher)))
        router.add(NumberAndSeal(core: core, defaultAgency: SigningPKI.agency))
        let task = Task { try await router.run() }
        guard try await eventually(.seconds(15), { router.isConnected }) else { throw TestFailure("router did not connect") }
        return task
    }

    /// `request` as routing sends it: with an approval of the draft signed by routing's key (or `key`).
    static func approved(
        _ request: SigningRequested, agency: String = SigningPKI.agency, roles: [String] = ["head"], key: String = keys.privatePEM
    ) throws -> SigningRequested {
        var approval = SigningApproval(
            requestId: request.requestId, draftId: request.documentId, version: 1, agency: agency, kind: request.kind,
            signer: request.signer, signerRoles: roles, documentSha256: request.document.sha256,
            appendixSha256: request.appendices.map(\.blob.sha256), reason: request.reason, approvedAt: Date())
        approval.signature = try ApprovalKey.Signer(privateKeyPEM: key).sign(approval.signedText)
        var approved = request
        approved.approval = approval
        return approved
    }

    /// A queue of its own bound to `type` on the events exchange, to see what is published straight away.
    func probe(_ type: String) throws -> String {
        let name = "\(id).probe.\(type)"
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        try c.declareExchange(Topology.eventsExchange)
        _ = try c.declareQueue(name, durable: false)
        try c.bindQueue(name, exchange: Topology.eventsExchange, routingKey: type)
        return name
    }

    /// Envelopes taken off `queue` until `count` different ones match `filter` (or the time is up); a message published
    /// again under the same id (at-least-once) counts once, as a consumer's inbox would.
    func take(_ queue: String, count: Int, timeout: Duration = .seconds(20), _ filter: (Envelope) -> Bool) throws -> [Envelope] {
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { try? c.deleteQueue(queue); c.close() }
        try c.consume(queue: queue, consumerTag: "take")
        var found: [Envelope] = []
        let deadline = ContinuousClock.now + timeout
        while found.count < count, ContinuousClock.now < deadline {
            guard let raw = try c.nextDelivery(timeout: .seconds(1), generation: 0) else { continue }
            try c.ack(raw.delivery.deliveryTag)
            if let e = try? Envelope.decode(from: Data(raw.delivery.body)), filter(e), !found.contains(where: { $0.id == e.id }) {
                found.append(e)
            }
        }
        return found
    }

    /// The dead letters of signing.requested (taken off its DLQ): each envelope with the reason it failed.
    func deadLetters(count: Int, timeout: Duration = .seconds(20)) async throws -> [(envelope: Envelope, error: String)] {
        let queue = Topology.deadLetterQueue(of: "\(id).signing.requested")
        let c = try AMQPConnection(endpoint: TestEnv.endpoint)
        defer { c.close() }
        try c.consume(queue: queue, consumerTag: "dead-letters")
        var found: [(envelope: Envelope, error: String)] = []
        let deadline = ContinuousClock.now + timeout
        while found.count < count, ContinuousClock.now < deadline {
            guard let raw = try c.nextDelivery(timeout: .seconds(1), generation: 0) else { continue }
            try c.ack(raw.delivery.deliveryTag)
            found.append((try Envelope.decode(from: Data(raw.delivery.body)), raw.delivery.headers[DeadLetterHeaders.lastError]?.stringValue ?? ""))
        }
        return found
    }

    func publish<E: Event>(_ event: E, agency: String = SigningPKI.agency) async throws {
        try await publisher.publish([try OutboundMessage(event: try Envelope(event, agency: agency))])
    }

    /// Events this service emitted (its outbox), oldest first.
    func emitted() async throws -> [Envelope] {
        try await database.query("SELECT body FROM \(identifier: schema).outbox ORDER BY id").rows.map {
            try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8))
        }
    }

    /// Waits until `count` events of type `E` matching `filter` are in the outbox. (Every test's router is bound
    /// to the same event types, so a test picks its own events out by request or document id.)
    func waitFor<E: Event>(_: E.Type, count: Int = 1, timeout: Duration = .seconds(30), _ filter: @escaping (E) -> Bool) async throws -> [E] {
        var found: [E] = []
        _ = try await eventually(timeout) {
            found = try await emitted().filter { $0.type == E.type }.map { try $0.decode(E.self) }.filter(filter)
            return found.count >= count
        }
        guard found.count >= count else {
            throw TestFailure("expected \(count) \(E.type), outbox has \(try await emitted().map(\.type))")
        }
        return found
    }

    func logRows(document: UUID) async throws -> Int {
        try await database.query("SELECT count(*) AS n FROM \(identifier: schema).signature_log WHERE document_id = \(document)").rows[0]
            .decode(Int.self, "n")
    }

    func logRows(requests: Set<UUID>) async throws -> Int {
        var n = 0
        for r in requests {
            n += try await database.query("SELECT count(*) AS n FROM \(identifier: schema).signature_log WHERE request_id = \(r)").rows[0]
                .decode(Int.self, "n")
        }
        return n
    }

    /// Stores a sample PDF (or given bytes) in the blob store.
    func storePDF(_ bytes: [UInt8] = SamplePDF.make(size: 30_000, pages: 2)) async throws -> BlobRef {
        try await blobs.put(Data(bytes), mediaType: "application/pdf")
    }

    func path(_ ref: BlobRef) throws -> String { try blobs.fileURL(for: ref).path }

    func cleanUp(_ task: Task<Void, any Error>?) async {
        task?.cancel()
        _ = try? await task?.value
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for q in ["\(id).signing.requested", "\(id).document.numbered"] {
                for name in [q, Topology.deadLetterQueue(of: q), "\(q).retry.300ms"] { try? c.deleteQueue(name) }
            }
            c.close()
        }
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
    }
}
