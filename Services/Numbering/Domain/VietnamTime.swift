import Foundation

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
    static func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    /// `YYYY-MM-DD` of the Vietnam date, for `date` columns and query parameters.
    static func isoDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// `dd/MM/yyyy` as clerks write dates in registers.
    static func display(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
    }

    /// `dd/MM/yyyy HH:mm` for the arrival time.
    static func displayWithTime(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return display(date) + String(format: " %02d:%02d", c.hour!, c.minute!)
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
