import WorkingDays
import XCTest

/// Years not yet announced: the Labour Code's holidays with the lunar ones from the Vietnamese calendar.
final class ComputedDefaultTests: XCTestCase {
    func testTetOf2031ComesFromTheLunarCalendar() {
        let year = YearCalendar.computedDefault(year: 2031)
        XCTAssertFalse(year.announced)
        let tet = LunarCalendar.tet(year: 2031)
        XCTAssertEqual(tet, day("2031-01-23"))
        let tetDays = year.holidays.filter { $0.name == "Tết Nguyên đán" }.map(\.date)
        XCTAssertEqual(tetDays, (-1...3).map { tet.adding(days: $0) })
        // Wednesday 22/1 (last day of Canh Tuất) … Sunday 26/1; Saturday and Sunday compensated Mon 27, Tue 28.
        let calendar = WorkingCalendar.standard
        XCTAssertEqual(
            (21...29).map { calendar.isWorkingDay(CivilDate(year: 2031, month: 1, day: $0)) },
            [true, false, false, false, false, false, false, false, true])
        XCTAssertEqual(calendar.dayOff(day("2031-01-27")), "Nghỉ bù Tết Nguyên đán")
        // Giỗ Tổ 10/3 Tân Hợi.
        let hungKings = LunarCalendar.solar(from: .init(year: 2031, month: 3, day: 10))!
        XCTAssertTrue(year.holidays.contains(.init(date: hungKings, name: "Giỗ Tổ Hùng Vương")))
    }

    func testDefaultFor2026WouldHaveMatchedTheNoticeExceptTheSwaps() {
        let computed = Set(YearCalendar.computedDefault(year: 2026).holidays.map(\.date).filter { !$0.isWeekend })
        let announced = Set(WorkingCalendar.standard.calendar(for: 2026).holidays.map(\.date).filter { !$0.isWeekend })
        // The notice added two swapped days (2/1, 31/8); everything else is the default rule.
        XCTAssertEqual(announced.subtracting(computed), [day("2026-01-02"), day("2026-08-31")])
        XCTAssertEqual(computed.subtracting(announced), [])
    }

    func testNationalDayAdjacentDayAndWeekendCompensation() {
        let calendar = WorkingCalendar.standard
        // 2029: 2/9 on Sunday, 1/9 Saturday: both compensated, Monday 3/9 and Tuesday 4/9.
        XCTAssertEqual(calendar.dayOff(day("2029-09-01")), "Quốc khánh")
        XCTAssertEqual(calendar.dayOff(day("2029-09-03")), "Nghỉ bù Quốc khánh")
        XCTAssertEqual(calendar.dayOff(day("2029-09-04")), "Nghỉ bù Quốc khánh")
        XCTAssertTrue(calendar.isWorkingDay(day("2029-09-05")))
        // 2030: 2/9 on Monday, the adjacent day is Tuesday 3/9.
        XCTAssertEqual(calendar.dayOff(day("2030-09-03")), "Quốc khánh")
        XCTAssertTrue(calendar.isWorkingDay(day("2030-08-30")))
        // 2027: 2/9 on Thursday, the adjacent day is Friday 3/9.
        XCTAssertEqual(calendar.dayOff(day("2027-09-03")), "Quốc khánh")
        XCTAssertTrue(calendar.isWorkingDay(day("2027-09-01")))
        // 2028: New Year's Day on Saturday, compensated on Monday 3/1.
        XCTAssertEqual(calendar.dayOff(day("2028-01-03")), "Nghỉ bù Tết Dương lịch")
    }

    func testEveryComputedYearHasElevenWeekdaysOffAndIsValid() throws {
        for year in 1990...2100 {
            let computed = YearCalendar.computedDefault(year: year)
            XCTAssertNoThrow(try computed.validate(), "\(year)")
            XCTAssertEqual(computed.holidays.filter { !$0.date.isWeekend }.count, 11, "\(year)")
            XCTAssertEqual(computed.holidays.filter { $0.name == "Giỗ Tổ Hùng Vương" }.count, 1, "\(year)")
        }
    }

    func testTheEndsOfTheDateRangeDoNotCrash() {
        let calendar = WorkingCalendar.standard
        XCTAssertEqual(calendar.dayOff(day("0001-01-01")), "Tết Dương lịch")
        XCTAssertTrue(calendar.isWorkingDay(day("9999-12-31")))  // a Friday
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("9999-12-20")).year, 9999)
    }
}
