import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// Numbering's outgoing handlers on the real broker with the platform's middleware: routing's `signing.requested`
/// and signing's `document.signed` (in either order) put the document in the clerk's queue; `document.sealed` with
/// the number issues it.
@Suite(.serialized)
struct OutgoingOnTheBrokerTests {
    @Test func requestSignatureAndSealReachTheRegisterInEitherOrder() async throws {
        let h = try await NumberingHarness()
        let store = OutgoingRegisterStore(schema: h.schema)
        let router = MessageRouter(
            service: h.id, endpoint: TestEnv.endpoint, publisher: h.publisher, retryDelays: NumberingHarness.delays, prefetch: 8,
            concurrency: 2, logger: TestEnv.logger)
        router.useDeliveryPolicy(database: h.database, outbox: Outbox(schema: h.schema), batchSize: 8)
        let types = [SigningRequested.type, DocumentSigned.type, DocumentSealed.type]
        func key(_ type: String) -> String { "test.\(h.id).\(type)" }
        router.add(RecordSigningRequest(store: store), queue: "\(h.id).\(types[0])", bindings: [key(types[0])])
        router.add(RecordSigned(store: store), queue: "\(h.id).\(types[1])", bindings: [key(types[1])])
        router.add(RecordIssued(store: store), queue: "\(h.id).\(types[2])", bindings: [key(types[2])])
        let task = try await running(router)
        func publish(_ envelopes: [Envelope]) async throws {
            try await h.publisher.publish(envelopes.map {
                OutboundMessage(
                    exchange: Topology.eventsExchange, routingKey: key($0.type), body: Array(try $0.encoded()),
                    messageId: $0.id.uuidString.lowercased(), type: $0.type)
            })
        }
        let agency = NumberingHarness.agency
        let blob = BlobRef(sha256: String(repeating: "e", count: 64), size: 1, mediaType: "application/pdf")
        let (first, second, sealOnly) = (UUID(), UUID(), UUID())
        func request(_ id: UUID, kind: SignatureKind = .leader, type: String? = "Quyết định") -> SigningRequested {
            SigningRequested(
                requestId: UUID(), documentId: id, kind: kind, signer: "vietnd.ubnd", document: blob, appendices: [], reason: "Giao chỉ tiêu",
                documentType: type, recipients: ["000.00.01.H52"], signerName: "Nguyễn Đức Việt")
        }
        func signed(_ id: UUID) -> DocumentSigned {
            DocumentSigned(requestId: UUID(), documentId: id, signer: "vietnd.ubnd", signed: blob, signedAt: Date())
        }
        // The first document's request comes before its signature, the second's after; a seal requested without a
        // draft (kind agency, no type) is not an outgoing document.
        try await publish([try Envelope(request(first), agency: agency), try Envelope(signed(first), agency: agency)])
        try await publish([try Envelope(signed(second), agency: agency)])
        try await publish([try Envelope(request(second), agency: agency)])
        try await publish([try Envelope(request(sealOnly, kind: .agency, type: nil), agency: agency)])

        let ready = try await eventually(.seconds(15)) {
            try await store.awaiting(agency: agency, limit: 10, executor: h.database).filter(\.isReadyToNumber).count == 2
        }
        #expect(ready)
        let queue = try await store.awaiting(agency: agency, limit: 10, executor: h.database)
        #expect(Set(queue.map(\.documentId)) == [first, second])
        #expect(queue.allSatisfy { $0.documentType == "Quyết định" && $0.signerName == "Nguyễn Đức Việt" && $0.recipients == ["000.00.01.H52"] })

        let copy = OutgoingRegisterTests.Copy(h)
        let given = try await copy.number(first, unit: nil, at: Date())
        #expect(given.codeText == "01/QĐ-UBND")
        let numbered = try #require(try await h.database.query(
            "SELECT body FROM \(identifier: h.schema).outbox WHERE type = 'document.numbered'").rows.first)
        let event = try Envelope.decode(from: Data(try numbered.decode(String.self, "body").utf8))
        #expect(event.agency == agency && event.correlationId == first)

        try await publish([try Envelope(
            DocumentSealed(requestId: UUID(), documentId: first, sealed: blob, appendices: [], sealedAt: Date(), number: 1,
                           notation: "QĐ-UBND", issuedOn: given.number.issuedAt), agency: agency)])
        let issued = try await eventually(.seconds(15)) {
            try await store.liveNumber(of: first, executor: h.database)?.state == .issued
        }
        #expect(issued)
        #expect(try await store.awaiting(agency: agency, limit: 10, executor: h.database).map(\.documentId) == [second])
        task.cancel()
        _ = await task.result
        await copy.database.shutdown()
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for t in types {
                let q = "\(h.id).\(t)"
                for name in [q, Topology.deadLetterQueue(of: q), "\(q).retry.300ms", "\(q).retry.600ms"] { try? c.deleteQueue(name) }
            }
            c.close()
        }
        await h.cleanUp()
    }
}
