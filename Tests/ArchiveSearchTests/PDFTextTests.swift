import Foundation
import PDFText
import Testing

/// The poppler wrapper: Vietnamese text comes out whole, the budgets cut, a damaged file is an error.
struct PDFTextTests {
    @Test func extractsVietnameseTextPageByPage() throws {
        let pdf = try Fixtures.pdf(["Quyết định về việc giao đất cho Ủy ban nhân dân xã Chiềng Đông"], pages: 3)
        let out = try PDFText.extract(Data(pdf))
        #expect(out.pageCount == 3 && out.pagesRead == 3 && !out.truncated)
        #expect(out.text.contains("Quyết định về việc giao đất"), "\(out.text)")
        #expect(out.text.contains("Chiềng Đông"))
        #expect(out.text.components(separatedBy: "\u{0C}").count == 3, "pages separated by form feeds")
    }

    @Test func budgetsCutTheText() throws {
        let pdf = Data(try Fixtures.pdf(["Báo cáo tổng kết công tác văn thư lưu trữ năm 2026"], pages: 5))
        let pages = try PDFText.extract(pdf, budget: .init(maxPages: 2))
        #expect(pages.pagesRead == 2 && pages.pageCount == 5 && pages.truncated)
        let chars = try PDFText.extract(pdf, budget: .init(maxCharacters: 10))
        #expect(chars.text.count == 10 && chars.truncated)
        #expect(throws: PDFTextError.tooLarge(bytes: pdf.count, limit: 100)) { try PDFText.extract(pdf, budget: .init(maxBytes: 100)) }
    }

    @Test func aDamagedFileIsAnError() {
        #expect(throws: PDFTextError.self) { try PDFText.extract(Data("%PDF-1.7\nnot really".utf8)) }
        #expect(throws: PDFTextError.self) { try PDFText.extract(Data()) }
    }
}
