import Contracts
import Drawing
import Foundation
import TestSupport
import Testing

@testable import NumberingService

/// A paper document registered from its scan (issue 17.1): a page of Vietnamese text drawn with Pango and rasterised at
/// 300 dpi stands for the scanner's image; Tesseract reads it, numbering numbers it between two electronic documents.
@Suite(.serialized)
struct PaperDocumentTests {
    static let text = [
        "UỶ BAN NHÂN DÂN HUYỆN MƯỜNG LA",
        "Số: 15/UBND-NN",
        "V/v khắc phục hậu quả hạn hán trên địa bàn huyện",
        "Kính gửi: Ủy ban nhân dân tỉnh Sơn La",
        "Thực hiện chỉ đạo của tỉnh, huyện đã rà soát diện tích lúa và ngô bị thiệt hại do hạn hán kéo dài, đề nghị tỉnh hỗ trợ kinh phí sửa chữa các công trình thủy lợi.",
    ]

    static let scan: [UInt8] = try! TextImage.png(text, font: "Liberation Serif 14")

    static func paper(confirm: Bool = false) -> [String: Any] {
        [
            "sender": ["code": "", "name": "Ủy ban nhân dân huyện Mường La"], "codeNumber": "15", "codeNotation": "UBND-NN",
            "promulgationDate": VietnamTime.isoDay(Date().addingTimeInterval(-3 * 86400)), "documentType": "Công văn",
            "subject": "V/v khắc phục hậu quả hạn hán", "signerName": "Lò Văn Tiến", "signerPosition": "Chủ tịch",
            "toPlaces": "UBND tỉnh Sơn La", "pages": [["data": Data(scan).base64EncodedString()]], "confirmDuplicate": confirm,
        ]
    }

    static func json(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    static func pdftotext(_ pdf: [UInt8], layout: Bool = false) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paper-\(UUID()).pdf")
        try Data(pdf).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let child = try ChildProcess("/usr/bin/pdftotext", (layout ? ["-layout"] : []) + [path.path, "-"])
        #expect(try await child.waitForExit() == 0)
        return child.output
    }

    @Test func aScannedPageIsNumberedBetweenElectronicOnesAndFoundByItsText() async throws {
        try await MemoryTurns.take { try await self.aScannedPageIsNumberedBetweenElectronicOnesAndFoundByItsTextInTurn() }
    }

    func aScannedPageIsNumberedBetweenElectronicOnesAndFoundByItsTextInTurn() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let year = VietnamTime.year(of: Date())
        try await h.register(Fixtures.document(1, receivedAt: Date().addingTimeInterval(-60)))

        let reply = try await http.post(base + "/paper", json: try Self.json(Self.paper()))
        #expect(reply.status == .created, "\(reply.text)")
        let paper = try reply.json(RegisterPaper.Result.self)
        try await h.register(Fixtures.document(3, receivedAt: Date()))

        // One sequence: electronic 1, paper 2, electronic 3.
        #expect(paper.entry.number == 2 && paper.entry.year == year && paper.entry.medium == .paper)
        #expect(try await h.numbers(year: year) == [1, 2, 3])
        #expect(paper.wordsRead > 30)
        #expect(paper.entry.signerPosition == "Chủ tịch" && paper.entry.toPlaces == "UBND tỉnh Sơn La" && paper.entry.pageAmount == 1)
        #expect(paper.entry.attachments.map(\.name) == ["trang-1.png"])

        // Found by a word only the scan has ("thủy lợi" is not in the subject), with and without diacritics.
        for q in ["th%E1%BB%A7y%20l%E1%BB%A3i", "thuy%20loi", "cong%20trinh%20thuy"] {
            let found = try await http.get(base + "?q=\(q)").json(IncomingRegisterRoutes.Page.self)
            #expect(found.items.map(\.number) == [2], "q=\(q)")
        }

        // The registered copy: the scan's text selectable under the image, and the ĐẾN stamp with the number.
        let copy = try await http.get(base + "/\(paper.entry.documentId)/document.pdf")
        #expect(copy.status == .ok)
        let copyText = try await Self.pdftotext(copy.body)
        #expect(copyText.contains("ĐẾN") && copyText.contains("Số: 2") && copyText.contains("Chuyển:"))
        #expect(SearchFolding.fold(copyText).contains("cong trinh thuy loi"), "\(copyText)")

        // Routing gets the same two events as for a document from the axis; no edXML id (no status to the sender).
        let events = try await h.database.query("""
            SELECT type, body FROM \(identifier: h.schema).outbox WHERE correlation_id = \(paper.entry.documentId) ORDER BY id
            """).rows.map { (try $0.decode(String.self, "type"), try $0.decode(String.self, "body")) }
        #expect(events.map(\.0) == ["document.received", "document.registered"])
        #expect(events.first?.1.contains("\"edxmlDocumentId\":\"\"") == true)
        await h.cleanUp()
    }

    @Test func theSameDocumentTwiceWarnsTheClerk() async throws {
        try await MemoryTurns.take { try await self.theSameDocumentTwiceWarnsTheClerkInTurn() }
    }

    func theSameDocumentTwiceWarnsTheClerkInTurn() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        let base = "/agencies/\(NumberingHarness.agency)/registers/incoming"
        let first = try await http.post(base + "/paper", json: try Self.json(Self.paper()))
        #expect(first.status == .created)

        let again = try await http.post(base + "/paper", json: try Self.json(Self.paper()))
        #expect(again.status == .conflict)
        #expect(again.text.contains("possible_duplicate") && again.text.contains("1/\(VietnamTime.year(of: Date()))"))
        #expect(try await h.count() == 1)

        let confirmed = try await http.post(base + "/paper", json: try Self.json(Self.paper(confirm: true)))
        #expect(confirmed.status == .created)
        let entry = try confirmed.json(RegisterPaper.Result.self).entry
        #expect(entry.number == 2 && entry.duplicateOf == "1/\(entry.year)")

        // The printed register says it, with the paper and the signature verdict, in Ghi chú.
        let print = try await http.get(base + ".pdf?year=\(entry.year)")
        // A narrow column wraps its cell: the cell's lines read back one after the other.
        let text = try await Self.pdftotext(print.body).replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("Văn bản giấy") && text.contains("Có thể trùng số đến 1/\(entry.year)") && text.contains("Mường La"), "\(text)")
        await h.cleanUp()
    }
}
