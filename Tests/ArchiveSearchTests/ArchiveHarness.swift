import AMQP
import Auth
import BlobStore
import Contracts
import Drawing
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Storage
import TestSupport

@testable import ArchiveService

/// A fresh `archive` schema, a blob store and the search's consumers on queues of their own, bound to routing keys
/// only this test publishes to; the search API as the service builds it.
final class ArchiveHarness: Sendable {
    static let agency = "000.00.00.H52"
    static let otherAgency = "000.00.00.H53"
    static let keys = AuthKeys.generate()
    static let delays: [Duration] = [.milliseconds(300), .milliseconds(600)]
    static let types = ["document.received", "document.registered", "task.assigned", "signing.requested", "document.sealed"]

    let id = TestEnv.uniqueName("arc")
    let database: PGClient
    let publisher: AMQPPublisher
    let blobs: FileBlobStore
    let issuer: TokenIssuer
    var schema: String { id }
    var store: SearchIndexStore { SearchIndexStore(schema: schema) }
    var catalog: DocumentCatalog { DocumentCatalog(schema: schema) }

    init() async throws {
        database = PGClient(url: TestEnv.pgURL, maxConnections: 12, logger: TestEnv.logger)
        publisher = AMQPPublisher(endpoint: TestEnv.endpoint, name: "test", logger: TestEnv.logger)
        blobs = try FileBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(id)"))
        issuer = try TokenIssuer(privateKeyPEM: Self.keys.privatePEM)
        try await TestEnv.ensureSearchExtensions(on: database)
        try await Migrator(schema: schema, migrations: MessagingMigrations.all + ArchiveMigrations.all, logger: TestEnv.logger)
            .migrate(on: database)
    }

    func queue(_ type: String) -> String { "\(id).index.\(type)" }
    func key(_ type: String) -> String { "test.\(id).\(type)" }

    /// The consumers that write the documents' records as `Wiring` adds them, each on this test's queue; `received`
    /// replaces the `document.received` handler (a slow one, for read-your-writes).
    func router(received: MessageHandlerFunc? = nil) -> MessageRouter {
        let r = MessageRouter(
            service: id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: Self.delays, prefetch: 16,
            concurrency: 2, logger: TestEnv.logger)
        r.useDeliveryPolicy(database: database, outbox: Outbox(schema: schema), batchSize: 8)
        let text = DocumentTextReader(blobs: blobs)
        let t = "document.received"
        let filing = AutoFiling(dossiers: DossierStore(schema: schema), catalog: catalog)
        r.addRaw(name: "\(id).RecordReceived", queue: queue(t), bindings: [key(t)], received ?? RecordReceived(catalog: catalog, text: text).untyped)
        r.add(RecordRegistered(catalog: catalog), queue: queue("document.registered"), bindings: [key("document.registered")])
        r.add(RecordAssignment(catalog: catalog), queue: queue("task.assigned"), bindings: [key("task.assigned")])
        r.add(RecordDraft(catalog: catalog), queue: queue("signing.requested"), bindings: [key("signing.requested")])
        r.add(
            FileIssuedDocument(catalog: catalog, text: text, filing: filing), queue: queue("document.sealed"),
            bindings: [key("document.sealed")])
        return r
    }

    func publish<E: Event>(_ event: E, agency: String = agency) async throws {
        let envelope = try Envelope(event, agency: agency)
        try await publisher.publish([
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: key(E.type), body: Array(try envelope.encoded()),
                messageId: envelope.id.uuidString.lowercased(), type: envelope.type)
        ])
    }

    // MARK: HTTP

    func application(maxWait: Duration = .seconds(5)) throws -> some ApplicationProtocol {
        let routes = SearchRoutes(search: SearchDocuments(database: database, store: store, maxWait: maxWait))
        let router = makeHTTPRouter(
            service: "archive", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: Self.keys.publicPEM),
            logger: TestEnv.logger) { routes.add(to: $0) }
        return Application(router: router)
    }

    func token(agency: String = agency, roles: Set<Role> = [.clerk], account: String = "vanthu.ubnd") async throws -> String {
        try await issuer.issue(Identity(account: account, agency: agency, roles: roles), ttl: .seconds(600))
    }

    struct Reply {
        var status: HTTPResponse.Status
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var page: SearchPage { get throws { try JSONDecoder().decode(SearchPage.self, from: Data(body)) } }
        var subjects: [String] { (try? page.items.compactMap(\.subject)) ?? [] }
    }

    /// GET /search with the query items (encoded here), as the clerk of UBND unless another token is given.
    func search(_ items: [String: String], token: String? = nil, maxWait: Duration = .seconds(5)) async throws -> Reply {
        try await get("/search", items, token: token, maxWait: maxWait)
    }

    /// GET `path` of the search's routes with the query items, as the clerk of UBND unless another token is given.
    func get(_ path: String, _ items: [String: String], token: String? = nil, maxWait: Duration = .seconds(5)) async throws -> Reply {
        var c = URLComponents()
        c.path = path
        c.queryItems = items.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        let uri = c.percentEncodedQuery.map { path + "?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? path
        let bearer: String
        if let token { bearer = token } else { bearer = try await self.token() }
        return try await application(maxWait: maxWait).test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(bearer)"]) { r in
                Reply(status: r.status, body: Array(buffer: r.body))
            }
        }
    }

    func cleanUp() async {
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for t in Self.types {
                let q = queue(t)
                for name in [q, Topology.deadLetterQueue(of: q), "\(q).retry.300ms", "\(q).retry.600ms"] { try? c.deleteQueue(name) }
            }
            c.close()
        }
        _ = try? await database.query("DROP SCHEMA \(identifier: schema) CASCADE")
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(id)"))
        await publisher.close(grace: .seconds(2))
        await database.shutdown()
    }
}

enum Fixtures {
    static let finance = Organization(code: "000.00.01.H52", name: "Sở Tài chính tỉnh Sơn La")
    static let resources = Organization(code: "000.00.09.H52", name: "Sở Tài nguyên và Môi trường")

    static func vietnam(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 9) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return c.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
    }

    static func received(
        _ n: Int, subject: String, sender: Organization = finance, type: String = "Công văn", notation: String = "STC-NS",
        at: Date = vietnam(2026, 3, 2), attachments: [AttachmentRef] = []
    ) -> DocumentReceived {
        DocumentReceived(
            documentId: UUID(), edxmlDocumentId: "DOC-\(n)-\(UUID().uuidString.prefix(6))", sender: sender,
            codeNumber: String(format: "%02d", n), codeNotation: notation, promulgationDate: vietnam(2026, 2, 27),
            documentType: type, subject: subject, priority: 0, signerName: "Nguyễn Văn Ánh", dueDate: nil,
            packet: BlobRef(sha256: String(repeating: "a", count: 64), size: 1024, mediaType: "application/xml"),
            attachments: attachments, receivedAt: at)
    }

    /// A PDF of `pages` pages with `lines` written on each (Liberation Serif, as the register print).
    static func pdf(_ lines: [String], pages: Int = 1) throws -> [UInt8] {
        let canvas = try PDFCanvas(width: 595, height: 842)
        for page in 0..<pages {
            var y = 60.0
            for line in lines {
                y += canvas.text(page == 0 ? line : "Trang \(page + 1): \(line)", font: "Liberation Serif 12", x: 60, y: y, width: 470) + 6
            }
            canvas.endPage()
        }
        return try canvas.finish()
    }
}
