import Foundation
import WorkingDays
import XCTest

/// Deadlines in working days across the holidays, as a handler of a document relies on them.
final class DeadlineTests: XCTestCase {
    let calendar = WorkingCalendar.standard

    func testDeadlineAcrossTet2026() {
        // Assigned Thursday 12/2/2026 10:00 in Vietnam, 5 working days: Fri 13/2, then the break 14–22/2,
        // then Mon 23 … Thu 26/2.
        let deadline = calendar.deadline(assignedAt: utc("2026-02-12T03:00:00Z"), workingDays: 5)
        XCTAssertEqual(deadline, utc("2026-02-26T17:00:00Z"))
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2026-02-13")), day("2026-02-23"))
        XCTAssertEqual(calendar.workingDays(from: day("2026-02-13"), to: day("2026-02-23")), 1)
        XCTAssertEqual(calendar.workingDays(from: day("2026-02-01"), to: day("2026-02-28")), 15)
    }

    func testDeadlineAcrossHungKingsAnd30April2026() {
        // Fri 24/4 + 1: Monday 27/4 compensates Giỗ Tổ (Sunday 26/4).
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2026-04-24")), day("2026-04-28"))
        // Tue 28/4 + 3: Wed 29/4, (30/4, 1/5, weekend), Mon 4/5, Tue 5/5.
        XCTAssertEqual(calendar.addingWorkingDays(3, to: day("2026-04-28")), day("2026-05-05"))
        XCTAssertEqual(
            calendar.deadline(assignedAt: utc("2026-04-28T02:00:00Z"), workingDays: 3), utc("2026-05-05T17:00:00Z"))
    }

    func testDeadlineAcross30AprilOfAComputedYear() {
        // 2028 is not announced: 30/4 is a Sunday, compensated on Tuesday 2/5 (1/5 is the Monday).
        XCTAssertFalse(calendar.calendar(for: 2028).announced)
        XCTAssertEqual(calendar.dayOff(day("2028-05-01")), "Ngày Quốc tế Lao động")
        XCTAssertEqual(calendar.dayOff(day("2028-05-02")), "Nghỉ bù Ngày Chiến thắng")
        XCTAssertEqual(calendar.addingWorkingDays(2, to: day("2028-04-28")), day("2028-05-04"))
        XCTAssertEqual(
            calendar.deadline(assignedAt: utc("2028-04-28T08:00:00Z"), workingDays: 2), utc("2028-05-04T17:00:00Z"))
    }

    func testDeadlineAcrossNationalDay2026() {
        // Fri 28/8 + 2: the break 29/8–2/9 (31/8 swapped), then Thu 3/9 and Fri 4/9.
        XCTAssertEqual(calendar.addingWorkingDays(2, to: day("2026-08-28")), day("2026-09-04"))
        XCTAssertEqual(calendar.workingDays(from: day("2026-08-28"), to: day("2026-09-03")), 1)
    }

    func testAnnouncedMakeUpSaturdayIsAWorkingDay() {
        // Fri 21/8/2026 + 1 is the make-up Saturday 22/8; Fri 9/1/2026 + 1 is Saturday 10/1.
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2026-08-21")), day("2026-08-22"))
        XCTAssertEqual(
            calendar.deadline(assignedAt: utc("2026-08-21T02:00:00Z"), workingDays: 1), utc("2026-08-22T17:00:00Z"))
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2026-01-09")), day("2026-01-10"))
        // And the ordinary Saturday after it is not.
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2026-01-16")), day("2026-01-19"))
    }

    func testAMadeUpWorkingSaturdayLoadedByAnAdminCounts() throws {
        var year = calendar.calendar(for: 2031)
        year.workingWeekendDays.append(.init(date: day("2031-03-15"), name: "Làm bù (thử nghiệm)"))
        let custom = WorkingCalendar(years: [year])
        XCTAssertEqual(day("2031-03-15").weekday, 6)
        XCTAssertEqual(custom.addingWorkingDays(1, to: day("2031-03-14")), day("2031-03-15"))
        XCTAssertEqual(custom.workingDays(from: day("2031-03-13"), to: day("2031-03-17")), 3)
        // The standard calendar is unchanged.
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2031-03-14")), day("2031-03-17"))
    }

    func testDeadlineIsMidnightInVietnamThatIs1700UTC() {
        // Assigned at 20:00 UTC on Monday 2/3/2026 = Tuesday 3/3 03:00 in Vietnam: counting starts on Wednesday 4/3.
        let deadline = calendar.deadline(assignedAt: utc("2026-03-02T20:00:00Z"), workingDays: 1)
        XCTAssertEqual(deadline, utc("2026-03-04T17:00:00Z"))
        XCTAssertEqual(CivilDate.inVietnam(deadline.addingTimeInterval(-1)), day("2026-03-04"))
        XCTAssertEqual(CivilDate.inVietnam(deadline), day("2026-03-05"))
    }

    func testAssignmentOnADayOffCountsFromTheNextDay() {
        // Assigned on Sunday 15/2 (during Tết): 1 working day is Monday 23/2.
        XCTAssertEqual(calendar.addingWorkingDays(1, to: day("2026-02-15")), day("2026-02-23"))
    }

    func testZeroAndNegativeWorkingDaysAreDocumentedNotCrashes() {
        // 0: the same day if it is worked, else the next working day.
        XCTAssertEqual(calendar.addingWorkingDays(0, to: day("2026-03-04")), day("2026-03-04"))
        XCTAssertEqual(calendar.addingWorkingDays(0, to: day("2026-02-14")), day("2026-02-23"))
        XCTAssertEqual(
            calendar.deadline(assignedAt: utc("2026-03-04T02:00:00Z"), workingDays: 0), utc("2026-03-04T17:00:00Z"))
        // Negative: counting backwards, e.g. a reminder two working days before a deadline.
        XCTAssertEqual(calendar.addingWorkingDays(-1, to: day("2026-02-23")), day("2026-02-13"))
        XCTAssertEqual(calendar.addingWorkingDays(-2, to: day("2026-05-04")), day("2026-04-28"))
    }

    func testWorkingDaysCountsTheHalfOpenInterval() {
        XCTAssertEqual(calendar.workingDays(from: day("2026-03-04"), to: day("2026-03-04")), 0)
        XCTAssertEqual(calendar.workingDays(from: day("2026-03-05"), to: day("2026-03-04")), 0)
        XCTAssertEqual(calendar.workingDays(from: day("2026-03-04"), to: day("2026-03-05")), 1)
        // Inverse of addingWorkingDays from every day of two years, across bundled and computed years.
        var d = day("2025-12-01")
        while d < day("2027-02-01") {
            for n in [1, 3, 10, 45] {
                let end = calendar.addingWorkingDays(n, to: d)
                XCTAssertEqual(calendar.workingDays(from: d, to: end), n, "\(d) + \(n)")
                XCTAssertTrue(calendar.isWorkingDay(end))
            }
            d = d.adding(days: 1)
        }
    }
}
