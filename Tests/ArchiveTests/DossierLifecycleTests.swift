import Auth
import Contracts
import Foundation
import Hummingbird
import TestSupport
import Testing

@testable import ArchiveService

/// Dossiers over the archive's HTTP API and the real PostgreSQL: the file list, open → file → close → transfer →
/// accepted, a transfer returned with reasons, and another agency's dossiers never visible.
@Suite(.serialized)
struct DossierLifecycleTests {
    static let year = VietnamTime.year(of: Date())

    /// A file list line and a dossier opened from it by the specialist `chuyenvien.ubnd`.
    func openFromList(_ h: ArchiveHarness, code: String = "01.TH", retentionYears: Int = 10) async throws -> (DossierReply, String) {
        let clerk = try await h.token("vanthu.ubnd", [.clerk])
        let item = try await h.call(.post, "/agencies/\(ArchiveHarness.agency)/file-list/items", token: clerk, json: """
            {"year": \(Self.year), "heading": "I. Tổng hợp", "code": "\(code)", "title": "Hồ sơ dự toán ngân sách",
             "retentionYears": \(retentionYears), "responsible": "chuyenvien.ubnd"}
            """)
        #expect(item.status == .created, "\(item.text)")
        struct Item: Decodable { var id: UUID }
        let itemId = try item.json(Item.self).id
        let keeper = try await h.token("chuyenvien.ubnd", [.specialist])
        let opened = try await h.call(.post, "/agencies/\(ArchiveHarness.agency)/dossiers", token: keeper, json: """
            {"itemId": "\(itemId)", "autoFile": true}
            """)
        #expect(opened.status == .created, "\(opened.text)")
        return (try opened.json(DossierReply.self), keeper)
    }

    @Test func openFileCloseTransferAccepted() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency
        let (dossier, keeper) = try await openFromList(h)
        #expect(dossier.state == "open" && dossier.code == "01.TH" && dossier.retentionYears == 10)

        // An incoming document, its issued answer, a duplicate of the first (same content) and a draft never issued.
        let incoming = try await h.received()
        let duplicate = UUID()
        let catalog = DocumentCatalog(schema: h.schema)
        try await h.database.withTransaction { tx in
            try await catalog.recordReceived(ArchiveHarness.receivedEvent(duplicate, sha: ArchiveHarness.sha(incoming)), agency: a, in: tx)
            try await catalog.addReader("chuyenvien.ubnd", to: duplicate, agency: a, in: tx)
        }
        let answer = try await h.draft(author: "chuyenvien.ubnd", answers: incoming)
        try await h.database.withTransaction { tx in
            try await catalog.recordSigned(
                DocumentSigned(requestId: UUID(), documentId: answer, signer: "giamdoc.ubnd",
                               signed: BlobRef(sha256: String(repeating: "c", count: 64), size: 9, mediaType: "application/pdf"), signedAt: Date()),
                agency: a, in: tx)
            try await catalog.recordSealed(ArchiveHarness.sealedEvent(answer), agency: a, in: tx)
        }
        let draft = try await h.draft(author: "chuyenvien.ubnd")

        // The keeper may file what they took part in; the incoming document needs them as a reader.
        let path = "/agencies/\(a)/dossiers/\(dossier.id)"
        #expect(try await h.call(.post, path + "/documents", token: keeper, json: #"{"documentId": "\#(incoming)"}"#).code == "no_such_document")
        try await h.database.withTransaction { tx in try await catalog.addReader("chuyenvien.ubnd", to: incoming, agency: a, in: tx) }
        for doc in [incoming, answer, duplicate, draft] {
            let r = try await h.call(.post, path + "/documents", token: keeper, json: #"{"documentId": "\#(doc)"}"#)
            #expect(r.status == .created, "\(r.text)")
        }
        #expect(try await h.call(.post, path + "/documents", token: keeper, json: #"{"documentId": "\#(incoming)"}"#).code == "already_filed")
        // Only the keeper (or the head) changes a dossier.
        let colleague = try await h.token("chuyenvien2.ubnd", [.specialist])
        #expect(try await h.call(.post, path + "/close", token: colleague).code == "not_dossier_keeper")

        // Closing takes the draft and the duplicate out, reviews the retention (a reason for differing from the list).
        #expect(try await h.call(.post, path + "/close", token: keeper, json: #"{"retentionYears": 20}"#).code == "retention_reason_required")
        let closed = try await h.call(.post, path + "/close", token: keeper, json: #"{"retentionYears": 20, "retentionReason": "Có giá trị tham khảo lâu dài"}"#)
        #expect(closed.status == .ok, "\(closed.text)")
        struct Closed: Decodable {
            struct Removed: Decodable { var documentId: UUID; var reason: String }
            var dossier: DossierReply
            var removed: [Removed]
        }
        let result = try closed.json(Closed.self)
        #expect(result.dossier.state == "closed" && result.dossier.documentCount == 2 && result.dossier.retentionYears == 20)
        #expect(Dictionary(uniqueKeysWithValues: result.removed.map { ($0.documentId, $0.reason) }) == [duplicate: "duplicate", draft: "draft"])
        let closedEvents = try await h.outbox(DossierClosed.self)
        #expect(closedEvents.map(\.dossierId) == [dossier.id] && closedEvents[0].documentCount == 2 && closedEvents[0].retentionYears == 20)

        // Frozen; reopening needs a reason and is logged; closing again.
        #expect(try await h.call(.post, path + "/documents", token: keeper, json: #"{"documentId": "\#(draft)"}"#).code == "illegal_transition")
        #expect(try await h.call(.post, path + "/reopen", token: keeper).code == "reason_required")
        #expect(try await h.call(.post, path + "/reopen", token: keeper, json: #"{"reason": "Bổ sung văn bản"}"#).status == .ok)
        #expect(try await h.call(.post, path + "/close", token: keeper).status == .ok)

        // Transfer: the archivist sees it, accepts it; the record is read-only and keeps the signatures' data.
        #expect(try await h.call(.post, path + "/submit", token: keeper).status == .ok)
        let archivist = try await h.token("luutru.ubnd", [.archivist])
        struct Page: Decodable { var items: [DossierReply] }
        #expect(try await h.call(.get, "/agencies/\(a)/archive/queue", token: archivist).json(Page.self).items.map(\.id) == [dossier.id])
        #expect(try await h.call(.post, path + "/accept", token: keeper).status == .forbidden)
        let accepted = try await h.call(.post, path + "/accept", token: archivist)
        #expect(accepted.status == .ok, "\(accepted.text)")
        let record = try accepted.json(DossierReply.self)
        #expect(record.state == "archived" && record.archiveReference == "\(a).\(Self.year).01.TH")
        let acceptedEvents = try await h.outbox(ArchiveAccepted.self)
        #expect(acceptedEvents.count == 1 && acceptedEvents[0].archiveReference == record.archiveReference)
        let package = try await h.blobs.read(acceptedEvents[0].package)
        let packageText = String(decoding: package, as: UTF8.self)
        #expect(packageText.contains("\"verdict\":\"valid\"") && packageText.contains("\"kind\":\"seal\"") && packageText.contains("\"kind\":\"leader\""))
        #expect(try await h.call(.post, path + "/reopen", token: keeper, json: #"{"reason": "x"}"#).code == "illegal_transition")
        #expect(try await h.call(.post, path + "/retention", token: keeper, json: #"{"permanent": true}"#).code == "illegal_transition")

        let detail = try await h.call(.get, path, token: colleague).json(DetailReply.self)
        #expect(detail.documents.map(\.document.documentId) == [incoming, answer] && detail.documents.map(\.ordinal) == [1, 2])
        #expect(detail.history.map(\.action) == ["open", "file", "file", "file", "file", "remove", "remove", "close", "reopen", "close", "submit", "accept"])
        #expect(detail.history.first { $0.action == "reopen" }?.details["reason"] == "Bổ sung văn bản")
        await h.cleanUp()
    }

    @Test func aReturnedTransferCarriesItsReasons() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency
        let (dossier, keeper) = try await openFromList(h, code: "02.TH")
        let doc = try await h.draft(author: "chuyenvien.ubnd")
        let catalog = DocumentCatalog(schema: h.schema)
        try await h.database.withTransaction { tx in try await catalog.recordSealed(ArchiveHarness.sealedEvent(doc), agency: a, in: tx) }
        let path = "/agencies/\(a)/dossiers/\(dossier.id)"
        #expect(try await h.call(.post, path + "/documents", token: keeper, json: #"{"documentId": "\#(doc)"}"#).status == .created)
        #expect(try await h.call(.post, path + "/submit", token: keeper).code == "illegal_transition")  // still open
        #expect(try await h.call(.post, path + "/close", token: keeper).status == .ok)
        #expect(try await h.call(.post, path + "/submit", token: keeper).status == .ok)

        let archivist = try await h.token("luutru.ubnd", [.archivist])
        #expect(try await h.call(.post, path + "/return", token: archivist, json: #"{"reasons": [" "]}"#).code == "reasons_required")
        #expect(try await h.call(.post, path + "/return", token: keeper, json: #"{"reasons": ["x"]}"#).status == .forbidden)
        let returned = try await h.call(.post, path + "/return", token: archivist, json: """
            {"reasons": ["Thiếu văn bản trả lời của Sở Tài chính", "Tiêu đề hồ sơ chưa đúng"]}
            """)
        #expect(returned.status == .ok, "\(returned.text)")
        let back = try returned.json(DossierReply.self)
        #expect(back.state == "closed" && back.returnedReasons == ["Thiếu văn bản trả lời của Sở Tài chính", "Tiêu đề hồ sơ chưa đúng"])
        #expect(try await h.call(.post, path + "/accept", token: archivist).code == "illegal_transition")

        // The keeper fixes it and submits again; this time it is accepted.
        #expect(try await h.call(.post, path + "/reopen", token: keeper, json: #"{"reason": "Theo ý kiến lưu trữ"}"#).status == .ok)
        #expect(try await h.call(.post, path + "/close", token: keeper, json: #"{"title": "Hồ sơ dự toán ngân sách năm 2027"}"#).status == .ok)
        #expect(try await h.call(.post, path + "/submit", token: keeper).status == .ok)
        #expect(try await h.call(.post, path + "/accept", token: archivist).json(DossierReply.self).state == "archived")
        let history = try await h.call(.get, path, token: keeper).json(DetailReply.self).history
        #expect(history.first { $0.action == "return" }?.details["reason2"] == "Tiêu đề hồ sơ chưa đúng")
        await h.cleanUp()
    }

    @Test func transfersFallDueAYearAfterClosingWithAReminder() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency
        let (dossier, keeper) = try await openFromList(h, code: "03.TH")
        #expect(try await h.call(.post, "/agencies/\(a)/dossiers/\(dossier.id)/close", token: keeper).status == .ok)
        let archivist = try await h.token("luutru.ubnd", [.archivist])
        struct Due: Decodable {
            struct Item: Decodable { var dossier: DossierReply; var urgency: String }
            var items: [Item]
        }
        #expect(try await h.call(.get, "/agencies/\(a)/archive/transfers-due", token: archivist).json(Due.self).items.isEmpty)
        h.advance(days: 340)
        let soon = try await h.call(.get, "/agencies/\(a)/archive/transfers-due", token: archivist).json(Due.self).items
        #expect(soon.map(\.dossier.id) == [dossier.id] && soon.map(\.urgency) == ["dueSoon"])
        h.advance(days: 30)
        #expect(try await h.call(.get, "/agencies/\(a)/archive/transfers-due", token: archivist).json(Due.self).items.map(\.urgency) == ["overdue"])
        // A specialist does not read the archivist's lists.
        #expect(try await h.call(.get, "/agencies/\(a)/archive/transfers-due", token: keeper).status == .forbidden)
        await h.cleanUp()
    }

    @Test func anotherAgencysDossiersAreNeverVisible() async throws {
        let h = try await ArchiveHarness()
        let a = ArchiveHarness.agency, b = ArchiveHarness.otherAgency
        let (dossier, _) = try await openFromList(h, code: "04.TH")
        let theirDoc = try await h.received()
        let outsider = try await h.token("chuyenvien.stc", [.specialist, .head, .archivist], agency: b)
        #expect(try await h.call(.get, "/agencies/\(a)/dossiers", token: outsider).status == .forbidden)
        #expect(try await h.call(.get, "/agencies/\(a)/dossiers/\(dossier.id)", token: outsider).status == .forbidden)
        #expect(try await h.call(.get, "/agencies/\(b)/dossiers/\(dossier.id)", token: outsider).code == "no_such_dossier")
        #expect(try await h.call(.post, "/agencies/\(b)/dossiers/\(dossier.id)/accept", token: outsider).code == "no_such_dossier")
        struct Page: Decodable { var items: [DossierReply] }
        #expect(try await h.call(.get, "/agencies/\(b)/dossiers", token: outsider).json(Page.self).items.isEmpty)
        #expect(try await h.call(.get, "/agencies/\(b)/archive/queue", token: outsider).json(Page.self).items.isEmpty)
        struct List: Decodable { var items: [Item]; struct Item: Decodable { var id: UUID } }
        #expect(try await h.call(.get, "/agencies/\(b)/file-list?year=\(Self.year)", token: outsider).json(List.self).items.isEmpty)
        // Their own dossier cannot take the other agency's document.
        let own = try await h.call(.post, "/agencies/\(b)/dossiers", token: outsider, json: #"{"code": "01.VP", "title": "Hồ sơ", "permanent": true}"#)
        #expect(own.status == .created, "\(own.text)")
        let ownId = try own.json(DossierReply.self).id
        #expect(try await h.call(.post, "/agencies/\(b)/dossiers/\(ownId)/documents", token: outsider, json: #"{"documentId": "\#(theirDoc)"}"#)
            .code == "no_such_document")
        await h.cleanUp()
    }
}
