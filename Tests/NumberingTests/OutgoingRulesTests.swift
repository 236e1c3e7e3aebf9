import Contracts
import Foundation
import Testing

@testable import NumberingService

/// Số/ký hiệu formats and series as Decree 30/2020 Phụ lục I writes them.
struct OutgoingRulesTests {
    @Test func notationsAsTheDecreeWritesThem() throws {
        #expect(try Notation.make(type: "Quyết định", agency: "UBND", unit: nil, normative: false, year: 2026) == "QĐ-UBND")
        #expect(try Notation.make(type: "cong van", agency: "UBND", unit: "KT", normative: false, year: 2026) == "UBND-KT")
        #expect(try Notation.make(type: "Quyết định", agency: "UBND", unit: nil, normative: true, year: 2026) == "2026/QĐ-UBND")
        #expect(try Notation.make(type: "Kế hoạch", agency: "UBND", unit: "KT", normative: false, year: 2026) == "KH-UBND")
        #expect(DocumentNumbered.codeText(number: 12, notation: "QĐ-UBND") == "12/QĐ-UBND")
        #expect(DocumentNumbered.codeText(number: 5, notation: "UBND-KT") == "05/UBND-KT")
        #expect(DocumentNumbered.codeText(number: 30, notation: "2026/QĐ-UBND") == "30/2026/QĐ-UBND")
        #expect(throws: Refusal.self) { try Notation.make(type: "Công văn", agency: "UBND", unit: nil, normative: false, year: 2026) }
        #expect(throws: Refusal.self) { try Notation.make(type: "Thư ngỏ", agency: "UBND", unit: nil, normative: false, year: 2026) }
        #expect(Notation.isValidUnit("KT") && Notation.isValidUnit("VX") && !Notation.isValidUnit("K T") && !Notation.isValidUnit(""))
    }

    @Test func seriesFollowTheConfigurationAndNormativeTypesHaveTheirOwn() throws {
        let book = try SeriesBook(parsing: "QD=Quyết định;CV=Công văn;TBKH=Thông báo,Kế hoạch;VB=*")
        #expect(book.series(for: "Quyết định", normative: false).code == "VBDI-QD")
        #expect(book.series(for: "Công văn", normative: false).code == "VBDI-CV")
        #expect(book.series(for: "thong bao", normative: false).code == "VBDI-TBKH")
        #expect(book.series(for: "Kế hoạch", normative: false).code == "VBDI-TBKH")
        #expect(book.series(for: "Báo cáo", normative: false).code == "VBDI-VB")
        #expect(book.series(for: "Quyết định", normative: true).code == "QPPL-QD")
        #expect(book.series(for: "Nghị quyết", normative: true).code == "QPPL-NQ")
        #expect(throws: ConfigProblem.self) { try SeriesBook(parsing: "QD=Quyết định") }  // nothing takes the rest
        #expect(throws: ConfigProblem.self) { try SeriesBook(parsing: "QD=Quyết định;X=Quyết định;VB=*") }
        #expect(throws: ConfigProblem.self) { try SeriesBook(parsing: "qd=Quyết định;VB=*") }
    }
}
