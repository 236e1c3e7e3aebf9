import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import ServiceKit
import Storage

/// Tình trạng gửi: the agency's outgoing documents with the state of each recipient, one document with every change
/// of each recipient, the packet built for a recipient, and the clerk's "send again" of a recipient that failed.
struct OutgoingRoutes: Sendable {
    let database: PGClient
    let store: OutgoingStore
    let blobs: any BlobStore
    let doorbell: Doorbell

    static let readers: Set<Role> = [.clerk, .head, .deputy, .departmentHead, .specialist]

    func add(to router: Router<QLVBRequestContext>) {
        let group = router.group("agencies/:agency/outgoing")
        group.add(middleware: RequireRoles(Self.readers, agencyParameter: "agency"))
            .get(use: list)
            .get(":documentId", use: document)
            .get(":documentId/recipients/:recipient/packet", use: packet)
        router.group("agencies/:agency/outgoing")
            .add(middleware: RequireRoles(RetryRecipient.roles, agencyParameter: "agency"))
            .post(":documentId/recipients/:recipient/retry", use: retry)
    }

    struct Page: ResponseEncodable, Decodable {
        var items: [OutgoingStore.Document]
        var limit: Int
        var offset: Int
    }

    @Sendable func list(_ request: Request, context: QLVBRequestContext) async throws -> Page {
        let agency = try context.parameters.require("agency")
        let q = request.uri.queryParameters
        let limit = try Self.int(q["limit"].map(String.init), name: "limit", default: 50, range: 1...200)
        let offset = try Self.int(q["offset"].map(String.init), name: "offset", default: 0, range: 0...1_000_000)
        return Page(items: try await store.documents(agency: agency, limit: limit, offset: offset, on: database), limit: limit, offset: offset)
    }

    @Sendable func document(_ request: Request, context: QLVBRequestContext) async throws -> OutgoingStore.Document {
        let agency = try context.parameters.require("agency")
        guard let d = try await store.document(agency: agency, id: try Self.documentId(context), on: database) else {
            throw Self.noDocument
        }
        return d
    }

    @Sendable func packet(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let agency = try context.parameters.require("agency")
        let recipient = try context.parameters.require("recipient")
        guard let ref = try await store.packet(agency: agency, id: try Self.documentId(context), recipient: recipient, on: database) else {
            throw RetryRecipient.refusal(current: nil)
        }
        let data = try await blobs.read(ref)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func retry(_ request: Request, context: QLVBRequestContext) async throws -> OutgoingStore.Document {
        let agency = try context.parameters.require("agency")
        let recipient = try context.parameters.require("recipient")
        let id = try Self.documentId(context)
        let identity = try context.requireIdentity()
        let retried = try await database.withTransaction { tx in
            try await store.retry(agency: agency, documentId: id, recipient: recipient, by: identity.account, at: Date(), in: tx)
        }
        guard let d = try await store.document(agency: agency, id: id, on: database) else { throw Self.noDocument }
        guard retried else { throw RetryRecipient.refusal(current: d.recipients.first { $0.code == recipient }?.state) }
        doorbell.ring()
        return d
    }

    static let noDocument = Refusal.notFound("no_such_document", "Không có văn bản đi này", "no such outgoing document")

    static func documentId(_ context: QLVBRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("documentId")) else { throw noDocument }
        return id
    }

    static func int(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw Refusal.badRequest(
                "invalid_parameter", "'\(name)' là số từ \(range.lowerBound) đến \(range.upperBound)",
                "'\(name)' is a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }
}

extension OutgoingStore.Document: ResponseEncodable {}
