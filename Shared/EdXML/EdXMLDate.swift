import Foundation

/// A calendar date as written in edXML (`yyyy/MM/dd` on output; `dd/MM/yyyy` is also accepted on input).
public struct EdXMLDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Vietnam local time (UTC+7), the zone every edXML date and timestamp is written in.
    public static let timeZone = TimeZone(secondsFromGMT: 7 * 3600)!

    /// Returns nil when the day does not exist (e.g. 2014/02/30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...EdXMLDate.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy/MM/dd` or `dd/MM/yyyy` (`-` is accepted in place of `/`).
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
            let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2])
        else { return nil }
        if parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2 {
            self.init(year: a, month: b, day: c)
        } else if parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2 {
            self.init(year: c, month: b, day: a)
        } else {
            return nil
        }
    }

    /// The wire form, `yyyy/MM/dd`.
    public var description: String {
        String(format: "%04d/%02d/%02d", year, month, day)
    }

    /// Midnight of this day in Vietnam.
    public var date: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = EdXMLDate.timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    public static func < (lhs: EdXMLDate, rhs: EdXMLDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A local timestamp `yyyy/MM/dd HH:mm:ss` (UTC+7), as in TraceHeader and status packets.
public struct EdXMLTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var day: EdXMLDate
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init?(day: EdXMLDate, hour: Int, minute: Int, second: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The timestamp of an instant, in Vietnam local time.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = EdXMLDate.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        self.day = EdXMLDate(year: c.year!, month: c.month!, day: c.day!)!
        self.hour = c.hour!
        self.minute = c.minute!
        self.second = c.second!
    }

    /// Parses `yyyy/MM/dd HH:mm:ss` or `dd/MM/yyyy HH:mm:ss`; seconds may be omitted; a date alone means midnight.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count), let day = EdXMLDate(parsing: String(parts[0])) else { return nil }
        guard parts.count == 2 else {
            self.init(day: day, hour: 0, minute: 0, second: 0)
            return
        }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), time.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let h = Int(time[0]), let m = Int(time[1]), let s = time.count == 3 ? Int(time[2]) : 0
        else { return nil }
        self.init(day: day, hour: h, minute: m, second: s)
    }

    /// The wire form, `yyyy/MM/dd HH:mm:ss`.
    public var description: String {
        day.description + String(format: " %02d:%02d:%02d", hour, minute, second)
    }

    /// The instant this local timestamp names.
    public var date: Date {
        day.date.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
    }

    public static func < (lhs: EdXMLTimestamp, rhs: EdXMLTimestamp) -> Bool {
        (lhs.day, lhs.hour, lhs.minute, lhs.second) < (rhs.day, rhs.hour, rhs.minute, rhs.second)
    }
}
