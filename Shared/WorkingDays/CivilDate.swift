import Foundation

/// A calendar day in Vietnam (ngày dương lịch), free of time-zone ambiguity: "2026-02-16".
///
/// Deadlines are counted in whole days (Civil Code 2015 art. 147–148), so the calendar works on days,
/// and converts to instants only at the edges, always in Vietnam time (UTC+7, no daylight saving).
public struct CivilDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// A valid Gregorian date, year 1...9999 (a programming error otherwise: parse user input with `init?(_:)`).
    public init(year: Int, month: Int, day: Int) {
        precondition(Self.isValid(year: year, month: month, day: day), "invalid date \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "yyyy-MM-dd" (ISO 8601 calendar date); nil for anything else or a day that does not exist.
    public init?(_ iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              Self.isValid(year: y, month: m, day: d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day in Vietnam (UTC+7) at this instant.
    public static func inVietnam(_ instant: Date) -> CivilDate {
        let seconds = instant.timeIntervalSince1970 + Double(vietnamOffsetSeconds)
        let days = Int((seconds / 86_400).rounded(.down))
        return CivilDate(julianDay: unixEpochJulianDay + days)
    }

    /// The day `days` later (earlier if negative); the result must stay within years 1...9999.
    public func adding(days: Int) -> CivilDate {
        CivilDate(julianDay: julianDay + days)
    }

    /// 1 = Monday ... 7 = Sunday (ISO 8601).
    public var weekday: Int { julianDay % 7 + 1 }

    /// True on Saturday and Sunday, the weekly rest days of civil servants (QĐ 188/1999/QĐ-TTg).
    public var isWeekend: Bool { weekday >= 6 }

    /// 00:00 of this day in Vietnam (UTC+7) as an instant.
    public var startInVietnam: Date {
        Date(timeIntervalSince1970: Double((julianDay - Self.unixEpochJulianDay) * 86_400 - Self.vietnamOffsetSeconds))
    }

    /// Whole days from `self` to `other` (negative if `other` is earlier).
    public func days(to other: CivilDate) -> Int { other.julianDay - julianDay }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Codable as the string "yyyy-MM-dd"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Ngày không hợp lệ, cần dạng yyyy-MM-dd / invalid date, expected yyyy-MM-dd: \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Day numbers

    static let minimum = CivilDate(year: 1, month: 1, day: 1)
    static let maximum = CivilDate(year: 9999, month: 12, day: 31)

    static let vietnamOffsetSeconds = 7 * 3600
    static let unixEpochJulianDay = 2_440_588  // 1970-01-01

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        return day <= daysInMonth(year: year, month: month)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Julian Day Number of this (proleptic Gregorian) date: a day count that makes arithmetic and weekdays trivial.
    var julianDay: Int { Self.julianDay(year: year, month: month, day: day) }

    /// Unchecked, so that astronomy may look one year past either end of the supported range.
    static func julianDay(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    init(julianDay jd: Int) {
        let a = jd + 32044
        let b = (4 * a + 3) / 146_097
        let c = a - 146_097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.init(year: 100 * b + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }
}
