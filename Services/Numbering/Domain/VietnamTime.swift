import Foundation
import Storage

/// Decree 30 dates are Vietnam dates: a register year runs from 1 January 00:00 to 31 December 24:00 in UTC+7
/// (Vietnam has no daylight saving time).
enum VietnamTime {
    static let zone = TimeZone(secondsFromGMT: 7 * 3600)!

    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c
    }

    /// The register year of an instant: the year of its Vietnam date.
    static func year(of date: Date) -> Int { civil(date).year }

    /// `YYYY-MM-DD` of the Vietnam date, for `date` columns and query parameters.
    static func isoDay(_ date: Date) -> String {
        let c = civil(date)
        return "\(padded(c.year, 4))-\(padded(c.month, 2))-\(padded(c.day, 2))"
    }

    /// `dd/MM/yyyy` as clerks write dates in registers.
    static func display(_ date: Date) -> String {
        let c = civil(date)
        return "\(padded(c.day, 2))/\(padded(c.month, 2))/\(padded(c.year, 4))"
    }

    /// `dd/MM/yyyy HH:mm` for the arrival time.
    static func displayWithTime(_ date: Date) -> String {
        let c = civil(date)
        return display(date) + " \(padded(c.minuteOfDay / 60, 2)):\(padded(c.minuteOfDay % 60, 2))"
    }

    /// The Vietnam date and time of day of an instant, by arithmetic: a fixed offset needs no calendar, and this runs
    /// for every registered document.
    static func civil(_ date: Date) -> (year: Int, month: Int, day: Int, minuteOfDay: Int) {
        let seconds = Int64((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (y, m, d) = GregorianDays.civil(fromDays: days)
        return (Int(y), Int(m), Int(d), Int(seconds - days * 86_400) / 60)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Parses `YYYY-MM-DD` (a query parameter) strictly; nil when it is not a real date.
    static func parseDay(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        let comps = DateComponents(year: y, month: m, day: d)
        guard let date = calendar.date(from: comps),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: y, month: m, day: d)
        else { return nil }
        return comps
    }
}
