import Auth
import Contracts
import Foundation
import Hummingbird
import TestSupport
import Testing

@testable import ArchiveService

/// Expired records are destroyed only through a disposal list approved twice by two different people (one the
/// head), never before, never permanent ones, and the list keeps what was destroyed.
@Suite(.serialized)
struct DisposalTests {
    /// An ad hoc dossier with one issued document, closed, submitted and accepted by the archive.
    func archived(_ h: ArchiveHarness, code: String, retention: String) async throws -> UUID {
        let a = ArchiveHarness.agency
        let keeper = try await h.token("chuyenvien.ubnd", [.specialist])
        let opened = try await h.call(.post, "/agencies/\(a)/dossiers", token: keeper, json: """
            {"code": "\(code)", "title": "Hồ sơ hội nghị \(code)", \(retention)}
            """)
        #expect(opened.status == .created, "\(opened.text)")
        let id = try opened.json(DossierReply.self).id
        let doc = try await h.draft(author: "chuyenvien.ubnd")
        let catalog = DocumentCatalog(schema: h.schema)
        try await h.database.withTransaction { tx in try await catalog.recordSealed(ArchiveHarness.sealedEvent(doc), agency: a, in: tx) }
        let path = "/agencies/\(a)/dossiers/\(id)"
        #expect(try await h.call(.post, path + "/documents", token: keeper, json: #"{"documentId": "\#(doc)"}"#).status == .created)
        #expect(try await h.call(.post, path + "/close", token: keeper).status == .ok)
        #expect(try await h.call(.post, path + "/submit", token: keeper).status == .ok)
        let archivist = try await h.token("luutru.ubnd", [.archivist])
        #expect(try await h.call(.post, path + "/accept", token: archivist).status == .ok)
        return id
    }

    @Test func aDisposalListIsApprovedTwiceBeforeAnythingIsDestroyed() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency
        let fiveYears = try await archived(h, code: "01.HN", retention: #""retentionYears": 5"#)
        let permanent = try await archived(h, code: "02.HN", retention: #""permanent": true"#)
        let archivist = try await h.token("luutru.ubnd", [.archivist])
        let propose = { (ids: [UUID]) in
            try await h.call(.post, "/agencies/\(a)/disposal-lists", token: archivist, json: """
                {"title": "Danh mục tài liệu hết giá trị năm 2031", "dossierIds": [\(ids.map { "\"\($0)\"" }.joined(separator: ","))]}
                """)
        }
        #expect(try await propose([fiveYears]).code == "retention_not_expired")
        h.advance(days: 5 * 366)
        struct Page: Decodable { var items: [DossierReply] }
        #expect(try await h.call(.get, "/agencies/\(a)/archive/disposal-candidates", token: archivist).json(Page.self).items.map(\.id) == [fiveYears])
        #expect(try await propose([fiveYears, permanent]).code == "retention_permanent")
        let keeper = try await h.token("chuyenvien.ubnd", [.specialist])
        #expect(try await h.call(.post, "/agencies/\(a)/disposal-lists", token: keeper, json: #"{"title": "x", "dossierIds": []}"#).status == .forbidden)

        let proposed = try await propose([fiveYears])
        #expect(proposed.status == .created, "\(proposed.text)")
        struct List: Decodable {
            struct Item: Decodable {
                var code: String
                var documents: [Doc]?
                struct Doc: Decodable { var code: String? }
            }
            var id: UUID
            var state: String
            var firstApprover: String?
            var secondApprover: String?
            var items: [Item]
        }
        let list = try proposed.json(List.self)
        let approve = "/agencies/\(a)/disposal-lists/\(list.id)/approve"
        #expect(try await h.call(.post, approve, token: archivist).json(List.self).state == "approvedOnce")
        let dossierPath = "/agencies/\(a)/dossiers/\(fiveYears)"
        #expect(try await h.call(.get, dossierPath, token: archivist).json(DetailReply.self).dossier.state == "archived")
        // The same person twice, a second archivist without the head, a specialist: none destroys anything.
        #expect(try await h.call(.post, approve, token: archivist).code == "second_approver_required")
        #expect(try await h.call(.post, approve, token: try await h.token("luutru2.ubnd", [.archivist])).code == "head_approval_required")
        #expect(try await h.call(.post, approve, token: keeper).status == .forbidden)
        #expect(try await h.call(.get, dossierPath, token: archivist).json(DetailReply.self).documents.count == 1)

        let head = try await h.token("giamdoc.ubnd", [.head])
        let executed = try await h.call(.post, approve, token: head)
        #expect(executed.status == .ok, "\(executed.text)")
        let done = try executed.json(List.self)
        #expect(done.state == "executed" && done.firstApprover == "luutru.ubnd" && done.secondApprover == "giamdoc.ubnd")
        #expect(done.items.map(\.code) == ["01.HN"] && done.items[0].documents?.map(\.code) == ["05/UBND-VP"])
        let after = try await h.call(.get, dossierPath, token: archivist).json(DetailReply.self)
        #expect(after.dossier.state == "disposed" && after.documents.isEmpty && after.history.last?.action == "dispose")
        #expect(try await h.call(.get, "/agencies/\(a)/dossiers/\(permanent)", token: archivist).json(DetailReply.self).dossier.state == "archived")
        #expect(try await h.call(.post, approve, token: head).code == "illegal_transition")
        await h.cleanUp()
    }
}
