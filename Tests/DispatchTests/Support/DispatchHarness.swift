import AMQP
import BlobStore
import Contracts
import Foundation
import Messaging
import Storage
import Synchronization
import TestSupport

@testable import DispatchService
@testable import IntakeService

/// Dispatch and intake side by side, as one installation hosting UBND tỉnh Sơn La and Sở Tài chính: each with a
/// fresh schema, the platform's middleware on the real broker, one blob store, and an outbox pump that publishes both
/// outboxes under routing keys only this test binds (`test.<id>.<type>`), so other tests never see these messages.
final class DispatchHarness: Sendable {
    static let ubnd = Organization(code: "000.00.00.H52", name: "UBND tỉnh Sơn La")
    static let stc = Organization(code: "000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La")
    static let outside = Organization(code: "000.00.00.G22", name: "Văn phòng Chính phủ")
    static let pdf = Data("%PDF-1.7\n% Công văn số 01/UBND-VP đã ký số\n%%EOF\n".utf8)

    let id = TestEnv.uniqueName("dsp")
    var dispatchSchema: String { id + "_dispatch" }
    var intakeSchema: String { id + "_intake" }
    let database: PGClient
    let publisher: AMQPPublisher
    let blobs: FileBlobStore
    let blobRoot: URL
    let settings: DispatchSettings
    let keys: AgencyKeys
    let processor: DeliveryProcessor
    let doorbell = Doorbell()

    init(axisURL: URL = URL(string: "http://127.0.0.1:9/")!, keyDirectory: URL? = nil, keyPassword: String? = nil) async throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 12, logger: TestEnv.logger)
        publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        blobRoot = FileManager.default.temporaryDirectory.appendingPathComponent("dispatch-blobs-\(UUID().uuidString)")
        blobs = try FileBlobStore(root: blobRoot)
        var settings = DispatchSettings(axisURL: axisURL)
        settings.hostedAgencies = [Self.ubnd.code, Self.stc.code]
        settings.retry = [.milliseconds(200), .milliseconds(400)]
        settings.pollInterval = .milliseconds(200)
        settings.lease = .seconds(2)
        self.settings = settings
        keys = AgencyKeys(directory: keyDirectory, password: keyPassword)
        let intake = IntakeSettings(agencies: [
            HostedAgency(code: Self.ubnd.code, name: Self.ubnd.name, shortName: "ubnd"),
            HostedAgency(code: Self.stc.code, name: Self.stc.name, shortName: "stc"),
        ])
        processor = DeliveryProcessor(
            settings: intake, database: database, outbox: Outbox(schema: id + "_intake"), blobs: blobs, logger: TestEnv.logger)
        try await Migrator(schema: dispatchSchema, migrations: MessagingMigrations.all + DispatchMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
        try await Migrator(schema: intakeSchema, migrations: MessagingMigrations.all + IntakeMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
    }

    var store: OutgoingStore { OutgoingStore(schema: dispatchSchema) }

    func key(_ type: String) -> String { "test.\(id).\(type)" }

    /// Dispatch's and intake's handlers, as their `Wiring` adds them.
    func routers(axis: any AxisClient) -> [MessageRouter] {
        func router(_ service: String, _ schema: String) -> MessageRouter {
            let r = MessageRouter(
                service: "\(id)-\(service)", endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: [.milliseconds(300)],
                prefetch: 16, concurrency: 2, logger: TestEnv.logger)
            r.useDeliveryPolicy(database: database, outbox: Outbox(schema: schema), batchSize: 8)
            return r
        }
        let dispatch = router("dispatch", dispatchSchema)
        let settings = self.settings
        let doorbell = self.doorbell
        dispatch.add(
            SendIssued(settings: settings, store: store, blobs: blobs, keys: keys, wake: { doorbell.ring() }),
            bindings: [key(DocumentIssued.type)])
        dispatch.add(RecordStatus(store: store), bindings: [key(StatusReceived.type)])
        dispatch.add(
            SendStatus(axis: axis, blobs: blobs, schema: dispatchSchema, hosted: { settings.isHosted($0) }),
            bindings: [key(StatusOutbound.type)])
        let intake = router("intake", intakeSchema)
        intake.add(TakeForwardedPacket(processor: processor), bindings: [key(PacketForwarded.type)])
        return [dispatch, intake]
    }

    func sender(axis: any AxisClient) -> AxisSender {
        AxisSender(
            settings: settings, database: database, store: store, blobs: blobs, axis: axis, logger: TestEnv.logger, doorbell: doorbell)
    }

    /// Runs the routers, the outbox pump and the axis sender while `body` runs.
    func running(axis: any AxisClient, _ body: () async throws -> Void) async throws {
        let routers = routers(axis: axis)
        let sender = sender(axis: axis)
        let tasks = routers.map { r in Task { try await r.run() } }
        let pump = Task { while !Task.isCancelled { _ = try? await pumpOnce(); try? await Task.sleep(for: .milliseconds(100)) } }
        let sending = Task { while !Task.isCancelled { _ = try? await sender.tick(); try? await Task.sleep(for: .milliseconds(100)) } }
        defer {
            tasks.forEach { $0.cancel() }
            pump.cancel()
            sending.cancel()
        }
        guard try await eventually(.seconds(15), { routers.allSatisfy(\.isConnected) }) else { throw TestFailure("routers did not connect") }
        try await body()
        for t in tasks { t.cancel(); _ = await t.result }
    }

    /// Publishes what both outboxes hold under this test's routing keys; returns how many.
    @discardableResult
    func pumpOnce() async throws -> Int {
        var count = 0
        for schema in [dispatchSchema, intakeSchema] {
            count += try await database.withTransaction { tx in
                let rows = try await tx.query("DELETE FROM \(identifier: schema).outbox RETURNING id, type, message_id, body").rows
                    .sorted { try $0.decode(Int64.self, "id") < $1.decode(Int64.self, "id") }
                try await self.publisher.publish(rows.map { r in
                    OutboundMessage(
                        exchange: Topology.eventsExchange, routingKey: self.key(try r.decode(String.self, "type")),
                        body: Array(try r.decode(String.self, "body").utf8), messageId: try r.decode(String.self, "message_id"),
                        type: try r.decode(String.self, "type"))
                })
                // Kept for the assertions: what each service emitted.
                for r in rows {
                    _ = try await tx.query("""
                        INSERT INTO \(identifier: schema).outbox_seen (type, body) VALUES (\(try r.decode(String.self, "type")), \(try r.decode(String.self, "body")))
                        """)
                }
                return rows.count
            }
        }
        return count
    }

    func prepareSeen() async throws {
        for schema in [dispatchSchema, intakeSchema] {
            _ = try await database.query("CREATE TABLE \(identifier: schema).outbox_seen (id bigserial PRIMARY KEY, type text, body text)")
        }
    }

    func seen(_ type: String, in schema: String) async throws -> [Envelope] {
        try await database.query("SELECT body FROM \(identifier: schema).outbox_seen WHERE type = \(type) ORDER BY id").rows.map {
            try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8))
        }
    }

    func publish(_ event: some Event, agency: String = ubnd.code) async throws {
        let envelope = try Envelope(event, agency: agency)
        try await publisher.publish([OutboundMessage(
            exchange: Topology.eventsExchange, routingKey: key(envelope.type), body: Array(try envelope.encoded()),
            messageId: envelope.id.uuidString.lowercased(), type: envelope.type)])
    }

    /// An issued document of UBND with the given recipients, its sealed PDF and one appendix in the blob store.
    func issued(to recipients: [Organization], number: Int = 1) async throws -> DocumentIssued {
        let sealed = try await blobs.put(Self.pdf, mediaType: "application/pdf")
        let appendix = try await blobs.put(Data("%PDF-1.7\n% Phụ lục số liệu\n%%EOF\n".utf8), mediaType: "application/pdf")
        return DocumentIssued(
            documentId: UUID(), agency: Self.ubnd, recipients: recipients, number: number, notation: "UBND-VP", issuedOn: Date(),
            documentType: "Công văn", subject: "V/v trả lời về dự toán ngân sách năm 2027", content: "Ý kiến của UBND tỉnh về dự toán",
            signer: .init(account: "vietnd.ubnd", fullName: "Nguyễn Đức Việt", position: "Chủ tịch", competence: "TM. ỦY BAN NHÂN DÂN"),
            steeringType: 1, dueDate: Date().addingTimeInterval(7 * 86_400),
            responseFor: .init(
                edxmlDocumentId: "000.00.12.H52,2026/11/20,123/STC-NS", code: "123/STC-NS", promulgationDate: Date().addingTimeInterval(-86_400),
                sender: Self.stc),
            sealed: sealed, appendices: [AttachmentRef(name: "Phu_luc_01.pdf", blob: appendix, description: "Phụ lục: số liệu dự toán")],
            issuedAt: Date())
    }

    func close() async {
        for schema in [dispatchSchema, intakeSchema] { _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE") }
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
        try? FileManager.default.removeItem(at: blobRoot)
    }
}

/// An axis that keeps what it is sent, and can be told to fail.
final class RecordingAxis: AxisClient {
    struct Sent: Sendable {
        var kind: AxisPacketKind
        var from: String
        var to: [String]
        var packet: Data
    }
    private let state: Mutex<(sent: [Sent], failures: Int)>
    private let permanent: Bool

    init(failFirst failures: Int = 0, permanent: Bool = false) {
        state = Mutex(([], failures))
        self.permanent = permanent
    }

    var sent: [Sent] { state.withLock { $0.sent } }

    func send(_ packet: Data, kind: AxisPacketKind, from sender: String, to recipients: [String]) async throws -> String {
        let count: Int? = state.withLock { s in
            if s.failures > 0 {
                s.failures -= 1
                return nil
            }
            s.sent.append(Sent(kind: kind, from: sender, to: recipients, packet: packet))
            return s.sent.count
        }
        guard let count else {
            if permanent { throw PermanentError("the axis refused the packet (HTTP 400)") }
            throw TransientError("the axis is unreachable")
        }
        return "doc-\(count)"
    }
}

/// A throwaway agency key (RSA-2048, self-signed) as `<code>.p12` in a temporary directory.
struct TestAgencyKey {
    let directory: URL
    let password = "test-pass"
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }

    init(agency: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("agency-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = try runTool(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=VN/O=UBND tinh Son La/CN=UBND tinh Son La", "-days", "2",
             "-keyout", "key.pem", "-out", "cert.pem"], cwd: directory.path)
        guard made.status == 0 else { throw TestFailure("openssl req: \(made.all)") }
        let p12 = try runTool(
            "/usr/bin/openssl", ["pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "\(agency).p12", "-passout", "pass:\(password)"],
            cwd: directory.path)
        guard p12.status == 0 else { throw TestFailure("openssl pkcs12: \(p12.all)") }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
