import Foundation

/// The calendar day in Vietnam (UTC+7, no daylight saving) of an instant, `yyyy-MM-dd`: the day a document arrived
/// or was issued, as its register shows it.
enum VietnamDay {
    static func iso(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
