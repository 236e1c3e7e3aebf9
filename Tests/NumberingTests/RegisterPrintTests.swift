import Contracts
import Foundation
import TestSupport
import Testing

@testable import NumberingService

/// The printed register: PDF read back with `pdftotext -layout`, CSV read back with a CSV parser.
@Suite(.serialized)
struct RegisterPrintTests {
    static let tricky = "Về việc \"khẩn\" rà soát, bổ sung\ndự toán"

    /// 45 documents of March 2026 (enough for several pages), one with quotes, a comma and a line break.
    func seeded() async throws -> (NumberingHarness, HTTPHarness, [DocumentReceived]) {
        let h = try await NumberingHarness()
        var docs = (1...44).map {
            Fixtures.document($0, sender: $0 % 3 == 0 ? Fixtures.education : Fixtures.finance,
                              subject: "Về việc lập dự toán ngân sách năm 2027, lần \($0)", receivedAt: Fixtures.vietnam(2026, 3, 1 + $0 % 28))
        }
        docs.append(Fixtures.document(45, subject: Self.tricky, receivedAt: Fixtures.vietnam(2026, 3, 30)))
        docs.append(Fixtures.document(46, subject: "Ngoài kỳ in", receivedAt: Fixtures.vietnam(2026, 4, 2)))
        for d in docs { try await h.register(d) }
        return (h, try HTTPHarness(h), docs)
    }

    func pdftotext(_ pdf: [UInt8]) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("so-den-\(UUID()).pdf")
        try Data(pdf).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let child = try ChildProcess("/usr/bin/pdftotext", ["-layout", path.path, "-"])
        #expect(try await child.waitForExit() == 0)
        return child.output
    }

    @Test func pdfReadsBackWithTheRowsAndCorrectVietnamese() async throws {
        let (h, http, _) = try await seeded()

        let reply = try await http.get("/agencies/\(NumberingHarness.agency)/registers/incoming.pdf?from=2026-03-01&to=2026-03-31")
        #expect(reply.status == .ok)
        #expect(reply.headers[.contentType] == "application/pdf")
        #expect(reply.body.starts(with: Array("%PDF-".utf8)))
        let text = try await pdftotext(reply.body)

        #expect(text.contains("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"))
        #expect(text.contains("ỦY BAN NHÂN DÂN TỈNH SƠN LA"))
        #expect(text.contains("Từ ngày 01/03/2026 đến ngày 31/03/2026"))
        #expect(text.contains("Tên loại và trích yếu nội dung"))
        #expect(text.contains("Sở Tài chính"))
        #expect(text.contains("Sở Giáo dục và Đào tạo"))
        #expect(text.contains("dự toán ngân sách"))
        #expect(text.contains("Công văn: Về việc lập dự toán"))
        #expect(text.contains("Nguyễn") == false)  // signer is not a column of the incoming register
        let sheets = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        // The cover first (issue 17.2): the register, its period, its first and last entries; then the table's pages.
        #expect(sheets.first?.contains("Bắt đầu: số 1 ngày") == true && sheets.first?.contains("Kết thúc: số 45 ngày 30/03/2026") == true)
        let pages = Array(sheets.dropFirst())
        #expect(pages.count >= 2)
        // The header row on every page.
        #expect(pages.allSatisfy { $0.contains("Tác giả") && $0.contains("Tên loại và trích yếu nội dung") && $0.contains("Ghi chú") })
        #expect(text.contains("Trang 1/\(pages.count)") && text.contains("Trang \(pages.count)/\(pages.count)"))
        for n in [1, 17, 45] { #expect(text.range(of: "(?m)^\\s*\(n)\\s", options: .regularExpression) != nil, "row \(n)") }
        #expect(!text.contains("Ngoài kỳ in"))
        await h.cleanUp()
    }

    @Test func pdfEmbedsFontSubsets() async throws {
        let sheet = RegisterSheet(
            agencyName: "Ủy ban nhân dân tỉnh Sơn La", agencyCode: NumberingHarness.agency, fromDay: "2026-01-01",
            toDay: "2026-12-31", entries: [])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fonts-\(UUID()).pdf")
        try Data(try await RegisterPDF.render(sheet)).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let child = try ChildProcess("/usr/bin/pdffonts", [path.path])
        #expect(try await child.waitForExit() == 0)

        let fonts = child.output.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        #expect(fonts.allSatisfy { $0.contains("+") && $0.contains(" yes yes ") }, "\(child.output)")  // subset, embedded
        #expect(sheet.period == "Năm 2026")
    }

    @Test func csvRoundTripsEveryField() async throws {
        let (h, http, docs) = try await seeded()

        let reply = try await http.get("/agencies/\(NumberingHarness.agency)/registers/incoming.csv?from=2026-03-01&to=2026-03-31")
        #expect(reply.status == .ok)
        #expect(reply.body.starts(with: [0xEF, 0xBB, 0xBF]))  // UTF-8 BOM for Excel
        let rows = RegisterCSV.parse(reply.text)

        #expect(rows.first == RegisterSheet.headers)
        #expect(rows.count == 46)
        let entries = try await h.store.search(RegisterFilter(agency: NumberingHarness.agency, toDay: "2026-03-31", newestFirst: false), executor: h.database).entries
        #expect(Array(rows.dropFirst()) == entries.map(RegisterSheet.cells))
        let last = try #require(rows.last)
        #expect(last[0] == "45" && last[1] == "30/03/2026" && last[5] == "Công văn: " + Self.tricky)
        #expect(last[2] == docs[44].sender.name && last[3] == "45/STC-NS" && last[4] == "27/02/2026")
        await h.cleanUp()
    }
}
