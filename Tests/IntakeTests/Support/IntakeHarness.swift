import BlobStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Storage
import TestSupport

@testable import IntakeService

/// The intake service's real routes and processor over a fresh PostgreSQL schema and a temporary blob store.
final class IntakeHarness: Sendable {
    static let sonLa = HostedAgency(code: "000.00.00.H52", name: "UBND tỉnh Sơn La", shortName: "ubnd")
    static let taiChinh = HostedAgency(code: "000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La", shortName: "stc")

    let schema = TestEnv.uniqueName("intake_")
    let database: PGClient
    let blobs: FileBlobStore
    let blobRoot: URL
    let processor: DeliveryProcessor

    static func make(_ settings: IntakeSettings = IntakeSettings(agencies: [sonLa, taiChinh])) async throws -> IntakeHarness {
        let harness = try IntakeHarness(settings)
        try await Migrator(schema: harness.schema, migrations: MessagingMigrations.all + IntakeMigrations.all, logger: TestEnv.logger)
            .migrate(on: harness.database)
        return harness
    }

    private init(_ settings: IntakeSettings) throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 4, logger: TestEnv.logger)
        blobRoot = FileManager.default.temporaryDirectory.appendingPathComponent("intake-blobs-\(UUID().uuidString)")
        blobs = try FileBlobStore(root: blobRoot)
        processor = DeliveryProcessor(
            settings: settings, database: database, outbox: Outbox(schema: schema), blobs: blobs, logger: TestEnv.logger)
    }

    func close() async {
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await database.shutdown()
        try? FileManager.default.removeItem(at: blobRoot)
    }

    struct Reply: Sendable {
        var status: Int
        var body: String
        var reason: String?
    }

    /// POSTs each packet in turn through the service's router (no socket), with extra `headers` if given.
    func deliver(_ packets: [Data], headers extra: [String: String] = [:]) async throws -> [Reply] {
        let router = Router(context: QLVBRequestContext.self)
        Wiring.routes(processor)(router)
        return try await Application(router: router).test(.router) { client in
            var replies: [Reply] = []
            for packet in packets {
                var headers: HTTPFields = [.contentType: "application/xml"]
                for (name, value) in extra { headers[.init(name)!] = value }
                replies.append(try await client.execute(
                    uri: "/axis/deliveries", method: .post, headers: headers, body: ByteBuffer(bytes: packet)
                ) { response in
                    Reply(status: Int(response.status.code), body: String(buffer: response.body), reason: response.headers[.init("X-QLVB-Reason")!])
                })
            }
            return replies
        }
    }

    func deliver(_ packet: Data, headers: [String: String] = [:]) async throws -> Reply {
        try await deliver([packet], headers: headers)[0]
    }

    struct OutboxRow: Sendable {
        var type: String
        var agency: String
        var body: String
    }

    func outbox() async throws -> [OutboxRow] {
        try await database.query("SELECT type, body FROM \(identifier: schema).outbox ORDER BY id").rows.map { row in
            let body = try row.decode(String.self, "body")
            let envelope = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            return OutboxRow(type: try row.decode(String.self, "type"), agency: envelope?["agency"] as? String ?? "", body: body)
        }
    }

    func deliveries() async throws -> [(verdict: String, reason: String?, sha256: String)] {
        try await database.query("SELECT verdict, reason_code, packet_sha256 FROM \(identifier: schema).deliveries ORDER BY received_at").rows
            .map { (try $0.decode(String.self, "verdict"), try $0.decode(String?.self, "reason_code"), try $0.decode(String.self, "packet_sha256")) }
    }
}
