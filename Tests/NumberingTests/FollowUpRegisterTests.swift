import Contracts
import Foundation
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// The follow-up register (sổ theo dõi giải quyết văn bản đến), the printed registers' cover and closing a period
/// (issue 17.2): each column read back with `pdftotext`.
@Suite(.serialized)
struct FollowUpRegisterTests {
    /// Two March documents: the first handed over with a deadline, received, and answered by an issued outgoing
    /// document; the second never handed over, its own deadline passed.
    func seeded() async throws -> (NumberingHarness, HTTPHarness, [IncomingEntry]) {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let a = try await h.register(Fixtures.document(1, subject: "Về việc lập dự toán ngân sách năm 2027", receivedAt: Fixtures.vietnam(2026, 3, 2)))
        // The second came with a digital signature intake verified (its signer's certificate subject).
        var signed = Fixtures.document(2, sender: Fixtures.education, subject: "Kế hoạch tuyển sinh", receivedAt: Fixtures.vietnam(2026, 3, 3))
        signed.signer = "CN=Sở Giáo dục và Đào tạo tỉnh Sơn La"
        let b = try await h.register(signed)
        let (store, outgoing, agency) = (h.store, OutgoingRegisterStore(schema: h.schema), NumberingHarness.agency)
        let answer = UUID()
        try await h.database.withTransaction { tx in
            try await store.recordHandedOver(
                a.documentId, agency: agency, to: "lanht.ubnd", at: Fixtures.vietnam(2026, 3, 2, 10),
                deadline: Fixtures.vietnam(2026, 3, 13, 17), in: tx)
            try await store.recordReceipt(a.documentId, agency: agency, by: "lanht.ubnd", text: "lanht.ubnd đã nhận", in: tx)
            try await outgoing.recordRequested(
                SigningRequested(
                    requestId: UUID(), documentId: answer, kind: .leader, signer: "vietnd.ubnd",
                    document: BlobRef(sha256: String(repeating: "b", count: 64), size: 10, mediaType: "application/pdf"),
                    appendices: [], reason: "Trả lời về dự toán", documentType: "Công văn", recipients: ["000.00.01.H52"],
                    answers: a.documentId),
                agency: agency, in: tx)
            let n = try await outgoing.take(
                document: answer, agency: agency, register: "VBDI-CV", notation: { _ in "UBND-KT" }, now: Fixtures.vietnam(2026, 3, 10),
                by: "vanthu.ubnd", unit: "KT", in: tx)
            _ = try await outgoing.recordSealed(
                DocumentSealed(
                    requestId: UUID(), documentId: answer,
                    sealed: BlobRef(sha256: String(repeating: "c", count: 64), size: 10, mediaType: "application/pdf"),
                    appendices: [], sealedAt: Fixtures.vietnam(2026, 3, 10, 15), number: n.number, notation: n.notation),
                agency: agency, in: tx)
        }
        return (h, http, [a, b])
    }

    @Test func theFollowUpRegisterPrintsEveryColumnWithItsCover() async throws {
        let (h, http, _) = try await seeded()
        let reply = try await http.get("/agencies/\(NumberingHarness.agency)/registers/follow-up.pdf?from=2026-03-01&to=2026-03-31")
        #expect(reply.status == .ok)
        let text = try await PaperDocumentTests.pdftotext(reply.body)
        let pages = text.components(separatedBy: "\u{0C}")

        // The cover: agency, register, period, first and last entries.
        #expect(pages[0].contains("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN") && pages[0].contains("Từ ngày 01/03/2026 đến ngày 31/03/2026"))
        #expect(pages[0].contains("Bắt đầu: số 1 ngày 02/03/2026") && pages[0].contains("Kết thúc: số 2 ngày 03/03/2026"))
        // Cells wrap (a line may break after "/"): their lines read back one after the other.
        let table = pages.dropFirst().joined().replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "/ ", with: "/")
        for column in ["Số đến", "cơ quan ban hành", "Đơn vị hoặc người nhận", "Thời hạn giải quyết", "Tiến độ giải quyết",
                       "Số, ký hiệu văn bản trả lời", "Ghi chú"] {
            #expect(table.contains(column), "\(column)")
        }
        #expect(table.contains("Công văn số 01/STC-NS ngày 27/02/2026 của Sở Tài chính tỉnh Sơn La"))
        #expect(table.contains("lanht.ubnd"))
        #expect(table.contains("13/03/2026"))  // the handler's deadline, not the document's (20/03)
        #expect(table.contains("Đã trả lời bằng văn bản số 01/UBND-KT ngày 10/03/2026"))
        #expect(table.contains("Quá hạn — chưa giao xử lý"))  // the second: its own deadline 20/03/2026 passed
        #expect(table.contains("Khẩn"))  // Ghi chú: the first document's urgency

        let csv = try await http.get("/agencies/\(NumberingHarness.agency)/registers/follow-up.csv?from=2026-03-01&to=2026-03-31")
        let rows = RegisterCSV.parse(csv.text)
        #expect(rows.count == 3 && rows[0].count == 7)
        #expect(rows[1][0] == "1" && rows[1][2] == "lanht.ubnd" && rows[1][3] == "13/03/2026" && rows[1][5] == "01/UBND-KT")
        // Ghi chú: the verdict on each document's digital signature, as intake found it.
        #expect(rows[1][6].contains("Không có chữ ký số"))
        #expect(rows[2][6].contains("Chữ ký số hợp lệ: CN=Sở Giáo dục và Đào tạo tỉnh Sơn La"))
        await h.cleanUp()
    }

    @Test func theIncomingRegisterPrintsACover() async throws {
        let (h, http, _) = try await seeded()
        let reply = try await http.get("/agencies/\(NumberingHarness.agency)/registers/incoming.pdf?year=2026")
        let pages = try await PaperDocumentTests.pdftotext(reply.body).components(separatedBy: "\u{0C}")
        #expect(pages[0].contains("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN") && pages[0].contains("Năm 2026") && pages[0].contains("ỦY BAN NHÂN DÂN"))
        #expect(pages[0].contains("Bắt đầu: số 1 ngày 02/03/2026") && pages[0].contains("Kết thúc: số 2 ngày 03/03/2026"))
        #expect(pages[1].contains("Trang 1/1"))
        await h.cleanUp()
    }

    @Test func aClosedPeriodNoLongerChanges() async throws {
        let (h, http, entries) = try await seeded()
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let today = VietnamTime.isoDay(Date())
        let refused = try await http.post(base + "/close", json: Data(#"{"from":"2026-03-01","to":"\#(today)"}"#.utf8))
        #expect(refused.status == .conflict && refused.text.contains("period_not_over"))

        let closed = try await http.post(base + "/close", json: Data(#"{"from":"2026-03-01","to":"2026-03-31"}"#.utf8))
        #expect(closed.status == .ok, "\(closed.text)")
        let result = try closed.json(ClosePeriod.Result.self)
        #expect(result.lines == 2 && result.firstNumber == "1/2026" && result.lastNumber == "2/2026")

        // A later hand-over is not written into the closed line, and no statement can change it.
        let (store, agency, b) = (h.store, NumberingHarness.agency, entries[1])
        try await h.database.withTransaction { tx in
            try await store.recordHandedOver(b.documentId, agency: agency, to: "hoangvt.ubnd", at: Date(), in: tx)
        }
        let after = try await http.get(base + "/\(b.documentId)").json(IncomingEntry.self)
        #expect(after.recipient == nil && after.closedAt != nil)
        await #expect(throws: (any Error).self) {
            try await h.database.query("UPDATE \(identifier: h.schema).incoming_entries SET subject = 'sửa' WHERE document_id = \(b.documentId)")
        }
        await h.cleanUp()
    }

    /// A document from the axis that arrived in March but reaches the register after March is closed (replayed from the
    /// dead letters, say): not dropped, not written into the bound period, but entered on today's open page with the
    /// day it really arrived in Ghi chú; a redelivery keeps its number; a day outside the closed period is unchanged.
    @Test func aDocumentArrivingForAClosedPeriodGoesOnTodaysPageWithANote() async throws {
        let (h, http, _) = try await seeded()
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let closed = try await http.post(base + "/close", json: Data(#"{"from":"2026-03-01","to":"2026-03-31"}"#.utf8))
        #expect(closed.status == .ok, "\(closed.text)")

        let late = Fixtures.document(7, receivedAt: Fixtures.vietnam(2026, 3, 15, 9, 30))
        let entry = try await h.register(late)
        let (today, year) = (VietnamTime.isoDay(Date()), VietnamTime.year(of: Date()))
        #expect(VietnamTime.isoDay(entry.arrivedAt) == today && entry.year == year)
        let read = try await http.get(base + "/\(late.documentId)").json(IncomingEntry.self)
        #expect(read.closedAt == nil && read.note?.contains("Đến ngày 15/03/2026 09:30, khi kỳ 01/03/2026 – 31/03/2026 đã khóa sổ") == true,
                "\(read.note ?? "")")
        #expect(read.remarks.contains("vào sổ ngày \(VietnamTime.display(Date()))"))
        // Nothing entered in the closed period after it was closed.
        let inMarch = try await h.database.query("""
            SELECT count(*) AS n FROM \(identifier: h.schema).incoming_entries
            WHERE arrival_day BETWEEN '2026-03-01' AND '2026-03-31' AND closed_at IS NULL
            """).rows[0].decode(Int.self, "n")
        #expect(inMarch == 0)
        // Delivered again: the same line, no second number.
        #expect(try await h.register(late).number == entry.number)
        #expect(try await h.count() == 3)

        // April is open: a document of April keeps its day.
        let april = try await h.register(Fixtures.document(8, receivedAt: Fixtures.vietnam(2026, 4, 2)))
        #expect(VietnamTime.isoDay(april.arrivedAt) == "2026-04-02" && april.note == nil)
        await h.cleanUp()
    }
}
