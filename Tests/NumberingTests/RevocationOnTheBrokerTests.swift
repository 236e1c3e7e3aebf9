import AMQP
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// Revocation, update and replacement in the incoming register, through the real broker and PostgreSQL: the 03 that
/// goes back once a document is registered, a revoked line kept with its ghi chú and its content withheld until the
/// clerk's answer, and the links of an update and a replacement, whichever arrives first.
@Suite(.serialized)
struct RevocationOnTheBrokerTests {
    /// A revocation that overtakes its document is retried until the document is registered: over ~10 s here, so a
    /// machine busy with other work does not dead-letter it before (the service's own delays are longer still).
    static let delays: [Duration] = [.milliseconds(300), .seconds(1), .seconds(3), .seconds(6)]

    /// numbering's handlers for these events, each on its own queue bound to this test's routing keys.
    func router(_ h: NumberingHarness) -> MessageRouter {
        let r = MessageRouter(
            service: h.id, endpoint: TestEnv.endpoint, publisher: h.publisher, retryDelays: Self.delays, prefetch: 20,
            concurrency: 2, logger: TestEnv.logger)
        r.useDeliveryPolicy(database: h.database, outbox: Outbox(schema: h.schema), batchSize: 16)
        let agencies = AgencyDirectory(names: [NumberingHarness.agency: "Ủy ban nhân dân tỉnh Sơn La"])
        r.add(RegisterIncoming(store: h.store, agencies: agencies), queue: h.queue, bindings: [h.routingKey], name: "RegisterIncoming")
        r.add(RecordRevocation(store: h.store), queue: queue(h, DocumentRevoked.type), bindings: [key(h, DocumentRevoked.type)], name: "RecordRevocation")
        r.add(
            RecordRevocationAnswer(store: h.store), queue: queue(h, RevocationAnswered.type), bindings: [key(h, RevocationAnswered.type)],
            name: "RecordRevocationAnswer")
        r.add(RecordLinks(store: h.store), queue: queue(h, DocumentUpdated.type), bindings: [key(h, DocumentUpdated.type)], name: "RecordLinks")
        return r
    }

    func queue(_ h: NumberingHarness, _ type: String) -> String { "\(h.id).\(type)" }
    func key(_ h: NumberingHarness, _ type: String) -> String { type == DocumentReceived.type ? h.routingKey : "test.\(h.id).\(type)" }

    func publish(_ h: NumberingHarness, _ event: some Event) async throws {
        let envelope = try Envelope(event, agency: NumberingHarness.agency)
        try await h.publisher.publish([
            OutboundMessage(
                exchange: Topology.eventsExchange, routingKey: key(h, envelope.type), body: Array(try envelope.encoded()),
                messageId: envelope.id.uuidString.lowercased(), type: envelope.type)
        ])
    }

    func entry(_ h: NumberingHarness, _ id: UUID) async throws -> IncomingEntry? {
        try await h.store.fetch(documentId: id, executor: h.database)
    }

    func outbox<E: Event>(_ h: NumberingHarness, _: E.Type) async throws -> [E] {
        try await h.database.query("SELECT body FROM \(identifier: h.schema).outbox WHERE type = \(E.type) ORDER BY id").rows.map {
            try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(E.self)
        }
    }

    func cleanUp(_ h: NumberingHarness) async {
        if let c = try? AMQPConnection(endpoint: TestEnv.endpoint) {
            for type in [DocumentRevoked.type, RevocationAnswered.type, DocumentUpdated.type] {
                let q = queue(h, type)
                for name in [q, Topology.deadLetterQueue(of: q)] + ["300ms", "1s", "3s", "6s"].map({ "\(q).retry.\($0)" }) {
                    try? c.deleteQueue(name)
                }
            }
            c.close()
        }
        await h.cleanUp()
    }

    @Test func registeringSendsThe03AndARevocationWithholdsTheContentUntilTheClerkRefuses() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let task = try await running(router(h))
        let blob = try await http.blobs.put(Data("%PDF-1.5 công văn".utf8), mediaType: "application/pdf")
        let doc = Fixtures.document(3, attachments: [AttachmentRef(name: "cv.pdf", blob: blob)])
        try await publish(h, doc)
        #expect(try await eventually(.seconds(15)) { try await entry(h, doc.documentId) != nil })

        // 03 (đã tiếp nhận) back to the sender, naming its document and the số đến.
        let statuses = try await outbox(h, StatusOutbound.self)
        #expect(statuses.map(\.status) == [.accepted])
        #expect(statuses.first?.to == Fixtures.finance && statuses.first?.edxmlDocumentId == doc.edxmlDocumentId)
        #expect(statuses.first?.documentCode == "03/STC-NS" && statuses.first?.from.name == "Ủy ban nhân dân tỉnh Sơn La")
        #expect(statuses.first?.description.hasSuffix("số 1") == true)

        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming/\(doc.documentId)"
        #expect(try await http.get(base + "/attachments/cv.pdf").status == .ok)

        // 13: the line stays (no gap), marked, with who asked, when and why in the ghi chú; the content is withheld.
        let asked = Fixtures.vietnam(2026, 3, 3, 14, 30)
        try await publish(h, DocumentRevoked(
            edxmlDocumentId: doc.edxmlDocumentId, sender: Fixtures.finance, reason: "Gửi nhầm nơi nhận", staff: "Lò Thị Hoa",
            requestedAt: asked, packet: doc.packet, receivedAt: asked))
        #expect(try await eventually(.seconds(15)) { try await entry(h, doc.documentId)?.revocation != nil })
        let revoked = try #require(try await entry(h, doc.documentId))
        #expect(revoked.number == 1 && revoked.revocation?.state == .requested && revoked.revocation?.staff == "Lò Thị Hoa")
        #expect(revoked.note == "Thu hồi: Sở Tài chính tỉnh Sơn La, Lò Thị Hoa yêu cầu ngày 03/03/2026 — Gửi nhầm nơi nhận")
        let withheld = try await http.get(base + "/attachments/cv.pdf")
        #expect(withheld.status == .conflict && withheld.text.contains("document_revoked"))
        #expect(try await http.get(base + "/packet.edxml").status == .conflict, "the packet is content too")
        #expect(RegisterSheet.cells(revoked)[9].contains("Thu hồi: Sở Tài chính"), "the printed register's ghi chú says so")

        // 16: the clerk refused — the content is served again, the note says so.
        try await publish(h, RevocationAnswered(
            documentId: doc.documentId, edxmlDocumentId: doc.edxmlDocumentId, accepted: false, answeredBy: "vanthu.ubnd",
            note: "Đã phân công xử lý", at: asked.addingTimeInterval(3600)))
        #expect(try await eventually(.seconds(15)) { try await entry(h, doc.documentId)?.revocation?.state == .refused })
        #expect(try await entry(h, doc.documentId)?.note?.hasSuffix("Từ chối thu hồi ngày 03/03/2026 — Đã phân công xử lý") == true)
        #expect(try await http.get(base + "/attachments/cv.pdf").status == .ok)
        task.cancel()
        await cleanUp(h)
    }

    @Test func aRevocationBeforeItsDocumentWaitsForItAndAnAgreedOneKeepsTheContentWithheld() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let task = try await running(router(h))
        let blob = try await http.blobs.put(Data("%PDF-1.5 quyết định".utf8), mediaType: "application/pdf")
        let doc = Fixtures.document(4, attachments: [AttachmentRef(name: "qd.pdf", blob: blob)])
        // The revocation overtakes its document: it is retried until the document is registered.
        try await publish(h, DocumentRevoked(
            edxmlDocumentId: doc.edxmlDocumentId, sender: Fixtures.finance, reason: "Sai thể thức", staff: nil,
            requestedAt: Date(), packet: doc.packet, receivedAt: Date()))
        try await Task.sleep(for: .milliseconds(100))
        try await publish(h, doc)
        #expect(try await eventually(.seconds(15)) { try await entry(h, doc.documentId)?.revocation?.state == .requested })
        try await publish(h, RevocationAnswered(
            documentId: doc.documentId, edxmlDocumentId: doc.edxmlDocumentId, accepted: true, answeredBy: "vanthu.ubnd", note: nil,
            at: Date()))
        #expect(try await eventually(.seconds(15)) { try await entry(h, doc.documentId)?.revocation?.state == .accepted })
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming/\(doc.documentId)"
        #expect(try await http.get(base + "/attachments/qd.pdf").status == .conflict)
        let line = try await http.get(base).json(IncomingEntry.self)
        #expect(line.revocation?.answeredBy == "vanthu.ubnd" && line.note?.contains("Đã đồng ý thu hồi") == true)
        task.cancel()
        await cleanUp(h)
    }

    @Test func anUpdateAndAReplacementAreLinkedBothWays() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let task = try await running(router(h))
        let original = Fixtures.document(5)
        let replacement = Fixtures.document(6)
        let update = Fixtures.document(7)
        // The links may arrive before the documents they name: they are resolved when read.
        try await publish(h, DocumentUpdated(
            change: .replacement, documentId: replacement.documentId, edxmlDocumentId: replacement.edxmlDocumentId,
            originals: [original.edxmlDocumentId], sender: Fixtures.finance, reason: "Thay thế do sai sót", staff: nil,
            packet: replacement.packet, receivedAt: Date()))
        try await publish(h, DocumentUpdated(
            change: .update, documentId: update.documentId, edxmlDocumentId: update.edxmlDocumentId,
            originals: [original.edxmlDocumentId], sender: Fixtures.finance, reason: nil, staff: nil, packet: update.packet,
            receivedAt: Date()))
        for doc in [original, replacement, update] { try await publish(h, doc) }
        #expect(try await eventually(.seconds(15)) { try await h.count() == 3 })
        #expect(try await eventually(.seconds(15)) {
            try await h.database.query("SELECT count(*) AS n FROM \(identifier: h.schema).incoming_links").rows[0].decode(Int.self, "n") == 2
        })
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming/"
        let originalLine = try await http.get(base + "\(original.documentId)").json(IncomingEntry.self)
        let links = try #require(originalLine.links)
        #expect(Set(links.map(\.direction)) == [.changedBy])
        #expect(Set(links.map(\.change)) == [.update, .replacement])
        #expect(Set(links.compactMap(\.documentId)) == [replacement.documentId, update.documentId])
        #expect(links.allSatisfy { $0.number != nil }, "the linked lines' số đến")
        let replacementLine = try await http.get(base + "\(replacement.documentId)").json(IncomingEntry.self)
        #expect(replacementLine.links?.map(\.direction) == [.changes])
        #expect(replacementLine.links?.first?.documentId == original.documentId)
        #expect(replacementLine.links?.first?.reason == "Thay thế do sai sót")
        task.cancel()
        await cleanUp(h)
    }
}
