import Contracts
import Foundation
import WorkingDays

/// Deadlines of tasks (thời hạn xử lý), always in Vietnam time and on the working-day calendar: a deadline given
/// as N working days ends at 24:00 of the N-th working day after the assignment, so Tết and other holidays and
/// weekends do not count.
enum DeadlineRules {
    static let calendar = WorkingCalendar.standard
    /// Vietnam has kept UTC+7 without daylight saving since 1975.
    static let vietnam = TimeZone(secondsFromGMT: 7 * 3600)!

    /// What a leader gives: `{"date": "2026-03-20"}` (end of that day) or `{"workingDays": 5}`.
    struct Spec: Codable, Sendable, Equatable {
        var date: String?
        var workingDays: Int?
    }

    /// The instant a task is due, or nil when the spec gives none.
    static func deadline(_ spec: Spec?, assignedAt: Date) throws -> Date? {
        guard let spec, spec.date != nil || spec.workingDays != nil else { return nil }
        switch (spec.date, spec.workingDays) {
        case (let text?, nil):
            guard let day = civilDate(text) else {
                throw Refusal.badRequest(
                    "deadline_invalid", "Hạn xử lý \"\(text)\" không phải ngày dạng YYYY-MM-DD",
                    "deadline \"\(text)\" is not a date in the form YYYY-MM-DD")
            }
            let end = endOfDay(day)
            guard end > assignedAt else {
                throw Refusal.unprocessable(
                    "deadline_past", "Hạn xử lý \(text) đã qua", "deadline \(text) is already past")
            }
            return end
        case (nil, let n?):
            guard (1...365).contains(n) else {
                throw Refusal.badRequest(
                    "deadline_invalid", "Số ngày làm việc phải từ 1 đến 365 (nhận được \(n))",
                    "working days must be between 1 and 365 (got \(n))")
            }
            return calendar.deadline(assignedAt: assignedAt, workingDays: n)
        default:
            throw Refusal.badRequest(
                "deadline_invalid", "Chỉ ghi một trong hai: ngày hạn (date) hoặc số ngày làm việc (workingDays)",
                "give either a date or a number of working days, not both")
        }
    }

    /// From when a task counts as due soon: the start of the working day `workingDaysBefore - 1` working days before
    /// the deadline's day, so with 1 the alert comes on the morning of the last day.
    static func dueSoonAt(deadline: Date, workingDaysBefore n: Int) -> Date {
        // 24:00 belongs to the day that ends there.
        var day = CivilDate.inVietnam(deadline.addingTimeInterval(-1))
        var left = max(n, 1) - 1
        while left > 0 {
            day = CivilDate.inVietnam(day.startInVietnam.addingTimeInterval(-12 * 3600))
            if calendar.isWorkingDay(day) { left -= 1 }
        }
        return day.startInVietnam
    }

    /// The day a deadline falls on, as Vietnamese write it (`20/03/2026`): 24:00 belongs to the day that ends there.
    static func dayText(_ deadline: Date) -> String {
        let day = CivilDate.inVietnam(deadline.addingTimeInterval(-1))
        return String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
    }

    /// 24:00 Vietnam time at the end of `day`.
    static func endOfDay(_ day: CivilDate) -> Date {
        CivilDate.inVietnam(day.startInVietnam.addingTimeInterval(36 * 3600)).startInVietnam
    }

    static func civilDate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = vietnam
        // Refuses 2026-02-30 rather than rolling it over to March.
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12)) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == y, back.month == m, back.day == d else { return nil }
        return CivilDate.inVietnam(date)
    }
}
