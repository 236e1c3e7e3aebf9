import XCTest

@testable import WebSite

/// What the outgoing pages write themselves: the số, ký hiệu as the document carries it, the day numbering gives
/// (a calendar day, not an instant), and which types ask the clerk for the drafting unit.
final class OutgoingPagesTests: XCTestCase {
    func testNumberAndNotationHaveALeadingZeroBelowTen() {
        XCTAssertEqual(WebSite.codeText(["number": 5, "notation": "UBND-KT"]), "05/UBND-KT")
        XCTAssertEqual(WebSite.codeText(["number": 125, "notation": "QĐ-UBND"]), "125/QĐ-UBND")
    }

    func testIssuedOnIsShownAsTheSameCalendarDay() {
        // A plain day must not move by the time zone (2026-03-16 read as UTC midnight would still be the 16th in
        // Vietnam, but the day before in a zone west of UTC): it is only rewritten.
        XCTAssertEqual(VietnamDates.day(iso: "2026-03-16"), "16/03/2026")
        XCTAssertEqual(VietnamDates.day(iso: "2026-03-15T17:30:00Z"), "16/03/2026")
    }

    func testOnlyAnOfficialLetterAsksForTheUnit() {
        XCTAssertTrue(WebSite.isOfficialLetter("Công văn"))
        XCTAssertTrue(WebSite.isOfficialLetter("công văn"))
        XCTAssertFalse(WebSite.isOfficialLetter("Quyết định"))
        XCTAssertFalse(WebSite.isOfficialLetter("Kế hoạch"))
    }

    func testDeadLetterStatesInVietnamese() {
        XCTAssertEqual(WebSite.deadLetterState("dead"), "Đang chờ xử lý")
        XCTAssertEqual(WebSite.deadLetterState("discarded"), "Đã hủy")
    }
}
