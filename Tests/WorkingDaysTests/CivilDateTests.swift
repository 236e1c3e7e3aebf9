import Foundation
import WorkingDays
import XCTest

/// A day in Vietnam: parsing, JSON form, arithmetic, weekdays and the UTC+7 boundaries.
final class CivilDateTests: XCTestCase {
    func testParsesAndPrintsIsoDates() {
        XCTAssertEqual(CivilDate("2026-02-16"), CivilDate(year: 2026, month: 2, day: 16))
        XCTAssertEqual(CivilDate(year: 2026, month: 2, day: 16).description, "2026-02-16")
        XCTAssertEqual(CivilDate(year: 987, month: 1, day: 5).description, "0987-01-05")
        XCTAssertEqual(CivilDate("2024-02-29"), CivilDate(year: 2024, month: 2, day: 29))
    }

    func testRefusesMalformedOrNonexistentDates() {
        for bad in ["2025-02-29", "2026-13-01", "2026-04-31", "2026-2-16", "26-02-16", "2026/02/16", "2026-02-16T00:00",
                    " 2026-02-16", "2026-02-1a", "", "2026-00-10", "0000-01-01"] {
            XCTAssertNil(CivilDate(bad), bad)
        }
    }

    func testEncodesAsPlainStringInJSON() throws {
        let date = CivilDate(year: 2026, month: 9, day: 2)
        XCTAssertEqual(String(decoding: try JSONEncoder().encode([date]), as: UTF8.self), #"["2026-09-02"]"#)
        XCTAssertEqual(try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-09-02"]"#.utf8)), [date])
    }

    func testDecodingABadDateSaysWhy() {
        XCTAssertThrowsError(try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8))) { error in
            XCTAssertTrue("\(error)".contains("yyyy-MM-dd"), "\(error)")
            XCTAssertTrue("\(error)".contains("2026-02-30"), "\(error)")
        }
    }

    func testWeekdaysAreIso() {
        XCTAssertEqual(CivilDate(year: 2026, month: 2, day: 16).weekday, 1)  // Monday
        XCTAssertEqual(CivilDate(year: 2026, month: 1, day: 1).weekday, 4)  // Thursday
        XCTAssertEqual(CivilDate(year: 2026, month: 4, day: 26).weekday, 7)  // Sunday
        XCTAssertEqual(CivilDate(year: 2000, month: 1, day: 1).weekday, 6)  // Saturday
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1).weekday, 4)  // Thursday
    }

    func testAddingDaysCrossesMonthsYearsAndLeapDays() {
        let d = CivilDate(year: 2024, month: 2, day: 28)
        XCTAssertEqual(d.adding(days: 1), CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(d.adding(days: 2), CivilDate(year: 2024, month: 3, day: 1))
        XCTAssertEqual(CivilDate(year: 2025, month: 12, day: 31).adding(days: 1), CivilDate(year: 2026, month: 1, day: 1))
        XCTAssertEqual(CivilDate(year: 2026, month: 1, day: 1).adding(days: -1), CivilDate(year: 2025, month: 12, day: 31))
        XCTAssertEqual(CivilDate(year: 2025, month: 1, day: 1).adding(days: 365), CivilDate(year: 2026, month: 1, day: 1))
        XCTAssertEqual(CivilDate(year: 1900, month: 2, day: 28).adding(days: 1), CivilDate(year: 1900, month: 3, day: 1))
        XCTAssertEqual(CivilDate(year: 2025, month: 1, day: 1).days(to: CivilDate(year: 2026, month: 1, day: 1)), 365)
    }

    func testOrdering() {
        XCTAssertLessThan(CivilDate(year: 2025, month: 12, day: 31), CivilDate(year: 2026, month: 1, day: 1))
        XCTAssertLessThan(CivilDate(year: 2026, month: 1, day: 31), CivilDate(year: 2026, month: 2, day: 1))
        XCTAssertLessThan(CivilDate(year: 2026, month: 2, day: 1), CivilDate(year: 2026, month: 2, day: 2))
    }

    func testTheDayIsTheDayInVietnamNotInUTC() {
        // 16:59:59 UTC is 23:59:59 in Vietnam, 17:00 UTC is already midnight of the next day.
        let lastSecond = utc("2026-02-13T16:59:59Z")
        XCTAssertEqual(CivilDate.inVietnam(lastSecond), CivilDate(year: 2026, month: 2, day: 13))
        XCTAssertEqual(CivilDate.inVietnam(lastSecond.addingTimeInterval(1)), CivilDate(year: 2026, month: 2, day: 14))
        // 20:00 UTC on 31/12 is already New Year's Day in Vietnam.
        XCTAssertEqual(CivilDate.inVietnam(utc("2025-12-31T20:00:00Z")), CivilDate(year: 2026, month: 1, day: 1))
        // Before 1970 too (negative timestamps).
        XCTAssertEqual(CivilDate.inVietnam(utc("1968-01-30T16:59:00Z")), CivilDate(year: 1968, month: 1, day: 30))
        XCTAssertEqual(CivilDate.inVietnam(utc("1968-01-30T17:00:00Z")), CivilDate(year: 1968, month: 1, day: 31))
    }

    func testStartInVietnamIsSeventeenHundredUTCOfThePreviousDay() {
        XCTAssertEqual(CivilDate(year: 2026, month: 2, day: 14).startInVietnam, utc("2026-02-13T17:00:00Z"))
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1).startInVietnam, utc("1969-12-31T17:00:00Z"))
        let day = CivilDate(year: 2026, month: 9, day: 2)
        XCTAssertEqual(CivilDate.inVietnam(day.startInVietnam), day)
        XCTAssertEqual(CivilDate.inVietnam(day.startInVietnam.addingTimeInterval(-1)), day.adding(days: -1))
    }
}

/// An instant from an ISO 8601 UTC timestamp; shared by the suites.
func utc(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("bad timestamp in test: \(text)") }
    return date
}

func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso) else { fatalError("bad date in test: \(iso)") }
    return date
}
