import WorkingDays
import XCTest

/// The bundled years are exactly what the government announced for civil servants.
final class AnnouncedCalendarTests: XCTestCase {
    let calendar = WorkingCalendar.standard

    func testEveryDayOff2026AsAnnounced() {
        let weekdaysOff = [
            "2026-01-01", "2026-01-02",  // Tết Dương lịch, swapped with Saturday 10/1
            "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",  // Tết Nguyên đán
            "2026-04-27",  // Giỗ Tổ on Sunday 26/4, compensated
            "2026-04-30", "2026-05-01",
            "2026-08-31", "2026-09-01", "2026-09-02",  // Quốc khánh, 31/8 swapped with Saturday 22/8
        ]
        XCTAssertEqual(weekdaysOffAndWeekendsWorked(2026).off, weekdaysOff.map(day))
        XCTAssertEqual(weekdaysOffAndWeekendsWorked(2026).worked, ["2026-01-10", "2026-08-22"].map(day))
        // 261 weekdays in 2026, 13 off, 2 Saturdays worked.
        XCTAssertEqual(calendar.workingDays(from: day("2025-12-31"), to: day("2026-12-31")), 250)
        XCTAssertTrue(calendar.calendar(for: 2026).announced)
    }

    func testBreaksOf2026MatchTheAnnounced25Days() {
        // Tết Dương lịch 1–4/1, Tết 14–22/2, Giỗ Tổ 25–27/4, 30/4–3/5, Quốc khánh 29/8–2/9: 4 + 9 + 3 + 4 + 5 = 25.
        XCTAssertEqual(breaks(2026), [
            "2026-01-01...2026-01-04", "2026-02-14...2026-02-22", "2026-04-25...2026-04-27",
            "2026-04-30...2026-05-03", "2026-08-29...2026-09-02",
        ])
    }

    func testEveryDayOff2025AsAnnounced() {
        let weekdaysOff = [
            "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-07",
            "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02",
        ]
        XCTAssertEqual(weekdaysOffAndWeekendsWorked(2025).off, weekdaysOff.map(day))
        XCTAssertEqual(weekdaysOffAndWeekendsWorked(2025).worked, [day("2025-04-26")])
        // 1 + 9 + 3 + 5 + 4 = 22 days, as reported for 2025.
        XCTAssertEqual(breaks(2025), [
            "2025-01-01...2025-01-01", "2025-01-25...2025-02-02", "2025-04-05...2025-04-07",
            "2025-04-30...2025-05-04", "2025-08-30...2025-09-02",
        ])
    }

    func testDaysOffAreNamed() {
        XCTAssertEqual(calendar.dayOff(day("2026-01-01")), "Tết Dương lịch")
        XCTAssertEqual(calendar.dayOff(day("2026-02-17")), "Tết Nguyên đán")
        XCTAssertEqual(calendar.dayOff(day("2026-02-14")), "Thứ Bảy")
        XCTAssertEqual(calendar.dayOff(day("2026-02-22")), "Chủ nhật")
        XCTAssertEqual(calendar.dayOff(day("2026-04-26")), "Giỗ Tổ Hùng Vương")
        XCTAssertEqual(calendar.dayOff(day("2026-04-27")), "Nghỉ bù Giỗ Tổ Hùng Vương")
        XCTAssertEqual(calendar.dayOff(day("2026-09-02")), "Quốc khánh")
        XCTAssertTrue(calendar.dayOff(day("2026-08-31"))?.contains("hoán đổi") == true)
        XCTAssertNil(calendar.dayOff(day("2026-01-10")))  // a Saturday worked
        XCTAssertNil(calendar.dayOff(day("2026-02-23")))
    }

    func testBundledFilesAreValidAndSayWhereTheyComeFrom() throws {
        let years = try WorkingCalendar.bundledYears()
        XCTAssertEqual(years.map(\.year), [2025, 2026])
        for year in years {
            XCTAssertTrue(year.announced)
            XCTAssertFalse(year.source?.isEmpty ?? true, "\(year.year) has no source")
            XCTAssertNoThrow(try year.validate())
        }
        XCTAssertTrue(years[1].source?.contains("12729/VPCP-KGVX") == true)
    }

    // MARK: Helpers

    private func daysOf(_ year: Int) -> [CivilDate] {
        var days: [CivilDate] = []
        var d = CivilDate(year: year, month: 1, day: 1)
        while d.year == year {
            days.append(d)
            d = d.adding(days: 1)
        }
        return days
    }

    private func weekdaysOffAndWeekendsWorked(_ year: Int) -> (off: [CivilDate], worked: [CivilDate]) {
        let days = daysOf(year)
        return (days.filter { !$0.isWeekend && !calendar.isWorkingDay($0) }, days.filter { $0.isWeekend && calendar.isWorkingDay($0) })
    }

    /// Runs of consecutive days off that contain a holiday (weekends alone are not breaks).
    private func breaks(_ year: Int) -> [String] {
        var result: [String] = []
        var run: [CivilDate] = []
        func close() {
            if run.contains(where: { !["Thứ Bảy", "Chủ nhật"].contains(calendar.dayOff($0)!) }) {
                result.append("\(run.first!)...\(run.last!)")
            }
            run = []
        }
        for d in daysOf(year) {
            if calendar.isWorkingDay(d) { close() } else { run.append(d) }
        }
        close()
        return result
    }
}
