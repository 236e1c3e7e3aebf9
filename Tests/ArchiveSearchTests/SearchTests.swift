import Auth
import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import ArchiveService

/// The archive's search through its consumers on the real broker and `GET /search` on the real database: Vietnamese
/// with or without diacritics, PDF text, filters, need to know, agencies, read-your-writes.
@Suite(.serialized)
struct SearchTests {
    @Test func wordsWithoutDiacriticsFindTheDocumentAndDBecomesD() async throws {
        let h = try await ArchiveHarness()
        let task = try await running(h.router())
        let decision = Fixtures.received(1, subject: "Quyết định phê duyệt kế hoạch sử dụng đất đai năm 2027", type: "Quyết định")
        let budget = Fixtures.received(2, subject: "Về việc lập dự toán ngân sách năm 2027")
        for d in [decision, budget] { try await h.publish(d) }
        let after = "\(decision.documentId),\(budget.documentId)"

        let plain = try await h.search(["q": "quyet dinh", "after": after])
        #expect(try plain.page.pending.isEmpty)
        #expect(plain.subjects == [decision.subject], "\(plain.text)")
        #expect(try await h.search(["q": "Quyết định"]).subjects == [decision.subject], "with its diacritics too")
        #expect(try await h.search(["q": "QUYET DINH"]).subjects == [decision.subject], "whatever the case")
        #expect(try await h.search(["q": "dat dai"]).subjects == [decision.subject], "đ is found as d")
        #expect(try await h.search(["q": "đất đai"]).subjects == [decision.subject])
        #expect(try await h.search(["q": "du toan ngan sach"]).subjects == [budget.subject])
        #expect(try await h.search(["q": "nam 2027"]).subjects.count == 2)
        #expect(try await h.search(["q": "dự toán -ngân"]).subjects.isEmpty, "'-word' excludes")
        #expect(try await h.search(["q": "thanh tra"]).subjects.isEmpty, "words in no document find nothing")
        #expect(try await h.search(["q": "02/stc"]).subjects == [budget.subject], "a fragment of the số/ký hiệu")

        // A long số: the index is asked for "1234/" and the whole fragment checked on what it gives.
        let codes = [
            Fixtures.received(1234, subject: "Quyết định số một", notation: "QĐ-UBND"),
            Fixtures.received(1234, subject: "Kế hoạch cùng số", notation: "KH-UBND"),
            Fixtures.received(11234, subject: "Quyết định số dài hơn", notation: "QĐ-UBND"),
        ]
        for d in codes { try await h.publish(d) }
        let fragment = try await h.search(["q": "1234/QĐ-UBND", "after": codes.map(\.documentId.uuidString).joined(separator: ",")])
        #expect(Set(fragment.subjects) == [codes[0].subject, codes[2].subject], "\(fragment.text)")
        #expect(Set(try await h.search(["q": "1234/"]).subjects) == Set(codes.map(\.subject)))
        #expect(try await h.search(["q": "1234/QĐ-UBND-VP"]).subjects.isEmpty)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test func theTextOfThePDFsIsSearchedAndQuoted() async throws {
        let h = try await ArchiveHarness()
        let task = try await running(h.router())
        let pdf = try Fixtures.pdf([
            "ỦY BAN NHÂN DÂN TỈNH SƠN LA",
            "Triển khai phương án phòng, chống lũ quét và sạt lở đất tại huyện Mường La trong mùa mưa bão.",
        ], pages: 2)
        let blob = try await h.blobs.put(pdf, mediaType: "application/pdf")
        let doc = Fixtures.received(
            3, subject: "Về việc chuẩn bị mùa mưa", attachments: [AttachmentRef(name: "congvan.pdf", blob: blob)])
        try await h.publish(doc)

        let page = try await h.search(["q": "lu quet muong la", "after": "\(doc.documentId)"]).page
        #expect(page.items.map(\.documentId) == [doc.documentId], "found by words only in its PDF")
        let snippet = page.items.first?.snippet ?? ""
        #expect(snippet.contains("«lũ»") && snippet.contains("«quét»"), "the snippet quotes the PDF with the words marked: \(snippet)")

        // An outgoing document: the leader's signing request gives its subject, the seal its number and issued PDF.
        let outgoing = UUID()
        let issuedPDF = try await h.blobs.put(try Fixtures.pdf(["Chỉ thị về tăng cường công tác phòng cháy rừng"]), mediaType: "application/pdf")
        try await h.publish(SigningRequested(
            requestId: UUID(), documentId: outgoing, kind: .leader, signer: "vietnd.ubnd", document: issuedPDF, appendices: [],
            reason: "Chỉ thị phòng cháy, chữa cháy rừng năm 2027", documentType: "Chỉ thị", recipients: ["Các sở"], signerName: "Nguyễn Đức Việt"))
        try await h.publish(DocumentSealed(
            requestId: UUID(), documentId: outgoing, sealed: issuedPDF, appendices: [], sealedAt: Fixtures.vietnam(2026, 3, 5),
            number: 5, notation: "CT-UBND", issuedOn: Fixtures.vietnam(2026, 3, 5)))
        let issued = try await h.search(["q": "tang cuong cong tac", "after": "\(outgoing)"]).page
        #expect(issued.pending.isEmpty)
        #expect(issued.items.map(\.reference) == ["05/CT-UBND"])
        #expect(issued.items.first?.direction == "outgoing")
        #expect(try await h.search(["q": "05/CT-UBND"]).page.items.map(\.documentId) == [outgoing])
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    /// The snippet is cut from around the words, wherever they are in a long text (the first 4 000 characters are
    /// searched first, then the rest), and still marks them.
    @Test func theSnippetQuotesWordsDeepInALongText() async throws {
        let h = try await ArchiveHarness()
        let filler = String(repeating: "Ủy ban nhân dân tỉnh Sơn La triển khai kế hoạch năm 2027 của các sở, ban, ngành. ", count: 300)
        let deep = Fixtures.received(4, subject: "Về việc chuẩn bị mùa mưa")
        let early = Fixtures.received(5, subject: "Về việc chuẩn bị mùa khô")
        try await h.catalog.recordReceived(deep, agency: ArchiveHarness.agency, body: DocumentBody(
            text: filler + "Phương án phòng, chống lũ quét tại huyện Mường La. " + filler, files: 1, truncated: false), in: h.database)
        try await h.catalog.recordReceived(early, agency: ArchiveHarness.agency, body: DocumentBody(
            text: "Phương án phòng, chống lũ quét tại huyện Mường La. " + filler, files: 1, truncated: false), in: h.database)
        #expect(filler.count > 20_000)

        let hits = try await h.store.search(SearchQuery(agency: ArchiveHarness.agency, text: "lu quet"), database: h.database)
        #expect(Set(hits.map(\.documentId)) == [deep.documentId, early.documentId])
        for hit in hits {
            let snippet = hit.snippet ?? ""
            #expect(snippet.contains("«lũ» «quét»") && snippet.contains("Mường La"), "\(snippet)")
        }
        await h.cleanUp()
    }

    @Test func theSenderFieldOffersTheAgencysSenders() async throws {
        let h = try await ArchiveHarness()
        let task = try await running(h.router())
        let mine = [
            Fixtures.received(1, subject: "Báo cáo quyết toán", sender: Fixtures.finance),
            Fixtures.received(2, subject: "Báo cáo môi trường", sender: Fixtures.resources),
        ]
        for d in mine { try await h.publish(d) }
        let elsewhere = Organization(code: "000.00.55.H52", name: "Sở Tài chính tỉnh khác")
        try await h.publish(Fixtures.received(3, subject: "Văn bản của cơ quan khác", sender: elsewhere), agency: "000.00.00.H53")
        _ = try await h.search(["after": mine.map(\.documentId.uuidString).joined(separator: ",")])

        func names(_ items: [String: String], token: String? = nil) async throws -> [String] {
            let reply = try await h.get("/search/senders", items, token: token)
            #expect(reply.status == .ok, "\(reply.text)")
            let list = try JSONDecoder().decode(SenderList.self, from: Data(reply.body))
            return list.items.map(\.name)
        }
        #expect(try await eventually(.seconds(10)) { try await names([:]).count == 2 })
        #expect(try await names([:]) == [Fixtures.finance.name, Fixtures.resources.name], "by name without diacritics; not another agency's")
        #expect(try await names(["q": "tai chinh"]) == [Fixtures.finance.name], "without diacritics")
        #expect(try await names(["q": "TÀI NGUYÊN"]) == [Fixtures.resources.name])
        #expect(try await names(["q": Fixtures.resources.code]) == [Fixtures.resources.name], "by its code")
        #expect(try await names(["q": "tai", "limit": "1"]) == [Fixtures.finance.name])
        #expect(try await names(["q": "%"]).isEmpty, "% is a character, not a wildcard")
        let specialist = try await h.token(roles: [.specialist], account: "chuyenvien.ubnd")
        #expect(try await names(["q": "tai"], token: specialist).count == 2)

        #expect(try await h.get("/search/senders", ["limit": "0"]).status == .badRequest)
        let archivist = try await h.token(roles: [.archivist], account: "luutru.ubnd")
        #expect(try await h.get("/search/senders", [:], token: archivist).status == .forbidden)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    /// Two writers, each recording documents of two senders never seen before, in opposite orders: neither waits for
    /// the other (a unique list of senders made the second wait for the first's uncommitted sender, and the two
    /// deadlocked, one of them rolled back and retried).
    @Test func writersOfNewSendersNeverWaitForEachOther() async throws {
        let h = try await ArchiveHarness()
        let s = h.schema
        @Sendable func insert(_ tx: PGTransaction, _ sender: String) async throws {
            _ = try await tx.query("""
                INSERT INTO \(identifier: s).search_documents (document_id, agency, direction, subject, sender_code, sender_name)
                VALUES (\(UUID()), \(ArchiveHarness.agency), 'incoming', 'Về việc thử', \("000.00.\(sender).H52"), \("Sở \(sender)"))
                """)
        }
        async let first: Void = h.database.withTransaction { tx in
            try await insert(tx, "A1")
            try await Task.sleep(for: .milliseconds(400))
            try await insert(tx, "B1")
        }
        async let second: Void = h.database.withTransaction { tx in
            try await Task.sleep(for: .milliseconds(150))
            try await insert(tx, "B1")
            try await Task.sleep(for: .milliseconds(400))
            try await insert(tx, "A1")
        }
        try await first
        try await second
        let names = try await h.store.senders(agency: ArchiveHarness.agency, matching: "sở", limit: 10, executor: h.database)
        #expect(names.map(\.name) == ["Sở A1", "Sở B1"], "each once")
        await h.cleanUp()
    }

    @Test func filtersNarrowTheResults() async throws {
        let h = try await ArchiveHarness()
        let task = try await running(h.router())
        let docs = [
            Fixtures.received(1, subject: "Kế hoạch kiểm tra quyết toán năm 2026", at: Fixtures.vietnam(2026, 3, 2)),
            Fixtures.received(2, subject: "Kế hoạch kiểm tra môi trường", sender: Fixtures.resources, type: "Kế hoạch",
                              notation: "STNMT-MT", at: Fixtures.vietnam(2026, 3, 10)),
            Fixtures.received(3, subject: "Kế hoạch kiểm tra đất đai", sender: Fixtures.resources, at: Fixtures.vietnam(2026, 4, 1)),
        ]
        for d in docs { try await h.publish(d) }
        try await h.publish(DocumentRegistered(documentId: docs[0].documentId, register: "VBDEN", year: 2026, number: 41, registeredAt: Date()))
        try await h.publish(DocumentRegistered(documentId: docs[1].documentId, register: "VBDEN-MAT", year: 2026, number: 7, registeredAt: Date()))
        let after = docs.map(\.documentId.uuidString).joined(separator: ",")
        #expect(try await h.search(["q": "ke hoach kiem tra", "after": after]).subjects.count == 3)
        #expect(try await eventually(.seconds(10)) {
            let special = try await h.search(["register": "VBDEN-MAT"]).subjects
            let main = try await h.search(["register": "VBDEN"]).page.items.map(\.number)
            return special == [docs[1].subject] && main == [41]
        })

        #expect(try await h.search(["q": "ke hoach", "from": "2026-03-05", "to": "2026-03-31"]).subjects == [docs[1].subject])
        #expect(try await h.search(["q": "ke hoach", "sender": "tai nguyen"]).subjects == [docs[2].subject, docs[1].subject], "newest first")
        #expect(try await h.search(["sender": Fixtures.finance.code]).subjects == [docs[0].subject])
        #expect(try await h.search(["q": "kiem tra", "type": "ke hoach"]).subjects == [docs[1].subject], "type without diacritics")
        #expect(try await h.search(["register": "VBDEN"]).page.items.map(\.number) == [41])
        #expect(try await h.search(["q": "ke hoach", "to": "2026-03-01"]).subjects.isEmpty)
        #expect(try await h.search(["q": "ke hoach", "sender": "Sở Tài"]).subjects.count == 3, "both senders' names match")
        #expect(try await h.search(["sender": "Bộ Công an"]).subjects.isEmpty)

        // A sender corrected by a later event is found by its new name and code only (the senders' list follows
        // every write of a row).
        var corrected = docs[0]
        corrected.sender = Organization(code: "000.00.77.H52", name: "Ban Dân tộc tỉnh Sơn La")
        try await h.publish(corrected)
        #expect(try await eventually(.seconds(10)) { try await h.search(["sender": "dan toc"]).subjects == [docs[0].subject] })
        #expect(try await h.search(["sender": "000.00.77.H52"]).subjects == [docs[0].subject])
        #expect(try await h.search(["sender": Fixtures.finance.code]).subjects.isEmpty)

        let bad = try await h.search(["from": "2026-13-01"])
        #expect(bad.status == .badRequest)
        let body = try JSONSerialization.jsonObject(with: Data(bad.body)) as? [String: Any]
        let message = body?["message"] as? [String: String]
        #expect(body?["code"] as? String == "invalid_date", "\(bad.text)")
        #expect(message?["vi"]?.contains("phải là ngày") == true && message?["en"]?.contains("must be a date") == true, "\(bad.text)")
        #expect(try await h.search(["from": "2026-04-01", "to": "2026-03-01"]).status == .badRequest)
        #expect(try await h.search(["limit": "0"]).status == .badRequest)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test func anotherAgencysDocumentsAreNeverFoundAndSpecialistsSeeOnlyTheirs() async throws {
        let h = try await ArchiveHarness()
        let task = try await running(h.router())
        let ours = Fixtures.received(1, subject: "Báo cáo tình hình kinh tế xã hội quý I")
        let mine = Fixtures.received(2, subject: "Báo cáo kết quả thanh tra xây dựng")
        let theirs = Fixtures.received(3, subject: "Báo cáo tình hình kinh tế xã hội tháng 2")
        try await h.publish(ours)
        try await h.publish(mine)
        try await h.publish(theirs, agency: ArchiveHarness.otherAgency)
        let otherClerk = try await h.token(agency: ArchiveHarness.otherAgency, account: "vanthu.dienbien")
        #expect(try await h.search(["q": "bao cao", "after": "\(theirs.documentId)"], token: otherClerk).subjects == [theirs.subject])

        let clerk = try await h.search(["q": "bao cao", "after": "\(ours.documentId),\(mine.documentId),\(theirs.documentId)"], maxWait: .milliseconds(300))
        #expect(clerk.subjects.sorted() == [ours.subject, mine.subject].sorted(), "the other agency's report is not found")
        #expect(try clerk.page.pending == [theirs.documentId], "nor confirmed: it stays pending for this agency")
        // A leader of the other agency who names our document's id learns nothing either.
        #expect(try await h.search(["q": "thanh tra", "after": "\(mine.documentId)"], token: otherClerk, maxWait: .milliseconds(200)).subjects.isEmpty)

        let specialist = try await h.token(roles: [.specialist], account: "lanht.ubnd")
        #expect(try await h.search(["q": "bao cao"], token: specialist).subjects.isEmpty, "nothing assigned yet")
        try await h.publish(TaskAssigned(
            taskId: UUID(), documentId: mine.documentId, assignee: "lanht.ubnd", role: .main, deadline: nil, assignedBy: "hungnv.ubnd", onBehalfOf: nil))
        let assigned = try await h.search(["q": "bao cao", "after": "\(mine.documentId)"], token: specialist)
        #expect(assigned.subjects == [mine.subject])
        let head = try await h.token(roles: [.head], account: "vietnd.ubnd")
        #expect(try await h.search(["q": "bao cao"], token: head).subjects.count == 2, "leaders see the whole agency")
        let operatorToken = try await h.token(roles: [Role.`operator`], account: "vanhanh")
        let refused = try await h.search(["q": "bao cao"], token: operatorToken)
        #expect(refused.status == .forbidden && refused.text.contains("search_not_allowed"), "\(refused.text)")
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    /// The index trails by the consumer's time; `after` makes the search wait for the document just written. The
    /// consumer here takes 800 ms, so a search without the token misses the document and one with it finds it.
    @Test func aDocumentRegisteredAMomentAgoIsFoundAtOnce() async throws {
        let h = try await ArchiveHarness()
        let slow = SlowIndex(inner: RecordReceived(catalog: h.catalog, text: DocumentTextReader(blobs: h.blobs)))
        let task = try await running(h.router(received: slow.untyped))
        let doc = Fixtures.received(9, subject: "Công điện về ứng phó với bão số 3")
        try await h.publish(doc)
        #expect(try await h.search(["q": "cong dien bao so 3"]).subjects.isEmpty, "the index trails: without the token, not yet")
        let started = ContinuousClock.now
        let page = try await h.search(["q": "cong dien bao so 3", "after": "\(doc.documentId)"]).page
        #expect(page.items.map(\.documentId) == [doc.documentId], "with the token it is found in the same request")
        #expect(page.pending.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(4))

        // A document that never comes: the wait ends and the page says what is missing.
        let missing = UUID()
        let late = try await h.search(["q": "cong dien", "after": "\(missing)"], maxWait: .milliseconds(200)).page
        #expect(late.pending == [missing])
        #expect(late.items.count == 1)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }
}

/// `RecordReceived` that takes 800 ms first, as a busy consumer would.
struct SlowIndex: EventHandler {
    let inner: RecordReceived
    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        try await Task.sleep(for: .milliseconds(800))
        return try await inner.handle(event, context: context)
    }
}
