import struct Foundation.Date

/// Formats and parses PostgreSQL timestamps by hand: the civil-date arithmetic is exact, locale-free and
/// keeps microseconds, which Foundation's ISO 8601 formatter rounds to milliseconds.
enum PGTimestamp {
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (secs, us) = floorDivMod(micros, 1_000_000)
        let (days, secondOfDay) = floorDivMod(secs, 86_400)
        let (y, m, d) = GregorianDays.civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2))"
            + ":\(pad(secondOfDay % 60, 2)).\(pad(us, 6))Z"
    }

    /// `YYYY-MM-DD[( |T)HH:MM:SS[.ffffff]][Z|±HH[:MM[:SS]]]`; no offset means UTC. nil for BC or infinity.
    static func parse(_ text: String) -> Date? {
        var p = Scanner(Array(text.utf8))
        guard let year = p.digits(min: 4, max: 6), p.skip("-"), let month = p.digits(min: 2, max: 2), p.skip("-"),
            let day = p.digits(min: 2, max: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = GregorianDays.days(fromCivil: year, month, day) * 86_400
        var micros: Int64 = 0
        if p.skip(" ") || p.skip("T") {
            guard let h = p.digits(min: 2, max: 2), p.skip(":"), let mi = p.digits(min: 2, max: 2), p.skip(":"),
                let s = p.digits(min: 2, max: 2)
            else { return nil }
            seconds += h * 3600 + mi * 60 + s
            if p.skip(".") {
                let start = p.index
                guard let fraction = p.digits(min: 1, max: 9) else { return nil }
                var digits = p.index - start
                micros = fraction
                while digits < 6 { micros *= 10; digits += 1 }
                while digits > 6 { micros /= 10; digits -= 1 }
            }
            if p.skip("Z") {
            } else if let sign: Int64 = p.skip("+") ? 1 : p.skip("-") ? -1 : nil {
                guard let oh = p.digits(min: 2, max: 2) else { return nil }
                var offset = oh * 3600
                if p.skip(":") || p.peekDigit { guard let om = p.digits(min: 2, max: 2) else { return nil }; offset += om * 60 }
                if p.skip(":") { guard let os = p.digits(min: 2, max: 2) else { return nil }; offset += os }
                seconds -= sign * offset
            }
        }
        guard p.atEnd else { return nil }
        return Date(timeIntervalSince1970: Double(seconds * 1_000_000 + micros) / 1_000_000)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        var peekDigit: Bool { !atEnd && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) }

        mutating func skip(_ c: Unicode.Scalar) -> Bool {
            guard !atEnd, bytes[index] == UInt8(ascii: c) else { return false }
            index += 1
            return true
        }

        mutating func digits(min: Int, max: Int) -> Int64? {
            var value: Int64 = 0
            var n = 0
            while n < max, peekDigit {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
                n += 1
            }
            return n >= min ? value : nil
        }
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Proleptic Gregorian dates as day numbers (1970-01-01 = day 0) and back, by arithmetic: used for PostgreSQL's
/// timestamps here and for the Vietnam dates of registers, which have a fixed offset and need no calendar.
public enum GregorianDays {
    /// Howard Hinnant's days-from-civil (proleptic Gregorian, 1970-01-01 = day 0).
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
