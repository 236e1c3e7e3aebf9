import Foundation

/// Vietnamese lunar calendar (âm lịch), computed for time zone UTC+7.
///
/// Algorithm: Hồ Ngọc Đức, "Thuật toán tính âm lịch" / "Vietnamese calendar rules"
/// (https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_v02.html): new moons by Jean Meeus'
/// "Astronomical Algorithms" (1998) formulae, months starting on the day (in UTC+7) of the new moon,
/// month 11 containing the winter solstice, and in a 13-month year the first month without a major
/// solar term (trung khí) being the leap month. The time zone matters: the Vietnamese calendar can
/// differ from the Chinese one (UTC+8), e.g. Tết 1985 was 21/1/1985 in Vietnam and 20/2/1985 in China.
/// Accurate for the years the government announces holidays for (checked 1900–2100 by the tests' round trips).
public enum LunarCalendar {
    /// A day of the lunar calendar; `year` is the solar year in which that lunar year's Tết falls.
    public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
        public var year: Int, month: Int, day: Int, isLeapMonth: Bool

        public init(year: Int, month: Int, day: Int, isLeapMonth: Bool = false) {
            self.year = year
            self.month = month
            self.day = day
            self.isLeapMonth = isLeapMonth
        }

        /// "10/3/2026 âm lịch", "1/4 nhuận/2020 âm lịch".
        public var description: String {
            "\(day)/\(month)\(isLeapMonth ? " nhuận" : "")/\(year) âm lịch"
        }
    }

    static let timeZone = 7.0

    public static func lunar(from solar: CivilDate) -> LunarDate {
        let dayNumber = solar.julianDay
        var k = Int(floor((Double(dayNumber) - 2_415_021.076998695) / 29.530588853)) + 1
        var monthStart = newMoonDay(k)
        // The mean-lunation estimate of k can be one too high (e.g. 2054-05-07, where the reference code
        // gives day 0), so step back until the month starts on or before the day.
        while monthStart > dayNumber {
            k -= 1
            monthStart = newMoonDay(k)
        }
        var a11 = lunarMonth11(solar.year)
        var b11 = a11
        var lunarYear: Int
        if a11 >= monthStart {
            lunarYear = solar.year
            a11 = lunarMonth11(solar.year - 1)
        } else {
            lunarYear = solar.year + 1
            b11 = lunarMonth11(solar.year + 1)
        }
        let lunarDay = dayNumber - monthStart + 1
        let diff = Int(floor(Double(monthStart - a11) / 29))
        var isLeap = false
        var lunarMonth = diff + 11
        if b11 - a11 > 365 {
            let leapMonthDiff = leapMonthOffset(a11)
            if diff >= leapMonthDiff {
                lunarMonth = diff + 10
                isLeap = diff == leapMonthDiff
            }
        }
        if lunarMonth > 12 { lunarMonth -= 12 }
        if lunarMonth >= 11 && diff < 4 { lunarYear -= 1 }
        return LunarDate(year: lunarYear, month: lunarMonth, day: lunarDay, isLeapMonth: isLeap)
    }

    /// The solar day of a lunar date; nil if that date does not exist (no such leap month that year,
    /// day 30 of a 29-day month, month or day out of range).
    public static func solar(from lunar: LunarDate) -> CivilDate? {
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day), (1...9999).contains(lunar.year) else { return nil }
        let a11: Int, b11: Int
        if lunar.month < 11 {
            a11 = lunarMonth11(lunar.year - 1)
            b11 = lunarMonth11(lunar.year)
        } else {
            a11 = lunarMonth11(lunar.year)
            b11 = lunarMonth11(lunar.year + 1)
        }
        let k = Int(floor(0.5 + (Double(a11) - 2_415_021.076998695) / 29.530588853))
        var offset = lunar.month - 11
        if offset < 0 { offset += 12 }
        if b11 - a11 > 365 {
            let leapOffset = leapMonthOffset(a11)
            var leapMonth = leapOffset - 2
            if leapMonth < 0 { leapMonth += 12 }
            if lunar.isLeapMonth && lunar.month != leapMonth { return nil }
            if lunar.isLeapMonth || offset >= leapOffset { offset += 1 }
        } else if lunar.isLeapMonth {
            return nil
        }
        let monthStart = newMoonDay(k + offset)
        let nextMonthStart = newMoonDay(k + offset + 1)
        guard lunar.day <= nextMonthStart - monthStart else { return nil }
        let dayNumber = monthStart + lunar.day - 1
        guard dayNumber >= CivilDate.minimum.julianDay, dayNumber <= CivilDate.maximum.julianDay else { return nil }
        let date = CivilDate(julianDay: dayNumber)
        // The month-11 anchors of neighbouring years must agree with the conversion back; a mismatch
        // means the input named a month that does not exist in that lunar year.
        return Self.lunar(from: date) == lunar ? date : nil
    }

    /// Tết Nguyên đán: 1/1 lunar of the lunar year whose Tết falls in that solar year.
    public static func tet(year: Int) -> CivilDate {
        guard let date = solar(from: LunarDate(year: year, month: 1, day: 1)) else {
            preconditionFailure("no lunar new year computed for \(year)")
        }
        return date
    }

    // MARK: Astronomy (Meeus), as in Hồ Ngọc Đức's reference implementation

    /// Julian day (fractional) of the k-th new moon after the one of 1900-01-01.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85, t2 = t * t, t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  // sun's mean anomaly
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  // moon's mean anomaly
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  // moon's argument of latitude
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd1 + c1 - deltaT
    }

    /// Day number (in UTC+7) of the k-th new moon.
    static func newMoonDay(_ k: Int) -> Int {
        Int(floor(newMoon(k) + 0.5 + timeZone / 24))
    }

    /// Apparent longitude of the sun (radians, 0..<2π) at the given Julian day (fractional, UT).
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2_451_545.0) / 36525, t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= Double.pi * 2 * floor(l / (Double.pi * 2))
        return l
    }

    /// Sector 0...11 of the sun's longitude at the start (00:00 UTC+7) of the given day: which major term it is in.
    static func sunLongitudeSector(_ dayNumber: Int) -> Int {
        Int(floor(sunLongitude(Double(dayNumber) - 0.5 - timeZone / 24) / Double.pi * 6))
    }

    /// Day number of the start of lunar month 11 (the month of the winter solstice) of the given solar year.
    static func lunarMonth11(_ year: Int) -> Int {
        let off = CivilDate.julianDay(year: year, month: 12, day: 31) - 2_415_021
        let k = Int(floor(Double(off) / 29.530588853))
        let nm = newMoonDay(k)
        return sunLongitudeSector(nm) >= 9 ? newMoonDay(k - 1) : nm
    }

    /// Index (after month 11 starting at `a11`) of the leap month of a 13-month year: the first month with no major term.
    static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int(floor((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5))
        var i = 1
        var arc = sunLongitudeSector(newMoonDay(k + i))
        var last: Int
        repeat {
            last = arc
            i += 1
            arc = sunLongitudeSector(newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }
}
