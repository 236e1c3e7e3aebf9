import Foundation
import WorkingDays

/// Dates as Vietnamese offices write them: `dd/MM/yyyy`, in Vietnam time (UTC+7, no daylight saving).
public enum VietnamDates {
    static let zone = TimeZone(secondsFromGMT: 7 * 3600)!

    static func formatter(_ format: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = format
        return f
    }

    /// The APIs' timestamps: ISO 8601 with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `dd/MM/yyyy`.
    public static func day(_ date: Date) -> String { formatter("dd/MM/yyyy").string(from: date) }

    /// `dd/MM/yyyy HH:mm`.
    public static func dayTime(_ date: Date) -> String { formatter("dd/MM/yyyy HH:mm").string(from: date) }

    /// An API timestamp as `dd/MM/yyyy` (or `dd/MM/yyyy HH:mm`); the text itself when it is not one.
    public static func day(iso: String?, withTime: Bool = false) -> String? {
        guard let iso else { return nil }
        // A day without time (`issuedOn`: 2026-03-16) is already Vietnam's calendar day.
        let parts = iso.split(separator: "-")
        if iso.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) {
            return "\(parts[2])/\(parts[1])/\(parts[0])"
        }
        guard let date = parse(iso) else { return iso }
        return withTime ? dayTime(date) : day(date)
    }

    /// A deadline ends at 24:00 Vietnam time of its last day: the API gives the instant just after it, so the
    /// day shown is the one before that instant.
    public static func deadlineDay(_ deadline: Date) -> String { day(deadline.addingTimeInterval(-1)) }

    /// `dd/MM/yyyy` or `yyyy-MM-dd` typed in a form → `yyyy-MM-dd` for the APIs; nil when it is neither.
    public static func isoDay(fromInput text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if CivilDate(trimmed) != nil { return trimmed }
        let parts = trimmed.split(separator: "/")
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), y >= 1000,
            CivilDate.isValid(year: y, month: m, day: d)
        else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

/// How close a task's deadline is (hạn xử lý), in working days: the inbox marks due-soon and overdue tasks.
public struct DeadlineStatus: Sendable, Equatable {
    public enum Kind: String, Sendable { case none, onTrack, dueSoon, overdue }
    public var kind: Kind
    /// Working days left after today (0 on the last day); for an overdue task, days since.
    public var workingDaysLeft: Int

    /// Due soon: the deadline is today or within the next `dueSoonWithin` working days.
    public static func of(deadline: Date?, now: Date, dueSoonWithin: Int = 2, calendar: WorkingCalendar = .standard) -> DeadlineStatus {
        guard let deadline else { return DeadlineStatus(kind: .none, workingDaysLeft: 0) }
        if deadline <= now { return DeadlineStatus(kind: .overdue, workingDaysLeft: 0) }
        let today = CivilDate.inVietnam(now)
        let lastDay = CivilDate.inVietnam(deadline.addingTimeInterval(-1))
        let left = calendar.workingDays(from: today, to: lastDay)
        return DeadlineStatus(kind: left <= dueSoonWithin ? .dueSoon : .onTrack, workingDaysLeft: left)
    }

    /// The label the inbox shows.
    public var label: String {
        switch kind {
        case .none: "Không có hạn"
        case .overdue: "Quá hạn"
        case .dueSoon: workingDaysLeft == 0 ? "Đến hạn hôm nay" : "Sắp đến hạn (còn \(workingDaysLeft) ngày làm việc)"
        case .onTrack: "Còn \(workingDaysLeft) ngày làm việc"
        }
    }
}
