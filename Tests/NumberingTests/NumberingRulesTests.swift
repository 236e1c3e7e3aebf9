import Contracts
import Foundation
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// Số đến (Decree 30/2020 art. 22(2)): per agency × register × year, from 1, consecutive, once per document.
@Suite(.serialized)
struct NumberingRulesTests {
    @Test func numbersStartAtOnePerAgencyAndYearAndAreConsecutive() async throws {
        let h = try await NumberingHarness()
        let other = "000.00.00.H53"

        for n in 1...5 { try await h.register(Fixtures.document(n)) }
        try await h.register(Fixtures.document(6), agency: other)
        try await h.register(Fixtures.document(7, receivedAt: Fixtures.vietnam(2027, 1, 5)))
        try await h.register(Fixtures.document(8))

        #expect(try await h.numbers(year: 2026) == [1, 2, 3, 4, 5, 6])
        #expect(try await h.numbers(agency: other, year: 2026) == [1])
        #expect(try await h.numbers(year: 2027) == [1])
        await h.cleanUp()
    }

    @Test func theYearIsTheVietnamYearOfArrival() async throws {
        let h = try await NumberingHarness()
        let lastMinute = Fixtures.vietnam(2026, 12, 31, 23, 59)   // 16:59 UTC on 31/12
        let firstMinute = Fixtures.vietnam(2027, 1, 1, 0, 1)      // 17:01 UTC on 31/12: still 2026 in UTC

        try await h.register(Fixtures.document(1, receivedAt: Fixtures.vietnam(2026, 12, 31, 8)))
        let old = try await h.register(Fixtures.document(2, receivedAt: lastMinute))
        let new = try await h.register(Fixtures.document(3, receivedAt: firstMinute))
        let next = try await h.register(Fixtures.document(4, receivedAt: Fixtures.vietnam(2027, 1, 1, 8)))

        #expect((old.year, old.number) == (2026, 2))
        #expect((new.year, new.number) == (2027, 1))
        #expect((next.year, next.number) == (2027, 2))
        #expect(VietnamTime.isoDay(firstMinute) == "2027-01-01")
        await h.cleanUp()
    }

    @Test func registeringTheSameDocumentAgainKeepsItsNumber() async throws {
        let h = try await NumberingHarness()
        let doc = Fixtures.document(1)

        let first = try await h.register(doc)
        let again = try await h.register(doc)
        let next = try await h.register(Fixtures.document(2))

        #expect(first.number == 1)
        #expect(again.number == 1)
        #expect(next.number == 2)
        #expect(try await h.count() == 2)
        await h.cleanUp()
    }

    @Test func theEntryHoldsEveryRegisterField() async throws {
        let h = try await NumberingHarness()
        let attachment = AttachmentRef(name: "cv-123.pdf", blob: BlobRef(sha256: String(repeating: "b", count: 64), size: 42, mediaType: "application/pdf"))
        let doc = Fixtures.document(3, attachments: [attachment])

        try await h.register(doc)
        let e = try #require(try await h.store.fetch(documentId: doc.documentId, executor: h.database))

        #expect(e.sender == doc.sender)
        #expect(e.codeText == "03/STC-NS")
        #expect(e.promulgationDate == doc.promulgationDate)
        #expect(e.typeAndSubject == "Công văn: Về việc lập dự toán ngân sách năm 2027")
        #expect(e.arrivedAt == doc.receivedAt)
        #expect(e.priority == 3 && e.priorityName == "Hỏa tốc")
        #expect(e.dueDate == doc.dueDate)
        #expect(e.attachments == [attachment])
        #expect(e.packet == doc.packet)
        #expect(e.register == "VBDEN")
        await h.cleanUp()
    }

    @Test(arguments: [
        ("Dự toán NGÂN SÁCH", "du toan ngan sach"), ("Đường  Điện Biên\tPhủ", "duong dien bien phu"),
        ("Sở Giáo dục và Đào tạo", "so giao duc va dao tao"), ("ỦY BAN NHÂN DÂN", "uy ban nhan dan"),
    ])
    func foldingRemovesDiacritics(_ text: String, _ folded: String) {
        #expect(SearchFolding.fold(text) == folded)
    }

    /// The fast table path must fold exactly as the definition does, letter by letter and in running text.
    @Test func fastFoldingAgreesWithTheDefinition() {
        for value in Array(0x20...0x7E) + Array(0x00A0...0x024F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "Ab \(Character(scalar))x  Ỹ"
            #expect(SearchFolding.fold(text) == SearchFolding.slowFold(text), "U+\(String(value, radix: 16))")
        }
        for text in ["  Công văn: Về việc lập dự toán ngân sách nhà nước năm 2027 ", "Quyết định số 12/QĐ-UBND\u{00A0}ngày", "Ωμέγα ß æ"] {
            #expect(SearchFolding.fold(text) == SearchFolding.slowFold(text))
        }
    }
}

/// The Vietnam date is worked out by arithmetic (it runs for every registered document); it agrees with
/// Foundation's calendar in UTC+7 everywhere, the first and last minutes of years and leap days included.
@Test func vietnamDatesAgreeWithTheCalendar() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
    var generator = SystemRandomNumberGenerator()
    var edges: [Date] = []
    for (y, m, d) in [(1970, 1, 1), (1999, 12, 31), (2000, 2, 29), (2024, 2, 29), (2026, 12, 31), (2027, 1, 1), (2100, 3, 1), (1950, 6, 15)] {
        for (h, minute) in [(0, 0), (0, 1), (23, 59), (6, 59), (7, 0)] {
            edges.append(calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: minute))!.addingTimeInterval(0.5))
        }
    }
    let random = (0..<2000).map { _ in Date(timeIntervalSince1970: Double.random(in: -1e9...5e9, using: &generator)) }
    for date in edges + random {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let civil = VietnamTime.civil(date)
        let ours: [Int] = [civil.year, civil.month, civil.day, civil.minuteOfDay]
        let calendars: [Int] = [c.year!, c.month!, c.day!, c.hour! * 60 + c.minute!]
        #expect(ours == calendars, "\(date.timeIntervalSince1970)")
    }
    let day = calendar.date(from: DateComponents(year: 2026, month: 3, day: 5, hour: 9, minute: 7))!
    #expect(VietnamTime.isoDay(day) == "2026-03-05")
    #expect(VietnamTime.displayWithTime(day) == "05/03/2026 09:07")
}
