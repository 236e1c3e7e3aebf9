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
import XCTest

@testable import RoutingService

/// The workflow over `PeopleFixtures` (a fresh routing schema with the UBND's people): its HTTP routes with a
/// settable clock, its handlers on the real broker under routing keys only this test uses, the outbox to read
/// what it emitted.
struct WorkflowHarness {
    let people: PeopleFixtures
    let clock: TestClock
    let outbox: Outbox
    let blobs: FileBlobStore
    let id = TestEnv.uniqueName("wf")
    var schema: String { people.schema }
    var database: PGClient { people.database }
    var agency: String { PeopleFixtures.agency }
    var env: WorkflowEnvironment {
        let clock = self.clock
        return WorkflowEnvironment(
            database: database, outbox: outbox, schema: schema, now: { clock.now },
            approvals: try? ApprovalKey.Signer(privateKeyPEM: PeopleFixtures.keys.privatePEM))
    }
    var store: IncomingStore { IncomingStore(schema: schema) }
    static let sender = Organization(code: "000.00.01.H53", name: "Sở Tài chính tỉnh Điện Biên")

    static func make(now: Date = Date()) async throws -> WorkflowHarness {
        let people = try await PeopleFixtures.make(prefix: "wf")
        let blobs = try FileBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(people.schema)"))
        return WorkflowHarness(people: people, clock: TestClock(now), outbox: Outbox(schema: people.schema), blobs: blobs)
    }

    // MARK: HTTP

    /// Sends one request through the routing router (people and workflow routes) as `account`, or with `token`.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, as account: String? = nil, token: String? = nil, json: String? = nil,
        bytes: [UInt8]? = nil
    ) async throws -> PeopleFixtures.Reply {
        var fields: HTTPFields = [.userAgent: "workflow-tests"]
        if let t = token ?? account.flatMap({ people.tokens[$0] }) { fields[.authorization] = "Bearer \(t)" }
        if json != nil { fields[.contentType] = "application/json" }
        let headers = fields
        let body = json.map { ByteBuffer(string: $0) } ?? bytes.map { ByteBuffer(bytes: $0) }
        let routes = WorkflowWiring.routes(env: env, blobs: blobs)
        return try await people.application(routes).test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: headers, body: body) { r in
                PeopleFixtures.Reply(status: r.status, headers: r.headers, body: Array(buffer: r.body))
            }
        }
    }

    /// Sends and checks the status (XCTest's assertions cannot await).
    func expect(
        _ status: HTTPResponse.Status, _ method: HTTPRequest.Method, _ uri: String, as account: String? = nil, token: String? = nil,
        json: String? = nil, bytes: [UInt8]? = nil, because message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let reply = try await send(method, uri, as: account, token: token, json: json, bytes: bytes)
        XCTAssertEqual(reply.status, status, "\(message) \(method) \(uri): \(reply.text)", file: file, line: line)
    }

    /// Sends and checks the error code of the answer.
    func expectCode(
        _ code: String, _ method: HTTPRequest.Method, _ uri: String, as account: String? = nil, token: String? = nil,
        json: String? = nil, bytes: [UInt8]? = nil, because message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let reply = try await send(method, uri, as: account, token: token, json: json, bytes: bytes)
        XCTAssertEqual(reply.object["code"] as? String, code, "\(message) \(method) \(uri): \(reply.text)", file: file, line: line)
    }

    func path(_ rest: String, agency: String = PeopleFixtures.agency) -> String { "/agencies/\(agency)/\(rest)" }

    // MARK: documents

    static func received(subject: String = "Về việc báo cáo tình hình thực hiện dự toán ngân sách quý I") -> DocumentReceived {
        DocumentReceived(
            documentId: UUID(), edxmlDocumentId: "DB-\(UUID().uuidString.prefix(8))", sender: sender, codeNumber: "123",
            codeNotation: "STC-NS", promulgationDate: Date(timeIntervalSince1970: 1_772_000_000), documentType: "Công văn",
            subject: subject, priority: 0, signerName: "Lò Văn Sơn", dueDate: nil,
            packet: BlobRef(sha256: String(repeating: "b", count: 64), size: 2048, mediaType: "application/xml"), attachments: [],
            receivedAt: Date())
    }

    static func registered(_ r: DocumentReceived, number: Int = 1) -> DocumentRegistered {
        DocumentRegistered(documentId: r.documentId, register: "VBDEN", year: 2026, number: number, registeredAt: Date())
    }

    /// Received and registered in one transaction, as the two handlers do, without the broker.
    @discardableResult
    func registeredDocument(agency: String = PeopleFixtures.agency, subject: String? = nil) async throws -> DocumentReceived {
        let r = subject.map { Self.received(subject: $0) } ?? Self.received()
        let store = self.store
        try await database.withTransaction { tx in
            try await store.recordReceived(r, agency: agency, correlationId: r.documentId, in: tx)
            _ = try await store.recordRegistered(Self.registered(r), agency: agency, correlationId: r.documentId, in: tx)
        }
        return r
    }

    /// A registered document submitted by the clerk and assigned by the head: main = first specialist,
    /// cooperating = second specialist; returns the document and the tasks by assignee.
    func assignedDocument(deadline: String = #"{"workingDays": 5}"#) async throws -> (DocumentReceived, [String: HandlingTask]) {
        let doc = try await registeredDocument()
        let submit = try await send(.post, path("incoming/\(doc.documentId)/submit"), as: people.clerk, json: "{}")
        guard submit.status == .ok else { throw TestFailure("submit: \(submit.status) \(submit.text)") }
        let assign = try await send(
            .post, path("incoming/\(doc.documentId)/assign"), as: people.head,
            json: #"{"main": {"account": "\#(people.specialists[0])"}, "cooperating": [{"account": "\#(people.specialists[1])"}], "deadline": \#(deadline)}"#)
        guard assign.status == .ok else { throw TestFailure("assign: \(assign.status) \(assign.text)") }
        let detail = try assign.json(IncomingRoutes.Detail.self)
        return (doc, Dictionary(uniqueKeysWithValues: detail.tasks.map { ($0.assignee, $0) }))
    }

    // MARK: outbox and audit

    func events<E: Event>(_: E.Type) async throws -> [E] {
        try await envelopes(E.type).map { try $0.decode(E.self) }
    }

    func envelopes(_ type: String) async throws -> [Envelope] {
        try await database.query("SELECT body FROM \(identifier: schema).outbox WHERE type = \(type) ORDER BY id").rows.map {
            try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8))
        }
    }

    struct AuditRow: Equatable {
        var actor: String
        var onBehalfOf: String?
        var action: String
        var subject: String
    }

    func audit(_ action: String) async throws -> [AuditRow] {
        try await database.query("""
            SELECT actor, on_behalf_of, action, subject FROM \(identifier: AuditLog.schema(for: schema)).audit_log WHERE action = \(action) ORDER BY seq
            """).rows.map {
            AuditRow(
                actor: try $0.decode(String.self, "actor"), onBehalfOf: try $0.decode(String?.self, "on_behalf_of"),
                action: try $0.decode(String.self, "action"), subject: try $0.decode(String.self, "subject"))
        }
    }

    /// An approved delegation from `delegator` to `delegate` covering now (or only requested, when `approved` is false).
    func delegate(from delegator: String, to delegate: String, approved: Bool) async throws {
        let now = clock.now
        _ = try await database.query("""
            INSERT INTO \(identifier: schema).delegations
                (id, agency, delegator, delegate, starts_at, ends_at, status, requested_by, approved_by)
            VALUES (\(UUID()), \(agency), \(delegator), \(delegate), \(now.addingTimeInterval(-3600)), \(now.addingTimeInterval(86_400)),
                    \(approved ? "approved" : "requested"), \(delegator), \(approved ? delegator : nil))
            """)
    }

    // MARK: broker

    /// The routing service's message side for this test: its middleware and the two workflow handlers, on queues
    /// bound to `test.<id>.<event type>`.
    func router(publisher: AMQPPublisher) -> MessageRouter {
        let delays: [Duration] = [.milliseconds(300), .milliseconds(600)]
        let r = MessageRouter(
            service: id, endpoint: TestEnv.endpoint, publisher: publisher, retryDelays: delays, prefetch: 20, concurrency: 2,
            logger: TestEnv.logger)
        r.useDeliveryPolicy(database: database, outbox: outbox, batchSize: 16)
        r.add(
            RecordReceived(store: store), queue: queue(DocumentReceived.type), bindings: [routingKey(DocumentReceived.type)],
            name: "RecordReceived")
        r.add(
            RecordRegistered(store: store, schema: schema), queue: queue(DocumentRegistered.type),
            bindings: [routingKey(DocumentRegistered.type)], name: "RecordRegistered")
        r.add(
            RecordDraftIssued(store: DraftStore(schema: schema), schema: schema), queue: queue(DocumentSealed.type),
            bindings: [routingKey(DocumentSealed.type)], name: "RecordDraftIssued")
        r.add(
            RecordRevocation(store: store, schema: schema), queue: queue(DocumentRevoked.type), bindings: [routingKey(DocumentRevoked.type)],
            name: "RecordRevocation")
        r.add(RecordLinks(store: store), queue: queue(DocumentUpdated.type), bindings: [routingKey(DocumentUpdated.type)], name: "RecordLinks")
        return r
    }

    func queue(_ type: String) -> String { "\(id).\(type)" }
    func routingKey(_ type: String) -> String { "test.\(id).\(type)" }

    func publish(_ envelopes: [Envelope], with publisher: AMQPPublisher) async throws {
        try await publisher.publish(envelopes.map {
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: routingKey($0.type), body: Array(try $0.encoded()),
                messageId: $0.id.uuidString.lowercased(), type: $0.type)
        })
    }

    func cleanUp() async {
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for type in [DocumentReceived.type, DocumentRegistered.type, DocumentSealed.type, DocumentRevoked.type, DocumentUpdated.type] {
                let q = queue(type)
                for name in [q, Topology.deadLetterQueue(of: q), "\(q).retry.300ms", "\(q).retry.600ms"] { try? c.deleteQueue(name) }
            }
            c.close()
        }
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("blobs-\(schema)"))
        await people.cleanUp()
    }
}

/// A clock the tests move.
final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date) { value = Mutex(start) }
    var now: Date { value.withLock { $0 } }
    func set(_ date: Date) { value.withLock { $0 = date } }
}

/// A Vietnam wall-clock time as an instant.
func vietnam(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 9, _ min: Int = 0) -> Date {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
    return c.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
}
