import Foundation

/// Dossier years and due dates are Vietnam dates (UTC+7, no daylight saving time).
enum VietnamTime {
    static let zone = TimeZone(secondsFromGMT: 7 * 3600)!

    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c
    }

    static func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    /// `YYYY-MM-DD` of the Vietnam date.
    static func isoDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
