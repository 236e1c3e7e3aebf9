import Foundation
import WorkingDays
import XCTest

/// Year data loaded by an admin: good data is used, bad data is refused with a reason.
final class CalendarDataTests: XCTestCase {
    func testAnAdminLoadsNextYearsAnnouncement() throws {
        let json = #"""
        {"year": 2027, "announced": true, "source": "Thông báo thử nghiệm",
         "holidays": [{"date": "2027-02-05", "name": "Tết Nguyên đán"}, {"date": "2027-02-08", "name": "Tết Nguyên đán"},
                      {"date": "2027-02-09", "name": "Tết Nguyên đán"}, {"date": "2027-02-10", "name": "Tết Nguyên đán"},
                      {"date": "2027-02-11", "name": "Tết Nguyên đán"}, {"date": "2027-02-12", "name": "Nghỉ hoán đổi"}],
         "workingWeekendDays": [{"date": "2027-02-20", "name": "Làm bù"}]}
        """#
        let year = try YearCalendar.decode(json: Data(json.utf8))
        let calendar = WorkingCalendar(years: [year])
        XCTAssertTrue(calendar.calendar(for: 2027).announced)
        XCTAssertEqual(calendar.dayOff(day("2027-02-12")), "Nghỉ hoán đổi")
        XCTAssertTrue(calendar.isWorkingDay(day("2027-02-20")))
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2027-02-04")), day("2027-02-15"))
        // The bundled announced years stay.
        XCTAssertTrue(calendar.calendar(for: 2026).announced)
        XCTAssertFalse(calendar.isWorkingDay(day("2026-02-17")))
        // The standard calendar does not see the upload.
        XCTAssertFalse(WorkingCalendar.standard.calendar(for: 2027).announced)
    }

    func testAnOverrideReplacesABundledYear() {
        var year = WorkingCalendar.standard.calendar(for: 2026)
        year.holidays.append(.init(date: day("2026-11-24"), name: "Ngày Văn hóa Việt Nam"))
        let calendar = WorkingCalendar(years: [year])
        XCTAssertEqual(calendar.dayOff(day("2026-11-24")), "Ngày Văn hóa Việt Nam")
        XCTAssertTrue(WorkingCalendar.standard.isWorkingDay(day("2026-11-24")))
    }

    func testJSONRoundTrip() throws {
        let year = YearCalendar.computedDefault(year: 2030)
        let data = try JSONEncoder().encode(year)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(#""date":"2030-01-01""#))
        let back = try YearCalendar.decode(json: data)
        XCTAssertEqual(back.holidays, year.holidays)
        XCTAssertEqual(back.year, 2030)
        XCTAssertFalse(back.announced)
    }

    func testBadDataIsRefusedWithTheFaultyDay() {
        func refused(_ holidays: String, worked: String = "[]", year: Int = 2027) -> CalendarDataError? {
            let json = #"{"year": \#(year), "announced": true, "holidays": \#(holidays), "workingWeekendDays": \#(worked)}"#
            do {
                _ = try YearCalendar.decode(json: Data(json.utf8))
                return nil
            } catch {
                return error as? CalendarDataError
            }
        }
        XCTAssertEqual(
            refused(#"[{"date": "2026-12-31", "name": "x"}]"#), .dateOutsideYear(day("2026-12-31"), year: 2027))
        XCTAssertEqual(
            refused(#"[{"date": "2027-02-08", "name": "a"}, {"date": "2027-02-08", "name": "b"}]"#),
            .duplicateDay(day("2027-02-08")))
        XCTAssertEqual(
            refused(#"[{"date": "2027-02-20", "name": "a"}]"#, worked: #"[{"date": "2027-02-20", "name": "b"}]"#),
            .offAndWorked(day("2027-02-20")))
        XCTAssertEqual(refused("[]", worked: #"[{"date": "2027-02-19", "name": "b"}]"#), .workedDayNotOnWeekend(day("2027-02-19")))
        XCTAssertEqual(refused(#"[{"date": "2027-02-08", "name": "  "}]"#), .unnamedDay(day("2027-02-08")))
        XCTAssertEqual(refused("[]", year: 0), .yearOutOfRange(0))
        guard case .malformed(let reason)? = refused(#"[{"date": "2027-02-30", "name": "x"}]"#) else {
            return XCTFail("a nonexistent date must be refused")
        }
        XCTAssertTrue(reason.contains("2027-02-30"), reason)
        guard case .malformed? = refused(#"{"not": "a list"}"#) else { return XCTFail("wrong shape must be refused") }
    }

    func testErrorsSpeakVietnameseAndEnglish() {
        let error = CalendarDataError.workedDayNotOnWeekend(day("2027-02-19"))
        XCTAssertEqual(error.code, "calendar_worked_day_not_weekend")
        XCTAssertTrue(error.message.contains("Ngày làm bù 2027-02-19"))
        XCTAssertTrue(error.message.contains("is not a Saturday or Sunday"))
    }
}
