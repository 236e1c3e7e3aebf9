import Contracts
import Foundation
import TestSupport
import Testing

@testable import NumberingService

/// The clerk's API over a real register in PostgreSQL: search, one document, its attachments, access.
@Suite(.serialized)
struct ClerkAPITests {
    typealias Page = IncomingRegisterRoutes.Page

    /// Four documents: two from Sở Tài chính on 2 and 3 March, one from Sở Giáo dục on 10 March, one next year.
    func seeded() async throws -> (NumberingHarness, HTTPHarness, [DocumentReceived]) {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let docs = [
            Fixtures.document(1, subject: "Về việc lập dự toán ngân sách năm 2027", receivedAt: Fixtures.vietnam(2026, 3, 2)),
            Fixtures.document(2, subject: "Về việc quyết toán vốn đầu tư", receivedAt: Fixtures.vietnam(2026, 3, 3)),
            Fixtures.document(3, sender: Fixtures.education, subject: "Kế hoạch tuyển sinh đầu cấp", receivedAt: Fixtures.vietnam(2026, 3, 10)),
            Fixtures.document(4, subject: "Dự toán bổ sung", receivedAt: Fixtures.vietnam(2027, 1, 2)),
        ]
        for d in docs { try await h.register(d) }
        return (h, http, docs)
    }

    func subjects(_ reply: HTTPHarness.Reply) throws -> [String] {
        try reply.json(Page.self).items.map(\.subject)
    }

    @Test func searchWithoutDiacriticsFindsTheSubject() async throws {
        let (h, http, _) = try await seeded()
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"

        #expect(try subjects(try await http.get(base + "?q=du%20toan%20ngan%20sach")) == ["Về việc lập dự toán ngân sách năm 2027"])
        #expect(try subjects(try await http.get(base + "?q=D%E1%BB%B1%20to%C3%A1n")).count == 2)  // "Dự toán", with marks
        #expect(try subjects(try await http.get(base + "?sender=so%20giao%20duc")) == ["Kế hoạch tuyển sinh đầu cấp"])
        #expect(try subjects(try await http.get(base + "?sender=000.00.01.H52")).count == 3)
        #expect(try subjects(try await http.get(base + "?from=2026-03-03&to=2026-03-31")).count == 2)
        let byNumber = try await http.get(base + "?number=2&year=2026").json(Page.self)
        #expect(byNumber.items.map(\.subject) == ["Về việc quyết toán vốn đầu tư"])
        #expect(try subjects(try await http.get(base + "?q=100%25")).isEmpty)  // LIKE wildcards are literal
        await h.cleanUp()
    }

    @Test func listIsNewestFirstAndPagedByKeyset() async throws {
        let (h, http, docs) = try await seeded()
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"

        let first = try await http.get(base + "?limit=3&count=1").json(Page.self)
        let cursor = try #require(first.next)
        let second = try await http.get(base + "?limit=3&cursor=\(cursor)").json(Page.self)

        // A clerk looks at today's documents first: next year's, then March's from the latest.
        #expect(first.total == 4 && second.total == nil)
        #expect(first.items.map { "\($0.year)/\($0.number)" } == ["2027/1", "2026/3", "2026/2"])
        #expect((first.items + second.items).map(\.documentId) == docs.reversed().map(\.documentId))
        #expect(second.next == nil)
        // The register order, as printed, on request.
        let oldest = try await http.get(base + "?limit=3&order=oldest").json(Page.self)
        #expect(oldest.items.map { "\($0.year)/\($0.number)" } == ["2026/1", "2026/2", "2026/3"])
        let rest = try await http.get(base + "?limit=3&order=oldest&cursor=\(try #require(oldest.next))").json(Page.self)
        #expect(rest.items.map(\.documentId) == [docs[3].documentId])
        #expect(try await http.get(base + "?limit=0").status == .badRequest)
        #expect(try await http.get(base + "?cursor=abc").status == .badRequest)
        #expect(try await http.get(base + "?order=sideways").status == .badRequest)
        #expect(try await http.get(base + "?from=2026-02-30").status == .badRequest)
        await h.cleanUp()
    }

    @Test func documentComesWithItsMetadataAndAttachmentBytes() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let bytes = Data("%PDF-1.5 công văn số 123".utf8)
        let blob = try await http.blobs.put(bytes, mediaType: "application/pdf")
        var doc = Fixtures.document(7, attachments: [AttachmentRef(name: "cv-123.pdf", blob: blob)])
        let packetBytes = Data("<edXML:edXMLEnvelope>gói tin số 123</edXML:edXMLEnvelope>".utf8)
        doc.packet = try await http.blobs.put(packetBytes, mediaType: "application/xml")
        try await h.register(doc)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming/\(doc.documentId)"

        let meta = try await http.get(base).json(IncomingEntry.self)
        let file = try await http.get(base + "/attachments/cv-123.pdf")

        #expect(meta.number == 1 && meta.sender == Fixtures.finance && meta.codeText == "07/STC-NS")
        #expect(meta.attachments.map(\.name) == ["cv-123.pdf"])
        #expect(file.status == .ok)
        #expect(Data(file.body) == bytes)
        #expect(file.headers[.contentType] == "application/pdf")
        #expect(try await http.get(base + "/attachments/other.pdf").status == .notFound)
        #expect(try await http.get("/agencies/\(NumberingHarness.agency)/registers/incoming/\(UUID())").status == .notFound)
        // The packet it arrived in, as intake kept it (what the yearly handover takes without a blob store).
        let packet = try await http.get(base + "/packet.edxml")
        #expect(packet.status == .ok && Data(packet.body) == packetBytes)
        #expect(packet.headers[.contentType] == "application/xml")
        await h.cleanUp()
    }

    @Test func aDamagedAttachmentIsRefusedNotServed() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let blob = try await http.blobs.put(Data("bản gốc".utf8), mediaType: "application/pdf")
        let doc = Fixtures.document(8, attachments: [AttachmentRef(name: "goc.pdf", blob: blob)])
        try await h.register(doc)
        // Flip the stored bytes behind the store's back (same size, other content).
        let files = FileManager.default.enumerator(at: http.blobs.root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.contains(blob.sha256) } ?? []
        let stored = try #require(files.first)
        try Data("bản giả".utf8).write(to: stored, options: .atomic)

        let reply = try await http.get("/agencies/\(NumberingHarness.agency)/registers/incoming/\(doc.documentId)/attachments/goc.pdf")

        #expect(reply.status == .internalServerError)
        #expect(!reply.text.contains("bản giả"))
        await h.cleanUp()
    }

    @Test func anotherAgencysTokenIsForbiddenAndNoTokenIsUnauthorized() async throws {
        let (h, http, docs) = try await seeded()
        let other = try await http.token(agency: "000.00.00.H53")
        let ours = "/agencies/\(NumberingHarness.agency)/registers/incoming"

        #expect(try await http.get(ours, token: other).status == .forbidden)
        #expect(try await http.get(ours + "/\(docs[0].documentId)", token: other).status == .forbidden)
        #expect(try await http.get(ours.replacingOccurrences(of: "incoming", with: "incoming.pdf"), token: other).status == .forbidden)
        #expect(try await http.get(ours, token: nil).status == .unauthorized)
        #expect(try await http.get(ours + ".csv", token: nil).status == .unauthorized)
        // Their own register is empty: our documents do not leak into it, not even by id.
        let theirs = "/agencies/000.00.00.H53/registers/incoming"
        #expect(try await http.get(theirs + "?count=1", token: other).json(Page.self).total == 0)
        #expect(try await http.get(theirs + "/\(docs[0].documentId)", token: other).status == .notFound)
        await h.cleanUp()
    }
}
