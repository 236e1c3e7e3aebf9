import AMQP
import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Storage
import Synchronization
import TestSupport

@testable import ArchiveService

/// A fresh `archive` schema, blob root and clock, the archive's HTTP API as the service builds it (authentication
/// included), and its message side on the real broker with queues bound to routing keys only this test publishes to.
final class ArchiveHarness: Sendable {
    static let keys = AuthKeys.generate()
    static let agency = "000.00.00.H52"
    static let otherAgency = "000.00.01.H52"
    let id = TestEnv.uniqueName("arc")
    let database: PGClient
    let blobs: FileBlobStore
    let issuer: TokenIssuer
    let clock = TestClock()
    var schema: String { id }

    init() async throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 8, logger: TestEnv.logger)
        blobs = try FileBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(id)"))
        issuer = try TokenIssuer(privateKeyPEM: Self.keys.privatePEM)
        try await TestEnv.ensureSearchExtensions(on: database)
        try await Migrator(schema: id, migrations: MessagingMigrations.all + ArchiveMigrations.all, logger: TestEnv.logger).migrate(on: database)
    }

    var ctx: ArchiveContext {
        var c = ArchiveContext(work: UnitOfWork(database: database, outbox: Outbox(schema: schema)), schema: schema, blobs: blobs)
        let clock = self.clock
        c.now = { clock.now() }
        return c
    }

    func advance(days: Double) { clock.advance(days: days) }

    func application() throws -> some ApplicationProtocol {
        let routes = Wiring.routes(ctx)
        let router = makeHTTPRouter(
            service: "archive", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: Self.keys.publicPEM),
            logger: TestEnv.logger) { routes($0) }
        return Application(router: router)
    }

    func token(_ account: String, _ roles: Set<Role>, agency: String = ArchiveHarness.agency) async throws -> String {
        try await issuer.issue(Identity(account: account, agency: agency, roles: roles), ttl: .seconds(600))
    }

    struct Reply {
        var status: HTTPResponse.Status
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json<T: Decodable>(_: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(body))
        }
        /// The refusal's `code`.
        var code: String? { (try? json(ErrorBody.self))?.code }
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil) async throws -> Reply {
        var fields: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { fields[.contentType] = "application/json" }
        let headers = fields
        return try await application().test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { r in
                Reply(status: r.status, body: Array(buffer: r.body))
            }
        }
    }

    /// Events the service committed to its outbox, of one type.
    func outbox<E: Event>(_: E.Type) async throws -> [E] {
        try await database.query("SELECT body FROM \(identifier: schema).outbox WHERE type = \(E.type) ORDER BY id").rows
            .map { try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(E.self) }
    }

    // MARK: Documents as the other services' events describe them

    func received(subject: String = "Về việc lập dự toán ngân sách năm 2027", agency: String = ArchiveHarness.agency) async throws -> UUID {
        let id = UUID()
        let catalog = DocumentCatalog(schema: schema)
        let event = Self.receivedEvent(id, subject: subject)
        try await database.withTransaction { tx in try await catalog.recordReceived(event, agency: agency, in: tx) }
        return id
    }

    static func receivedEvent(_ id: UUID, subject: String = "Về việc lập dự toán ngân sách năm 2027", sha: String? = nil) -> DocumentReceived {
        DocumentReceived(
            documentId: id, edxmlDocumentId: "DOC-\(id.uuidString.prefix(6))", sender: Organization(code: "000.00.01.H52", name: "Sở Tài chính"),
            codeNumber: "12", codeNotation: "STC-NS", promulgationDate: Date(), documentType: "Công văn", subject: subject, priority: 0,
            signerName: "Nguyễn Văn Ánh", dueDate: nil,
            packet: BlobRef(sha256: sha ?? Self.sha(id), size: 1024, mediaType: "application/xml"), attachments: [], receivedAt: Date(),
            signer: "CN=Sở Tài chính tỉnh Sơn La", signatureWarnings: nil)
    }

    static func sha(_ id: UUID) -> String {
        let hex = id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return hex + hex
    }

    /// A draft approved for signing (not issued yet), written as `signing.requested` describes it.
    func draft(author: String, answers: UUID? = nil) async throws -> UUID {
        let id = UUID()
        let catalog = DocumentCatalog(schema: schema)
        let event = Self.requestedEvent(id, author: author, answers: answers)
        try await database.withTransaction { tx in try await catalog.recordRequested(event, agency: Self.agency, in: tx) }
        return id
    }

    static func requestedEvent(_ id: UUID, author: String, answers: UUID?) -> SigningRequested {
        SigningRequested(
            requestId: UUID(), documentId: id, kind: .leader, signer: "giamdoc.ubnd",
            document: BlobRef(sha256: sha(id), size: 10, mediaType: "application/pdf"), appendices: [], reason: "Trả lời về dự toán",
            documentType: "Công văn", recipients: ["000.00.01.H52"], signerName: "Nguyễn Đức Việt", author: author, answers: answers)
    }

    static func sealedEvent(_ id: UUID, number: Int = 5) -> DocumentSealed {
        DocumentSealed(
            requestId: UUID(), documentId: id, sealed: BlobRef(sha256: String(sha(id).reversed()), size: 20, mediaType: "application/pdf"),
            appendices: [], sealedAt: Date(), number: number, notation: "UBND-VP", issuedOn: Date())
    }

    func cleanUp() async {
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(id)"))
        await database.shutdown()
    }
}

/// JSON bodies the tests read back.
struct DossierReply: Decodable {
    var id: UUID
    var state: String
    var code: String
    var retentionYears: Int?
    var returnedReasons: [String]?
    var archiveReference: String?
    var packageSha256: String?
    var documentCount: Int
}

struct DetailReply: Decodable {
    struct Entry: Decodable {
        struct Doc: Decodable {
            var documentId: UUID
            var signatures: [Sig]
        }
        struct Sig: Decodable {
            var kind: String
            var verdict: String
        }
        var ordinal: Int
        var document: Doc
        var filedHow: String
    }
    struct Log: Decodable {
        var action: String
        var actor: String
        var details: [String: String]
    }
    var dossier: DossierReply
    var documents: [Entry]
    var history: [Log]
}

/// The archive's clock in tests: moved forward to reach due dates and expiries.
final class TestClock: Sendable {
    private let value = Mutex(Date())
    func now() -> Date { value.withLock { $0 } }
    func advance(days: Double) { value.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
}
