import WorkingDays
import XCTest

/// The Vietnamese lunar calendar (UTC+7) against dates Vietnam actually observed.
final class LunarCalendarTests: XCTestCase {
    typealias Lunar = LunarCalendar.LunarDate

    func testTetDatesAsCelebratedInVietnam() {
        let known: [Int: String] = [
            1968: "1968-01-29",  // a day before China (30/1): why the Tết Offensive began on different nights
            1985: "1985-01-21",  // a whole month before China (20/2/1985)
            2007: "2007-02-17",  // a day before China (18/2/2007)
            2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
            2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26",
            2030: "2030-02-02",  // new moon at 23:07 in Vietnam on 2/2, already 3/2 in China (UTC+8): Tết a day earlier
        ]
        for (year, date) in known {
            XCTAssertEqual(LunarCalendar.tet(year: year), day(date), "Tết \(year)")
            XCTAssertEqual(LunarCalendar.lunar(from: day(date)), Lunar(year: year, month: 1, day: 1), "Tết \(year)")
        }
    }

    func testHungKingsDayIsTenthOfThirdLunarMonth() {
        for (year, date) in [(2021, "2021-04-21"), (2023, "2023-04-29"), (2024, "2024-04-18"), (2025, "2025-04-07"),
                             (2026, "2026-04-26")] {
            XCTAssertEqual(LunarCalendar.solar(from: Lunar(year: year, month: 3, day: 10)), day(date), "Giỗ Tổ \(year)")
        }
    }

    func testLastDaysOfTheOldYearBelongToTheOldLunarYear() {
        // 14/2/2026 is 27 tháng Chạp Ất Tỵ, 22/2/2026 is mùng 6 Bính Ngọ (as the 2026 notice says).
        XCTAssertEqual(LunarCalendar.lunar(from: day("2026-02-14")), Lunar(year: 2025, month: 12, day: 27))
        XCTAssertEqual(LunarCalendar.lunar(from: day("2026-02-16")), Lunar(year: 2025, month: 12, day: 29))
        XCTAssertEqual(LunarCalendar.lunar(from: day("2026-02-22")), Lunar(year: 2026, month: 1, day: 6))
        // 25/1/2025 is 26 tháng Chạp Giáp Thìn (the 2025 notice).
        XCTAssertEqual(LunarCalendar.lunar(from: day("2025-01-25")), Lunar(year: 2024, month: 12, day: 26))
    }

    func testLeapMonths() {
        // 2020: tháng 4 nhuận from 23/5; 2023: tháng 2 nhuận from 22/3; 2025: tháng 6 nhuận from 25/7.
        XCTAssertEqual(LunarCalendar.lunar(from: day("2020-05-23")), Lunar(year: 2020, month: 4, day: 1, isLeapMonth: true))
        XCTAssertEqual(LunarCalendar.lunar(from: day("2020-05-22")), Lunar(year: 2020, month: 4, day: 30))
        XCTAssertEqual(LunarCalendar.lunar(from: day("2023-03-22")), Lunar(year: 2023, month: 2, day: 1, isLeapMonth: true))
        XCTAssertEqual(LunarCalendar.lunar(from: day("2025-07-25")), Lunar(year: 2025, month: 6, day: 1, isLeapMonth: true))
        XCTAssertEqual(LunarCalendar.solar(from: Lunar(year: 2025, month: 6, day: 1, isLeapMonth: true)), day("2025-07-25"))
        XCTAssertEqual(LunarCalendar.solar(from: Lunar(year: 2025, month: 7, day: 1)), day("2025-08-23"))
    }

    func testNonexistentLunarDatesAreNil() {
        // No leap month in 2026; 2025's leap month is the 6th, not the 5th.
        XCTAssertNil(LunarCalendar.solar(from: Lunar(year: 2026, month: 4, day: 1, isLeapMonth: true)))
        XCTAssertNil(LunarCalendar.solar(from: Lunar(year: 2025, month: 5, day: 1, isLeapMonth: true)))
        // Tháng Chạp Ất Tỵ has 29 days (Tết 2026 follows 29 tháng Chạp).
        XCTAssertNil(LunarCalendar.solar(from: Lunar(year: 2025, month: 12, day: 30)))
        XCTAssertNotNil(LunarCalendar.solar(from: Lunar(year: 2025, month: 12, day: 29)))
        XCTAssertNil(LunarCalendar.solar(from: Lunar(year: 2026, month: 13, day: 1)))
        XCTAssertNil(LunarCalendar.solar(from: Lunar(year: 2026, month: 1, day: 0)))
        XCTAssertNil(LunarCalendar.solar(from: Lunar(year: 2026, month: 1, day: 31)))
    }

    func testRoundTripsEveryDayFrom1900To2100() {
        var day = CivilDate(year: 1900, month: 1, day: 31)  // Tết 1900
        let end = CivilDate(year: 2100, month: 12, day: 31)
        var leapMonths = 0
        var previous = LunarCalendar.lunar(from: day.adding(days: -1))
        while day <= end {
            let lunar = LunarCalendar.lunar(from: day)
            XCTAssertEqual(LunarCalendar.solar(from: lunar), day, "\(day) → \(lunar)")
            // Consecutive: the next day of the same month, or day 1 of a new month after day 29 or 30.
            if lunar.day == 1 {
                XCTAssertTrue([29, 30].contains(previous.day), "\(day): month after \(previous)")
            } else {
                XCTAssertEqual(lunar.day, previous.day + 1, "\(day)")
                XCTAssertEqual(lunar.month, previous.month, "\(day)")
            }
            if lunar.isLeapMonth && lunar.day == 1 { leapMonths += 1 }
            previous = lunar
            day = day.adding(days: 1)
            if lunar.day > 30 || lunar.day < 1 { return XCTFail("\(day): \(lunar)") }
        }
        // 7 leap months every 19 years: about 74 in 201 years.
        XCTAssertTrue((72...76).contains(leapMonths), "\(leapMonths) leap months")
    }
}
